// What Linux's /proc tells about processes, read the cheap way: one small file per question, no
// parsing beyond what is asked. Every reader returns null (or false) when the process is gone or the
// file cannot be read, never throws: processes come and go while we look.
import fs from 'node:fs';

export interface ProcStat {
  /** R, S, D, T, Z (zombie), X (dead), … */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** When the process started, in clock ticks since boot: with the pid, names one process for good. */
  startTicks: number;
}

/** Fields of /proc/<pid>/stat; comm (field 2) may hold spaces and parentheses, so parse from the last ')'. */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state); field 22 (starttime) is f[19].
  if (f.length < 20) return null;
  return { state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), session: Number(f[3]), startTicks: Number(f[19]) };
}

/** Running, sleeping or stopped — not a zombie waiting to be reaped, not gone. */
export function isLive(stat: ProcStat | null): stat is ProcStat {
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** Whether the process holds `VAR=value` in the environment it was started with. */
export function environHas(pid: number, entry: Buffer): boolean {
  let env: Buffer;
  try {
    env = fs.readFileSync(`/proc/${pid}/environ`);
  } catch {
    return false; // gone, or not ours to read (another user's process)
  }
  // Entries are NUL-separated: the entry at the start, or after a NUL, ending in a NUL or the end.
  let at = env.indexOf(entry);
  while (at >= 0) {
    const end = at + entry.length;
    if ((at === 0 || env[at - 1] === 0) && (end === env.length || env[end] === 0)) return true;
    at = env.indexOf(entry, at + 1);
  }
  return false;
}

/** The numeric entries of /proc: every process (threads are not listed, but /proc/<tid> answers too). */
export function listPids(): number[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids;
}

/**
 * A /proc file read again and again (its content made anew on each read from offset 0): the file
 * stays open and is read with one pread, which costs a tenth of opening, reading and closing it —
 * these are read at the end of every hook run, where every 100 µs counts.
 */
class ProcFile {
  #fd: number | null | undefined;
  #buf = Buffer.alloc(4096);
  constructor(readonly path: string) {}

  read(): string | null {
    if (this.#fd === undefined) {
      try {
        this.#fd = fs.openSync(this.path, 'r');
      } catch {
        this.#fd = null;
      }
    }
    if (this.#fd === null) return null;
    try {
      for (;;) {
        const n = fs.readSync(this.#fd, this.#buf, 0, this.#buf.length, 0);
        if (n < this.#buf.length) return this.#buf.toString('latin1', 0, n);
        this.#buf = Buffer.alloc(this.#buf.length * 4); // a machine with many CPUs and interrupts
      }
    } catch {
      return null;
    }
  }
}

const loadavgFile = new ProcFile('/proc/loadavg');
const statFile = new ProcFile('/proc/stat');
const lastPidFile = new ProcFile('/proc/sys/kernel/ns_last_pid');

/** How many tasks (processes and threads) exist now: /proc/loadavg's "running/total". */
export function taskCount(): number | null {
  const text = loadavgFile.read();
  const n = Number(text?.split(' ')[3]?.split('/')[1]);
  return Number.isInteger(n) ? n : null;
}

/** The pid the kernel handed out last in our pid namespace. */
export function lastPid(): number | null {
  const text = lastPidFile.read();
  const n = text === null ? NaN : Number.parseInt(text, 10);
  return Number.isInteger(n) ? n : null;
}

/** Tasks (processes and threads) created on the machine since boot: /proc/stat's `processes`. */
export function forkCount(): number | null {
  const text = statFile.read();
  if (text === null) return null;
  const at = text.indexOf('\nprocesses ');
  if (at < 0) return null;
  const n = Number.parseInt(text.slice(at + 11, text.indexOf('\n', at + 11)), 10);
  return Number.isInteger(n) ? n : null;
}

/** Whether `tid` is a thread of this process (node-pty waits for each child on a thread of its own). */
export function isOwnThread(tid: number): boolean {
  try {
    fs.accessSync(`/proc/self/task/${tid}`);
    return true;
  } catch {
    return false;
  }
}

let cachedPidMax: number | null = null;
/** The largest pid plus one: pids are handed out in turn and wrap around here. */
export function pidMax(): number {
  if (cachedPidMax === null) {
    try {
      cachedPidMax = Number.parseInt(fs.readFileSync('/proc/sys/kernel/pid_max', 'latin1'), 10) || 32768;
    } catch {
      cachedPidMax = 32768; // the smallest the kernel allows by default: the careful guess
    }
  }
  return cachedPidMax;
}

let ownStart: number | null | undefined;
/** This process's start time in clock ticks (null where there is no /proc). */
export function ownStartTicks(): number | null {
  if (ownStart === undefined) ownStart = readProcStat(process.pid)?.startTicks ?? null;
  return ownStart;
}
