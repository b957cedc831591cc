// The history in memory: operations kept sorted by start time as records arrive (so the newest
// page is a walk from the end, not a sort), hook runs by id and by operation, and the set of
// operations still open. Hook runs read from the file at start are kept as the place of their raw
// line and parsed on first use: most of them are never looked at, and parsing 40,000 of them would
// be most of the start-up time. Loaded from a snapshot, they are not even made into slots until
// their operation is looked at (or one is looked up by id): on a slow machine, making 40,000 small
// objects and a map of them costs more than the rest of the start together.
import type { LineSource } from './lineSource';
import { PlanStatsTable } from './planStats';
import type { RunTable } from './runTable';
import type { Decision, HookRunRecord, OperationRecord, OperationWithRuns } from '../../shared/history';
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

/** A hook run, parsed (`rec`), or still its raw JSON line: `src` bytes `start`..`end`. */
export interface RunSlot {
  id: string;
  operationId: string;
  /** Revision of the record (0: none written); see OpEntry.rev. */
  rev: number;
  rec: HookRunRecord | null;
  src: LineSource | null;
  /** Where its line is in the file read (-1: not known, e.g. appended by this store). */
  start: number;
  end: number;
}

export interface OpEntry {
  op: OperationRecord;
  /**
   * Revision of `op`: the state with the highest revision wins, whatever its place in the file
   * (a compaction racing with appenders may reorder lines). Equal revisions: the later line wins.
   */
  rev: number;
  runs: RunSlot[];
  /** Start time in ms (0 when unparseable): the sort key, with the id. */
  t: number;
  /** Hook runs still in the RunTable (not yet slots in `runs`): `pendingN` from `pendingAt`. */
  pendingAt: number;
  pendingN: number;
}


/** Parses the raw line of hook run `id`; null (and a problem reported by the parser) when it is
 * invalid or not that run. */
export type RunParser = (raw: string, id: string) => HookRunRecord | null;

function rawText(slot: RunSlot): string {
  return slot.src!.text(slot.start, slot.end);
}

function timeOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

function cmp(at: number, aid: string, bt: number, bid: string): number {
  return at - bt || (aid < bid ? -1 : aid > bid ? 1 : 0);
}

export class HistoryIndex {
  readonly ops = new Map<string, OpEntry>();
  /** Ascending by (start time, id). */
  readonly order: OpEntry[] = [];
  private readonly runMap = new Map<string, RunSlot>();
  /** Hook runs of a snapshot not made into slots yet, or null when `runMap` has them all. */
  private table: RunTable | null = null;
  /** Runs of the table dropped (unreadable) before `runMap` was filled. */
  private tableDropped = 0;
  /** Runs whose operation has not been seen (yet), by operation id. */
  readonly orphans = new Map<string, RunSlot[]>();
  readonly open = new Set<string>();
  /** Per-plan figures, kept as operations arrive (see planStats.ts). */
  readonly planStats = new PlanStatsTable(() => this.order);

  constructor(private readonly parseRun: RunParser) {}

  get operationCount(): number {
    return this.ops.size;
  }

  /** Every hook run by id (all of a snapshot's made into slots first). */
  get runs(): Map<string, RunSlot> {
    if (this.table) this.fillRunMap();
    return this.runMap;
  }

  get runCount(): number {
    return this.table ? this.table.n - this.tableDropped : this.runMap.size;
  }

  /** Hook runs from a table (see runTable.ts), of which operation `operationId` has `n` from `at`
   * (runs without a known operation become orphan slots now). Only on a fresh index, after its
   * operations, with one table. */
  addTableRuns(table: RunTable, operationId: string, at: number, n: number): void {
    this.table = table;
    const e = this.ops.get(operationId);
    if (e && e.pendingN === 0 && e.runs.length === 0) {
      e.pendingAt = at;
      e.pendingN = n;
      return;
    }
    const list = e ? this.slotsOf(e) : this.orphanList(operationId);
    for (let k = at; k < at + n; k++) list.push(this.tableSlot(table, k, operationId));
  }

  private tableSlot(t: RunTable, k: number, operationId: string): RunSlot {
    const rec = t.rec(k);
    return { id: t.id(k), operationId, rev: t.rev(k), rec, src: rec ? null : t.src, start: t.start(k), end: t.end(k) };
  }

  /** The slots of an operation's runs, made from the table if still pending. */
  private slotsOf(e: OpEntry): RunSlot[] {
    if (e.pendingN > 0) {
      const t = this.table!;
      for (let k = e.pendingAt; k < e.pendingAt + e.pendingN; k++) e.runs.push(this.tableSlot(t, k, e.op.id));
      e.pendingN = 0;
    }
    return e.runs;
  }

