// Operations always end. A tool that said START but never END (it crashed, its config has only a
// before-hook, the README's "try it" signal) must not leave its operation "running" forever: while
// an operation is open, its caller (the process that sent START) is watched, and when it exits the
// operation ends "without a report"; where there is no caller to watch, the plan's max duration
// ends it the same way. After a restart, open operations are checked at once. Nothing is watched
// while nothing is open: an idle host stays idle.
import type { OperationRecord } from '../../shared/history';
import { callerOf, DEFAULT_PLAN_MAX_DURATION_SEC, type OperationCaller } from '../../shared/plans';
import { describeSpan } from './duration';

export interface OperationWatchOptions {
  /** The open operations as the history has them now (refreshed). */
  openOperations: () => Promise<OperationRecord[]>;
  /** Whether an operation is still open, read fresh (another process may have ended it meanwhile). */
  stillOpen: (id: string) => Promise<boolean>;
  /** The plan's max duration in seconds. */
  maxDurationSec: (planId: string) => number;
  /** Ends an operation without a report: ERROR hooks and END fire with `.Error` = reason. */
  end: (op: OperationRecord, reason: string) => Promise<void>;
  log: (msg: string) => void;
  /**
   * What the plan's tool is known to do that explains why its process exited without a report
   * (rsnapshot runs nothing after a run it stopped on an error): said after the reason.
   */
  explain?: (op: OperationRecord, caller: OperationCaller) => Promise<string | null>;
  /** How often a watched caller is looked at (default 2 s). */
  pollMs?: number;
  alive?: (caller: OperationCaller) => boolean;
  now?: () => Date;
}

/** Local "14:02" for a reason a user reads. */
function clock(d: Date): string {
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function kindWord(op: OperationRecord): string {
  return op.kind === 'snapshot' ? 'backup' : op.kind;
}

/** Why an operation whose caller is gone ended; `when` is the moment it was noticed. */
export function callerGoneReason(op: OperationRecord, caller: OperationCaller, when: Date, atStart: boolean): string {
  const who = `${caller.command} (pid ${caller.pid})`;
  return atStart
    ? `${who} had exited without reporting the end of the ${kindWord(op)} (found at ${clock(when)}, when Hookgate looked again)`
    : `${who} exited at ${clock(when)} without reporting the end of the ${kindWord(op)}`;
}

export function maxDurationReason(op: OperationRecord, maxSec: number): string {
  const started = new Date(op.startedAt);
  const at = Number.isNaN(started.getTime()) ? '' : ` (started ${clock(started)})`;
  return `no end of the ${kindWord(op)} was reported within the plan's max duration of ${describeSpan(maxSec)}${at}`;
}

export class OperationWatch {
  /** Open operations watched: their caller polled, or a timer at their max duration. */
  private readonly watched = new Map<string, { op: OperationRecord; caller: OperationCaller | null; timer: NodeJS.Timeout | null }>();
  private poll: NodeJS.Timeout | null = null;
  private readonly ending = new Map<string, Promise<void>>();
  private closed = false;
  private readonly pollMs: number;
  private readonly alive: (c: OperationCaller) => boolean;
  private readonly now: () => Date;

  constructor(private readonly opts: OperationWatchOptions) {
    this.pollMs = opts.pollMs ?? 2000;
    this.alive = opts.alive ?? (() => true);
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * An operation changed (an engine event). A running one is watched; one this engine is still
   * gating or waiting on is its own business; an ended one is let go.
   */
  observe(op: OperationRecord): void {
    if (this.closed) return;
    if (op.status === 'running') this.watch(op);
    else this.unwatch(op.id);
  }

  /**
   * Looks at every open operation now (at start: nothing is in flight here, so whatever is open
   * was left by a process that may be gone): a caller that has exited, or a max duration passed,
   * ends it at once; the rest are watched when `keepWatching`.
   */
  async review(keepWatching: boolean): Promise<void> {
    const now = this.now();
    for (const op of await this.opts.openOperations()) {
      const caller = callerOf(op);
      if (caller && !this.alive(caller)) {
        await this.endOnce(op, callerGoneReason(op, caller, now, true), caller);
        continue;
      }
      const maxSec = this.maxSec(op);
      const started = Date.parse(op.startedAt);
      if (!Number.isNaN(started) && now.getTime() - started >= maxSec * 1000) {
        await this.endOnce(op, maxDurationReason(op, maxSec));
        continue;
      }
      if (keepWatching) this.watch(op);
    }
  }

  /** Endings under way, for a process about to exit. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.ending.values()]);
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.watched.keys()]) this.unwatch(id);
  }

  get watching(): number {
    return this.watched.size;
  }

  private maxSec(op: OperationRecord): number {
    try {
      return this.opts.maxDurationSec(op.plan);
    } catch {
      return DEFAULT_PLAN_MAX_DURATION_SEC;
    }
  }

  private watch(op: OperationRecord): void {
    const prev = this.watched.get(op.id);
    if (prev?.timer) clearTimeout(prev.timer);
    const caller = callerOf(op);
    const entry = { op, caller, timer: null as NodeJS.Timeout | null };
    this.watched.set(op.id, entry);
    // The max duration applies whether or not there is a caller: a daemon that sends START (Backrest,
    // Vorta) outlives every backup it fails to report.
    const started = Date.parse(op.startedAt);
    const due = (Number.isNaN(started) ? this.now().getTime() : started) + this.maxSec(op) * 1000;
    const arm = () => {
      const ms = due - this.now().getTime();
      // setTimeout holds at most ~24.8 days; a longer limit is re-armed on the way.
      entry.timer = setTimeout(() => (due - this.now().getTime() > 1000 ? arm() : void this.endOnce(op, maxDurationReason(op, this.maxSec(op)))), Math.min(Math.max(0, ms), 2 ** 31 - 1));
      entry.timer.unref();
    };
    arm();
    if (caller) this.startPolling();
  }

  private unwatch(id: string): void {
    const w = this.watched.get(id);
    if (!w) return;
    if (w.timer) clearTimeout(w.timer);
    this.watched.delete(id);
    if (![...this.watched.values()].some((x) => x.caller) && this.poll) {
      clearInterval(this.poll);
      this.poll = null;
    }
  }

  private startPolling(): void {
    if (this.poll) return;
    this.poll = setInterval(() => this.checkCallers(), this.pollMs);
    this.poll.unref();
  }

  private checkCallers(): void {
    const now = this.now();
    for (const w of [...this.watched.values()]) {
      if (w.caller && !this.alive(w.caller)) void this.endOnce(w.op, callerGoneReason(w.op, w.caller, now, false), w.caller);
    }
  }

  /** `gone`: the caller whose exit ended it (its tool may explain the missing report). */
  private endOnce(op: OperationRecord, reason: string, gone: OperationCaller | null = null): Promise<void> {
    const running = this.ending.get(op.id);
    if (running) return running;
    this.unwatch(op.id);
    const done = (async () => {
      // The end may have been reported meanwhile (by another process, or just now).
      if (!(await this.opts.stillOpen(op.id))) return;
      const hint = gone && this.opts.explain ? await this.opts.explain(op, gone).catch(() => null) : null;
      const why = hint ? `${reason} — ${hint}` : reason;
      this.opts.log(`operation ${op.id} of plan "${op.plan}": ${why}; ending it as "ended without a report"`);
      await this.opts.end(op, why);
    })()
      .catch((err: Error) => this.opts.log(`operation ${op.id} of plan "${op.plan}": could not be ended (${err.message})`))
      .finally(() => this.ending.delete(op.id));
    this.ending.set(op.id, done);
    return done;
  }
}
