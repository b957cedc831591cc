// The live store in React: one per window, provided at the top, read with useSyncExternalStore.
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { LiveSnapshot, LiveStore } from './liveStore';

export const LiveContext = createContext<LiveStore | null>(null);

export function useLiveStore(): LiveStore {
  const s = useContext(LiveContext);
  if (!s) throw new Error('useLiveStore outside of <LiveContext.Provider>');
  return s;
}

export function useLive(): LiveSnapshot {
  const s = useLiveStore();
  return useSyncExternalStore(s.subscribe, s.getSnapshot);
}

/** The current time, ticking every `ms` while mounted (countdowns, "5 min ago"). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
