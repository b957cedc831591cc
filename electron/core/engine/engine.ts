// The engine: runs the hooks of a lifecycle signal, turns their results into a decision
// (PRODUCT.md's table), drives an operation from START to END, and records all of it.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  conditionKind,
  isStartCondition,
  startConditionOf,
  type Condition,
  type ErrorBehaviour,
  type OperationKind,
} from '../../shared/conditions';
import { hookSchema, type Config, type Hook } from '../../shared/config';
import type { Decision, HistoryRecord, HookRunRecord, OperationRecord, OperationStatus, Trigger } from '../../shared/history';
import type { OperationCaller, OperationPlanFields } from '../../shared/plans';
import { UNKNOWN_FACTS, type SystemFacts } from '../../shared/systemFacts';
import { lastLine } from '../../shared/terminalText';
import { ConfigStore, describeIssue, findHook } from '../config';
import { HistoryStore, newId } from '../history';
import type { HookgatePaths } from '../paths';
import { CappedLog, runHookProcess } from '../runner';
import { renderHookScriptBytes } from '../template';
import { classifyOutcome, decisionForFailure, describeResult, isFailure, retryDelayMs } from './gate';
import { ptyLoadProblem } from '../runner/ptyModule';
import { hookEnv, templateVars, type EventContext } from './hookContext';
import { hooksFor } from './scope';
import type { SnapshotStatsVars } from './restic';
import { applySimulation } from '../system';
import { FactsWatch, factsPollMsFromEnv, type FactsSource } from './factsWatch';
import { Guard, type GuardHandle, type GuardTrip } from './guard';
import { endInterruptedHooks, type LeftoverLabel } from './interruptedHooks';
import { hookTestDecision, testCondition, testOperation, type HookTestRequest, type HookTestResult } from './hookTest';

export type { FactsSource } from './factsWatch';
export type { GuardHandle, GuardTrip } from './guard';
export type { HookTestRequest, HookTestResult } from './hookTest';

export interface EngineOptions {
  paths: HookgatePaths;
  facts?: FactsSource;
  log?: (msg: string) => void;
  /** Working directory for hooks without one of their own. */
  defaultCwd?: string;
  /**
   * While a gate waits or a guard watches, the facts are re-read this often and a relevant change
   * acts at once (default: HOOKGATE_FACTS_POLL_MS, else 5 s).
   */
  factsPollMs?: number;
}

export interface HookTestOptions {
  /** The hook's terminal output as it arrives. */
  onOutput?: (data: string) => void;
  /** Told the `test-…` operation id before the hook starts (a host streams that id's events to the caller). */
  onOperation?: (operationId: string) => void;
}

export interface SignalRequest {
  condition: Condition;
  plan?: string;
  repo?: string;
  task?: string;
  operationId?: string;
  snapshotId?: string;
  snapshotStats?: SnapshotStatsVars | null;
  error?: string;
  status?: 'success' | 'warning' | 'error';
  paths?: string[];
  trigger?: Trigger;
  /** For a START: wait and evaluate again on a retry decision instead of answering skip. */
  wait?: boolean;
  /** With wait: the longest the caller will wait; a later retry becomes skip. */
  maxWaitMs?: number;
  command?: string[] | null;
  /** START: the process that sent it, watched until the end is reported (see core/plans). */
  caller?: OperationCaller | null;
  /**
   * An ERROR the host records because the tool never reported the end, or an END that cannot say
   * how the run went (rsnapshot without a logfile): `error` says why.
   */
  endedWithoutReport?: boolean;
}

export interface SignalResult {
  operationId: string;
  condition: Condition;
  /** START: the gate's decision. After-events: proceed, or fail when a FATAL hook failed. */
  decision: Decision;
  reason: string;
  /** A hook's reason or the gate's, with which hook decided and how. */
  detail: string;
  hookRuns: HookRunRecord[];
  nextAttemptAt: string | null;
  operation: OperationRecord;
}

export interface SignalOptions {
  /** Told the operation's id as soon as it is known (before any hook runs). */
  onOperation?: (operationId: string) => void;
}

export type WaitAction = 'run-now' | 'skip';

export interface EngineEvents {
  operation: [op: OperationRecord];
  hookStart: [run: { id: string; operationId: string; hookId: string; hookName: string; condition: Condition; attempt: number; startedAt: string; timeoutSec: number }];
  output: [ev: { runId: string; operationId: string; data: string }];
  hookEnd: [run: HookRunRecord];
  decision: [ev: { operationId: string; condition: Condition; decision: Decision; reason: string; nextAttemptAt: string | null }];
}

export const DEFAULT_MAX_WAIT_MS = 6 * 3600_000;

interface HookPassResult {
  runs: HookRunRecord[];
  /** The first failing hook whose behaviour stopped the pass, if any. */
  stoppedBy: { hook: Hook; run: HookRunRecord; decision: Exclude<Decision, 'proceed'>; detail: string } | null;
  warnings: HookRunRecord[];
}

