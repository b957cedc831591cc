// A hook's processes wherever they went. The process group reaches what stayed in it; a child that
// calls setpgid (coreutils `timeout`, `set -m`, python's os.setpgid) or setsid (`setsid nohup …`)
// leaves the group, and the group kill misses it. So every run also marks its processes the way
// Jenkins' ProcessTreeKiller marks a build's: a per-run cookie in the environment, which every
// descendant inherits, found again in /proc/<pid>/environ. Processes of the hook's session (the pty
// child is a session leader, so the session id is its pid) are the run's too, cookie or not: a child
// that clears its environment but stays in the session is still found. A child that clears its
// environment AND calls setsid is out of reach here; where this process has a cgroup of its own to
// manage, the run's cgroup (cgroup.ts) holds that one too.
//
// The scan must cost next to nothing for the common hook that starts nothing at all: a cookie can
// only be in processes created after the hook's own, and the kernel hands out pids in turn, so only
// the pids given out since the hook's (up to /proc/sys/kernel/ns_last_pid) are looked at — unless so
// many tasks were created meanwhile (/proc/stat's fork counter) that the pids may have wrapped
// around; then all of /proc is read. For a hook that started nothing that is two preads and a
// look at one or two pids, about 0.1 ms; a read of all of /proc costs 1.5 ms with 80 processes.
//
// Without /proc (macOS, Windows) the same question is answered from process listings: processTree.ts.
import fs from 'node:fs';
import { randomBytesPooled } from '../randomPool';
import { RunCgroup } from './cgroup';
import { environHas, forkCount, isLive, isOwnThread, lastPid, listPids, pidMax, readProcStat, taskCount } from './procInfo';
import type { StopSignal } from './processGroup';
import { defaultLookup, ProcessTree, type ProcessLookup, type ProcessProbe } from './processTree';

/** The environment variable that carries a run's cookie to every process the hook starts. */
export const RUN_COOKIE_VAR = 'HOOKGATE_RUN_COOKIE';
/** Tasks beyond those counted that may be created unseen (between the spawn and the first count). */
const WINDOW_MARGIN = 4096;
/** A window of at most this many pids is looked up pid by pid; a larger one lists /proc. */
const PROBE_MAX = 256;
/** SIGKILL cannot be caught, but a process in uninterruptible sleep dies only when it wakes. */
const SIGKILL_SETTLE_MS = 2000;
/** How often the processes being stopped are checked. */
const STOP_POLL_MS = 20;
/** While stopping, /proc is looked through again this often for processes that appeared meanwhile. */
const FULL_LOOK_MS = 250;

export function newRunCookie(): string {
  return randomBytesPooled(16).toString('hex');
}

/** `VAR=cookie` as it appears in /proc/<pid>/environ. */
export function cookieEntry(cookie: string): Buffer {
  return Buffer.from(`${RUN_COOKIE_VAR}=${cookie}`);
}

/** The processes of one hook run: its session, and everything carrying its cookie. Linux reads /proc; elsewhere process listings (processTree.ts). */
export class RunContainment {
  readonly cookie: string;
  readonly #entry: Buffer;
  /** Off /proc: the listings' view of the run. */
  readonly #tree: ProcessTree | null;
  #pid = 0;
  #startTicks: number | null = null;
  #forksAtStart: number | null = null;
  #tasksAtStart: number | null = null;
  #cgroup: RunCgroup | null = null;

  /** `lookup`: how processes are found, the platform's way by default ('ps' on Linux tests the macOS way). */
  constructor(cookie = newRunCookie(), opts: { lookup?: ProcessLookup } = {}) {
    this.cookie = cookie;
    this.#entry = cookieEntry(cookie);
    const lookup = opts.lookup ?? defaultLookup();
    this.#tree = lookup === 'proc' ? null : new ProcessTree(lookup, `${RUN_COOKIE_VAR}=${cookie}`);
  }

  /** What the hook's environment gets. */
  get env(): Record<string, string> {
    return { [RUN_COOKIE_VAR]: this.cookie };
  }

  get pid(): number {
    return this.#pid;
  }

  /** The main process's start time in clock ticks since boot (null off Linux). */
  get startTicks(): number | null {
    return this.#startTicks;
  }

  /** The run's cgroup folder (null where the run has none). */
  get cgroupPath(): string | null {
    return this.#cgroup?.path ?? null;
  }

