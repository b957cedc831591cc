// One process in a pseudo-terminal, wrapped the way VS Code's terminalProcess wraps node-pty: a small
// interface, named constants for the timing, and an exit that is reported only after the output that
// preceded it has been delivered.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type * as pty from 'node-pty';
import { resolveExecutable } from './executable';
import { loadPty, PtyUnavailableError } from './ptyModule';
import { groupIsAlive, stopProcessGroup, type StopSignal } from './processGroup';
import { signalName } from './signalName';

/** The size a program sees when nobody has resized the pty: the classic terminal. */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;
/** How long stop() lets each signal work before sending the next. */
export const DEFAULT_KILL_GRACE_MS = 3000;
/**
 * Windows only: after the child exits, `exited` waits for this much silence on the pty (at most
 * EXIT_DRAIN_MAX_MS) so the last output of the console reaches onData first. On Unix node-pty reports
 * the exit only once the pty has hung up and its stream has closed, so nothing can follow it.
 */
const EXIT_DRAIN_QUIET_MS = 3;
const EXIT_DRAIN_MAX_MS = 250;
/**
 * While the child runs we hold the pty's slave side open too, and let go once the child is gone (then
 * node-pty sees the hangup and reports the exit at once). SIGCHLD says when a child of ours ended; a
 * slow poll backs it up (a signal handler someone else installed, a platform without SIGCHLD), quick
 * at first — most hooks are quick checks — and rare once a run is long, so a long backup costs next to nothing.
 */
/**
 * After the exit, the output must have been quiet this long (and a turn of the loop pass without any)
 * before we let go: the kernel refills the 4 KB the line discipline holds from its buffers behind it
 * asynchronously. 1 ms already lost nothing in 1,000 bursts of 20–60 KB with the CPUs saturated; 0 lost
 * some. (4 ms without the turn of the loop still lost about one in 200 while our loop was busy.)
 */
const SLAVE_RELEASE_QUIET_MS = 2;
const SLAVE_RELEASE_MAX_MS = 250;
function slaveHoldPollMs(ageMs: number): number {
  return ageMs < 250 ? 10 : ageMs < 3000 ? 50 : 1000;
}

export interface PtyProcessOptions {
  /** argv[0] is looked up in env.PATH (relative paths against cwd) before anything is spawned. */
  argv: string[];
  /** The child's whole environment. TERM defaults to xterm-256color. */
  env: Record<string, string>;
  cwd: string;
  cols?: number;
  rows?: number;
  /** Output as text, decoded as UTF-8 across chunk boundaries. */
  onData?: (data: string) => void;
  /** Output as the bytes the pty gave (for logs that must not re-encode what they store). */
  onBytes?: (chunk: Buffer) => void;
}

export interface PtyExit {
  exitCode: number | null;
  /** The name of the signal that ended the process ('SIGTERM'), else null. */
  signal: string | null;
}

/** The program could not be started: not found, not executable, no such working directory. */
export class SpawnError extends Error {
  override readonly name = 'SpawnError';
}

/** One process in a pty (hook scripts, and the backup command `hookgate run` wraps). */
export class PtyProcess {
  readonly pid: number;
  readonly exited: Promise<PtyExit>;
  readonly #term: pty.IPty;
  readonly #decoder: StringDecoder | null;
  readonly #onData?: (data: string) => void;
  #hasExited = false;
  /** Set once the group was seen empty after the exit: its id may then be reused by strangers, never signal it again. */
  #groupGone = false;
  #lastDataAt = 0;
  #stopping: Promise<StopSignal | null> | null = null;
  #releaseSlave: () => void = () => {};

