// One run of a rendered hook script: the interpreter from its `#!` line, the script as a private temp
// file, a pty, a timeout and a cancel that end the whole process group — and every process of the
// run that left it (containment.ts) —, a capped log, and the reason. The gate decides what the result
// means; this file only reports what happened.
import fs from 'node:fs';
import { ByteRing, decodeTail } from './byteRing';
import { CappedLog } from './cappedLog';
import { RunContainment, stopProcesses, strongerSignal } from './containment';
import { interpreterForScript } from './interpreter';
import { PtyProcess, type PtyExit } from './ptyProcess';
import type { ProcessLookup } from './processTree';
import type { StopSignal } from './processGroup';
import { clipReason, reasonFromOutput, stripTerminalEscapes } from './reason';
import { removeRunningRecord, writeRunningRecord } from './leftovers';
import { ensureRunDir, keptScriptFile, readStatusFile, removeRunFile, runFilePath, writeScriptFile } from './scriptFile';

/** The output a result carries for the CLI and the reason: the end is what matters, and it must stay small. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;
/** A status file is a one-line reason; read no more of it than could possibly be useful. */
const STATUS_FILE_READ_BYTES = 16 * 1024;
/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface HookProcessOptions {
  /** The rendered script: its text, or the exact bytes a template wrote (which need not be UTF-8). */
  script: string | Uint8Array;
  /** The whole child environment (the caller merges process.env, HOOKGATE_* vars and the hook's own env). */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** How long SIGTERM gets before SIGKILL, on timeout, cancel, and for processes left behind. */
  killGraceMs: number;
  /** A 0700 folder for temp scripts and status files (created if missing). */
  runDir: string;
  /**
   * The script is the same text every run (a hook without template actions): its file is kept in
   * the run folder, named after its content, and used again instead of written anew.
   */
  keepScript?: boolean;
  /** Capped log file for this run (null: no log). */
  logPath: string | null;
  logCapBytes: number;
  /** Raw pty output as it arrives (the UI batches on its own side). */
  onData?: (data: string) => void;
  /** Cancel. */
  signal?: AbortSignal;
  /**
   * Kept in the run folder while the hook runs (leftovers.ts), so that whoever opens the engine after
   * this process was killed can end what the hook left running and say which run it was.
   */
  leftoverLabel?: unknown;
  cols?: number;
  rows?: number;
  /**
   * How the run's processes that left its process group are found: the platform's way by default
   * (/proc on Linux, ps on macOS, CIM on Windows). 'ps' on Linux runs the macOS way, for its tests.
   */
  processLookup?: ProcessLookup;
}

export interface HookProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The signal that ended the hook after a timeout or cancel. */
  killedWith: 'SIGTERM' | 'SIGKILL' | null;
  /**
   * After a hook exited on its own, processes it left running — in its group (`cmd &`, surviving the
   * pty's hangup) or outside it (setsid, setpgid: found by the run's cookie and session) — are ended
   * too; this says with which signal, null if there were none.
   */
  leftoversKilledWith: 'SIGTERM' | 'SIGKILL' | null;
  /** The interpreter could not be started (not found, not executable, bad `#!` line, no such cwd). */
  spawnError: string | null;
  durationMs: number;
  /** The status file's text if the hook wrote one, else its last non-empty output line, as plain text; '' if none. */
  reason: string;
  /**
   * The log file could not be created (disk full, read-only home): what went wrong, with the path.
   * The run itself goes on without a log — a log is not worth failing a backup for.
   */
  logError: string | null;
  /** Bytes of output the run produced (the log file holds at most about the cap of them). */
  logBytes: number;
  logTruncated: boolean;
  /** The last ≤ 64 KiB of output (terminal bytes decoded as UTF-8), not the whole thing. */
  output: string;
}

/**
 * Runs a hook script in a pty and resolves once, after the hook and everything it left in its process
 * group have ended and its temp files are gone. Never rejects for anything the hook does; rejects only
 * when the run folder or the script cannot be written (a problem of the host, said with the path). A
 * log that cannot be written is reported in `logError`.
 */
