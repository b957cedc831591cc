// Per-plan figures kept as operations enter the index (not found by a scan of the history when
// asked): how many operations a plan has, its newest one, and its newest success. `plans.list`
// reads these, so it answers in the same time over 100 or 100,000 operations.
import type { OperationRecord } from '../../shared/history';

/** What planStats needs of an index entry: the record and its sort key (start time ms, then id). */
export interface StatEntry {
  op: OperationRecord;
  t: number;
}

export interface PlanStats {
  plan: string;
  operations: number;
  /** The oldest operation (when the plan was first heard of). */
  first: StatEntry | null;
  /** The newest operation of any kind (prune and check count as attempts too). */
  last: StatEntry | null;
  /** The newest backup (snapshot) operation. */
  lastSnapshot: StatEntry | null;
  /** The newest operation of any kind that succeeded (success or warning). */
  lastAnySuccess: StatEntry | null;
  lastSnapshotSuccess: StatEntry | null;
}

/** A plan's last success: its newest successful backup; for a plan that never sends backups (a check-only job), its newest success of any kind. */
export function lastSuccessOf(s: PlanStats): StatEntry | null {
  return s.lastSnapshotSuccess ?? (s.lastSnapshot ? null : s.lastAnySuccess);
}

function newer(a: StatEntry, b: StatEntry | null): boolean {
  return !b || a.t > b.t || (a.t === b.t && a.op.id > b.op.id);
}

export function isSuccess(op: OperationRecord): boolean {
  return op.status === 'success' || op.status === 'warning';
}

export class PlanStatsTable {
  private readonly byPlan = new Map<string, PlanStats>();
  /** Which plan (and success) each entry was counted under, to notice a change of either. */
  private readonly counted = new WeakMap<StatEntry, { plan: string; success: boolean }>();
  /** Plans whose figures must be recounted (an entry left its success or its plan): rare. */
  private readonly dirty = new Set<string>();

  constructor(private readonly entries: () => Iterable<StatEntry>) {}

  /** An entry was added or its record replaced. */
  note(e: StatEntry): void {
    const before = this.counted.get(e);
    const success = isSuccess(e.op);
    if (before && (before.plan !== e.op.plan || (before.success && !success))) {
      this.dirty.add(before.plan);
      this.dirty.add(e.op.plan);
    }
    this.counted.set(e, { plan: e.op.plan, success });
    if (this.dirty.has(e.op.plan)) return;
    let s = this.byPlan.get(e.op.plan);
    if (!s) this.byPlan.set(e.op.plan, (s = { plan: e.op.plan, operations: 0, first: null, last: null, lastSnapshot: null, lastAnySuccess: null, lastSnapshotSuccess: null }));
    if (!before) s.operations++;
    this.take(s, e);
  }

  /** The figures of every plan seen in the history. */
  all(): PlanStats[] {
    if (this.dirty.size) this.recount();
    return [...this.byPlan.values()];
  }

  get(plan: string): PlanStats | null {
    if (this.dirty.size) this.recount();
    return this.byPlan.get(plan) ?? null;
  }

  private take(s: PlanStats, e: StatEntry): void {
    const snapshot = e.op.kind === 'snapshot';
    if (newer(e, s.last)) s.last = e;
    if (!s.first || newer(s.first, e)) s.first = e;
    if (snapshot && newer(e, s.lastSnapshot)) s.lastSnapshot = e;
    if (isSuccess(e.op)) {
      if (snapshot && newer(e, s.lastSnapshotSuccess)) s.lastSnapshotSuccess = e;
      if (newer(e, s.lastAnySuccess)) s.lastAnySuccess = e;
    }
  }

  private recount(): void {
    const plans = new Set(this.dirty);
    this.dirty.clear();
    for (const p of plans) this.byPlan.delete(p);
    for (const e of this.entries()) {
      if (!plans.has(e.op.plan)) continue;
      let s = this.byPlan.get(e.op.plan);
      if (!s) this.byPlan.set(e.op.plan, (s = { plan: e.op.plan, operations: 0, first: null, last: null, lastSnapshot: null, lastAnySuccess: null, lastSnapshotSuccess: null }));
      s.operations++;
      this.take(s, e);
    }
  }
}
