// Backrest: two command hooks on the plan, in Backrest's own condition and error-behaviour names —
// START with ON_ERROR_CANCEL (a skip exits non-zero and Backrest cancels the backup), END with the
// result. Backrest renders these as Go templates, so its variables are passed through .ShellEscape.
import { shellQuote } from './shellWords';

function backrestHooks(bin: string, id: string): Record<string, unknown>[] {
  const b = shellQuote(bin);
  return [
    {
      conditions: ['CONDITION_SNAPSHOT_START'],
      actionCommand: { command: `${b} signal snapshot-start --plan ${id} --task {{ .Task | .ShellEscape }}` },
      onError: 'ON_ERROR_CANCEL',
    },
    {
      conditions: ['CONDITION_SNAPSHOT_END'],
      actionCommand: {
        command: `${b} signal snapshot-end --plan ${id} --snapshot-id {{ .SnapshotId | .ShellEscape }} {{ if .Error }}--status error --error {{ .Error | .ShellEscape }}{{ else }}--status success{{ end }}`,
      },
      onError: 'ON_ERROR_IGNORE',
    },
  ];
}

function indentOf(text: string): number {
  const m = /\n( +)"/.exec(text);
  return m ? m[1]!.length : 2;
}

export function wireBackrest(text: string, backrestPlan: string, bin: string, id: string): string {
  const cfg = JSON.parse(text) as { plans?: { id?: string; hooks?: unknown[] }[] };
  const plan = cfg.plans?.find((p) => p.id === backrestPlan);
  if (!plan) throw new Error(`Backrest has no plan "${backrestPlan}" any more`);
  const hooks = (plan.hooks ??= []);
  const have = new Set(hooks.map((h) => JSON.stringify(h)));
  const add = backrestHooks(bin, id).filter((h) => !have.has(JSON.stringify(h)));
  if (!add.length) return text;
  hooks.push(...add);
  return `${JSON.stringify(cfg, null, indentOf(text))}${text.endsWith('\n') ? '\n' : ''}`;
}

export function unwireBackrest(text: string, backrestPlan: string, bin: string, id: string): string | null {
  const cfg = JSON.parse(text) as { plans?: { id?: string; hooks?: unknown[] }[] };
  const plan = cfg.plans?.find((p) => p.id === backrestPlan);
  if (!plan?.hooks) return null;
  const mine = new Set(backrestHooks(bin, id).map((h) => JSON.stringify(h)));
  const kept = plan.hooks.filter((h) => !mine.has(JSON.stringify(h)));
  if (kept.length === plan.hooks.length) return null;
  plan.hooks = kept;
  return `${JSON.stringify(cfg, null, indentOf(text))}${text.endsWith('\n') ? '\n' : ''}`;
}

/** The hooks as Backrest's plan editor takes them, for pasting while Backrest runs. */
export function backrestPasteText(bin: string, id: string): string {
  return backrestHooks(bin, id)
    .map((h) => `Conditions: ${(h.conditions as string[]).join(', ')} — Error behavior: ${String(h.onError)}\nCommand:\n${(h.actionCommand as { command: string }).command}`)
    .join('\n\n');
}
