// The editor's working copy of a hook, as form fields (text where the user types lists), and the
// hook it makes — or what is wrong with it, in words.
import type { Condition, ErrorBehaviour } from '../../../electron/shared/conditions';
import type { Hook } from '../../../electron/shared/config';
import type { GalleryItem } from '../../../electron/shared/gallery';

export interface HookDraft {
  id: string | null;
  name: string;
  enabled: boolean;
  conditions: Condition[];
  plans: string;
  repos: string;
  onError: ErrorBehaviour;
  timeoutSec: string;
  warnExitCodes: string;
  env: { name: string; value: string }[];
  script: string;
  cwd: string;
  guard: boolean;
  /** With an END condition: also run after a skipped backup (a cleanup such as an unmount). */
  alsoAfterSkip: boolean;
  /** The gallery item a draft came from (kept on the hook, so the gallery can say it was added). */
  gallery: string | null;
}

export const NEW_HOOK_SCRIPT = '#!/bin/sh\n# Exit non-zero to stop the backup; the last line you print is the reason shown.\necho "ok"\n';

export function draftOf(hook: Hook | null): HookDraft {
  if (!hook) {
    return {
      id: null,
      name: '',
      enabled: true,
      conditions: ['CONDITION_SNAPSHOT_START'],
      plans: '',
      repos: '',
      onError: 'ON_ERROR_CANCEL',
      timeoutSec: '60',
      warnExitCodes: '',
      env: [],
      script: NEW_HOOK_SCRIPT,
      cwd: '',
      guard: false,
      alsoAfterSkip: false,
      gallery: null,
    };
  }
  const extra = hook as Hook & { gallery?: string };
  return {
    id: hook.id,
    name: hook.name,
    enabled: hook.enabled,
    conditions: hook.conditions as Condition[],
    plans: hook.scope.plans.join(', '),
    repos: hook.scope.repos.join(', '),
    onError: hook.onError,
    timeoutSec: String(hook.timeoutSec),
    warnExitCodes: hook.warnExitCodes.join(', '),
    env: Object.entries(hook.env).map(([name, value]) => ({ name, value })),
    script: hook.script,
    cwd: hook.cwd ?? '',
    guard: hook.guard,
    alsoAfterSkip: hook.alsoAfterSkip,
    gallery: typeof extra.gallery === 'string' ? extra.gallery : null,
  };
}

/** A gallery item made into an unsaved draft, its settings (already asked) in the env. */
export function draftFromGallery(item: GalleryItem, params: Record<string, string>, name: string): HookDraft {
  const extra = item as GalleryItem & { alsoAfterSkip?: boolean };
  return {
    ...draftOf(null),
    name,
    conditions: item.conditions as Condition[],
    onError: item.onError,
    timeoutSec: String(item.timeoutSec),
    guard: item.guard,
    alsoAfterSkip: extra.alsoAfterSkip === true,
    env: item.params.map((p) => ({ name: p.name, value: (params[p.name] ?? p.default).trim() })),
    script: item.script,
    gallery: item.id,
  };
}

/** Whether the draft differs from what it started as (a hook as saved, or a fresh draft). */
export function draftChanged(a: HookDraft, b: HookDraft): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

const list = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The hook fields to send (without id), or the problems that keep it from being saved. */
export function hookFromDraft(d: HookDraft): { hook: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  if (!d.name.trim()) problems.push('Name: give the hook a name.');
  if (!d.conditions.length) problems.push('Conditions: pick at least one event.');
  const timeout = Number(d.timeoutSec);
  if (!Number.isFinite(timeout) || timeout <= 0) problems.push('Timeout: a number of seconds above 0.');
  const codes = list(d.warnExitCodes).map(Number);
  if (codes.some((c) => !Number.isInteger(c) || c < 1 || c > 255)) problems.push('Warning exit codes: whole numbers 1–255, separated by commas.');
  const env: Record<string, string> = {};
  for (const { name, value } of d.env) {
    if (!name.trim() && !value) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.trim())) problems.push(`Environment: "${name}" is not a variable name (letters, digits, _).`);
    else env[name.trim()] = value;
  }
  return {
    hook: {
      name: d.name.trim(),
      enabled: d.enabled,
      conditions: d.conditions,
      scope: { plans: list(d.plans), repos: list(d.repos) },
      onError: d.onError,
      timeoutSec: timeout,
      warnExitCodes: codes,
      env,
      script: d.script,
      cwd: d.cwd.trim() || null,
      guard: d.guard,
      alsoAfterSkip: d.alsoAfterSkip && d.conditions.some((c) => c.endsWith('_END')),
      ...(d.gallery ? { gallery: d.gallery } : {}),
    },
    problems,
  };
}