/** After-event conditions fired for each signal, in order (END last; after a skip only for hooks that opt in). */
function afterConditions(condition: Condition, status: SignalRequest['status']): { fire: Condition[]; status: OperationStatus } {
  const kind = conditionKind(condition);
  const K = kind?.toUpperCase();
  const errorSet = (k: string): Condition[] => [`CONDITION_${k}_ERROR` as Condition, 'CONDITION_ANY_ERROR'];
  switch (condition) {
    case 'CONDITION_ANY_ERROR':
      return { fire: ['CONDITION_ANY_ERROR'], status: 'error' };
    case 'CONDITION_SNAPSHOT_END': {
      const s = status ?? 'success';
      const first: Condition[] =
        status === undefined ? [] : s === 'error' ? errorSet('SNAPSHOT') : [s === 'warning' ? 'CONDITION_SNAPSHOT_WARNING' : 'CONDITION_SNAPSHOT_SUCCESS'];
      return { fire: [...first, 'CONDITION_SNAPSHOT_END'], status: s };
    }
    case 'CONDITION_SNAPSHOT_SKIPPED':
      return { fire: ['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_END'], status: 'skipped' };
  }
  if (condition.endsWith('_ERROR')) {
    return { fire: [...errorSet(K!), ...(kind === 'snapshot' ? (['CONDITION_SNAPSHOT_END'] as Condition[]) : [])], status: 'error' };
  }
  const s: OperationStatus = condition.endsWith('_WARNING') ? 'warning' : 'success';
  return { fire: [condition, ...(kind === 'snapshot' ? (['CONDITION_SNAPSHOT_END'] as Condition[]) : [])], status: s };
}

export class Engine extends EventEmitter<EngineEvents> {
  private readonly waiters = new Map<string, (action: WaitAction | 'wake') => void>();
  private readonly running = new Map<string, AbortController>();
  private readonly gateQueues = new Map<string, Promise<unknown>>();
  private readonly log: (msg: string) => void;
  private readonly factsWatch: FactsWatch | null;
  private readonly guards = new Set<Guard>();
  private closed = false;
  /** The history, or the run folder, could not be written (disk full, read-only): said once, until it works again. */
  private historyFailing = false;
  private historyRecoveredAt = 0;
  private runDirFailing = false;
  private logFailing = false;
  /** The config's problems as last said (the host and the CLI say those at open). */
  private saidProblems: Set<string>;
  /** Records made but not written yet, in order (see recordSoon). */
  private pendingRecords: HistoryRecord[] = [];
  private flushScheduled: NodeJS.Immediate | null = null;
  /** The last write begun; each waits for the one before, so lines land in the order they were made. */
  private lastWrite: Promise<void> = Promise.resolve();
  /** A private temp run folder for hook scripts while the home folder cannot take them. */
  private fallbackRunDir: string | null = null;

  private constructor(
    readonly paths: HookgatePaths,
    readonly config: ConfigStore,
    readonly history: HistoryStore,
    private readonly facts: FactsSource | null,
    private readonly opts: EngineOptions,
  ) {
    super();
    this.log = opts.log ?? (() => {});
    this.saidProblems = new Set(config.problems);
    this.factsWatch = facts ? new FactsWatch(facts, opts.factsPollMs ?? factsPollMsFromEnv(), this.log) : null;
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const config = await ConfigStore.load(opts.paths);
    const history = await HistoryStore.open(opts.paths, config.config.settings, { log: opts.log });
    const engine = new Engine(opts.paths, config, history, opts.facts ?? null, opts);
    await engine.endInterruptedHooks();
    return engine;
  }

  /**
   * Hooks a killed host or CLI left running (their records in the run folder) are ended before this
   * engine runs any gate — never beside them — and recorded as interrupted.
   */
  private async endInterruptedHooks(): Promise<void> {
    const logBytes = (logFile: string): number => {
      try {
        return statSync(path.join(this.paths.logsDir, logFile)).size;
      } catch {
        return 0;
      }
    };
    const { records, notes } = await endInterruptedHooks(this.paths.runDir, this.settings.killGraceMs, logBytes);
    for (const note of notes) this.log(note);
    for (const r of records) this.recordSoon(r);
    await this.flushRecords();
  }

  get settings(): Config['settings'] {
    return this.config.config.settings;
  }

  /** The hold in force now, if any. */
  currentHold(now = new Date()): Config['hold'] {
    const hold = this.config.config.hold;
    if (!hold) return null;
    if (hold.until !== null && Date.parse(hold.until) <= now.getTime()) return null;
    return hold;
  }

  /** Answers a lifecycle signal: a START is gated, any other condition fires its after-events. */
  async signal(req: SignalRequest, opts: SignalOptions = {}): Promise<SignalResult> {
    if (this.closed) throw new Error('the engine is shutting down');
    await this.history.refresh();
    if (isStartCondition(req.condition)) {
      const key = `${req.plan ?? ''}\u0000${req.repo ?? ''}`;
      // Two START signals for the same plan and repo are evaluated one after the other.
      const prev = this.gateQueues.get(key) ?? Promise.resolve();
      const next = prev.catch(() => undefined).then(() => this.gate(req, opts));
      this.gateQueues.set(key, next);
      try {
        return await next;
      } finally {
        if (this.gateQueues.get(key) === next) this.gateQueues.delete(key);
        // The answer goes out only once all it tells of is recorded (the SKIPPED and END hook runs too).
        await this.flushRecords();
      }
    }
    try {
      return await this.after(req, opts);
    } finally {
      await this.flushRecords();
    }
  }