  private fillRunMap(): void {
    for (const e of this.order) for (const slot of this.slotsOf(e)) this.runMap.set(slot.id, slot);
    for (const list of this.orphans.values()) for (const slot of list) this.runMap.set(slot.id, slot);
    this.table = null;
    this.tableDropped = 0;
  }

  /** An operation not known yet, with its start time `t` as applyOperation computes it; from a
   * snapshot, where operations come in order (so it is an append). */
  addOperation(op: OperationRecord, rev: number, t: number): void {
    if (this.ops.has(op.id) || this.orphans.size) return this.applyOperation(op, rev);
    const entry: OpEntry = { op, rev, runs: [], t, pendingAt: 0, pendingN: 0 };
    this.ops.set(op.id, entry);
    this.insert(entry);
    this.planStats.note(entry);
    if (OPEN_STATUSES.has(op.status)) this.open.add(op.id);
  }

  /** Applies an operation's state; an older revision than the one known is ignored. */
  applyOperation(op: OperationRecord, rev = 0): void {
    const t = timeOf(op.startedAt);
    const prev = this.ops.get(op.id);
    if (prev) {
      if (rev < prev.rev) return;
      prev.rev = rev;
      if (prev.t !== t) {
        this.order.splice(this.position(prev), 1);
        prev.t = t;
        this.insert(prev);
      }
      prev.op = op;
      this.planStats.note(prev);
    } else {
      const entry: OpEntry = { op, rev, runs: this.orphans.get(op.id) ?? [], t, pendingAt: 0, pendingN: 0 };
      this.orphans.delete(op.id);
      this.ops.set(op.id, entry);
      this.insert(entry);
      this.planStats.note(entry);
    }
    if (OPEN_STATUSES.has(op.status)) this.open.add(op.id);
    else this.open.delete(op.id);
  }

  /** `start`..`end`: where its line is in the file, when it was read from there. */
  applyHookRun(run: HookRunRecord, rev = 0, start = -1, end = -1): void {
    this.addSlot({ id: run.id, operationId: run.operationId, rev, rec: run, src: null, start, end });
  }

  /** The revision known for an operation or a hook run (0 when none). */
  revOf(type: 'operation' | 'hookRun', id: string): number {
    return (type === 'operation' ? this.ops.get(id)?.rev : this.runs.get(id)?.rev) ?? 0;
  }

  private addSlot(slot: RunSlot): void {
    const prev = this.runs.get(slot.id);
    if (prev && slot.rev < prev.rev) return;
    this.runs.set(slot.id, slot);
    if (prev && prev.operationId !== slot.operationId) this.removeFrom(this.listFor(prev.operationId), prev.id);
    const list = this.listFor(slot.operationId);
    const at = prev && prev.operationId === slot.operationId ? list.findIndex((r) => r.id === slot.id) : -1;
    if (at >= 0) list[at] = slot;
    else list.push(slot);
  }

  private listFor(operationId: string): RunSlot[] {
    const entry = this.ops.get(operationId);
    return entry ? this.slotsOf(entry) : this.orphanList(operationId);
  }

  private orphanList(operationId: string): RunSlot[] {
    let list = this.orphans.get(operationId);
    if (!list) this.orphans.set(operationId, (list = []));
    return list;
  }

  private removeFrom(list: RunSlot[], id: string): void {
    const i = list.findIndex((r) => r.id === id);
    if (i >= 0) list.splice(i, 1);
  }

  /** The parsed runs of an operation, in the order they started. */
  runsOfOp(e: OpEntry): HookRunRecord[] {
    return this.runsOf(this.slotsOf(e));
  }

