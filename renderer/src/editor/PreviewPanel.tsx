// The script as it would be rendered for a chosen event (sample plan, repo and the machine's facts),
// kept up to date a moment after the last keystroke; beside the script on a wide window.
import { useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import { conditionShortName, type Condition } from '../../../electron/shared/conditions';
import { useApi } from '../api/ApiContext';

export function PreviewPanel({ script, conditions, delayMs = 300 }: { script: string; conditions: Condition[]; delayMs?: number }) {
  const api = useApi();
  const [event, setEvent] = useState<Condition | ''>('');
  const [preview, setPreview] = useState<ApiResponse<'template.preview'> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const seq = useRef(0);
  const chosen = event && conditions.includes(event) ? event : (conditions[0] ?? 'CONDITION_SNAPSHOT_START');

  useEffect(() => {
    const n = ++seq.current;
    const t = setTimeout(() => {
      api.call('template.preview', { script, condition: chosen }).then(
        (r) => {
          if (n !== seq.current) return;
          setPreview(r);
          setFailure(null);
        },
        (err: Error) => {
          if (n === seq.current) setFailure(err.message);
        },
      );
    }, delayMs);
    return () => clearTimeout(t);
  }, [api, script, chosen, delayMs]);

  return (
    <section className="field preview-panel" aria-label="Preview">
      <div className="row gap">
        <span className="field-title grow">Preview</span>
        <label className="small">
          for{' '}
          <select aria-label="Preview for event" value={chosen} onChange={(e) => setEvent(e.target.value as Condition)}>
            {(conditions.length ? conditions : ['CONDITION_SNAPSHOT_START' as Condition]).map((c) => (
              <option key={c} value={c}>
                {conditionShortName(c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {failure ? (
        <p className="tone-bad small" role="alert">
          The preview could not be made: {failure}
        </p>
      ) : preview?.error ? (
        <p className="tone-bad small">{preview.error.message}</p>
      ) : (
        <pre className="preview" aria-label="rendered script">
          {preview?.text ?? ''}
        </pre>
      )}
    </section>
  );
}