  /** Called right after the spawn, with the pty child's pid. */
  started(pid: number): void {
    this.#pid = pid;
    if (this.#tree) return this.#tree.started(pid);
    if (!procUsable()) return;
    // Read while the hook's process starts (an exec takes longer), so they cost the run nothing.
    this.#forksAtStart = forkCount();
    this.#tasksAtStart = taskCount();
    this.#startTicks = readProcStat(pid)?.startTicks ?? null;
    this.#cgroup = RunCgroup.open(this.cookie, pid);
    if (this.#cgroup) this.#adoptEarlyChildren(this.#cgroup);
  }

  /**
   * The hook's process is moved into its cgroup a moment after it started (node-pty's spawn returns
   * some time after its fork, a move waits for the kernel), and it may have forked meanwhile: a
   * child that cleared its environment and started a session of its own would be out of every reach.
   * Its descendants by parent pid among the pids handed out since are moved in too, until none is
   * left outside. Out of reach still: one whose parent exited (a double fork) before this look.
   */
  #adoptEarlyChildren(cgroup: RunCgroup): void {
    const tree = new Set([this.#pid]);
    for (let round = 0; round < 8; round++) {
      const window = this.#window();
      if (window === null) return;
      const found: number[] = [];
      for (const pid of window) {
        if (tree.has(pid)) continue;
        const stat = readProcStat(pid);
        if (!isLive(stat) || !tree.has(stat.ppid) || (this.#startTicks !== null && stat.startTicks < this.#startTicks)) continue;
        tree.add(pid); // parents come before their children in pid order, so a chain is found in one pass
        found.push(pid);
      }
      if (found.length === 0) return;
      cgroup.adopt(found);
    }
  }

  /** The main process has exited (node-pty said so). */
  mainExited(): void {
    this.#tree?.mainExited();
  }

  /** Off /proc: one look now, so what it finds is remembered (resolves at once on Linux, where nothing needs remembering). */
  async look(): Promise<void> {
    if (this.#tree) await this.#tree.members();
  }

  /** The run has ended: no more looks; its cgroup is removed once empty, without waiting for it. */
  close(): void {
    this.#tree?.close();
    this.#cgroup?.remove();
  }

  /** How stopProcesses tells the run's processes apart and sees them gone. */
  get probe(): ProcessProbe {
    return this.#tree ?? procProbe;
  }

  /** Live processes of the run, the main one included while it runs; never this process. */
  members(): number[] | Promise<number[]> {
    if (this.#tree) return this.#tree.members();
    if (this.#pid === 0 || !procUsable()) return [];
    const main = this.#pid;
    const window = this.#window();
    // A session id names the hook's session only while its pid cannot have been handed out again:
    // inside a trusted window it cannot; after a possible wrap-around only the cookie counts.
    const bySession = window !== null;
    const found: number[] = this.#cgroup?.pids() ?? [];
    const inCgroup = new Set(found);
    const consider = (pid: number): void => {
      if (pid === process.pid || inCgroup.has(pid)) return;
      const stat = readProcStat(pid);
      if (!isLive(stat)) return;
      if (pid === main) {
        // The main process itself, while it is the one we started.
        if (stat.startTicks === this.#startTicks) found.push(pid);
        return;
      }
      if (bySession && stat.session === main) return void found.push(pid);
      // A process that started before the hook cannot carry its cookie: its environment is not read.
      if (this.#startTicks !== null && stat.startTicks < this.#startTicks) return;
      if (environHas(pid, this.#entry)) found.push(pid);
    };
    consider(main);
    if (window) {
      for (const pid of window) if (pid !== main && !isOwnThread(pid)) consider(pid);
    } else {
      for (const pid of listPids()) if (pid !== main) consider(pid);
    }
    return found;
  }

  /** SIGKILL to the run's whole cgroup at once (cgroup.kill), where it has one. */
  killCgroup(): void {
    this.#cgroup?.kill();
  }

  /** The pids handed out since the hook's, or null when they may have wrapped around (then all of /proc counts). */
  #window(): Iterable<number> | null {
    if (this.#forksAtStart === null || this.#tasksAtStart === null) return null;
    const forks = forkCount();
    const to = lastPid();
    if (to === null || forks === null) return null;
    const max = pidMax();
    // The kernel's cursor moves one step per task made, plus one per pid it skips as in use; no
    // more tasks can be in use now than at the start plus those made since.
    const made = forks - this.#forksAtStart;
    if (made + this.#tasksAtStart + made + WINDOW_MARGIN >= max) return null;
    const from = this.#pid;
    const size = (to - from + max) % max;
    if (size === 0) return [];
    if (size <= PROBE_MAX) {
      const pids: number[] = [];
      for (let p = from + 1, n = 0; n < size; n++, p++) {
        if (p >= max) p = 1; // after a wrap-around the kernel starts low again
        pids.push(p);
        if (p === to) break;
      }
      return pids;
    }
    const inWindow = to > from ? (p: number) => p > from && p <= to : (p: number) => p > from || p <= to;
    return listPids().filter(inWindow);
  }
}

let procOk: boolean | null = null;
/** Linux with a /proc of our own pid namespace (a /proc of another would name other processes by our pids). */
export function procUsable(): boolean {
  if (procOk === null) {
    try {
      procOk = process.platform === 'linux' && fs.readlinkSync('/proc/self') === String(process.pid);
    } catch {
      procOk = false;
    }
  }
  return procOk;
}

/** /proc's answer: the start time in clock ticks, read anew each time. */
const procProbe: ProcessProbe = {
  startOf: (pid) => readProcStat(pid)?.startTicks ?? null,
  isRunning: (pid, start) => {
    const stat = readProcStat(pid);
    return isLive(stat) && stat.startTicks === start;
  },
  lookEveryMs: FULL_LOOK_MS,
};

export interface StopProcessesOptions {
  signals: StopSignal[];
  graceMs: number;
  /** How a found process is told apart and seen gone (default: /proc). */
  probe?: ProcessProbe;
  /** Called as SIGKILL is sent (a run's cgroup.kill reaches what the pids found may have missed). */
  onKill?: () => void;
}

/**
 * Ends the processes `find` returns, one by one: each signal in turn (SIGCONT after all but SIGKILL,
 * so a stopped process gets its SIGTERM), `graceMs` to work, then the next. While waiting, the
 * processes already found are checked (one small read each, by pid and start time), and `find` — a
 * look through /proc or a process listing — is asked again only every `probe.lookEveryMs` and
 * before calling them all gone, so a process forked by one being stopped gets the signal of the
 * moment without /proc being read 20 times a second. Resolves with the last signal sent, null if
 * nothing was found to begin with.
 */
export async function stopProcesses(find: () => number[] | Promise<number[]>, opts: StopProcessesOptions): Promise<StopSignal | null> {
  const probe = opts.probe ?? procProbe;
  let sent: StopSignal | null = null;
  /** Processes found so far, by pid, with their start time: a pid alone may be handed out again. */
  const known = new Map<number, number>();
  const look = async (): Promise<number[]> => {
    for (const pid of await find()) if (!known.has(pid)) known.set(pid, probe.startOf(pid) ?? -1);
    return stillRunning();
  };
  const stillRunning = (): number[] => {
    const left: number[] = [];
    for (const [pid, start] of known) {
      if (probe.isRunning(pid, start)) left.push(pid);
      else known.delete(pid);
    }
    return left;
  };
  for (let i = 0; i < opts.signals.length; i++) {
    const pids = await look();
    if (pids.length === 0) return sent;
    const signal = opts.signals[i]!;
    const signalled = new Set<number>();
    const send = (list: number[]): void => {
      for (const pid of list) {
        if (signalled.has(pid)) continue;
        signalled.add(pid);
        signalPid(pid, signal);
        if (signal !== 'SIGKILL') signalPid(pid, 'SIGCONT');
      }
    };
    if (signal === 'SIGKILL') opts.onKill?.();
    send(pids);
    sent = signal;
    const last = i === opts.signals.length - 1;
    let lookedAt = Date.now();
    const gone = await pollUntil(
      async () => {
        let left = stillRunning();
        if (left.length === 0 || Date.now() - lookedAt >= probe.lookEveryMs) {
          left = await look();
          lookedAt = Date.now();
        }
        send(left);
        return left.length === 0;
      },
      last ? Math.max(opts.graceMs, SIGKILL_SETTLE_MS) : opts.graceMs,
    );
    if (gone) return sent;
  }
  return sent;
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone meanwhile, or not ours to signal (a setuid program a hook started)
  }
}

const SIGNAL_RANK: Record<StopSignal, number> = { SIGINT: 1, SIGTERM: 2, SIGKILL: 3 };
/** The stronger of two "last signal sent" answers. */
export function strongerSignal(a: StopSignal | null, b: StopSignal | null): StopSignal | null {
  if (a === null) return b;
  if (b === null) return a;
  return SIGNAL_RANK[a] >= SIGNAL_RANK[b] ? a : b;
}

/** Polls `done` every STOP_POLL_MS until it holds (true) or `timeoutMs` passes (false). */
function pollUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = async (): Promise<void> => {
      if (await done()) return resolve(true);
      const left = deadline - Date.now();
      if (left <= 0) return resolve(false);
      setTimeout(() => void check(), Math.min(STOP_POLL_MS, left));
    };
    setTimeout(() => void check(), Math.min(STOP_POLL_MS / 5, timeoutMs)); // most processes are gone a moment after the signal
  });
}
