// The API the views use: window.hookgate in the app, a fake in component tests.
import { createContext, useContext } from 'react';
import type { HookgateApi } from '../../../electron/shared/api';

export const ApiContext = createContext<HookgateApi | null>(null);

export function useApi(): HookgateApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside of <ApiContext.Provider>');
  return api;
}
