// The CLI's way to the engine: through the running host's socket when there is one (its hooks
// stream live to this terminal and to every other client at the same time), else the engine in
// this process, recording into the same history. If the host dies in the middle of a signal, the
// session says so and decides as --on-host-lost says (by default: evaluates the gate itself).
// Only types are imported statically: the host path never loads the engine, node-pty or zod.
import type { Engine, GuardTrip, SignalRequest, SignalResult } from '../core/engine/engine';
import type { PlanService } from '../core/plans';
import type { Decision, OperationRecord } from '../shared/history';
import { RemoteError } from '../shared/protocol';
import { HostLostError, type HostClient } from './hostClient';
import { connectToHost } from './hostSession';
import { dim, styledWriter, type OutputStyle } from './outputStyle';
import { lastLine } from '../shared/terminalText';

export interface SessionOutput {
  quiet: boolean;
  /** Where hook output and progress go (stdout, or stderr under --json). */
  out: NodeJS.WritableStream;
  /** How to write to `out` (outputStyle: a terminal, or plain lines for a log). */
  style: OutputStyle;
}

/** What to do when the host goes away mid-signal: evaluate here, or answer a fixed decision. */
export type HostLostPolicy = 'local' | 'skip' | 'fail' | 'proceed';
export const HOST_LOST_POLICIES: readonly HostLostPolicy[] = ['local', 'skip', 'fail', 'proceed'];

/** Bytes of command output queued for the host beyond which more is dropped (the terminal still shows it). */
const COMMAND_OUTPUT_HIGH_WATERMARK = 16 * 1024 * 1024;

export interface CommandLog {
  write(data: string): void;
  end(): Promise<{ logFile: string; bytes: number; truncated: boolean }>;
}

/** A guard over the operation `run` is running (Engine.guard), wherever the engine runs. */
export interface SessionGuard {
  /** Resolves only if a guard hook stops the operation; the caller then stops its command. */
  readonly tripped: Promise<GuardTrip>;
  stop(): Promise<void>;
}

type GuardRequest = Pick<SignalRequest, 'paths' | 'snapshotId'>;
type GuardStopRequest = Pick<SignalRequest, 'paths' | 'snapshotId' | 'snapshotStats'>;

export interface EngineSession {
  /** 'host' while talking to a host; 'local' when the engine runs here (from the start, or since the host went away). */
  readonly via: 'host' | 'local';
  signal(req: SignalRequest): Promise<SignalResult>;
  /** Where `hookgate run` reports its command's output (the log, and every client's live view). */
  commandOutput(operationId: string): CommandLog;
  /** Watches the running operation's guard hooks (none: `tripped` never resolves). */
  guard(operationId: string, req?: GuardRequest): Promise<SessionGuard>;
  /** Records an operation a guard hook stopped (Engine.recordGuardStop). */
  recordGuardStop(operationId: string, trip: GuardTrip, req?: GuardStopRequest): Promise<SignalResult>;
  close(): Promise<void>;
}

/** The host's session when one runs (`HOOKGATE_NO_HOST=1` forces the in-process engine), else a local one. */
export async function openSession(command: string, output: SessionOutput, onHostLost: HostLostPolicy = 'local'): Promise<EngineSession> {
  const client = process.env.HOOKGATE_NO_HOST === '1' ? null : await connectToHost(command);
  if (client) return new HostEngineSession(client, output, onHostLost);
  return LocalEngineSession.open(output);
}

// ---- live output --------------------------------------------------------------------------------

interface LivePrinter {
  hookStart(r: { hookName: string; condition: string }): void;
  output(ev: { runId: string; data: string }): void;
  hookEnd(): void;
  decision(ev: { decision: string; reason: string; nextAttemptAt: string | null }): void;
}

