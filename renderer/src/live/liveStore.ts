// What is happening now, kept from the host's events: recent operations with their hook runs, the
// hook runs in progress, waiting gates, the hold. Views read it through useLive (a snapshot that
// changes only when something a view shows changes); terminal output never goes through React
// state — it is handed to whoever taps a run, with a bounded tail kept for a terminal opened late.
import type { ApiEventData, ApiResponse, HookgateApi } from '../../../electron/shared/api';
import type { HookRunRecord, OperationRecord } from '../../../electron/shared/history';
import type { PlanSummary } from '../../../electron/shared/plans';

export type HookStart = ApiEventData<'hookStart'>;
type Hold = ApiResponse<'status'>['hold'];

export interface LiveOperation {
  op: OperationRecord;
  runs: HookRunRecord[];
}

export interface LiveSnapshot {
  /** Newest first, at most MAX_OPERATIONS. */
  operations: LiveOperation[];
  running: HookStart[];
  waiting: OperationRecord[];
  hold: Hold;
  connected: boolean;
  /** Every plan with its status (null until the first answer; stays null when it cannot be had). */
  plans: PlanSummary[] | null;
  /** Why the plans could not be read, when they could not. */
  plansError: string | null;
}

/** Plans are asked for again at most this often while operations change. */
const PLANS_REFRESH_MS = 400;

/** Operations kept in memory: the Now view shows the latest; History pages the rest from disk. */
const MAX_OPERATIONS = 20;
/** Output kept per running hook for a terminal opened after it started. */
export const LIVE_TAIL_BYTES = 256 * 1024;

/** Ended runs whose tail is kept (a Test's output, a run that ended before its view opened). */
const KEEP_ENDED_TAILS = 8;

type OutputTap = (data: string) => void;

export class LiveStore {
  private snapshot: LiveSnapshot = { operations: [], running: [], waiting: [], hold: null, connected: true, plans: null, plansError: null };
  private plansTimer: ReturnType<typeof setTimeout> | null = null;
  private plansSeq = 0;
  private readonly listeners = new Set<() => void>();
  private readonly taps = new Map<string, Set<OutputTap>>();
  private readonly tails = new Map<string, { chunks: string[]; bytes: number }>();
  private readonly offs: (() => void)[] = [];
  private readonly ended: string[] = [];

  constructor(private readonly api: HookgateApi) {
    this.offs.push(
      api.on('operation', (op) => this.upsertOperation(op)),
      api.on('hookStart', (run) => this.hookStart(run)),
      api.on('output', (o) => this.output(o.runId, o.data)),
      api.on('hookEnd', (run) => this.hookEnd(run)),
      api.on('hold', (h) => {
        this.set({ hold: h.hold });
        this.refreshPlansSoon();
      }),
    );
  }

  /** Loads what happened before the page opened: the status and the newest operations. */
  async load(): Promise<void> {
    // The plans (the window's first view) are asked for alongside, not after.
    const plans = this.loadPlans();
    const [status, page] = await Promise.all([this.api.call('status', {}), this.api.call('history.list', { limit: 5 })]);
    const known = new Map(this.snapshot.operations.map((o) => [o.op.id, o]));
    for (const o of [...page.operations].reverse()) {
      if (known.has(o.id)) continue;
      const { hookRuns, ...op } = o;
      known.set(o.id, { op, runs: hookRuns });
    }
    const operations = [...known.values()].sort((a, b) => b.op.startedAt.localeCompare(a.op.startedAt)).slice(0, MAX_OPERATIONS);
    const running = [...this.snapshot.running];
    for (const r of status.running) if (!running.some((x) => x.id === r.id)) running.push(r);
    this.set({ operations, running, hold: status.hold, waiting: status.waiting.map((g) => g.operation) });
    await plans;
  }

