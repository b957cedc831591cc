// Gallery: ready hooks, each with a line on what it does. Adding one asks for its required settings
// first, then opens it in the editor as an unsaved draft — nothing changes for any backup until the
// user saves it there. An item already among the hooks says so.
import { useEffect, useState } from 'react';
import { conditionShortName, type Condition } from '../../../electron/shared/conditions';
import type { Hook } from '../../../electron/shared/config';
import type { GalleryItem } from '../../../electron/shared/gallery';
import { useApi } from '../api/ApiContext';
import { draftFromGallery, type HookDraft } from '../editor/hookDraft';

/** Whether a hook came from this gallery item (marked when added; older hooks by their script). */
function fromItem(h: Hook, item: GalleryItem): boolean {
  const g = (h as Hook & { gallery?: unknown }).gallery;
  return typeof g === 'string' ? g === item.id : h.script === item.script;
}

/** A name not yet taken (as the config compares names: any case): the item's short name, else "battery 2". */
function freeName(base: string, hooks: Hook[]): string {
  const taken = new Set(hooks.map((h) => h.name.trim().toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

export function GalleryView({ onDraft }: { onDraft: (draft: HookDraft) => void }) {
  const api = useApi();
  const [items, setItems] = useState<GalleryItem[] | null>(null);
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});

  useEffect(() => {
    api.call('gallery.list', {}).then(
      (r) => setItems(r.items),
      (err: Error) => setError(err.message),
    );
    api.call('hooks.list', {}).then(
      (r) => setHooks(r.hooks),
      () => {},
    );
  }, [api]);

  const draft = (item: GalleryItem, given: Record<string, string>) => {
    const missing = item.params.filter((p) => p.required && !(given[p.name] ?? p.default).trim());
    if (missing.length) {
      setError(`${item.name}: ${missing.map((p) => p.label).join(', ')} ${missing.length === 1 ? 'is' : 'are'} needed first.`);
      return;
    }
    setError(null);
    setAsking(null);
    onDraft(draftFromGallery(item, given, freeName(item.id, hooks)));
  };

  return (
    <div className="view" aria-label="Gallery">
      <p className="muted small">Ready hooks. Adding one opens it in the editor; it does nothing until you save it there.</p>
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      {items === null && !error ? <p className="muted">Loading…</p> : null}
      <ul className="plain gallery">
        {items?.map((item) => {
          const needs = item.params.filter((p) => p.required && !p.default);
          const open = asking === item.id;
          const added = hooks.filter((h) => fromItem(h, item));
          return (
            <li key={item.id} className="card" aria-label={item.name}>
              <div className="row">
                <span className="title">{item.name}</span>
                {added.length ? (
                  <span className="badge tone-ok" title={added.map((h) => h.name).join(', ')}>
                    added{added.length > 1 ? ` ×${added.length}` : ''}
                  </span>
                ) : null}
                <span className="grow" />
                <button
                  type="button"
                  className={added.length ? undefined : 'primary'}
                  aria-label={`${added.length ? 'Add another' : 'Add'} ${item.name}`}
                  onClick={() => {
                    if (open) draft(item, values);
                    else if (needs.length) {
                      setAsking(item.id);
                      setValues({});
                    } else draft(item, {});
                  }}
                >
                  {open ? 'Continue' : added.length ? 'Add another' : 'Add'}
                </button>
              </div>
              <p className="small">{item.description}</p>
              <p className="muted small">
                {(item.conditions as Condition[]).map(conditionShortName).join(', ')}
                {item.params.length ? ` · settings: ${item.params.map((p) => `${p.label}${p.default ? ` (${p.default})` : ''}`).join(', ')}` : ''}
              </p>
              {open ? (
                <form
                  className="params"
                  onSubmit={(e) => {
                    e.preventDefault();
                    draft(item, values);
                  }}
                >
                  {item.params.map((p) => (
                    <label key={p.name} className="param">
                      {p.label}
                      {p.required ? ' (needed)' : ''}
                      <input aria-label={p.label} value={values[p.name] ?? p.default} placeholder={p.description} required={p.required} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
                      <span className="muted small">{p.description}</span>
                    </label>
                  ))}
                  <div className="row gap">
                    <button type="submit" className="primary">
                      Continue in the editor
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
