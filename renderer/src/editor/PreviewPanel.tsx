// The script as it would be rendered for a chosen event (sample plan, repo and facts).
import { useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import { conditionShortName, type Condition } from '../../../electron/shared/conditions';
import { useApi } from '../api/ApiContext';

export function PreviewPanel({ script, conditions }: { script: string; conditions: Condition[] }) {
  const api = useApi();
  const [event, setEvent] = useState<Condition | ''>('');
  const [preview, setPreview] = useState<ApiResponse<'template.preview'> | null>(null);
  const chosen = event && conditions.includes(event) ? event : (conditions[0] ?? 'CONDITION_SNAPSHOT_START');
  const run = async () => setPreview(await api.call('template.preview', { script, condition: chosen }));
  return (
    <details className="panel">
      <summary>Preview</summary>
      <div className="row gap">
        <label>
          For{' '}
          <select aria-label="Preview for event" value={chosen} onChange={(e) => setEvent(e.target.value as Condition)}>
            {(conditions.length ? conditions : ['CONDITION_SNAPSHOT_START' as Condition]).map((c) => (
              <option key={c} value={c}>
                {conditionShortName(c)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void run()}>
          Render
        </button>
      </div>
      {preview ? (
        preview.error ? (
          <p className="tone-bad small" role="alert">
            {preview.error.message}
          </p>
        ) : (
          <pre className="preview" aria-label="rendered script">
            {preview.text}
          </pre>
        )
      ) : null}
    </details>
  );
}