  /** Asks the host for every plan's status now. */
  async loadPlans(): Promise<void> {
    const n = ++this.plansSeq;
    try {
      const r = await this.api.call('plans.list', {});
      if (n === this.plansSeq) this.set({ plans: r.plans, plansError: null });
    } catch (err) {
      if (n === this.plansSeq) this.set({ plansError: (err as Error).message });
    }
  }

  private refreshPlansSoon(): void {
    if (this.plansTimer) return;
    this.plansTimer = setTimeout(() => {
      this.plansTimer = null;
      void this.loadPlans();
    }, PLANS_REFRESH_MS);
  }

  dispose(): void {
    for (const off of this.offs) off();
    if (this.plansTimer) clearTimeout(this.plansTimer);
  }

  getSnapshot = (): LiveSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setConnected(connected: boolean): void {
    this.set({ connected });
  }

  /** Receives a run's output from now on; returns its tail so far (to write first) and the unsubscribe. */
  tap(runId: string, listener: OutputTap): { tail: string; off: () => void } {
    let set = this.taps.get(runId);
    if (!set) this.taps.set(runId, (set = new Set()));
    set.add(listener);
    return {
      tail: this.tails.get(runId)?.chunks.join('') ?? '',
      off: () => {
        set.delete(listener);
        if (!set.size) this.taps.delete(runId);
      },
    };
  }

  /** Whether output of this run was seen here (a Test whose events were missed has none). */
  hasTail(runId: string): boolean {
    return (this.tails.get(runId)?.bytes ?? 0) > 0;
  }

  isRunning(runId: string): boolean {
    return this.snapshot.running.some((r) => r.id === runId);
  }

  private set(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private upsertOperation(op: OperationRecord): void {
    const ops = this.snapshot.operations;
    const i = ops.findIndex((o) => o.op.id === op.id);
    const next = i >= 0 ? ops.map((o, j) => (j === i ? { ...o, op } : o)) : [{ op, runs: [] }, ...ops].slice(0, MAX_OPERATIONS);
    const waiting = this.snapshot.waiting.filter((w) => w.id !== op.id);
    if (op.status === 'waiting') waiting.push(op);
    if (op.endedAt && this.tails.has(`cmd-${op.id}`) && !this.ended.includes(`cmd-${op.id}`)) this.forgetLater(`cmd-${op.id}`);
    this.set({ operations: next, waiting });
    this.refreshPlansSoon();
  }

  private hookStart(run: HookStart): void {
    if (!this.tails.has(run.id)) this.tails.set(run.id, { chunks: [], bytes: 0 });
    this.set({ running: [...this.snapshot.running.filter((r) => r.id !== run.id), run] });
  }

  /** A short run may end before its terminal is mounted: the tails of the last few ended runs stay. */
  private forgetLater(runId: string): void {
    this.ended.push(runId);
    while (this.ended.length > KEEP_ENDED_TAILS) this.tails.delete(this.ended.shift()!);
  }

  private hookEnd(run: HookRunRecord): void {
    this.forgetLater(run.id);
    const operations = this.snapshot.operations.map((o) =>
      o.op.id === run.operationId ? { ...o, runs: [...o.runs.filter((r) => r.id !== run.id), run] } : o,
    );
    this.set({ operations, running: this.snapshot.running.filter((r) => r.id !== run.id) });
  }

  private output(runId: string, data: string): void {
    let tail = this.tails.get(runId);
    // A wrapped backup command (`cmd-<operation id>`) has no start event: its tail begins with its output.
    if (!tail && runId.startsWith('cmd-')) this.tails.set(runId, (tail = { chunks: [], bytes: 0 }));
    if (tail) {
      tail.chunks.push(data);
      tail.bytes += data.length;
      // Keep only the newest output: a terminal opened late shows the end, as a terminal would.
      while (tail.bytes > LIVE_TAIL_BYTES && tail.chunks.length > 1) tail.bytes -= tail.chunks.shift()!.length;
    }
    for (const t of this.taps.get(runId) ?? []) t(data);
  }
}
