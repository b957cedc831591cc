// The hook editor: name, conditions, scope, behaviour, timeout, warning exit codes, environment and
// the script — with its parse errors and lint as it is typed, a preview and a Test.
import { useState } from 'react';
import type { Hook } from '../../../electron/shared/config';
import { useApi } from '../api/ApiContext';
import { BehaviourPicker } from './BehaviourPicker';
import { ConditionPicker } from './ConditionPicker';
import { EnvEditor } from './EnvEditor';
import { draftOf, hookFromDraft, type HookDraft } from './hookDraft';
import { PreviewPanel } from './PreviewPanel';
import { ScriptEditor } from './ScriptEditor';
import { TestPanel } from './TestPanel';
import { useTemplateCheck } from './useTemplateCheck';

export function HookEditor({ hook, onDone }: { hook: Hook | null; onDone: (saved: Hook | null) => void }) {
  const api = useApi();
  const [d, setD] = useState<HookDraft>(() => draftOf(hook));
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const check = useTemplateCheck(d.script);
  const set = (patch: Partial<HookDraft>) => setD((prev) => ({ ...prev, ...patch }));

  const save = async () => {
    const { hook: fields, problems: p } = hookFromDraft(d);
    setProblems(p);
    if (p.length) return;
    setSaving(true);
    try {
      const saved = d.id ? await api.call('hooks.edit', { id: d.id, patch: fields }) : await api.call('hooks.add', { hook: fields });
      onDone(saved);
    } catch (err) {
      setProblems([(err as Error).message]);
    } finally {
      setSaving(false);
    }
  };

  const marks = [...(check?.errors ?? []).map((e) => ({ line: e.line, kind: 'error' as const })), ...(check?.warnings ?? []).map((w) => ({ line: w.line, kind: 'warning' as const }))];

  return (
    <form
      className="view editor"
      aria-label={hook ? `Edit hook ${hook.name}` : 'New hook'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="row gap">
        <label className="grow">
          Name <input aria-label="Name" value={d.name} onChange={(e) => set({ name: e.target.value })} placeholder="Battery above 40 %" autoFocus />
        </label>
        <label className="check">
          <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
      </div>
      <ConditionPicker value={d.conditions} onChange={(conditions) => set({ conditions })} alsoAfterSkip={d.alsoAfterSkip} onAlsoAfterSkip={(alsoAfterSkip) => set({ alsoAfterSkip })} />
      <BehaviourPicker value={d.onError} onChange={(onError) => set({ onError })} />
      <div className="row gap wrap">
        <label>
          Timeout (s) <input aria-label="Timeout in seconds" value={d.timeoutSec} onChange={(e) => set({ timeoutSec: e.target.value })} size={5} inputMode="numeric" />
        </label>
        <label className="grow" title="An exit with one of these codes is recorded as a warning and never stops the operation">
          Warning exit codes <input aria-label="Warning exit codes" value={d.warnExitCodes} onChange={(e) => set({ warnExitCodes: e.target.value })} placeholder="e.g. 3, 4" />
        </label>
      </div>
      <fieldset>
        <legend>Scope</legend>
        <div className="row gap wrap">
          <label className="grow">
            Plans <input aria-label="Plans" value={d.plans} onChange={(e) => set({ plans: e.target.value })} placeholder="all (or globs: laptop, work-*)" />
          </label>
          <label className="grow">
            Repos <input aria-label="Repos" value={d.repos} onChange={(e) => set({ repos: e.target.value })} placeholder="all" />
          </label>
        </div>
      </fieldset>
      <EnvEditor value={d.env} onChange={(env) => set({ env })} />
      <div className="field-title">Script</div>
      <ScriptEditor label="Script" value={d.script} onChange={(script) => set({ script })} marks={marks} />
      <ul className="diagnostics plain" aria-label="script problems" aria-live="polite">
        {check?.errors.map((e, i) => (
          <li key={`e${i}`} className="tone-bad small">
            Line {e.line}: {e.message.replace(/^template: hook:\d+:(\d+:)? ?/, '')}
          </li>
        ))}
        {check?.warnings.map((w, i) => (
          <li key={`w${i}`} className="tone-warn small">
            Line {w.line}: {w.message}
          </li>
        ))}
        {check && !check.errors.length && !check.warnings.length ? <li className="muted small">The template parses; no unescaped outside text.</li> : null}
      </ul>
      <PreviewPanel script={d.script} conditions={d.conditions} />
      <TestPanel hook={() => ({ ...hookFromDraft(d).hook, ...(d.id ? { id: d.id } : {}) })} hookName={d.name.trim()} conditions={d.conditions} />
      {problems.length ? (
        <ul className="plain notice tone-bad" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="row gap sticky-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
