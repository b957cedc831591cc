// Signals to a pty child's whole process group. A pty child is a session leader (forkpty → setsid),
// so its pid is also its process group id, and `process.kill(-pid)` reaches everything it started
// that stayed in the group — `sleep 600 &` included. A child that calls setsid (or setpgid) itself
// leaves the group and is out of reach here; daemonizing is a deliberate escape and we do not chase it.
import fs from 'node:fs';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

/** How often a stopping group is checked for survivors. */
const GROUP_POLL_MS = 20;
/** SIGKILL cannot be caught, but a process in uninterruptible sleep (a hung NFS mount) dies only when it wakes: wait this long, then stop waiting. */
const SIGKILL_SETTLE_MS = 2000;

/** Sends a signal to every process of the group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    // EPERM: members we may not signal (a setuid program); the others got it.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether any process of the group is still running. Zombies do not count: where PID 1 does not reap
 * orphans (containers), an exited background child stays a zombie in the group forever, and
 * `kill(-pgid, 0)` alone would call the group alive.
 */
export function groupIsAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  return liveGroupMembers(pgid).length > 0;
}

/** Linux: pids of the group's processes that are not zombies, from /proc. */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return members;
  }
  for (const name of entries) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …" — comm may hold spaces and parentheses, so parse from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(name));
  }
  return members;
}

export interface StopGroupOptions {
  /** Signals to send in turn, each after the previous one had `graceMs` to work. */
  signals: StopSignal[];
  graceMs: number;
  /** Whether anything is left to stop; defaults to groupIsAlive(pgid). */
  isAlive?: () => boolean;
}

/**
 * Escalates through `signals` until nothing of the group runs. Resolves with the last signal sent
 * before the group was gone, or null when nothing was running to begin with.
 */
export async function stopProcessGroup(pgid: number, opts: StopGroupOptions): Promise<StopSignal | null> {
  const isAlive = opts.isAlive ?? (() => groupIsAlive(pgid));
  let sent: StopSignal | null = null;
  for (let i = 0; i < opts.signals.length; i++) {
    if (!isAlive()) return sent;
    const signal = opts.signals[i];
    signalGroup(pgid, signal);
    // A stopped process (Ctrl-Z, SIGSTOP) keeps a SIGTERM pending until it runs again.
    if (signal !== 'SIGKILL') signalGroup(pgid, 'SIGCONT');
    sent = signal;
    const last = i === opts.signals.length - 1;
    if (await waitUntil(() => !isAlive(), last ? Math.max(opts.graceMs, SIGKILL_SETTLE_MS) : opts.graceMs)) return sent;
  }
  return sent;
}

/** Polls `done` until it holds (true) or `timeoutMs` passes (false). */
export function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = (): void => {
      if (done()) return resolve(true);
      const left = deadline - Date.now();
      if (left <= 0) return resolve(false);
      setTimeout(check, Math.min(GROUP_POLL_MS, left));
    };
    check();
  });
}