  /** The parsed runs of a list, in the order they started; invalid raw lines are dropped. */
  runsOf(list: RunSlot[]): HookRunRecord[] {
    let sorted = true;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      if (!slot.rec) {
        slot.rec = this.parseRun(rawText(slot), slot.id);
        slot.src = null;
        if (!slot.rec) {
          if (this.table) this.tableDropped++;
          else this.runMap.delete(slot.id);
          list.splice(i--, 1);
          continue;
        }
      }
      if (i > 0 && timeOf(list[i - 1]!.rec!.startedAt) > timeOf(slot.rec.startedAt)) sorted = false;
    }
    if (!sorted) list.sort((a, b) => timeOf(a.rec!.startedAt) - timeOf(b.rec!.startedAt));
    return list.map((s) => s.rec!);
  }

  private insert(entry: OpEntry): void {
    const last = this.order[this.order.length - 1];
    if (!last || cmp(last.t, last.op.id, entry.t, entry.op.id) <= 0) {
      this.order.push(entry);
      return;
    }
    this.order.splice(this.lowerBound(entry.t, entry.op.id), 0, entry);
  }

  /** First index whose key is >= (t, id). */
  private lowerBound(t: number, id: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.order[mid]!;
      if (cmp(e.t, e.op.id, t, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private position(entry: OpEntry): number {
    const i = this.lowerBound(entry.t, entry.op.id);
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
        end = this.lowerBound(t, '');
      }
    }
    const text = opts.text?.toLowerCase();
    const out: OperationWithRuns[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) {
      const e = this.order[i]!;
      if (opts.plan !== undefined && e.op.plan !== opts.plan) continue;
      if (opts.decision !== undefined && e.op.decision !== opts.decision) continue;
      if (text && !this.matchesText(e, text)) continue;
      out.push(this.withRuns(e));
    }
    return out;
  }

  get(id: string): OperationWithRuns | null {
    const e = this.ops.get(id);
    return e ? this.withRuns(e) : null;
  }

  getHookRun(id: string): HookRunRecord | null {
    const slot = this.runs.get(id);
    if (!slot) return null;
    if (!slot.rec) this.runsOf(this.listFor(slot.operationId));
    return slot.rec ? { ...slot.rec } : null;
  }

  findOpen(plan: string, repo: string, kind?: OperationKind): OperationRecord | null {
    let best: OpEntry | null = null;
    for (const id of this.open) {
      const e = this.ops.get(id)!;
      if (e.op.plan !== plan || e.op.repo !== repo || (kind && e.op.kind !== kind)) continue;
      if (!best || cmp(e.t, e.op.id, best.t, best.op.id) > 0) best = e;
    }
    return best ? { ...best.op } : null;
  }

  /**
   * Every record to keep, with its revision, or its raw line; oldest operation first, each
   * followed by its runs; then runs without an operation.
   */
  *records(keep: (e: OpEntry) => boolean, keepOrphan: (r: HookRunRecord) => boolean): Generator<{ rec: OperationRecord | HookRunRecord; rev: number } | string> {
    for (const e of this.order) {
      if (!keep(e)) continue;
      yield { rec: e.op, rev: e.rev };
      for (const slot of this.slotsOf(e)) yield slot.rec ? { rec: slot.rec, rev: slot.rev } : rawText(slot);
    }
    for (const list of this.orphans.values()) {
      this.runsOf(list);
      for (const slot of list) if (keepOrphan(slot.rec!)) yield { rec: slot.rec!, rev: slot.rev };
    }
  }

  /**
   * Where each hook run's line is, for a snapshot: ids, and revision, start and end (`nums`, three
   * a run), in list order — first the runs of each operation in `order` (`counts`), then orphans
   * (`orphans`: operation id, count, …). Null when a run's line is not known.
   */
  runLines(): { ids: string[]; counts: number[]; orphans: (string | number)[]; nums: number[] } | null {
    const ids: string[] = [];
    const nums: number[] = [];
    const add = (list: RunSlot[]) => {
      for (const s of list) {
        if (s.start < 0) return false;
        ids.push(s.id);
        nums.push(s.rev, s.start, s.end);
      }
      return true;
    };
    const counts: number[] = [];
    for (const e of this.order) {
      if (e.pendingN > 0) {
        // Straight from the table: a snapshot after a full read makes no slots.
        const t = this.table!;
        for (let k = e.pendingAt; k < e.pendingAt + e.pendingN; k++) {
          ids.push(t.id(k));
          nums.push(t.rev(k), t.start(k), t.end(k));
        }
        counts.push(e.pendingN);
        continue;
      }
      if (!add(e.runs)) return null;
      counts.push(e.runs.length);
    }
    const orphans: (string | number)[] = [];
    for (const [operationId, list] of this.orphans) {
      if (!list.length) continue;
      if (!add(list)) return null;
      orphans.push(operationId, list.length);
    }
    return { ids, counts, orphans, nums };
  }

  private withRuns(e: OpEntry): OperationWithRuns {
    return { ...e.op, hookRuns: this.runsOf(this.slotsOf(e)).map((r) => ({ ...r })) };
  }

  private matchesText(e: OpEntry, text: string): boolean {
    const op = e.op;
    const fields = [op.id, op.plan, op.repo, op.task, op.kind, op.status, op.reason, op.error ?? '', op.snapshotId ?? '', ...(op.command ?? [])];
    if (fields.some((f) => f.toLowerCase().includes(text))) return true;
    return this.runsOf(this.slotsOf(e)).some((r) => [r.id, r.hookId, r.hookName, r.reason, r.condition].some((f) => f.toLowerCase().includes(text)));
  }
}
