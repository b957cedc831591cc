// Hooks: the list in run order (move up/down or drag), enable/disable, each with its scope and what
// a failure does in words; opens the editor (loaded when first needed) for a hook or a new draft.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { Hook } from '../../../electron/shared/config';
import { useApi } from '../api/ApiContext';
import { conditionsInWords } from '../editor/ConditionPicker';
import type { HookDraft } from '../editor/hookDraft';
import { behaviourInWords, scopeInWords } from '../format/describe';

const HookEditor = lazy(() => import('../editor/HookEditor').then((m) => ({ default: m.HookEditor })));

export function HooksView({ editId, draft, onEditDone }: { editId?: string | null; draft?: HookDraft | null; onEditDone?: () => void }) {
  const api = useApi();
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [editing, setEditing] = useState<Hook | 'new' | 'draft' | null>(draft ? 'draft' : null);
  const [error, setError] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [removed, setRemoved] = useState<{ hook: Hook; index: number } | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await api.call('hooks.list', {});
      setHooks(r.hooks);
      setProblems(r.problems);
      return r.hooks;
    } catch (err) {
      setError((err as Error).message);
      return [];
    }
  }, [api]);

  useEffect(() => {
    void load().then((list) => {
      if (editId) setEditing(list.find((h) => h.id === editId) ?? null);
    });
  }, [load, editId]);

  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
    } catch (err) {
      setError((err as Error).message);
    }
    await load();
  };
  const move = (id: string, toIndex: number) => act(() => api.call('hooks.move', { id, toIndex }));

  useEffect(() => {
    if (draft) setEditing('draft');
  }, [draft]);

  if (editing) {
    return (
      <Suspense fallback={<p className="view muted">Opening the editor…</p>}>
        <HookEditor
          key={typeof editing === 'string' ? editing : editing.id}
          hook={typeof editing === 'string' ? null : editing}
          draft={editing === 'draft' && draft ? draft : undefined}
          onDone={() => {
            setEditing(null);
            onEditDone?.();
            void load();
          }}
        />
      </Suspense>
    );
  }

  return (
    <div className="view" aria-label="Hooks">
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      {problems.map((p) => (
        <p key={p} className="notice tone-warn small">
          {p}
        </p>
      ))}
      {removed ? (
        <p className="notice row" role="status">
          <span className="grow">Removed the hook “{removed.hook.name}”.</span>
          <button
            type="button"
            onClick={() => {
              const { hook, index } = removed;
              setRemoved(null);
              // Put it back as it was: same id, settings and place in the run order.
              void act(async () => {
                await api.call('hooks.add', { hook: { ...hook } });
                await api.call('hooks.move', { id: hook.id, toIndex: index });
              });
            }}
          >
            Undo
          </button>
        </p>
      ) : null}
      <div className="row">
        <p className="muted small grow">Hooks run one after another, top first.</p>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New hook
        </button>
      </div>
      {hooks.length === 0 ? <p className="empty muted">No hooks yet. Add one from the Gallery, or write your own.</p> : null}
      <ol className="plain hooks" aria-label="hooks in run order">
        {hooks.map((h, i) => (
          <li
            key={h.id}
            className={`hook-item${h.enabled ? '' : ' disabled'}${dragged === h.id ? ' dragging' : ''}`}
            draggable
            onDragStart={() => setDragged(h.id)}
            onDragEnd={() => setDragged(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragged && dragged !== h.id) void move(dragged, i);
              setDragged(null);
            }}
          >
            <label className="check" title={h.enabled ? 'Enabled: click to disable' : 'Disabled: click to enable'}>
              <input type="checkbox" aria-label={`${h.name} enabled`} checked={h.enabled} onChange={(e) => void act(() => api.call('hooks.setEnabled', { id: h.id, enabled: e.target.checked }))} />
            </label>
            <button type="button" className="hook-open" onClick={() => setEditing(h)} aria-label={`Edit ${h.name}`}>
              <span className="title">{h.name}</span>
              <span className="muted small">{conditionsInWords(h.conditions as Parameters<typeof conditionsInWords>[0])}</span>
              <span className="small">
                {scopeInWords(h.scope)} · {behaviourInWords(h.onError)}
                {h.enabled ? '' : ' · off'}
              </span>
            </button>
            <span className="order">
              <button type="button" aria-label={`Move ${h.name} up`} disabled={i === 0} onClick={() => void move(h.id, i - 1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move ${h.name} down`} disabled={i === hooks.length - 1} onClick={() => void move(h.id, i + 1)}>
                ↓
              </button>
            </span>
            <button
              type="button"
              className="danger remove"
              aria-label={`Remove ${h.name}`}
              title={`Remove ${h.name}`}
              onClick={() => {
                setRemoved({ hook: h, index: i });
                void act(() => api.call('hooks.remove', { id: h.id }));
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