  /** Throws SpawnError when argv[0] or cwd cannot be used; the message names what was wrong. */
  constructor(opts: PtyProcessOptions) {
    if (opts.argv.length === 0) throw new SpawnError('cannot start a process from an empty argv');
    const [command, ...args] = opts.argv;
    if (!isDirectory(opts.cwd)) throw new SpawnError(`cannot start "${command}": working directory "${opts.cwd}" does not exist`);
    const found = resolveExecutable(command, { PATH: opts.env.PATH ?? opts.env.Path, PATHEXT: opts.env.PATHEXT, cwd: opts.cwd });
    if ('error' in found) throw new SpawnError(`cannot start "${command}": ${found.error}`);

    this.#onData = opts.onData;
    this.#decoder = opts.onData ? new StringDecoder('utf8') : null;
    try {
      // Loaded on the first spawn, not at import (ptyModule.ts says why).
      this.#term = loadPty().spawn(found.path, args, {
        name: opts.env.TERM || 'xterm-256color',
        cols: opts.cols ?? DEFAULT_COLS,
        rows: opts.rows ?? DEFAULT_ROWS,
        cwd: opts.cwd,
        env: opts.env,
        // Raw bytes: the log stores them as the pty gave them, and we decode for onData ourselves.
        encoding: null,
      });
    } catch (err) {
      // Not this program's fault: every hook would fail the same way, said once without its name.
      if (err instanceof PtyUnavailableError) throw new SpawnError(err.message, { cause: err });
      throw new SpawnError(`cannot start "${command}": ${(err as Error).message}`, { cause: err });
    }
    this.pid = this.#term.pid;
    this.#releaseSlave = holdSlaveOpen(this.#term, this.pid, () => this.#lastDataAt);

    const dataListener = this.#term.onData((data: string | Buffer) => {
      this.#lastDataAt = Date.now();
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data; // Windows ignores encoding: null
      opts.onBytes?.(bytes);
      if (this.#decoder) {
        const text = this.#decoder.write(bytes);
        if (text) this.#onData!(text);
      }
    });
    this.exited = new Promise<PtyExit>((resolve) => {
      const exitListener = this.#term.onExit(({ exitCode, signal }) => {
        this.#hasExited = true;
        const exitedAt = Date.now();
        const finish = (): void => {
          this.#releaseSlave();
          dataListener.dispose();
          exitListener.dispose();
          if (process.platform !== 'win32' && !groupIsAlive(this.pid)) this.#groupGone = true;
          const rest = this.#decoder?.end();
          if (rest) this.#onData!(rest);
          // node-pty reports a signal death as exit code 0 plus the signal's number.
          resolve(signal ? { exitCode: null, signal: signalName(signal) } : { exitCode, signal: null });
        };
        const drain = (): void => {
          const now = Date.now();
          if (now - this.#lastDataAt >= EXIT_DRAIN_QUIET_MS || now - exitedAt >= EXIT_DRAIN_MAX_MS) finish();
          else setTimeout(drain, EXIT_DRAIN_QUIET_MS);
        };
        if (process.platform === 'win32') setTimeout(drain, EXIT_DRAIN_QUIET_MS);
        else finish();
      });
    });
  }

  /** True from the moment node-pty reports the exit (`exited` resolves a moment later, after the drain). */
  get hasExited(): boolean {
    return this.#hasExited;
  }

  write(data: string): void {
    if (!this.#hasExited) this.#term.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.#hasExited) this.#term.resize(cols, rows);
  }

  /** Flow control: stop reading the pty, so a fast writer blocks on a full buffer instead of filling our memory. */
  pause(): void {
    this.#term.pause();
  }

  resume(): void {
    this.#term.resume();
  }

  /**
   * Graceful stop: `first` (default SIGTERM) to the whole process group, then SIGTERM (if first was
   * SIGINT) and SIGKILL, each after graceMs. It goes on until nothing of the group runs — also what
   * the main process left behind after it exited on its own. Resolves with the last signal sent
   * (null if nothing was running) once the process has exited. Idempotent.
   */
  stop(opts: { first?: 'SIGINT' | 'SIGTERM'; graceMs?: number } = {}): Promise<StopSignal | null> {
    this.#stopping ??= this.#stop(opts.first ?? 'SIGTERM', opts.graceMs ?? DEFAULT_KILL_GRACE_MS);
    return this.#stopping;
  }

  async #stop(first: 'SIGINT' | 'SIGTERM', graceMs: number): Promise<StopSignal | null> {
    if (process.platform === 'win32') {
      // No signals or process groups: node-pty closes the console and ends the processes attached to it.
      if (this.#hasExited) return null;
      this.#term.kill();
      await this.exited;
      return 'SIGKILL';
    }
    if (this.#groupGone) return null;
    const signals: StopSignal[] = first === 'SIGINT' ? ['SIGINT', 'SIGTERM', 'SIGKILL'] : ['SIGTERM', 'SIGKILL'];
    // node-pty's word on the leader comes first; the group check covers what the leader left behind.
    // node-pty tells of an exit only once the pty's output was read to its end, which a paused reader
    // (flow control on a busy machine) holds back: on Linux a group with no live process in it (the
    // leader dead, a zombie until node-pty reaps it) is gone whatever node-pty has said so far, so a
    // process that died of SIGTERM is not reported as killed with SIGKILL.
    const isAlive = (): boolean => {
      if (!this.#hasExited) return process.platform !== 'linux' || groupIsAlive(this.pid);
      if (this.#groupGone) return false;
      if (!groupIsAlive(this.pid)) this.#groupGone = true;
      return !this.#groupGone;
    };
    const sent = await stopProcessGroup(this.pid, { signals, graceMs, isAlive });
    await this.exited;
    return sent;
  }
}

/**
 * A hook that closes or redirects all of its terminal fds (`exec >/dev/null 2>&1 </dev/null`) would
 * otherwise leave the slave side with no holder: node-pty reads EIO, closes the master, and the
 * kernel hangs up the hook's whole group with SIGHUP — a hook that silences itself would be killed
 * mid-run. Holding the slave open ourselves (O_NOCTTY: it never becomes our terminal) until the
 * child is gone keeps the terminal up for as long as the hook runs. Returns the release function.
 */
function holdSlaveOpen(term: pty.IPty, pid: number, lastDataAt: () => number): () => void {
  if (process.platform === 'win32') return () => {};
  const name = (term as pty.IPty & { ptsName?: string }).ptsName;
  if (!name) return () => {};
  let fd: number | null;
  try {
    fd = fs.openSync(name, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  } catch {
    return () => {}; // not fatal: only a hook that closes its terminal is affected
  }
  const started = Date.now();
  let exitedAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unwatch: () => void = () => {};
  const release = (): void => {
    if (timer) clearTimeout(timer);
    unwatch();
    if (fd === null) return;
    const f = fd;
    fd = null;
    try {
      fs.closeSync(f);
    } catch {
      // already closed
    }
  };
  // Linux drops what is still buffered in the pty once the last slave fd closes (beyond the 4 KB
  // the line discipline holds: a bare node-pty loses the end of a quick burst), so we let go only
  // when the output has gone quiet — everything read — or after SLAVE_RELEASE_MAX_MS if a leftover
  // keeps writing. Quiet by the clock is not enough when our own event loop was busy: the kernel
  // may have made more readable meanwhile. So one turn of the loop (whose poll reads whatever is
  // ready) must also pass without new output.
  let confirming = false;
  const check = (): void => {
    if (fd === null || confirming) return;
    const now = Date.now();
    if (exitedAt === null && hasExited(pid)) exitedAt = now;
    if (exitedAt !== null && now - exitedAt >= SLAVE_RELEASE_MAX_MS) return release();
    if (exitedAt !== null && now - lastDataAt() >= SLAVE_RELEASE_QUIET_MS) {
      confirming = true;
      const seen = lastDataAt();
      setImmediate(() =>
        setImmediate(() => {
          confirming = false;
          if (lastDataAt() === seen) release();
          else check();
        }),
      );
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, exitedAt !== null ? 1 : slaveHoldPollMs(now - started));
    timer.unref();
  };
  unwatch = onChildExit(check);
  timer = setTimeout(check, slaveHoldPollMs(0));
  timer.unref();
  return release;
}

/**
 * Whether the process has ended: gone (node-pty's thread reaps it at once), or on Linux a zombie
 * that thread is about to reap.
 */
function hasExited(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (process.platform !== 'linux') return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true; // reaped between the two looks
  }
}

// One SIGCHLD listener for all held slaves: a child of ours changed state. It stays once added (a
// signal handle costs nothing while no signal comes, and adding one per hook would).
const childExitChecks = new Set<() => void>();
let sigchldListening: boolean | null = null;
function onChildExit(check: () => void): () => void {
  if (sigchldListening === null) {
    try {
      process.on('SIGCHLD', () => {
        for (const c of [...childExitChecks]) c();
      });
      sigchldListening = true;
    } catch {
      sigchldListening = false; // no SIGCHLD here: the poll alone notices the exit
    }
  }
  if (!sigchldListening) return () => {};
  childExitChecks.add(check);
  return () => childExitChecks.delete(check);
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
