// The history in memory: operations kept sorted by start time as records arrive (so the newest
// page is a walk from the end, not a sort), hook runs by id and by operation, and the set of
// operations still open. Hook runs read from the file at start are kept as their raw line and
// parsed on first use: most of them are never looked at, and parsing 40,000 of them would be most
// of the start-up time.
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
  src: Buffer | null;
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
}

/** Parses a raw hook-run line; null (and a problem reported by the parser) when it is invalid. */
export type RunParser = (raw: string) => HookRunRecord | null;

function rawText(slot: RunSlot): string {
  return slot.src!.toString('utf8', slot.start, slot.end);
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
  readonly runs = new Map<string, RunSlot>();
  /** Runs whose operation has not been seen (yet), by operation id. */
  readonly orphans = new Map<string, RunSlot[]>();
  readonly open = new Set<string>();

  constructor(private readonly parseRun: RunParser) {}

  get operationCount(): number {
    return this.ops.size;
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
    } else {
      const entry: OpEntry = { op, rev, runs: this.orphans.get(op.id) ?? [], t };
      this.orphans.delete(op.id);
      this.ops.set(op.id, entry);
      this.insert(entry);
    }
    if (OPEN_STATUSES.has(op.status)) this.open.add(op.id);
    else this.open.delete(op.id);
  }

  applyHookRun(run: HookRunRecord, rev = 0): void {
    this.addSlot({ id: run.id, operationId: run.operationId, rev, rec: run, src: null, start: 0, end: 0 });
  }

  /** A hook run known only by its raw line, `src` bytes `start`..`end` (parsed when first needed). */
  addRawHookRun(id: string, operationId: string, rev: number, src: Buffer, start: number, end: number): void {
    this.addSlot({ id, operationId, rev, rec: null, src, start, end });
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
    if (entry) return entry.runs;
    let list = this.orphans.get(operationId);
    if (!list) this.orphans.set(operationId, (list = []));
    return list;
  }

  private removeFrom(list: RunSlot[], id: string): void {
    const i = list.findIndex((r) => r.id === id);
    if (i >= 0) list.splice(i, 1);
  }

  /** The parsed runs of a list, in the order they started; invalid raw lines are dropped. */
  runsOf(list: RunSlot[]): HookRunRecord[] {
    let sorted = true;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      if (!slot.rec) {
        slot.rec = this.parseRun(rawText(slot));
        slot.src = null;
        if (!slot.rec) {
          this.runs.delete(slot.id);
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
      for (const slot of e.runs) yield slot.rec ? { rec: slot.rec, rev: slot.rev } : rawText(slot);
    }
    for (const list of this.orphans.values()) {
      this.runsOf(list);
      for (const slot of list) if (keepOrphan(slot.rec!)) yield { rec: slot.rec!, rev: slot.rev };
    }
  }

  private withRuns(e: OpEntry): OperationWithRuns {
    return { ...e.op, hookRuns: this.runsOf(e.runs).map((r) => ({ ...r })) };
  }

  private matchesText(e: OpEntry, text: string): boolean {
    const op = e.op;
    const fields = [op.id, op.plan, op.repo, op.task, op.kind, op.status, op.reason, op.error ?? '', op.snapshotId ?? '', ...(op.command ?? [])];
    if (fields.some((f) => f.toLowerCase().includes(text))) return true;
    return this.runsOf(e.runs).some((r) => [r.id, r.hookId, r.hookName, r.reason, r.condition].some((f) => f.toLowerCase().includes(text)));
  }
}
