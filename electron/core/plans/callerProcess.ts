// The process that started a backup, found and recognised again: `hookgate signal snapshot-start`
// names its caller (borgmatic, a backup script) so the host can tell when it exits without ever
// reporting the end. A pid alone is not enough (pids are reused), so on Linux its start time from
// /proc is kept with it. Plain Node only: the CLI loads this on every START.
import fs from 'node:fs';
import path from 'node:path';
import type { OperationCaller } from '../../shared/plans';

export interface ProcessFacts {
  pid: number;
  ppid: number;
  /** Field 22 of /proc/PID/stat: clock ticks after boot; null where there is no /proc. */
  startTicks: number | null;
  /** The kernel's short name (`comm`). */
  comm: string;
  argv: string[];
}

/** What /proc says of `pid`; null when it is gone (or cannot be read). */
export function readProcess(pid: number, procRoot = '/proc'): ProcessFacts | null {
  let stat: string;
  try {
    stat = fs.readFileSync(path.join(procRoot, String(pid), 'stat'), 'latin1');
  } catch {
    return null;
  }
  // comm is in parentheses and may itself hold spaces and parentheses: the fields follow the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const comm = stat.slice(open + 1, close);
  const rest = stat.slice(close + 2).split(' ');
  const state = rest[0];
  // A zombie has exited: only its exit status waits to be collected.
  if (state === 'Z' || state === 'X') return null;
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  let argv: string[] = [];
  try {
    argv = fs.readFileSync(path.join(procRoot, String(pid), 'cmdline'), 'utf8').split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
  } catch {
    // A process of another user may hide its command line; its comm still names it.
  }
  return { pid, ppid: Number.isFinite(ppid) ? ppid : 0, startTicks: Number.isFinite(startTicks) ? startTicks : null, comm, argv };
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'fish', 'yash', 'posh']);
/** Programs that only run another command (`flock lock hookgate signal …`): they end when we do. */
const WRAPPERS = new Set(['env', 'timeout', 'nice', 'ionice', 'flock', 'chrt', 'taskset', 'setsid', 'sudo', 'doas', 'runuser', 'su', 'systemd-inhibit', 'stdbuf', 'nohup', 'caffeinate', 'time', 'xargs', 'chronic', 'unbuffer', 'npx', 'npm']);
/** Commands that do nothing a backup is made of: a shell running only these and hookgate is a wrapper. */
/** Interpreters that may run hookgate's script (`node …/hookgate.js signal …`). */
const INTERPRETERS = new Set(['node', 'nodejs', 'bun', 'deno']);
const TRIVIAL = new Set(['true', 'false', ':', 'exit', 'echo', 'printf', 'test', '[', 'exec', 'set', 'export', 'cd', 'logger']);

function mentionsHookgate(word: string): boolean {
  return /hookgate/i.test(word);
}

/**
 * Whether a `sh -c` command string only runs hookgate (and trivial commands around it):
 * borgmatic's `before_backup: hookgate signal snapshot-start … || exit 75` runs in such a shell,
 * which exits as soon as we do. A script that also runs the backup keeps its shell for the whole run.
 */
