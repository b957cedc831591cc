// A plan's status in the user's terms, from the history's per-plan figures (planStats.ts): what
// `plans.list` answers, the CLI's table and the tray show. Never better than it is: a skip is not a
// success, an operation that ended without a report is not one either, and a plan that has not
// succeeded for longer than it should is stale whatever its last skip said.
import type { Config, Hold } from '../../shared/config';
import type { OperationRecord } from '../../shared/history';
import type { Plan, PlanStatus, PlanSummary } from '../../shared/plans';
import { endedWithoutReport, planSchema } from '../../shared/plans';
import { globMatch } from '../engine/scope';
import { lastSuccessOf, type PlanStats } from '../history';
import { describeSpan } from './duration';


export interface SummaryContext {
  config: Config;
  /** Every plan's figures from the history (HistoryStore.planStats()). */
  stats: readonly PlanStats[];
  /** The hold in force now, if any. */
  hold: Hold | null;
  now: Date;
  /** The next run of a plan where its tool says (see nextRun.ts); absent: not known. */
  nextRun?: (plan: Plan) => PlanSummary['nextRun'];
}

/** A plan only the history knows (a signal named it before plans were kept, or its entry was removed). */
export function planFromHistory(id: string, createdAt: string | null = null): Plan {
  return planSchema.parse({ id, name: id, origin: 'signal', createdAt });
}

/**
 * Every plan: those in the config in their order, then those only the history names, newest first.
 * `plans` may be given to summarise only some.
 */
export function planSummaries(ctx: SummaryContext): PlanSummary[] {
  const byPlan = new Map(ctx.stats.map((s) => [s.plan, s]));
  const out: PlanSummary[] = [];
  const seen = new Set<string>();
  for (const plan of ctx.config.plans) {
    seen.add(plan.id);
    out.push(summarizePlan(plan, byPlan.get(plan.id) ?? null, ctx));
  }
  const extra = ctx.stats.filter((s) => !seen.has(s.plan) && s.plan !== '');
  extra.sort((a, b) => (b.last?.t ?? 0) - (a.last?.t ?? 0));
  for (const s of extra) out.push(summarizePlan(planFromHistory(s.plan), s, ctx));
  return out;
}

/** One plan's summary (null when neither the config nor the history knows it). */
export function planSummary(id: string, ctx: SummaryContext): PlanSummary | null {
  const stats = ctx.stats.find((s) => s.plan === id) ?? null;
  const plan = ctx.config.plans.find((p) => p.id === id) ?? (stats ? planFromHistory(id) : null);
  return plan ? summarizePlan(plan, stats, ctx) : null;
}

export function summarizePlan(plan: Plan, stats: PlanStats | null, ctx: SummaryContext): PlanSummary {
  const last = stats?.last?.op ?? null;
  const success = stats ? lastSuccessOf(stats) : null;
  const { status, reason } = planStatus(plan, stats, ctx);
  return {
    plan,
    status,
    reason,
    lastAttempt: last
      ? { operationId: last.id, at: last.startedAt, endedAt: last.endedAt, status: last.status, decision: last.decision, reason: last.reason }
      : null,
    lastSuccess: success
      ? { operationId: success.op.id, at: success.op.endedAt ?? success.op.startedAt, snapshotId: success.op.snapshotId, dataAdded: dataAddedOf(success.op) }
      : null,
    nextRun: ctx.nextRun?.(plan) ?? null,
    hooks: ctx.config.hooks.filter((h) => h.enabled && (h.scope.plans.length === 0 || h.scope.plans.some((g) => globMatch(g, plan.id)))).map((h) => ({ id: h.id, name: h.name })),
    operations: stats?.operations ?? 0,
  };
}

function dataAddedOf(op: OperationRecord): number | null {
  const v = (op as { dataAdded?: unknown }).dataAdded;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function since(iso: string | null, now: Date): string {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? '' : describeSpan((now.getTime() - t) / 1000);
}

function kindWord(op: OperationRecord): string {
  return op.kind === 'snapshot' ? 'backup' : op.kind;
}

export function planStatus(plan: Plan, stats: PlanStats | null, ctx: SummaryContext): { status: PlanStatus; reason: string } {
  const { now, hold } = ctx;
  const last = stats?.last?.op ?? null;
  if (last && (last.status === 'gating' || last.status === 'running')) {
    const what = last.status === 'gating' ? `checking whether to start (${kindWord(last)})` : `${kindWord(last)} running`;
    const forHow = since(last.startedAt, now);
    return { status: 'running', reason: forHow ? `${what} for ${forHow}` : what };
  }
  if (last?.status === 'waiting') {
    const next = last.nextAttemptAt ? Date.parse(last.nextAttemptAt) : NaN;
    const when = Number.isNaN(next) ? '' : next <= now.getTime() ? '; checking again now' : `; checking again in ${describeSpan((next - now.getTime()) / 1000)}`;
    return { status: 'waiting', reason: `${last.reason || 'waiting for a hook to allow it'}${when}` };
  }
  if (hold) {
    return { status: 'held', reason: hold.until ? `all backups are held until ${new Date(hold.until).toLocaleString()}` : 'all backups are held until resumed' };
  }
  const main = stats?.lastSnapshot?.op ?? last;
  if (!main) return { status: 'never-run', reason: 'no run has been reported yet' };

  const success = stats ? lastSuccessOf(stats) : null;
  const stale = staleness(plan, success?.op ?? null, stats, now);
  let status: PlanStatus;
  let reason: string;
  if (endedWithoutReport(main)) {
    status = 'ended-without-report';
    reason = main.reason;
  } else if (main.status === 'success' || main.status === 'warning') {
    status = 'backed-up';
    const ago = since(main.endedAt ?? main.startedAt, now);
    reason = main.status === 'warning' ? `${kindWord(main)} finished with warnings${ago ? ` ${ago} ago` : ''}${main.reason ? `: ${main.reason}` : ''}` : `${kindWord(main)} succeeded${ago ? ` ${ago} ago` : ''}`;
  } else if (main.status === 'skipped') {
    status = 'skipped';
    reason = `skipped: ${main.reason || 'a hook said so'}`;
  } else {
    status = 'failed';
    reason = main.error ? `${main.error}` : main.reason || `the ${kindWord(main)} failed`;
  }
  if (stale) {
    if (status === 'backed-up' || status === 'skipped') return { status: 'stale', reason: `${stale} (last run ${reason})` };
    reason = `${reason}; ${stale}`;
  }
  return { status, reason };
}

/** "no backup has succeeded for 3 days" when the plan is overdue, else null. */
export function staleness(plan: Plan, success: OperationRecord | null, stats: PlanStats | null, now: Date): string | null {
  if (plan.staleAfterSec === null) return null;
  const limitMs = plan.staleAfterSec * 1000;
  if (success) {
    const t = Date.parse(success.endedAt ?? success.startedAt);
    if (Number.isNaN(t) || now.getTime() - t <= limitMs) return null;
    return `no backup has succeeded for ${describeSpan((now.getTime() - t) / 1000)}`;
  }
  // Never succeeded: overdue once the plan has been known for longer than the limit.
  const known = [plan.createdAt, stats?.first?.op.startedAt].map((s) => (s ? Date.parse(s) : NaN)).filter((t) => !Number.isNaN(t));
  const since0 = known.length ? Math.min(...known) : NaN;
  if (Number.isNaN(since0) || now.getTime() - since0 <= limitMs) return null;
  return `no backup has succeeded in the ${describeSpan((now.getTime() - since0) / 1000)} Hookgate has known it`;
}
