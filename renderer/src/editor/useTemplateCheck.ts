// Parse errors and lint of the script as it is typed: asked of the host (its parser is the one that
// will run the script), a moment after the last keystroke; a slower older answer never wins.
import { useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import { useApi } from '../api/ApiContext';

export type TemplateCheck = ApiResponse<'template.check'>;

export function useTemplateCheck(script: string, delayMs = 150): TemplateCheck | null {
  const api = useApi();
  const [check, setCheck] = useState<TemplateCheck | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const t = setTimeout(() => {
      api.call('template.check', { script }).then(
        (r) => {
          if (n === seq.current) setCheck(r);
        },
        () => {},
      );
    }, delayMs);
    return () => clearTimeout(t);
  }, [api, script, delayMs]);
  return check;
}