  /** Resolves a waiting gate from any client: run now (proceed) or skip. */
  resolveWaiting(operationId: string, action: WaitAction): boolean {
    const w = this.waiters.get(operationId);
    if (!w) return false;
    w(action);
    return true;
  }

  /** Re-evaluates every waiting gate now (a relevant system fact changed). */
  wakeWaiting(): void {
    for (const w of this.waiters.values()) w('wake');
  }

  waitingOperations(): string[] {
    return [...this.waiters.keys()];
  }

  /** Cancels a running hook: its process group gets SIGTERM, then SIGKILL. */
  cancelHookRun(runId: string): boolean {
    const c = this.running.get(runId);
    if (!c) return false;
    c.abort();
    return true;
  }

  /**
   * The output of the command `hookgate run` wraps: streamed to subscribers like hook output
   * (run id `cmd-<operation id>`) and kept in a capped log beside the hook logs.
   */
  commandOutput(operationId: string): { write(data: string): void; end(): Promise<{ logFile: string; bytes: number; truncated: boolean }> } {
    const runId = `cmd-${operationId}`;
    const logPath = this.history.logPathFor(runId);
    const log = new CappedLog(logPath, this.settings.logCapBytes);
    return {
      write: (data: string) => {
        log.write(data);
        this.emit('output', { runId, operationId, data });
      },
      end: async () => {
        const { bytes, truncated } = await log.close();
        return { logFile: logFileName(logPath), bytes, truncated };
      },
    };
  }

  /**
   * Runs one hook now, as it would run for `condition`, with the facts overridden by `simulate`:
   * its output streams (engine 'output' events under a `test-…` operation id, and onOutput), and the
   * result says the decision it would give. Nothing is recorded: no operation, no hook run, no log.
   */
  async testHook(idOrHook: string | Record<string, unknown>, req: HookTestRequest = {}, opts: HookTestOptions = {}): Promise<HookTestResult> {
    if (this.closed) throw new Error('the engine is shutting down');
    await this.reloadConfig();
    const hook = typeof idOrHook === 'string' ? findHook(this.config.config, idOrHook) : parseTestHook(idOrHook);
    const condition = testCondition(hook, req.condition);
    const facts = req.simulate ? applySimulation(await this.facts_(), req.simulate) : await this.facts_();
    const operation = testOperation(hook, condition, req, newId('test'));
    opts.onOperation?.(operation.id);
    let output = '';
    const ctx: EventContext = { ...this.ctxBase({ paths: req.paths }, req.error ?? null), condition, operation, attempt: 1, facts, now: new Date() };
    const run = await this.runHook(hook, ctx, {
      record: false,
      onData: (data) => {
        // The reason and the UI only need the end; a hook printing megabytes must not grow this.
        output = (output + data).slice(-64 * 1024);
        opts.onOutput?.(data);
      },
    });
    return { hook, condition, facts, operationId: operation.id, run, output, ...hookTestDecision(hook, condition, run) };
  }

  /**
   * Watches a running operation (the command `hookgate run` wraps): when a relevant fact changes,
   * its guard hooks (START hooks marked guard) run again, recorded under the operation; the first
   * that fails with CANCEL (or RETRY: no waiting mid-run) trips the handle as skip, FATAL as fail.
   * The caller stops the command and records the end (recordGuardStop for a skip).
   */
  async guard(operationId: string, req: Pick<SignalRequest, 'paths' | 'snapshotId'> = {}): Promise<GuardHandle> {
    await this.reloadConfig();
    await this.history.refresh();
    const found = this.history.get(operationId);
    if (!found) throw new Error(`no operation "${operationId}" in the history`);
    const op = stripRuns(found);
    const hooks = hooksFor(this.config.hooks(), startConditionOf(op.kind), op.plan, op.repo).filter((h) => h.guard);
    const guard = new Guard({
      hooks,
      operation: op,
      watch: this.factsWatch?.canWatch ? (w) => this.factsWatch!.watch(w) : null,
      runHooks: async () => {
        const pass = await this.runPass(startConditionOf(op.kind), op, op.attempts || 1, this.ctxBase(req, null), true, (h) => h.guard);
        return pass.stoppedBy;
      },
      log: (m) => this.log(`operation ${op.id}: ${m}`),
      onEnd: () => this.guards.delete(guard),
    });
    this.guards.add(guard);
    guard.start();
    return guard;
  }