export function onlyRunsHookgate(command: string): boolean {
  const segments = command.split(/&&|\|\||[;|&\n()]/);
  let hookgate = false;
  for (const seg of segments) {
    const words = seg.trim().split(/\s+/).filter((w) => w && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    if (words.length === 0) continue;
    const first = words[0]!.replace(/^["']|["']$/g, '');
    if (mentionsHookgate(first)) {
      hookgate = true;
      continue;
    }
    if (TRIVIAL.has(path.basename(first))) continue;
    const base = path.basename(first);
    if ((WRAPPERS.has(base) && words.some(mentionsHookgate)) || (INTERPRETERS.has(base) && words.slice(1, 3).some(mentionsHookgate))) {
      hookgate = true;
      continue;
    }
    return false;
  }
  return hookgate;
}

function isWrapperOfUs(p: ProcessFacts): boolean {
  const name = path.basename(p.argv[0] ?? p.comm);
  if (SHELLS.has(p.comm) || SHELLS.has(name)) {
    // `sh -c CMD`, also with other options run together (`bash -ec CMD`).
    const c = p.argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    return c >= 0 && c + 1 < p.argv.length && onlyRunsHookgate(p.argv[c + 1]!);
  }
  if (WRAPPERS.has(p.comm) || WRAPPERS.has(name)) return p.argv.slice(1).some(mentionsHookgate);
  return false;
}

/**
 * The command line as the program itself sees it: an interpreter running a script is left out
 * (`python3 /usr/bin/borgmatic …` → `/usr/bin/borgmatic …`), also past the options of a `#!` line
 * (`perl -w /usr/bin/rsnapshot` → `/usr/bin/rsnapshot`: the kernel names the process after the
 * script, so its comm tells the script from an option's argument).
 */
export function scriptArgv(p: Pick<ProcessFacts, 'argv' | 'comm'>): string[] {
  const words = [...p.argv];
  if (words.length && /^(python[\d.]*|perl|ruby|node|bash|sh|dash|zsh)$/.test(path.basename(words[0]!))) {
    const script = words.findIndex((w, i) => i > 0 && !w.startsWith('-'));
    const afterOptions = script > 1 && p.comm.length > 0 && path.basename(words[script]!).startsWith(p.comm);
    if (script === 1 || afterOptions) words.splice(0, script);
  }
  return words;
}

/** "borgmatic --verbosity 1" from an argv (named for its script, see scriptArgv), shortened for messages. */
export function describeCommand(p: Pick<ProcessFacts, 'argv' | 'comm'>): string {
  if (p.argv.length === 0) return p.comm;
  const words = scriptArgv(p);
  words[0] = path.basename(words[0]!);
  const text = words.join(' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * The process a START signal came from: the nearest ancestor of `startPid` that is not just a
 * shell or wrapper running hookgate. Null when that is the init system (systemd's
 * `ExecCondition=` runs under pid 1, or a user's systemd): nothing to watch, the plan's max
 * duration applies; and null where there is no /proc to tell.
 */
export function findCaller(startPid: number, procRoot = '/proc'): OperationCaller | null {
  let pid = startPid;
  for (let depth = 0; depth < 16 && pid > 1; depth++) {
    const p = readProcess(pid, procRoot);
    if (!p) return null;
    if (p.comm === 'systemd' || p.comm === 'init' || p.comm === 'launchd') return null;
    if (!isWrapperOfUs(p)) return { pid: p.pid, startTicks: p.startTicks, command: describeCommand(p) };
    pid = p.ppid;
  }
  return null;
}

/**
 * The rsnapshot run that `startPid` (a cmd_postexec, maybe in its `sh -c`) runs under: its command
 * line as rsnapshot writes it into its log (`$0` and its arguments). Null where it is not found (no
 * /proc, or not run by rsnapshot).
 */
export function rsnapshotAncestor(startPid: number, procRoot = '/proc'): { argv: string[]; runString: string } | null {
  let pid = startPid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    const p = readProcess(pid, procRoot);
    if (!p) return null;
    const argv = scriptArgv(p);
    if (argv.length && path.basename(argv[0]!) === 'rsnapshot') return { argv, runString: argv.join(' ') };
    pid = p.ppid;
  }
  return null;
}

/**
 * Whether the caller still runs: the same pid with the same start time. Where there is no /proc
 * (macOS), a live pid is taken as the caller; an unknown answer (no permission) counts as running.
 */
export function callerAlive(caller: OperationCaller, procRoot = '/proc'): boolean {
  if (caller.startTicks !== null && fs.existsSync(procRoot)) {
    const p = readProcess(caller.pid, procRoot);
    return p !== null && p.startTicks === caller.startTicks;
  }
  try {
    process.kill(caller.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process as a caller (`hookgate run`: it runs the command and reports its end itself). */
export function selfCaller(procRoot = '/proc'): OperationCaller {
  const p = readProcess(process.pid, procRoot);
  return { pid: process.pid, startTicks: p?.startTicks ?? null, command: 'hookgate run' };
}