/** Hook output and waiting notices as a terminal shows them (or, into a log, as plain lines), whoever runs the engine. */
function livePrinter(o: SessionOutput): LivePrinter {
  const w = styledWriter(o.out, o.style);
  return {
    hookStart: (r) => {
      if (o.quiet) return;
      w.endLine();
      o.out.write(`${dim(`[hookgate] hook "${r.hookName}" (${short(r.condition)})`, o.style)}\n`);
    },
    output: (ev) => {
      // The wrapped command's own output (run id cmd-…) is shown by `run` itself.
      if (o.quiet || ev.runId.startsWith('cmd-')) return;
      w.write(ev.data);
    },
    hookEnd: () => {
      if (!o.quiet) w.endLine();
    },
    decision: (ev) => {
      if (ev.decision === 'wait') {
        const at = ev.nextAttemptAt ? new Date(ev.nextAttemptAt).toLocaleTimeString() : 'later';
        process.stderr.write(`hookgate: waiting — ${ev.reason}; next attempt at ${at}\n`);
      }
    },
  };
}

// ---- in this process ----------------------------------------------------------------------------

/**
 * A fact source that is unavailable here (no NetworkManager, say) is noted by a host once; a
 * CLI process starts afresh for every signal, so it keeps quiet unless HOOKGATE_DEBUG asks.
 */
function factsLogger(): (msg: string) => void {
  return process.env.HOOKGATE_DEBUG ? (m) => process.stderr.write(`hookgate: ${m}\n`) : () => {};
}

export async function openLocalEngine(): Promise<Engine> {
  const [{ hookgatePaths }, { Engine }, { SystemFactsProvider }] = await Promise.all([import('../core/paths'), import('../core/engine/engine'), import('../core/system')]);
  const log = (m: string) => process.stderr.write(`hookgate: ${m}\n`);
  const facts = new SystemFactsProvider({ logger: factsLogger() });
  const engine = await Engine.open({ paths: hookgatePaths(), facts, log });
  for (const p of [...engine.config.problems, ...engine.history.problems]) log(p);
  return engine;
}

/** Streams hook output and waiting notices of `engine` to the terminal while `fn` runs. */
async function withLiveOutput<T>(engine: Engine, o: SessionOutput, fn: () => Promise<T>): Promise<T> {
  const p = livePrinter(o);
  const onStart = (r: { hookName: string; condition: string }) => p.hookStart(r);
  const onOutput = (ev: { runId: string; data: string }) => p.output(ev);
  const onEnd = () => p.hookEnd();
  const onDecision = (ev: { decision: string; reason: string; nextAttemptAt: string | null }) => p.decision(ev);
  engine.on('hookStart', onStart);
  engine.on('output', onOutput);
  engine.on('hookEnd', onEnd);
  engine.on('decision', onDecision);
  try {
    return await fn();
  } finally {
    engine.off('hookStart', onStart);
    engine.off('output', onOutput);
    engine.off('hookEnd', onEnd);
    engine.off('decision', onDecision);
  }
}

class LocalEngineSession implements EngineSession {
  readonly via = 'local' as const;
  private constructor(
    readonly engine: Engine,
    private readonly output: SessionOutput,
    private readonly plans: PlanService,
  ) {}

  static async open(output: SessionOutput): Promise<LocalEngineSession> {
    const engine = await openLocalEngine();
    // Without a host nobody watches open operations: each CLI run ends those whose tool is gone.
    const { PlanService } = await import('../core/plans');
    const plans = await PlanService.attach(engine, { log: (m) => process.stderr.write(`hookgate: ${m}\n`), keepWatching: false });
    return new LocalEngineSession(engine, output, plans);
  }

  signal(req: SignalRequest): Promise<SignalResult> {
    return withLiveOutput(this.engine, this.output, () => this.engine.signal(req));
  }

  commandOutput(operationId: string): CommandLog {
    return this.engine.commandOutput(operationId);
  }

  guard(operationId: string, req: GuardRequest = {}): Promise<SessionGuard> {
    return this.engine.guard(operationId, req);
  }

  recordGuardStop(operationId: string, trip: GuardTrip, req: GuardStopRequest = {}): Promise<SignalResult> {
    return withLiveOutput(this.engine, this.output, () => this.engine.recordGuardStop(operationId, trip, req));
  }

  async close(): Promise<void> {
    await this.plans.close();
    await this.engine.close();
  }
}

// ---- through the host ---------------------------------------------------------------------------

