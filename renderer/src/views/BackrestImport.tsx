// Import from Backrest: pick its config.json, see what would be imported (and what not, and why),
// then confirm.
import { useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import { conditionShortName, type Condition } from '../../../electron/shared/conditions';
import { useApi } from '../api/ApiContext';

type Result = ApiResponse<'config.importBackrest'>;

export function BackrestImport() {
  const api = useApi();
  const [json, setJson] = useState<unknown>(null);
  const [file, setFile] = useState('');
  const [preview, setPreview] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pick = async (f: File | undefined) => {
    setPreview(null);
    setDone(null);
    setError(null);
    if (!f) return;
    setFile(f.name);
    try {
      const parsed: unknown = JSON.parse(await f.text());
      setJson(parsed);
      setPreview(await api.call('config.importBackrest', { config: parsed, apply: false }));
    } catch (err) {
      setError(err instanceof SyntaxError ? `${f.name} is not JSON: ${err.message}` : (err as Error).message);
    }
  };

  const confirm = async () => {
    try {
      setDone(await api.call('config.importBackrest', { config: json, apply: true }));
      setPreview(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section>
      <h2 className="section-title">Import from Backrest</h2>
      <p className="muted small">
        Backrest keeps its settings in <code>~/.config/backrest/config.json</code>. Its command hooks become Hookgate hooks, scoped to their plan or repo.
      </p>
      <input type="file" accept=".json,application/json" aria-label="Backrest config.json" onChange={(e) => void pick(e.target.files?.[0])} />
      {error ? (
        <p className="tone-bad small" role="alert">
          {error}
        </p>
      ) : null}
      {preview ? (
        <div className="card" role="region" aria-label="import preview">
          <p className="small">
            From {file}: {preview.imported.length} hook{preview.imported.length === 1 ? '' : 's'} to import
            {preview.skipped.length ? `, ${preview.skipped.length} skipped` : ''}.
          </p>
          <ul className="plain small">
            {preview.imported.map((h) => (
              <li key={h.id}>
                <strong>{h.name}</strong> <span className="muted">— {(h.conditions as Condition[]).map(conditionShortName).join(', ')}</span>
              </li>
            ))}
            {preview.skipped.map((s) => (
              <li key={s.where} className="muted">
                Skipped {s.where}: {s.why}
              </li>
            ))}
          </ul>
          <div className="row gap">
            <button type="button" className="primary" disabled={!preview.imported.length} onClick={() => void confirm()}>
              Import {preview.imported.length}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {done ? (
        <p className="tone-ok small" role="status">
          Imported {done.imported.length} hook{done.imported.length === 1 ? '' : 's'}. They are in Hooks.
        </p>
      ) : null}
    </section>
  );
}
