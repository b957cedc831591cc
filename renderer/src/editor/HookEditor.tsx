// The hook editor: name, when it runs, what a failure does, then the script beside its preview (on
// a wide window) — with parse errors and lint at their line as it is typed — and a Test. Timeout,
// warning exit codes, environment, working folder, scope and guard wait under "Advanced". Unsaved
// changes are never dropped: leaving asks first.
import { useMemo, useState } from 'react';
import type { Hook } from '../../../electron/shared/config';
import { useApi } from '../api/ApiContext';
import { BehaviourPicker } from './BehaviourPicker';
import { ConditionPicker } from './ConditionPicker';
import { EnvEditor } from './EnvEditor';
import { draftChanged, draftOf, hookFromDraft, type HookDraft } from './hookDraft';
import { PreviewPanel } from './PreviewPanel';
import { ScriptEditor, type ScriptProblem } from './ScriptEditor';
import { TestPanel } from './TestPanel';
import { useLeaveGuard, useUnsaved } from './unsaved';
import { useTemplateCheck } from './useTemplateCheck';

export interface HookEditorProps {
  /** The saved hook to edit, or null for a new one. */
  hook: Hook | null;
  /** A new hook's starting draft (a gallery item with its settings); unsaved until Save. */
  draft?: HookDraft;
  onDone: (saved: Hook | null) => void;
}

export function HookEditor({ hook, draft, onDone }: HookEditorProps) {
  const api = useApi();
  const unsaved = useUnsaved();
  const [initial, setInitial] = useState<HookDraft>(() => draft ?? draftOf(hook));
  const [d, setD] = useState<HookDraft>(initial);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const check = useTemplateCheck(d.script);
  const set = (patch: Partial<HookDraft>) => setD((prev) => ({ ...prev, ...patch }));
  const dirty = draftChanged(d, initial) || (!hook && !!draft);
  const title = hook ? `Editing ${hook.name}` : draft ? `New hook: ${draft.name}` : 'New hook';

  const save = async (): Promise<Hook | null> => {
    const { hook: fields, problems: p } = hookFromDraft(d);
    setProblems(p);
    if (p.length) return null;
    setSaving(true);
    try {
      const saved = d.id ? await api.call('hooks.edit', { id: d.id, patch: fields }) : await api.call('hooks.add', { hook: fields });
      const next = draftOf(saved);
      setInitial(next);
      setD(next);
      return saved;
    } catch (err) {
      setProblems([(err as Error).message]);
      return null;
    } finally {
      setSaving(false);
    }
  };

  useLeaveGuard(dirty, {
    what: hook ? `the hook "${hook.name}"` : 'the new hook',
    save: async () => (await save()) !== null,
  });

  const scriptProblems = useMemo<ScriptProblem[]>(
    () => [
      ...(check?.errors ?? []).map((e) => ({ line: e.line, col: e.col, message: cleanParseError(e.message), severity: 'error' as const })),
      ...(check?.warnings ?? []).map((w) => ({ line: w.line, col: w.col, message: w.message, severity: 'warning' as const })),
    ],
    [check],
  );

  const back = () => unsaved.confirmLeave(() => onDone(null));

  return (
    <form
      className="view editor"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void save().then((saved) => saved && onDone(saved));
      }}
      onKeyDown={(e) => {
        if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <header className="editor-head row gap">
        <button type="button" className="back" onClick={back} aria-label="Back to the hooks">
          ← Hooks
        </button>
        <h2 className="editor-title">{title}</h2>
        {dirty ? <span className="muted small">unsaved</span> : null}
      </header>
      <div className="row gap wrap">
        <label className="field grow">
          <span className="field-title">Name</span>
          <input aria-label="Name" value={d.name} onChange={(e) => set({ name: e.target.value })} placeholder="battery" autoFocus={!hook} />
        </label>
        <label className="check">
          <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
      </div>
      <ConditionPicker value={d.conditions} onChange={(conditions) => set({ conditions })} alsoAfterSkip={d.alsoAfterSkip} onAlsoAfterSkip={(alsoAfterSkip) => set({ alsoAfterSkip })} />
      <BehaviourPicker value={d.onError} onChange={(onError) => set({ onError })} />
      <div className="script-and-preview">
        <div className="field">
          <span className="field-title">Script</span>
          <ScriptEditor label="Script" value={d.script} onChange={(script) => set({ script })} problems={scriptProblems} />
          <ul className="diagnostics plain" aria-label="script problems" aria-live="polite">
            {check?.errors.map((e, i) => (
              <li key={`e${i}`} className="tone-bad small">
                Line {e.line}: {cleanParseError(e.message)}
              </li>
            ))}
            {check?.warnings.map((w, i) => (
              <li key={`w${i}`} className="tone-warn small">
                Line {w.line}: {w.message}
              </li>
            ))}
            {check && !check.errors.length && !check.warnings.length ? <li className="muted small">The template parses; no unescaped outside text.</li> : null}
          </ul>
        </div>
        <PreviewPanel script={d.script} conditions={d.conditions} />
      </div>
      <details className="panel advanced">
        <summary>Advanced</summary>
        <div className="row gap wrap">
          <label className="field">
            <span className="field-title">Timeout (s)</span>
            <input aria-label="Timeout in seconds" value={d.timeoutSec} onChange={(e) => set({ timeoutSec: e.target.value })} size={5} inputMode="numeric" />
          </label>
          <label className="field grow" title="An exit with one of these codes is recorded as a warning and never stops the operation">
            <span className="field-title">Warning exit codes</span>
            <input aria-label="Warning exit codes" value={d.warnExitCodes} onChange={(e) => set({ warnExitCodes: e.target.value })} placeholder="e.g. 3, 4" />
          </label>
        </div>
        <EnvEditor value={d.env} onChange={(env) => set({ env })} />
        <label className="field">
          <span className="field-title">Working folder</span>
          <input aria-label="Working folder" value={d.cwd} onChange={(e) => set({ cwd: e.target.value })} placeholder="the home folder" />
        </label>
        <fieldset>
          <legend>Scope</legend>
          <div className="row gap wrap">
            <label className="field grow">
              <span className="field-title">Plans</span>
              <input aria-label="Plans" value={d.plans} onChange={(e) => set({ plans: e.target.value })} placeholder="all (or globs: laptop, work-*)" />
            </label>
            <label className="field grow">
              <span className="field-title">Repos</span>
              <input aria-label="Repos" value={d.repos} onChange={(e) => set({ repos: e.target.value })} placeholder="all" />
            </label>
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={d.guard} onChange={(e) => set({ guard: e.target.checked })} />
          <span>
            Guard <span className="muted small">— run again while a wrapped backup runs when the battery, power or network changes, and stop it if this fails</span>
          </span>
        </label>
      </details>
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
        <button type="button" onClick={back}>
          {dirty ? 'Cancel' : 'Close'}
        </button>
      </div>
    </form>
  );
}

/** "template: hook:3:12: unexpected …" → "unexpected …" (the line is said beside it). */
function cleanParseError(message: string): string {
  return message.replace(/^template: hook:\d+:(\d+:)? ?/, '');
}
