// Which engine events deserve a native notification: a failed operation, a gate waiting for the
// user, skips only when asked (users complain about noise on every skip), and staleness (no success
// of a plan for N days, off by default). Pure: the shell shows what these functions return.
import type { OperationRecord } from '../shared/history';
import type { PlanSummary } from '../shared/plans';
import type { NotificationSettings } from './appSettings';
import { operationTitle, shortReason, clockTime, timeAgo } from './trayTooltip';

export type NoticeCategory = 'failed' | 'waiting' | 'skipped' | 'stale';

export interface Notice {
  /** Shown once per key: an operation record is re-sent on every change, a retry waits again. */
  key: string;
  category: NoticeCategory;
  title: string;
  body: string;
  /** The run a click opens (null for staleness: it opens the history of the plan). */
  operationId: string | null;
  plan: string | null;
}

const BODY_MAX = 200;

function categoryOf(op: OperationRecord): NoticeCategory | null {
  switch (op.status) {
    case 'error':
    case 'failed':
      return 'failed';
    case 'waiting':
      return 'waiting';
    case 'skipped':
      return 'skipped';
    default:
      return null;
  }
}

function enabled(category: NoticeCategory, s: NotificationSettings): boolean {
  switch (category) {
    case 'failed':
      return s.onFailure;
    case 'waiting':
      return s.onWaiting;
    case 'skipped':
      return s.onSkip;
    case 'stale':
      return s.staleAfterDays !== null;
  }
}

/** The notification a live operation event calls for, or null (not notable, off, or already shown). */
export function noticeForOperation(op: OperationRecord, settings: NotificationSettings, shown: ReadonlySet<string>, now: number): Notice | null {
  const category = categoryOf(op);
  if (!category || !enabled(category, settings)) return null;
  const key = `${category}:${op.id}`;
  if (shown.has(key)) return null;
  const title = operationTitle(op);
  const reason = shortReason(category === 'failed' ? op.reason || op.error || '' : op.reason, BODY_MAX);
  switch (category) {
    case 'failed':
      return { key, category, title: `${title} failed`, body: reason || 'Open Hookgate to see what happened.', operationId: op.id, plan: op.plan };
    case 'waiting': {
      const next = op.nextAttemptAt ? ` It tries again at ${clockTime(op.nextAttemptAt, now)}.` : '';
      return {
        key,
        category,
        title: `${title} is waiting`,
        body: `${reason ? `${reason.replace(/[.!]+$/, '')}.` : 'A hook asked to retry.'}${next} Run it now or skip it from Hookgate.`,
        operationId: op.id,
        plan: op.plan,
      };
    }
    case 'skipped':
      return { key, category, title: `${title} skipped`, body: reason || 'A hook cancelled it.', operationId: op.id, plan: op.plan };
    default:
      return null;
  }
}

/** What staleness needs to know of a plan: when it last succeeded, and since when it is known. */
export interface PlanActivity {
  lastSuccessAt: number | null;
  firstSeenAt: number;
}

const SUCCEEDED: ReadonlySet<string> = new Set(['success', 'warning']);

/**
 * Folds an operation into per-plan activity. Only backups (snapshots) count: a plan whose prunes
 * succeed while its backups never run is stale all the same.
 */
export function applyPlanActivity(activity: Readonly<Record<string, PlanActivity>>, op: OperationRecord): Record<string, PlanActivity> {
  if (op.kind !== 'snapshot' || !op.plan) return activity as Record<string, PlanActivity>;
  const started = Date.parse(op.startedAt);
  if (Number.isNaN(started)) return activity as Record<string, PlanActivity>;
  const prev = activity[op.plan];
  const ended = Date.parse(op.endedAt ?? op.startedAt);
  const success = SUCCEEDED.has(op.status) ? (Number.isNaN(ended) ? started : ended) : null;
  const next: PlanActivity = {
    firstSeenAt: Math.min(prev?.firstSeenAt ?? started, started),
    lastSuccessAt: success === null ? (prev?.lastSuccessAt ?? null) : Math.max(prev?.lastSuccessAt ?? success, success),
  };
  return { ...activity, [op.plan]: next };
}

const DAY = 86_400_000;

/**
 * Plans with no successful backup for `staleAfterDays` (counted from the last success, or from
 * when the plan was first seen), each told at most once every `staleAfterDays`.
 */
export function staleNotices(
  activity: Readonly<Record<string, PlanActivity>>,
  settings: NotificationSettings,
  lastToldAt: Readonly<Record<string, number>>,
  now: number,
): Notice[] {
  const days = settings.staleAfterDays;
  if (days === null) return [];
  const notices: Notice[] = [];
  for (const [plan, a] of Object.entries(activity).sort(([x], [y]) => x.localeCompare(y))) {
    const since = a.lastSuccessAt ?? a.firstSeenAt;
    if (now - since < days * DAY) continue;
    const told = lastToldAt[plan];
    if (told !== undefined && told >= since && now - told < days * DAY) continue;
    const what = a.lastSuccessAt === null ? `No backup of ${plan} has succeeded since Hookgate first saw it` : `The last successful backup of ${plan} was ${timeAgo(a.lastSuccessAt, now)}`;
    notices.push({
      key: `stale:${plan}:${Math.floor(now / DAY)}`,
      category: 'stale',
      title: `No backup of ${plan} for ${days} ${days === 1 ? 'day' : 'days'}`,
      body: `${what}.`,
      operationId: null,
      plan,
    });
  }
  return notices;
}

/**
 * Plans stale by their own expectation (`hookgate plans set ID --stale-after 2d`): each told at most
 * once per its stale-after span. Their own setting is the opt-in; the app-wide `staleAfterDays` is
 * for the plans without one (staleNotices leaves those with one to this).
 */
export function planStaleNotices(plans: readonly PlanSummary[], lastToldAt: Readonly<Record<string, number>>, now: number): Notice[] {
  const notices: Notice[] = [];
  for (const s of plans) {
    const span = s.plan.staleAfterSec;
    if (s.status !== 'stale' || span === null) continue;
    const told = lastToldAt[s.plan.id];
    if (told !== undefined && now - told < span * 1000) continue;
    const days = Math.max(1, Math.round(span / 86_400));
    notices.push({
      key: `stale:${s.plan.id}:${Math.floor(now / DAY)}`,
      category: 'stale',
      title: span >= DAY / 1000 ? `No backup of ${s.plan.name} for ${days} ${days === 1 ? 'day' : 'days'}` : `No recent backup of ${s.plan.name}`,
      body: `${shortReason(s.reason.charAt(0).toUpperCase() + s.reason.slice(1), BODY_MAX)}.`,
      operationId: null,
      plan: s.plan.id,
    });
  }
  return notices;
}
