// Plans in the config as pure functions over a Config, like hooks.ts: each returns a new Config or
// throws an error that says what was wrong. The host's plans.set and a signal's new plan go through here.
import type { Config } from '../../shared/config';
import { planPatchSchema, planSchema, type Plan, type PlanInput, type PlanPatch } from '../../shared/plans';
import { ConfigError, describeIssue } from '../config';

/** No plan matches, or a name matches several: the message says which and what to use instead. */
export class PlanLookupError extends Error {
  override name = 'PlanLookupError';
}

/**
 * A plan id by its id, else by its display name (exact, then ignoring case) among `ids` with their
 * names; null when none matches. Throws when a name is ambiguous.
 */
export function resolvePlanId(plans: readonly { id: string; name: string }[], idOrName: string): string | null {
  if (plans.some((p) => p.id === idOrName)) return idOrName;
  for (const same of [(n: string) => n === idOrName, (n: string) => n.toLowerCase() === idOrName.toLowerCase()]) {
    const hits = plans.filter((p) => same(p.name));
    if (hits.length === 1) return hits[0]!.id;
    if (hits.length > 1) throw new PlanLookupError(`ambiguous: ${hits.length} plans are named "${idOrName}" (ids ${hits.map((p) => p.id).join(', ')}); use the id`);
  }
  return null;
}

export interface SetPlanResult {
  config: Config;
  plan: Plan;
  /** The plan was not in the config before (it was only in the history, or new). */
  created: boolean;
}

/**
 * Applies `patch` to plan `id`, adding the plan when the config does not have it yet (`origin`
 * says how it came: from a signal for a plan only the history knew, or from the user).
 */
export function setPlan(config: Config, id: string, patch: PlanPatch, opts: { origin: Plan['origin']; now: Date }): SetPlanResult {
  const checked = planPatchSchema.safeParse(patch);
  if (!checked.success) throw new ConfigError(`plan "${id}": ${checked.error.issues.map((i) => describeIssue(i, patch)).join('; ')}`, null, null);
  const i = config.plans.findIndex((p) => p.id === id);
  const before: PlanInput = i >= 0 ? config.plans[i]! : { id, name: id, origin: opts.origin, createdAt: opts.now.toISOString() };
  const parsed = planSchema.safeParse({ ...before, ...checked.data });
  if (!parsed.success) throw new ConfigError(`plan "${id}": ${parsed.error.issues.map((x) => describeIssue(x, { ...before, ...checked.data })).join('; ')}`, null, null);
  const plans = [...config.plans];
  if (i >= 0) plans[i] = parsed.data;
  else plans.push(parsed.data);
  return { config: { ...config, plans }, plan: parsed.data, created: i < 0 };
}