class HostEngineSession implements EngineSession {
  private local: LocalEngineSession | null = null;
  private readonly printer: LivePrinter;

  constructor(
    private readonly client: HostClient,
    private readonly output: SessionOutput,
    private readonly onHostLost: HostLostPolicy,
  ) {
    this.printer = livePrinter(output);
    // Events reach this connection only for the operation of its own running signal.
    client.on('hookStart', (r) => this.printer.hookStart(r));
    client.on('output', (ev) => this.printer.output(ev));
    client.on('hookEnd', () => this.printer.hookEnd());
    client.on('decision', (ev) => this.printer.decision(ev));
  }

  get via(): 'host' | 'local' {
    return this.local ? 'local' : 'host';
  }

  async signal(req: SignalRequest): Promise<SignalResult> {
    if (this.local) return this.local.signal(req);
    let operationId: string | null = req.operationId ?? null;
    const lostBefore = this.client.isLost;
    const offOp = this.client.on('operation', (op) => (operationId = op.id));
    const offStart = this.client.on('hookStart', (r) => (operationId = r.operationId));
    try {
      return (await this.client.call('signal', req, { stream: true })) as SignalResult;
    } catch (err) {
      const lost = err instanceof HostLostError || (err instanceof RemoteError && err.code === 'host-stopping');
      if (!lost) throw err;
      return this.hostLost(req, operationId, err as Error, lostBefore ? 'before this signal' : 'during the signal');
    } finally {
      offOp();
      offStart();
    }
  }

  commandOutput(operationId: string): CommandLog {
    if (this.local) return this.local.commandOutput(operationId);
    let failed = false;
    let dropped = 0;
    const report = (err: unknown) => {
      if (failed) return;
      failed = true;
      if (!(err instanceof HostLostError)) process.stderr.write(`hookgate: the host did not take the command's output: ${(err as Error).message}\n`);
    };
    return {
      write: (data) => {
        // Not awaited: the terminal must not wait for the host; requests stay in order on the socket.
        if (failed || this.client.isLost) return;
        // A command printing faster than the host takes it must not grow this process without bound.
        if (this.client.bufferedBytes > COMMAND_OUTPUT_HIGH_WATERMARK) {
          if (dropped++ === 0) process.stderr.write('hookgate: the command prints faster than the host takes it; its log and live view miss some output\n');
          return;
        }
        this.client.call('command.output', { operationId, data }).catch(report);
      },
      end: async () => {
        if (failed || this.client.isLost) return { logFile: '', bytes: 0, truncated: false };
        try {
          return await this.client.call('command.end', { operationId });
        } catch (err) {
          report(err);
          return { logFile: '', bytes: 0, truncated: false };
        }
      },
    };
  }

  async guard(operationId: string, req: GuardRequest = {}): Promise<SessionGuard> {
    if (this.local) return this.local.guard(operationId, req);
    const watch = this.client.call('guard.watch', { operationId, ...req });
    const tripped = new Promise<GuardTrip>((resolve) => {
      // A host that goes away takes its guard with it: the command goes on unguarded.
      watch.then((r) => r.trip && resolve(r.trip as GuardTrip)).catch(() => {});
    });
    return {
      tripped,
      stop: async () => {
        if (!this.client.isLost) await this.client.call('guard.stop', { operationId }).catch(() => {});
        await watch.catch(() => {});
      },
    };
  }

  async recordGuardStop(operationId: string, trip: GuardTrip, req: GuardStopRequest = {}): Promise<SignalResult> {
    if (this.local) return this.local.recordGuardStop(operationId, trip, req);
    try {
      return (await this.client.call('guard.recordStop', { operationId, trip, ...req }, { stream: true })) as SignalResult;
    } catch (err) {
      if (!(err instanceof HostLostError || (err instanceof RemoteError && err.code === 'host-stopping'))) throw err;
      process.stderr.write(`hookgate: the host (pid ${this.client.host.pid}) went away (${(err as Error).message}); recording the stop here instead\n`);
      this.local = await LocalEngineSession.open(this.output);
      return this.local.recordGuardStop(operationId, trip, req);
    }
  }

  async close(): Promise<void> {
    this.client.close();
    await this.local?.close();
  }

