// Hooks: the list in run order (move up/down or drag), enable/disable, open the editor.
import { useCallback, useEffect, useState } from 'react';
import { conditionShortName, errorBehaviourShortName } from '../../../electron/shared/conditions';
import type { Hook } from '../../../electron/shared/config';
import { useApi } from '../api/ApiContext';
import { HookEditor } from '../editor/HookEditor';

export function HooksView({ editId, onEditDone }: { editId?: string | null; onEditDone?: () => void }) {
  const api = useApi();
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [editing, setEditing] = useState<Hook | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);

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

  if (editing) {
    return (
      <HookEditor
        key={editing === 'new' ? 'new' : editing.id}
        hook={editing === 'new' ? null : editing}
        onDone={() => {
          setEditing(null);
          onEditDone?.();
          void load();
        }}
      />
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
              <span className="muted small">
                {(h.conditions as Parameters<typeof conditionShortName>[0][]).map(conditionShortName).join(', ')} · {errorBehaviourShortName(h.onError)} · {h.timeoutSec} s
              </span>
            </button>
            <span className="order">
              <button type="button" aria-label={`Move ${h.name} up`} disabled={i === 0} onClick={() => void move(h.id, i - 1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move ${h.name} down`} disabled={i === hooks.length - 1} onClick={() => void move(h.id, i + 1)}>
                ↓
              </button>
              <button
                type="button"
                aria-label={`Remove ${h.name}`}
                onClick={() => {
                  if (window.confirm(`Remove the hook "${h.name}"?`)) void act(() => api.call('hooks.remove', { id: h.id }));
                }}
              >
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