  /**
   * A running operation a guard hook stopped, recorded as PRODUCT.md's table says for START: a skip
   * (CANCEL) is recorded as skipped mid-way with the hook's reason, then SKIPPED and END fire — no
   * error hooks; a fail (FATAL) is recorded as failed, then ERROR, ANY_ERROR and END fire.
   */
  async recordGuardStop(operationId: string, trip: GuardTrip, req: Pick<SignalRequest, 'paths' | 'snapshotId' | 'snapshotStats'> = {}): Promise<SignalResult> {
    await this.history.refresh();
    const found = this.history.get(operationId);
    if (!found) throw new Error(`no operation "${operationId}" in the history`);
    let op = stripRuns(found);
    const condition = startConditionOf(op.kind);
    const reason = `stopped mid-way: ${trip.reason}`;
    const detail = `stopped mid-way by ${trip.detail}`;
    op.decision = trip.decision;
    op.status = trip.decision === 'skip' ? 'skipped' : 'failed';
    op.reason = reason;
    if (trip.decision === 'fail') op.error = detail;
    op.endedAt = new Date().toISOString();
    op = await this.save(op);
    this.emit('decision', { operationId: op.id, condition, decision: trip.decision, reason, nextAttemptAt: null });
    const fire: Condition[] =
      trip.decision === 'skip'
        ? op.kind === 'snapshot'
          ? ['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_END']
          : []
        : [`CONDITION_${op.kind.toUpperCase()}_ERROR` as Condition, 'CONDITION_ANY_ERROR', ...(op.kind === 'snapshot' ? (['CONDITION_SNAPSHOT_END'] as Condition[]) : [])];
    const runs = (await this.fire(fire, op, { condition, ...req }, trip.decision === 'fail' ? detail : null, trip.decision === 'skip')).runs;
    await this.flushRecords();
    return { operationId: op.id, condition, decision: trip.decision, reason, detail, hookRuns: [trip.run, ...runs], nextAttemptAt: null, operation: op };
  }

  /** Stops waiting gates (as skip) and cancels running hooks; used when a host shuts down. */
  async close(): Promise<void> {
    this.closed = true;
    for (const g of [...this.guards]) void g.stop();
    for (const w of this.waiters.values()) w('skip');
    for (const c of this.running.values()) c.abort();
    await Promise.allSettled([...this.gateQueues.values()]);
    await this.flushRecords();
    this.history.close();
    if (this.fallbackRunDir) rmSync(this.fallbackRunDir, { recursive: true, force: true });
  }

  // ---- operations -------------------------------------------------------------------------

  private newOperation(req: SignalRequest, kind: OperationKind, status: OperationStatus): OperationRecord {
    const plan = req.plan ?? 'default';
    return {
      type: 'operation',
      id: newId('op'),
      kind,
      plan,
      repo: req.repo ?? 'default',
      task: req.task ?? `${kind === 'snapshot' ? 'backup' : kind} for plan "${plan}"`,
      trigger: req.trigger ?? 'unknown',
      command: req.command ?? null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      status,
      decision: null,
      reason: '',
      attempts: 0,
      nextAttemptAt: null,
      snapshotId: req.snapshotId ?? null,
      error: null,
      exitCode: null,
      ...(req.caller ? { caller: req.caller } : {}),
    };
  }

  /** Records an operation's state with everything made before it; resolves once it is written. */
  private async save(op: OperationRecord): Promise<OperationRecord> {
    const copy = { ...op };
    await this.flushRecords(copy);
    this.emit('operation', copy);
    return copy;
  }

  /** Records a state the gate passes through ("gating") without holding up the hooks (see recordSoon). */
  private saveSoon(op: OperationRecord): OperationRecord {
    const copy = { ...op };
    this.recordSoon(copy);
    this.emit('operation', copy);
    return copy;
  }

  /**
   * Queues a record for the next write: the one the event loop makes when it is next idle — while a
   * hook's process starts, which costs the gate nothing — or the next awaited save, which writes it
   * in the same write as its own line (a gate's last hook run and its decision go to disk together).
   */
  private recordSoon(rec: HistoryRecord): void {
    this.pendingRecords.push(rec);
    this.flushScheduled ??= setImmediate(() => void this.flushRecords());
  }

  /** Writes every queued record, and `rec`, in one write after the writes before; never rejects. */
  private flushRecords(rec?: HistoryRecord): Promise<void> {
    if (rec) this.pendingRecords.push(rec);
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    if (this.pendingRecords.length === 0) return this.lastWrite;
    const batch = this.pendingRecords.splice(0);
    this.lastWrite = this.lastWrite.then(() => this.writeSafely(() => this.history.appendMany(batch)));
    return this.lastWrite;
  }

  /**
   * A history that cannot be written (disk full, read-only home) must not cost a backup its
   * decision: the gate goes on unrecorded, and the problem is said once (again once it clears).
   */
  private async writeSafely(write: () => Promise<void>): Promise<void> {
    try {
      await write();
      if (this.historyFailing) {
        this.historyFailing = false;
        this.historyRecoveredAt = Date.now();
        this.log(`the history can be written again (${this.paths.historyFile})`);
      }
    } catch (err) {
      if (this.historyFailing) return;
      this.historyFailing = true;
      // A nearly full disk flaps (a small write fits once a temp file is gone): a failure within
      // seconds of the recovery is the same episode, already said.
      if (Date.now() - this.historyRecoveredAt < 5000) return;
      this.log(`${(err as Error).message}; decisions go on, unrecorded, until it can be written`);
    }
  }

  /** Reads the config again if it changed; a problem it now has (a typo mid-edit) is said once. */
  private async reloadConfig(): Promise<void> {
    await this.config.reload();
    const problems = this.config.problems;
    for (const p of problems) if (!this.saidProblems.has(p)) this.log(p);
    if (problems.length === 0 && this.saidProblems.size > 0) this.log(`${this.config.file}: read again without problems`);
    this.saidProblems = new Set(problems);
  }

