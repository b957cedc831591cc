// Gallery: ready hooks, each with a line on what it does, added in one click (a hook with required
// settings asks for them first). The added hook opens in the editor.
import { useEffect, useState } from 'react';
import { conditionShortName, type Condition } from '../../../electron/shared/conditions';
import type { GalleryItem } from '../../../electron/shared/gallery';
import { useApi } from '../api/ApiContext';

export function GalleryView({ onAdded }: { onAdded: (hookId: string) => void }) {
  const api = useApi();
  const [items, setItems] = useState<GalleryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call('gallery.list', {}).then(
      (r) => setItems(r.items),
      (err: Error) => setError(err.message),
    );
  }, [api]);

  const add = async (item: GalleryItem, given: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      // The host checks the settings (a number, a URL…) and says which one is wrong.
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(given)) params[k] = v.trim();
      const hook = await api.call('gallery.add', { id: item.id, params });
      setAsking(null);
      onAdded(hook.id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="view" aria-label="Gallery">
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      {items === null && !error ? <p className="muted">Loading…</p> : null}
      <ul className="plain gallery">
        {items?.map((item) => {
          const needs = item.params.filter((p) => p.required && !p.default);
          const open = asking === item.id;
          return (
            <li key={item.id} className="card" aria-label={item.name}>
              <div className="row">
                <span className="title">{item.name}</span>
                <span className="grow" />
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  aria-label={`Add ${item.name}`}
                  onClick={() => {
                    if (open) void add(item, values);
                    else if (needs.length) {
                      setAsking(item.id);
                      setValues({});
                    } else void add(item, {});
                  }}
                >
                  {open ? 'Add with these' : 'Add'}
                </button>
              </div>
              <p className="small">{item.description}</p>
              <p className="muted small">
                {(item.conditions as Condition[]).map(conditionShortName).join(', ')}
                {item.params.length ? ` · settings: ${item.params.map((p) => `${p.label}${p.default ? ` (${p.default})` : ''}`).join(', ')}` : ''}
              </p>
              {open ? (
                <div className="params">
                  {item.params.map((p) => (
                    <label key={p.name} className="param">
                      {p.label}
                      {p.required ? ' *' : ''}
                      <input aria-label={p.label} value={values[p.name] ?? p.default} placeholder={p.description} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
                      <span className="muted small">{p.description}</span>
                    </label>
                  ))}
                  <button type="button" onClick={() => setAsking(null)}>
                    Cancel
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