  private async hostLost(req: SignalRequest, operationId: string | null, err: Error, when: string): Promise<SignalResult> {
    const who = `the host (pid ${this.client.host.pid})`;
    if (this.onHostLost !== 'local') {
      process.stderr.write(`hookgate: ${who} went away ${when} (${err.message}); answering ${this.onHostLost} as --on-host-lost says\n`);
      return hostLostResult(req, operationId, this.onHostLost, `${who} went away ${when}; --on-host-lost ${this.onHostLost}`);
    }
    process.stderr.write(`hookgate: ${who} went away ${when} (${err.message}); evaluating it here instead\n`);
    this.local = await LocalEngineSession.open(this.output);
    // Continue the operation the host had started, if it got as far as recording it.
    await this.local.engine.history.refresh();
    const known = operationId !== null && this.local.engine.history.get(operationId) !== null;
    return this.local.signal(known ? { ...req, operationId: operationId! } : req);
  }
}

function hostLostResult(req: SignalRequest, operationId: string | null, decision: Exclude<HostLostPolicy, 'local'>, reason: string): SignalResult {
  const now = new Date().toISOString();
  const d: Decision = decision;
  const operation: OperationRecord = {
    type: 'operation',
    id: operationId ?? '',
    kind: (/^CONDITION_(SNAPSHOT|PRUNE|CHECK|FORGET)_/.exec(req.condition)?.[1]?.toLowerCase() ?? 'snapshot') as OperationRecord['kind'],
    plan: req.plan ?? 'default',
    repo: req.repo ?? 'default',
    task: req.task ?? '',
    trigger: req.trigger ?? 'unknown',
    command: req.command ?? null,
    startedAt: now,
    endedAt: now,
    status: d === 'proceed' ? 'running' : d === 'skip' ? 'skipped' : 'failed',
    decision: d,
    reason,
    attempts: 0,
    nextAttemptAt: null,
    snapshotId: req.snapshotId ?? null,
    error: d === 'fail' ? reason : null,
    exitCode: null,
  };
  return { operationId: operation.id, condition: req.condition, decision: d, reason, detail: reason, hookRuns: [], nextAttemptAt: null, operation };
}

function short(c: string): string {
  return c.replace(/^CONDITION_/, '').toLowerCase().replace(/_/g, '-');
}

/**
 * The last line a caller (and a human reading a journal) sees. `planGuessed`: no --plan was given,
 * so the line says which plan the event was taken for.
 */
export function decisionLine(r: SignalResult, opts: { planGuessed?: boolean } = {}): string {
  const what = r.condition.endsWith('_START') ? r.decision : r.decision === 'fail' ? 'fail' : 'done';
  const text = r.detail && r.detail !== r.reason ? r.detail : r.reason;
  const plan = opts.planGuessed && r.operation?.plan ? ` (plan "${r.operation.plan}": no --plan given)` : '';
  // One line: a reason of several lines (a status file, a tool's error output) ends with its point.
  return `hookgate: ${what} — ${lastLine(text)}${plan}\n`;
}

/**
 * `hookgate run`'s last line: how the backup ended, in signal's words — fail, skip, done (warning for
 * one with warnings) — then what the after-events did. The command's own end decides as much as the
 * record: an after-event a lost host answered in its place must not make a failed backup read as done.
 */
export function runEndLine(r: SignalResult, command: { status: 'success' | 'warning' | 'error'; error?: string }): string {
  const op = r.operation?.status;
  const what =
    r.decision === 'fail' || command.status === 'error' || op === 'failed' || op === 'error'
      ? 'fail'
      : op === 'skipped'
        ? 'skip'
        : command.status === 'warning' || op === 'warning'
          ? 'warning'
          : 'done';
  const hooks = lastLine(r.detail && r.detail !== r.reason ? r.detail : r.reason);
  const why = command.status === 'success' ? '' : lastLine(command.error ?? '');
  return `hookgate: ${what} — ${why && why !== hooks ? `${why}${hooks ? `; ${hooks}` : ''}` : hooks}\n`;
}

export type { SignalRequest, SignalResult };