  /** Why a START gate cannot be evaluated with the config in force, or null (see ConfigStore.broken). */
  private configFailure(condition: Condition): string | null {
    const broken = this.config.broken;
    if (broken) return process.env.HOOKGATE_BROKEN_CONFIG === 'proceed' ? null : broken;
    const bad = this.config.invalidHooks.find((h) => h.conditions === null || h.conditions.includes(condition));
    return bad ? bad.problem : null;
  }

  private async facts_(): Promise<SystemFacts> {
    if (!this.facts) return UNKNOWN_FACTS;
    try {
      return await this.facts.get();
    } catch (err) {
      this.log(`system facts unavailable: ${(err as Error).message}`);
      return UNKNOWN_FACTS;
    }
  }

  // ---- START ------------------------------------------------------------------------------

  private async gate(req: SignalRequest, opts: SignalOptions): Promise<SignalResult> {
    const kind = conditionKind(req.condition)!;
    let op: OperationRecord | null = null;
    if (req.operationId) {
      const existing = this.history.get(req.operationId);
      if (!existing) throw new Error(`no operation "${req.operationId}" in the history`);
      op = { ...existing, hookRuns: undefined } as OperationRecord;
      delete (op as Partial<{ hookRuns: unknown }>).hookRuns;
      op.status = 'gating';
      if (req.caller && !(op as OperationPlanFields).caller) (op as OperationPlanFields).caller = req.caller;
    }
    op ??= this.newOperation(req, kind, 'gating');
    opts.onOperation?.(op.id);
    const started = Date.now();
    const deadline = started + (req.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    const allRuns: HookRunRecord[] = [];
    let decision: Decision;
    let reason: string;
    let detail: string;
    // The exponential backoff's step: evaluations a fact change brought forward (every percent a
    // charging battery gains) must not push the next timed retry further out.
    let backoffStep = 0;
    let wokenByFacts = false;

    for (;;) {
      op.attempts += 1;
      if (!wokenByFacts) backoffStep += 1;
      op.status = 'gating';
      op.nextAttemptAt = null;
      op = this.saveSoon(op);

      // Fail closed: a config that cannot be used with no good copy, or an invalid hook of this gate,
      // must not let the backup through as if there were no hooks.
      await this.reloadConfig();
      const closed = this.configFailure(req.condition);
      if (closed) {
        decision = 'fail';
        reason = closed;
        detail = closed;
        break;
      }

      const hold = this.currentHold();
      if (hold) {
        decision = 'skip';
        reason = hold.until ? `held by user until ${new Date(hold.until).toLocaleString()}` : 'held by user until resumed';
        detail = `${reason}; no hooks were run`;
        break;
      }

      const pass = await this.runPass(req.condition, op, op.attempts, this.ctxBase(req, null), true);
      allRuns.push(...pass.runs);
      if (!pass.stoppedBy) {
        decision = 'proceed';
        ({ reason, detail } = proceedReason(pass));
        break;
      }
      const { hook, run } = pass.stoppedBy;
      decision = pass.stoppedBy.decision;
      reason = run.reason || `hook "${hook.name}" ${run.outcome}`;
      detail = pass.stoppedBy.detail;
      if (decision !== 'wait') break;

      // A retry: answer now (skip, "try again at …"), or wait and evaluate START again.
      const delay = retryDelayMs(hook.onError as ErrorBehaviour, backoffStep);
      const nextAt = Date.now() + delay;
      op.nextAttemptAt = new Date(nextAt).toISOString();
      if (!req.wait) {
        decision = 'skip';
        const again = ` — retry asked: try again after ${new Date(nextAt).toLocaleTimeString()}`;
        reason += again;
        detail += again;
        break;
      }
      op.status = 'waiting';
      op.decision = 'wait';
      op.reason = reason;
      // For the tray: which hook holds the backup, and when waiting gives up (loose fields of the record).
      Object.assign(op, { waitingOn: hook.name, waitUntil: new Date(deadline).toISOString() });
      op = await this.save(op);
      this.emit('decision', { operationId: op.id, condition: req.condition, decision: 'wait', reason, nextAttemptAt: op.nextAttemptAt });
      const wakeAt = Math.min(nextAt, deadline);
      const action = await this.waitFor(op.id, wakeAt - Date.now());
      wokenByFacts = action === 'wake';
      if (action === 'run-now') {
        decision = 'proceed';
        reason = 'run now by user';
        detail = `${reason} (while waiting on: ${op.reason})`;
        break;
      }
      if (action === 'skip') {
        decision = 'skip';
        reason = 'skipped by user while waiting';
        detail = `${reason} (last reason: ${op.reason})`;
        break;
      }
      if (action === 'timer' && nextAt > deadline) {
        decision = 'skip';
        reason = `gave up waiting after ${Math.round((Date.now() - started) / 1000)} s (the caller's limit); last reason: ${op.reason}`;
        detail = reason;
        break;
      }
      // timer reached the next attempt, or a fact changed: evaluate START again.
    }

    op.decision = decision;
    op.reason = reason;
    if (decision === 'proceed') {
      op.status = 'running';
      op.nextAttemptAt = null;
    } else if (decision === 'skip') {
      op.status = 'skipped';
      op.endedAt = new Date().toISOString();
    } else {
      op.status = 'failed';
      op.error = detail;
      op.endedAt = new Date().toISOString();
    }
    op = await this.save(op);
    this.emit('decision', { operationId: op.id, condition: req.condition, decision, reason, nextAttemptAt: op.nextAttemptAt });

    // What fires next (PRODUCT.md): skip → SKIPPED then END, no error hooks; fail → ERROR + ANY_ERROR, then END.
    if (decision === 'skip' && kind === 'snapshot') {
      allRuns.push(...(await this.fire(['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_END'], op, req, null, true)).runs);
    } else if (decision === 'fail') {
      const fire: Condition[] = [`CONDITION_${kind.toUpperCase()}_ERROR` as Condition, 'CONDITION_ANY_ERROR'];
      if (kind === 'snapshot') fire.push('CONDITION_SNAPSHOT_END');
      allRuns.push(...(await this.fire(fire, op, req, detail)).runs);
    }
    return { operationId: op.id, condition: req.condition, decision, reason, detail, hookRuns: allRuns, nextAttemptAt: op.nextAttemptAt, operation: op };
  }

  private waitFor(operationId: string, ms: number): Promise<WaitAction | 'timer' | 'wake'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('timer'), Math.max(0, ms));
      // A relevant fact that changes (AC plugged in, network back) ends the wait at once.
      const unwatch = this.factsWatch?.watch((keys) => {
        this.log(`operation ${operationId}: system facts changed (${keys.join(', ')}); evaluating the gate again`);
        done('wake');
      });
      const done = (a: WaitAction | 'timer' | 'wake') => {
        clearTimeout(timer);
        unwatch?.();
        if (this.waiters.get(operationId) === done) this.waiters.delete(operationId);
        resolve(a);
      };
      this.waiters.set(operationId, done);
    });
  }

  // ---- after-events -----------------------------------------------------------------------

  private async after(req: SignalRequest, opts: SignalOptions): Promise<SignalResult> {
    const kind = conditionKind(req.condition);
    let op: OperationRecord | null = null;
    if (req.operationId) {
      const found = this.history.get(req.operationId);
      if (!found) throw new Error(`no operation "${req.operationId}" in the history`);
      op = stripRuns(found);
    } else {
      const open = this.history.findOpen(req.plan ?? 'default', req.repo ?? 'default', kind ?? undefined);
      if (open) op = { ...open };
    }
    // A signal without an open operation (the tool never sent START) still runs its hooks.
    op ??= { ...this.newOperation(req, kind ?? 'snapshot', 'running'), decision: 'proceed' };
    opts.onOperation?.(op.id);
    if (req.snapshotId) op.snapshotId = req.snapshotId;
    if (req.error) op.error = req.error;
    const added = req.snapshotStats?.DataAdded;
    if (typeof added === 'number' && Number.isFinite(added)) (op as OperationPlanFields).dataAdded = added;
    if (req.endedWithoutReport && req.error) Object.assign(op, { endedWithoutReport: true, reason: req.error } satisfies OperationPlanFields & { reason: string });
    const { fire, status } = afterConditions(req.condition, req.status ?? (req.error && req.condition === 'CONDITION_SNAPSHOT_END' ? 'error' : undefined));
    // An error signal without its text (borgmatic's on_error must not paste `{error}` into a shell)
    // still fails: `.Error` is never empty after an error, or an END ping would say success.
    const error = req.error || (status === 'error' ? `the ${kind === 'snapshot' || !kind ? 'backup' : kind} failed (the tool gave no details; see its log)` : null);
    if (error) op.error = error;
    const res = await this.fire(fire, op, req, error, status === 'skipped');
    op.status = res.fatal ? 'failed' : status;
    if (fire.includes('CONDITION_SNAPSHOT_END') || kind !== 'snapshot') op.endedAt = new Date().toISOString();
    op = await this.save(op);
    const decision: Decision = res.fatal ? 'fail' : 'proceed';
    const reason = res.fatal ? res.fatal : `${fire.map(shortName).join(', ')}: ${summariseRuns(res.runs)}`;
    return { operationId: op.id, condition: req.condition, decision, reason, detail: reason, hookRuns: res.runs, nextAttemptAt: null, operation: op };
  }

  /**
   * Fires after-event conditions in order; within one, CANCEL/FATAL stop its later hooks, END still
   * fires. After a skip (or a hold) END runs only the hooks that ask for it (`alsoAfterSkip`): as in
   * Backrest, an END hook otherwise means "a backup ran" — a monitoring ping must not say success.
   */
  private async fire(conditions: Condition[], op: OperationRecord, req: SignalRequest, error: string | null, afterSkip = false): Promise<{ runs: HookRunRecord[]; fatal: string | null }> {
    const runs: HookRunRecord[] = [];
    let fatal: string | null = null;
    for (const c of conditions) {
      const only = afterSkip && c === 'CONDITION_SNAPSHOT_END' ? (h: Hook) => h.alsoAfterSkip : undefined;
      const pass = await this.runPass(c, op, op.attempts || 1, this.ctxBase(req, error), false, only);
      runs.push(...pass.runs);
      if (pass.stoppedBy?.decision === 'fail' && !fatal) fatal = pass.stoppedBy.detail;
    }
    return { runs, fatal };
  }

  private ctxBase(req: Pick<SignalRequest, 'paths' | 'snapshotId' | 'snapshotStats' | 'error'>, error: string | null): Omit<EventContext, 'condition' | 'operation' | 'attempt' | 'facts' | 'now'> {
    return {
      paths: req.paths ?? [],
      snapshotId: req.snapshotId ?? null,
      snapshotStats: req.snapshotStats ?? null,
      error: error ?? req.error ?? null,
    };
  }

  // ---- hooks ------------------------------------------------------------------------------

  /** Runs the hooks of one condition in order; stops at the first failing hook that is not IGNORE. */
  private async runPass(
    condition: Condition,
    op: OperationRecord,
    attempt: number,
    base: Omit<EventContext, 'condition' | 'operation' | 'attempt' | 'facts' | 'now'>,
    _isStart: boolean,
    only: (hook: Hook) => boolean = () => true,
  ): Promise<HookPassResult> {
    await this.reloadConfig();
    const hooks = hooksFor(this.config.hooks(), condition, op.plan, op.repo).filter(only);
    const result: HookPassResult = { runs: [], stoppedBy: null, warnings: [] };
    if (hooks.length === 0) return result;
    const facts = await this.facts_();
    for (const hook of hooks) {
      const ctx: EventContext = { ...base, condition, operation: op, attempt, facts, now: new Date() };
      const run = await this.runHook(hook, ctx);
      result.runs.push(run);
      if (run.outcome === 'warning') result.warnings.push(run);
      if (!isFailure(run.outcome)) continue;
      // No hook can start when node-pty did not load: that is not this hook's failure to ignore,
      // it is a gate that cannot work, so it fails (closed) whatever the hook's behaviour.
      const decision = run.outcome === 'spawn-error' && ptyLoadProblem() ? 'fail' : decisionForFailure(hook.onError as ErrorBehaviour);
      if (decision === null) continue;
      // One line, said once: a template that did not render started no process (its reason is all
      // there is to say); a reason that already is the description ("timed out after 1 s …",
      // "could not start: …") is not repeated; a reason of several lines gives its last.
      const described = runDescription(run, hook);
      const why = lastLine(run.reason);
      const what = run.outcome === 'render-error' ? why : why.startsWith(described) ? why : why ? `${described}: ${why}` : described;
      const detail = `hook "${hook.name}" (${condition}): ${what}`;
      result.stoppedBy = { hook, run, decision, detail };
      break;
    }
    return result;
  }

  /** Runs one hook; a test run (record: false) writes no log and no history. */
  private async runHook(hook: Hook, ctx: EventContext, extra: { record: boolean; onData?: (data: string) => void } = { record: true }): Promise<HookRunRecord> {
    const runId = newId('run');
    const startedAt = new Date();
    let logPath: string | null = extra.record ? this.history.logPathFor(runId) : null;
    this.emit('hookStart', {
      id: runId,
      operationId: ctx.operation.id,
      hookId: hook.id,
      hookName: hook.name,
      condition: ctx.condition,
      attempt: ctx.attempt,
      startedAt: startedAt.toISOString(),
      timeoutSec: hook.timeoutSec,
    });
    const record = (fields: Partial<HookRunRecord>): HookRunRecord => ({
      type: 'hookRun',
      id: runId,
      operationId: ctx.operation.id,
      hookId: hook.id,
      hookName: hook.name,
      condition: ctx.condition,
      attempt: ctx.attempt,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      outcome: 'ok',
      exitCode: null,
      signal: null,
      killedWith: null,
      reason: '',
      logFile: null,
      logBytes: 0,
      logTruncated: false,
      ...fields,
    });

    let run: HookRunRecord;
    let script: string | Uint8Array | null = null;
    try {
      // The template's exact bytes go into the script file (a cut character stays that byte).
      script = renderHookScriptBytes(hook.script, () => templateVars(ctx));
    } catch (err) {
      const message = `template does not render: ${(err as Error).message}`;
      const text = `hookgate: ${message}\r\n`;
      this.emit('output', { runId, operationId: ctx.operation.id, data: text });
      extra.onData?.(text);
      run = record({ outcome: 'render-error', reason: message, ...(logPath ? await this.writeSmallLog(logPath, text) : {}) });
    }
    if (script !== null) {
      const abort = new AbortController();
      this.running.set(runId, abort);
      try {
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
        Object.assign(env, hookEnv(ctx, hook), hook.env);
        const procOpts: Parameters<typeof runHookProcess>[0] = {
          script,
          env,
          cwd: hook.cwd ?? this.opts.defaultCwd ?? os.homedir(),
          timeoutMs: hook.timeoutSec * 1000,
          killGraceMs: this.settings.killGraceMs,
          runDir: this.paths.runDir,
          keepScript: script === hook.script,
          logPath,
          logCapBytes: this.settings.logCapBytes,
          onData: (data) => {
            this.emit('output', { runId, operationId: ctx.operation.id, data });
            extra.onData?.(data);
          },
          signal: abort.signal,
          leftoverLabel: {
            runId,
            operationId: ctx.operation.id,
            hookId: hook.id,
            hookName: hook.name,
            condition: ctx.condition,
            attempt: ctx.attempt,
            logFile: logPath ? logFileName(logPath) : null,
            record: extra.record,
          } satisfies LeftoverLabel,
        };
        let res: Awaited<ReturnType<typeof runHookProcess>>;
        try {
          res = await runHookProcess(procOpts);
          this.runDirFailing = false;
        } catch (err) {
          // It rejects only when the home folder cannot take the script or the log (disk full,
          // read-only): the hook still decides, run from a private temp folder, without a log.
          if (!this.runDirFailing) this.log(`${(err as Error).message}; hooks run from a temp folder, without logs, until it can be written`);
          this.runDirFailing = true;
          logPath = null;
          res = await runHookProcess({ ...procOpts, runDir: this.tempRunDir(), logPath: null });
        }
        if (res.logError) {
          // The script could be written but not the log: the hook ran and decided, without a log.
          if (!this.logFailing) this.log(`${res.logError}; hooks run without logs until it can be written`);
          this.logFailing = true;
          logPath = null;
        } else if (logPath) {
          this.logFailing = false;
        }
        const outcome = classifyOutcome(res, hook.warnExitCodes);
        run = record({
          outcome,
          exitCode: res.exitCode,
          signal: res.signal,
          killedWith: res.killedWith,
          durationMs: res.durationMs,
          reason: res.reason || (outcome === 'ok' ? '' : describeResult(res, hook.timeoutSec)),
          logFile: logPath ? logFileName(logPath) : null,
          logBytes: res.logBytes,
          logTruncated: res.logTruncated,
        });
      } finally {
        this.running.delete(runId);
      }
    }
    // Written with the next record or once the loop is idle; the answer waits for it (flushRecords).
    if (extra.record) this.recordSoon(run!);
    this.emit('hookEnd', run!);
    return run!;
  }

  private tempRunDir(): string {
    this.fallbackRunDir ??= mkdtempSync(path.join(os.tmpdir(), 'hookgate-run-'));
    return this.fallbackRunDir;
  }

  private async writeSmallLog(logPath: string, text: string): Promise<Partial<HookRunRecord>> {
    const { writeFile } = await import('node:fs/promises');
    try {
      await writeFile(logPath, text, { mode: 0o600 });
      return { logFile: logFileName(logPath), logBytes: Buffer.byteLength(text) };
    } catch (err) {
      this.log(`could not write ${logPath}: ${(err as Error).message}`);
      return {};
    }
  }
}

