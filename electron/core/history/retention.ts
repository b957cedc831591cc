// How much history is kept: at most historyMaxOperations operations, none older than
// historyMaxDays. The file is compacted only when a limit is exceeded by a margin, so that a
// steady stream of operations does not rewrite it on every start.
import type { EngineSettings } from '../../shared/config';
import type { HookRunRecord } from '../../shared/history';
import type { HistoryIndex, OpEntry } from './historyIndex';

const DAY_MS = 86_400_000;
/** Operations still deciding or running are never pruned while younger than this. */
const OPEN_GRACE_MS = DAY_MS;

type Limits = Pick<EngineSettings, 'historyMaxOperations' | 'historyMaxDays'>;

/** Why the file should be compacted now, or null. `lines` counts the records in the file. */
export function compactionReason(index: HistoryIndex, limits: Limits, lines: number, now = Date.now()): string | null {
  const max = limits.historyMaxOperations;
  const count = index.operationCount;
  // Only when something would actually go: operations still open are kept (see planRetention).
  if (count > max + Math.max(10, Math.ceil(max * 0.1)) && prunable(index, limits, now).size > 0) {
    return `${count} operations, more than the ${max} kept`;
  }
  const oldest = index.order[0];
  const dayMargin = Math.max(1, Math.ceil(limits.historyMaxDays * 0.1));
  if (oldest && now - oldest.t > (limits.historyMaxDays + dayMargin) * DAY_MS && prunable(index, limits, now).size > 0) {
    return `operations older than ${limits.historyMaxDays} days`;
  }
  // An operation is appended again at each change: superseded lines pile up.
  const live = count + index.runCount;
  if (lines - live > Math.max(1000, live)) return `${lines - live} superseded lines`;
  return null;
}

export interface RetentionPlan {
  keep: (e: OpEntry) => boolean;
  keepOrphan: (r: HookRunRecord) => boolean;
  droppedOperations: number;
  droppedRuns: HookRunRecord[];
}

/** The operations retention removes: the oldest beyond the count, and those past the age, except
 * operations still open that started less than a day ago (a gate may be deciding right now). */
function prunable(index: HistoryIndex, limits: Limits, now: number): Set<OpEntry> {
  const cutoff = now - limits.historyMaxDays * DAY_MS;
  const drop = new Set<OpEntry>();
  const excess = index.order.length - limits.historyMaxOperations;
  for (let i = 0; i < index.order.length; i++) {
    const e = index.order[i]!;
    if (i >= excess && e.t >= cutoff) break; // sorted by time: nothing later is too old or in excess
    if (!(index.open.has(e.op.id) && now - e.t < OPEN_GRACE_MS)) drop.add(e);
  }
  return drop;
}

export function planRetention(index: HistoryIndex, limits: Limits, now = Date.now()): RetentionPlan {
  const cutoff = now - limits.historyMaxDays * DAY_MS;
  const drop = prunable(index, limits, now);
  const droppedRuns: HookRunRecord[] = [];
  for (const e of drop) droppedRuns.push(...index.runsOfOp(e));
  const keepOrphan = (r: HookRunRecord) => {
    const t = Date.parse(r.startedAt);
    return Number.isNaN(t) || t >= cutoff;
  };
  for (const list of index.orphans.values()) droppedRuns.push(...index.runsOf(list).filter((r) => !keepOrphan(r)));
  return { keep: (e) => !drop.has(e), keepOrphan, droppedOperations: drop.size, droppedRuns };
}
