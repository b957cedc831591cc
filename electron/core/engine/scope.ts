// Which hooks a signal runs: enabled, subscribed to the condition, and in scope (plan and repo globs).
import type { Condition } from '../../shared/conditions';
import type { Hook } from '../../shared/config';

/** Shell-style glob: `*` any run of characters, `?` one character; everything else literal. */
export function globMatch(glob: string, text: string): boolean {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 's').test(text);
}

function inScope(globs: readonly string[], value: string): boolean {
  return globs.length === 0 || globs.some((g) => globMatch(g, value));
}

/** The hooks to run for `condition` on plan/repo, in the user's order. */
export function hooksFor(hooks: readonly Hook[], condition: Condition, plan: string, repo: string): Hook[] {
  return hooks.filter(
    (h) => h.enabled && h.conditions.includes(condition) && inScope(h.scope.plans, plan) && inScope(h.scope.repos, repo),
  );
}