/** A hook sent for a test (the editor's unsaved one): checked like a saved hook; id and name may be left out. */
function parseTestHook(input: Record<string, unknown>): Hook {
  const r = hookSchema.safeParse({ id: 'test', name: 'test', ...input });
  if (!r.success) throw new Error(`the hook to test: ${r.error.issues.map((i) => describeIssue(i, input)).join('; ')}`);
  return r.data;
}

function logFileName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1).slice(p.lastIndexOf('\\') + 1);
}

function stripRuns(op: OperationRecord & { hookRuns?: unknown }): OperationRecord {
  const { hookRuns: _runs, ...rest } = op;
  return rest as OperationRecord;
}

function shortName(c: Condition): string {
  return c.replace(/^CONDITION_/, '').toLowerCase().replace(/_/g, '-');
}

function runDescription(run: HookRunRecord, hook: Hook): string {
  return describeResult(
    { exitCode: run.exitCode, signal: run.signal, timedOut: run.outcome === 'timeout', cancelled: run.outcome === 'cancelled', spawnError: run.outcome === 'spawn-error' ? run.reason : null, durationMs: run.durationMs, killedWith: run.killedWith },
    hook.timeoutSec,
  ).replace(/^could not start: (.*)$/, 'could not start');
}

function summariseRuns(runs: HookRunRecord[]): string {
  if (runs.length === 0) return 'no hooks';
  const failed = runs.filter((r) => isFailure(r.outcome)).length;
  return `${runs.length} hook${runs.length === 1 ? '' : 's'} ran${failed ? `, ${failed} failed` : ''}`;
}

function proceedReason(pass: HookPassResult): { reason: string; detail: string } {
  const n = pass.runs.length;
  if (n === 0) return { reason: 'no hooks for this event', detail: 'no hooks for this event' };
  const ignored = pass.runs.filter((r) => isFailure(r.outcome));
  const parts = [`${n - ignored.length - pass.warnings.length} of ${n} hook${n === 1 ? '' : 's'} passed`];
  if (pass.warnings.length) parts.push(`${pass.warnings.length} warning${pass.warnings.length === 1 ? '' : 's'} (${pass.warnings.map((r) => `${r.hookName}: ${r.reason || `exit ${r.exitCode}`}`).join('; ')})`);
  if (ignored.length) parts.push(`${ignored.length} failed and ignored (${ignored.map((r) => r.hookName).join(', ')})`);
  const reason = n === 1 && !ignored.length && !pass.warnings.length && pass.runs[0]!.reason ? pass.runs[0]!.reason : parts.join(', ');
  return { reason, detail: parts.join(', ') };
}
