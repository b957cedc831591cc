// The history in memory: operations kept sorted by start time as records arrive (so the newest
// page is a walk from the end, not a sort), hook runs by id and by operation, and the set of
// operations still open.
import type { Decision, HookRunRecord, OperationRecord, OperationWithRuns, HistoryRecord } from '../../shared/history';
import type { OperationKind } from '../../shared/conditions';

export interface ListOptions {
  /** Page size (default 50). */
  limit?: number;
  /** An operation id or an ISO time: only operations older than it (the next page). */
  before?: string;
  plan?: string;
  decision?: Decision;
  /** Case-insensitive text found in the operation or its hook runs (ids, plan, repo, reason, error, hook names). */
  text?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
const OPEN_STATUSES: ReadonlySet<string> = new Set(['gating', 'waiting', 'running']);

export interface OpEntry {
  op: OperationRecord;
  runs: HookRunRecord[];
  /** Start time in ms (NaN-safe), the sort key with the id. */
  t: number;
}

function timeOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

function cmp(a: { t: number; id: string }, b: { t: number; id: string }): number {
  return a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class HistoryIndex {
  readonly ops = new Map<string, OpEntry>();
  /** Ascending by (start time, id). */
  readonly order: OpEntry[] = [];
  readonly runs = new Map<string, HookRunRecord>();
  /** Runs whose operation has not been seen (yet). */
  readonly orphans = new Map<string, HookRunRecord[]>();
  readonly open = new Set<string>();

  get operationCount(): number {
    return this.ops.size;
  }

  apply(rec: HistoryRecord): void {
    if (rec.type === 'operation') this.applyOperation(rec);
    else this.applyHookRun(rec);
  }

  private applyOperation(op: OperationRecord): void {
    const t = timeOf(op.startedAt);
    const prev = this.ops.get(op.id);
    if (prev) {
      if (prev.t !== t) {
        this.order.splice(this.position(prev), 1);
        prev.t = t;
        this.insert(prev);
      }
      prev.op = op;
    } else {
      const entry: OpEntry = { op, runs: this.orphans.get(op.id) ?? [], t };
      this.orphans.delete(op.id);
      this.ops.set(op.id, entry);
      this.insert(entry);
    }
    if (OPEN_STATUSES.has(op.status)) this.open.add(op.id);
    else this.open.delete(op.id);
  }

  private applyHookRun(run: HookRunRecord): void {
    const prev = this.runs.get(run.id);
    this.runs.set(run.id, run);
    const entry = this.ops.get(run.operationId);
    const list = entry ? entry.runs : (this.orphans.get(run.operationId) ?? []);
    if (!entry) this.orphans.set(run.operationId, list);
    const at = prev ? list.findIndex((r) => r.id === run.id) : -1;
    if (at >= 0) list[at] = run;
    else {
      list.push(run);
      const n = list.length;
      if (n > 1 && timeOf(list[n - 2]!.startedAt) > timeOf(run.startedAt)) {
        list.sort((a, b) => timeOf(a.startedAt) - timeOf(b.startedAt));
      }
    }
  }

  private insert(entry: OpEntry): void {
    const key = { t: entry.t, id: entry.op.id };
    const last = this.order[this.order.length - 1];
    if (!last || cmp({ t: last.t, id: last.op.id }, key) <= 0) {
      this.order.push(entry);
      return;
    }
    this.order.splice(this.lowerBound(key), 0, entry);
  }

  /** First index whose key is >= `key`. */
  private lowerBound(key: { t: number; id: string }): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.order[mid]!;
      if (cmp({ t: e.t, id: e.op.id }, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private position(entry: OpEntry): number {
    const i = this.lowerBound({ t: entry.t, id: entry.op.id });
    return this.order[i] === entry ? i : this.order.indexOf(entry);
  }

  /** Newest first. Throws a RangeError for a `before` that is neither a known id nor a time. */
  list(opts: ListOptions = {}): OperationWithRuns[] {
    const limit = opts.limit ?? DEFAULT_PAGE_SIZE;
    let end = this.order.length; // exclusive
    if (opts.before !== undefined) {
      const anchor = this.ops.get(opts.before);
      if (anchor) end = this.position(anchor);
      else {
        const t = Date.parse(opts.before);
        if (Number.isNaN(t)) throw new RangeError(`before: "${opts.before}" is neither an operation id nor an ISO time`);
        end = this.lowerBound({ t, id: '' });
      }
    }
    const text = opts.text?.toLowerCase();
    const out: OperationWithRuns[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) {
      const e = this.order[i]!;
      if (opts.plan !== undefined && e.op.plan !== opts.plan) continue;
      if (opts.decision !== undefined && e.op.decision !== opts.decision) continue;
      if (text && !matchesText(e, text)) continue;
      out.push(withRuns(e));
    }
    return out;
  }

  get(id: string): OperationWithRuns | null {
    const e = this.ops.get(id);
    return e ? withRuns(e) : null;
  }

  getHookRun(id: string): HookRunRecord | null {
    const r = this.runs.get(id);
    return r ? { ...r } : null;
  }

  findOpen(plan: string, repo: string, kind?: OperationKind): OperationRecord | null {
    let best: OpEntry | null = null;
    for (const id of this.open) {
      const e = this.ops.get(id)!;
      if (e.op.plan !== plan || e.op.repo !== repo || (kind && e.op.kind !== kind)) continue;
      if (!best || cmp({ t: e.t, id: e.op.id }, { t: best.t, id: best.op.id }) > 0) best = e;
    }
    return best ? { ...best.op } : null;
  }

  /** Every record, oldest operation first, each operation followed by its runs; then orphan runs. */
  *records(keep: (e: OpEntry) => boolean = () => true, keepOrphan: (r: HookRunRecord) => boolean = () => true): Generator<HistoryRecord> {
    for (const e of this.order) {
      if (!keep(e)) continue;
      yield e.op;
      yield* e.runs;
    }
    for (const runs of this.orphans.values()) for (const r of runs) if (keepOrphan(r)) yield r;
  }
}

function withRuns(e: OpEntry): OperationWithRuns {
  return { ...e.op, hookRuns: e.runs.map((r) => ({ ...r })) };
}

function matchesText(e: OpEntry, text: string): boolean {
  const op = e.op;
  const fields = [op.id, op.plan, op.repo, op.task, op.kind, op.status, op.reason, op.error ?? '', op.snapshotId ?? '', ...(op.command ?? [])];
  if (fields.some((f) => f.toLowerCase().includes(text))) return true;
  return e.runs.some((r) => [r.id, r.hookId, r.hookName, r.reason, r.condition].some((f) => f.toLowerCase().includes(text)));
}