export async function runHookProcess(opts: HookProcessOptions): Promise<HookProcessResult> {
  const startedAt = performance.now();
  const result: HookProcessResult = {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    killedWith: null,
    leftoversKilledWith: null,
    spawnError: null,
    durationMs: 0,
    reason: '',
    logError: null,
    logBytes: 0,
    logTruncated: false,
    output: '',
  };
  if (opts.signal?.aborted) return { ...result, cancelled: true };

  ensureRunDir(opts.runDir);
  let log: CappedLog | null = null;
  const openLog = (): void => {
    if (opts.logPath === null) return;
    try {
      log = new CappedLog(opts.logPath, opts.logCapBytes);
    } catch (err) {
      result.logError = (err as Error).message;
    }
  };
  const finishLog = async (): Promise<void> => {
    if (!log) return;
    const { bytes, truncated } = await log.close();
    result.logBytes = bytes;
    result.logTruncated = truncated;
  };
  const spawnFailed = async (message: string): Promise<HookProcessResult> => {
    result.spawnError = message;
    // `history show` of this run should say why there is no output.
    openLog();
    log?.write(`hookgate: ${message}\r\n`);
    await finishLog();
    result.durationMs = Math.round(performance.now() - startedAt);
    return result;
  };

  const script = opts.script;
  // The `#!` line is read as text; the file gets the script's own bytes.
  const chosen = interpreterForScript(typeof script === 'string' ? script : Buffer.from(script).toString('utf8'), { env: opts.env, cwd: opts.cwd });
  if ('error' in chosen) return spawnFailed(chosen.error);
  if (!isDirectory(opts.cwd)) return spawnFailed(`working directory "${opts.cwd}" does not exist`);

  const suffix = chosen.interpreter.scriptSuffix;
  const kept = opts.keepScript === true && typeof script === 'string';
  const scriptPath = kept ? keptScriptFile(opts.runDir, script, suffix) : writeScriptFile(opts.runDir, script, suffix);
  const statusPath = runFilePath(opts.runDir, 'status');
  const tail = new ByteRing(OUTPUT_TAIL_BYTES);
  const containment = new RunContainment(undefined, { lookup: opts.processLookup });
  let record: string | null = null;
  try {
    let proc: PtyProcess;
    try {
      proc = new PtyProcess({
        argv: [...chosen.interpreter.argv, scriptPath],
        env: { ...opts.env, HOOKGATE_STATUS_FILE: statusPath, ...containment.env },
        cwd: opts.cwd,
        cols: opts.cols,
        rows: opts.rows,
        onData: opts.onData,
        onBytes: (chunk) => {
          log?.write(chunk);
          tail.push(chunk);
        },
      });
    } catch (err) {
      return await spawnFailed((err as Error).message);
    }
    containment.started(proc.pid);
    if (opts.leftoverLabel !== undefined) {
      record = writeRunningRecord(opts.runDir, {
        cookie: containment.cookie,
        pid: proc.pid,
        startTicks: containment.startTicks,
        cgroup: containment.cgroupPath,
        startedAt: new Date().toISOString(),
        label: opts.leftoverLabel,
      });
    }
    // The log is created while the hook's process starts: it costs the run nothing, and no output
    // can arrive before this returns to the event loop.
    openLog();

    const exit = await runToEnd(proc, containment, opts, result);
    result.exitCode = exit.exitCode;
    result.signal = exit.signal;
    result.durationMs = Math.round(performance.now() - startedAt);

    result.output = decodeTail(tail.contents());
    const status = readStatusFile(statusPath, STATUS_FILE_READ_BYTES);
    const statusReason = status === null ? '' : clipReason(stripTerminalEscapes(status));
    result.reason = statusReason || reasonFromOutput(result.output);
    await finishLog();
    return result;
  } finally {
    containment.close();
    removeRunningRecord(record);
    if (!kept) removeRunFile(scriptPath);
    removeRunFile(statusPath);
  }
}

// Waits for the hook, ending it on timeout or cancel, then ends whatever it left, in its group or not.
async function runToEnd(proc: PtyProcess, containment: RunContainment, opts: HookProcessOptions, result: HookProcessResult): Promise<PtyExit> {
  // The group and the processes that left it are stopped side by side, so a run ends within one grace.
  const stopAll = async (): Promise<StopSignal | null> => {
    // Off /proc, children that left the group are found through the hook's tree: look at it while
    // it stands, before the group's SIGTERM makes orphans of them (after a normal exit it is gone).
    if (!proc.hasExited) await containment.look();
    const [group, strays] = await Promise.all([
      proc.stop({ first: 'SIGTERM', graceMs: opts.killGraceMs }),
      stopProcesses(() => containment.members(), { signals: ['SIGTERM', 'SIGKILL'], graceMs: opts.killGraceMs, probe: containment.probe, onKill: () => containment.killCgroup() }),
    ]);
    return strongerSignal(group, strays);
  };
  let stopping: Promise<StopSignal | null> | null = null;
  const stop = (why: 'timedOut' | 'cancelled'): void => {
    if (stopping || proc.hasExited) return; // the first of timeout and cancel is the one that counts
    result[why] = true;
    stopping = stopAll();
  };
  // setTimeout fires at once for delays past 2^31-1 ms; a timeout that long (or Infinity) means none.
  const timer = Number.isFinite(opts.timeoutMs) && opts.timeoutMs <= MAX_TIMER_MS ? setTimeout(() => stop('timedOut'), Math.max(0, opts.timeoutMs)) : undefined;
  const onAbort = (): void => stop('cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort(); // aborted while we were spawning: no event will come
  try {
    const exit = await proc.exited;
    containment.mainExited();
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    if (stopping) {
      result.killedWith = asKill(await stopping);
    } else {
      // A normal exit: a hook's processes must not outlive it (PRODUCT.md), wherever they went.
      result.leftoversKilledWith = asKill(await stopAll());
    }
    return exit;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

// Hooks are stopped SIGTERM first, so SIGINT never ends one; the mapping only satisfies the type.
function asKill(signal: StopSignal | null): 'SIGTERM' | 'SIGKILL' | null {
  return signal === 'SIGINT' ? 'SIGTERM' : signal;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
