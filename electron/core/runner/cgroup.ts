// A cgroup per hook run, where this process has one of its own to manage (Linux, cgroup v2). The
// hook's process is moved in right after the spawn (what it forked before is moved in after it), and
// the kernel puts every process it forks there, whatever it does to its environment, session or
// process group, so the run's end reaches the one the cookie and session cannot: a child that clears
// its environment AND calls setsid. `cgroup.kill` (Linux 5.14) ends a whole cgroup in one step, even
// a process forking as fast as it can. What is left out: a hook that moves itself out of its cgroup on
// purpose, such a child started by a double fork in the hook's first moment (before the move), and
// machines where no cgroup is ours — there the cookie and session (containment.ts) are all there is.
//
// Which cgroup is ours to manage. Our own (the `0::` line of /proc/self/cgroup), below a cgroup2
// mount, when it is ours by the kernel's delegation rule — the folder and its cgroup.procs writable
// by us (owned by our uid unless we are root) — and a probe child can be made and removed. Under
// systemd that is not enough: systemd manages the folders of its units (`*.service`, `*.scope`, …)
// and a folder made below one it did not delegate is meddling. Systemd marks delegation with an
// extended attribute (`trusted.delegate`, and `user.delegate` since 253), which Node cannot read, so
// the rule here is what can be seen: a unit's own folder is used only where systemd handed it to a
// user — owned by our (non-root) uid while its parent is not, which is what `Delegate=yes` with
// `User=` does. A folder whose name is no unit's (the root of a cgroup namespace, or a folder made
// below a unit: systemd makes only unit folders, so whoever made it had the subtree delegated, e.g.
// `DelegateSubgroup=`) is used by the rule above. A unit delegated to root, or a `--user` scope with
// `Delegate=yes`, is left alone: with the xattr unread they look like any other unit.
//
// Measured on Linux 6.18 (2 shared cores, load 2–11): mkdir 0.1 ms, rmdir 0.05–0.7 ms, a move into a
// cgroup a median of 0.7–3 ms (90% under 6 ms, single moves of 10–30 ms with the machine saturated) —
// the kernel waits for an RCU grace period to take the lock fork() also takes, unless a move happened
// just before. The hook is not held for it (a stop, or a /bin/sh that moves itself in before it execs
// the hook, cost the gate 2–3 ms of its ~15): it runs meanwhile, and what it forked before the move is
// moved in after it (containment.ts). Forks elsewhere were not measurably slower during moves than
// during the same work without one.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytesPooled } from '../randomPool';
import { isLive, readProcStat } from './procInfo';

/** Run cgroups are named after the run's cookie, so one a crash left is recognisable. */
export const RUN_CGROUP_PREFIX = 'hookgate-run-';
const COOKIE_RE = /^[0-9a-f]{32}$/;
/** What systemd names its units' folders. */
const SYSTEMD_UNIT_RE = /\.(service|scope|slice|socket|mount|swap)$/;
/** A run cgroup emptier than this is one a crashed run left, not one a live run is setting up. */
const STALE_AFTER_MS = 10_000;
/** A run cgroup still populated after its run is looked at again on this schedule, then left to the next start. */
const REMOVE_RETRY_MS = [250, 1000, 5000, 30_000, 120_000];

export interface CgroupSupport {
  /** Our own cgroup's folder, where run cgroups are made. */
  dir: string;
  /** Whether child cgroups have `cgroup.kill` (Linux ≥ 5.14). */
  kill: boolean;
}

type Detected = { ok: true; support: CgroupSupport } | { ok: false; why: string | null };
let detected: Detected | null = null;
let log: ((msg: string) => void) | null = null;

/**
 * Where a line about the cgroup going unusable mid-life goes (the host's log). Said once: after it
 * the process runs without cgroups.
 */
export function setCgroupLog(fn: ((msg: string) => void) | null): void {
  log = fn;
}

/** This process's cgroup if hook runs can get cgroups in it (detected once, cached), else null. */
export function cgroupSupport(): CgroupSupport | null {
  detected ??= detect();
  return detected.ok ? detected.support : null;
}

/**
 * A line for the host's log when hook runs get no cgroup on Linux, saying why (null where they get
 * one, or off Linux, where there is none to expect).
 */
export function cgroupFallbackNote(): string | null {
  cgroupSupport();
  if (!detected || detected.ok || detected.why === null) return null;
  return `hook processes are tracked by their run's cookie and session only, without a cgroup: ${detected.why}`;
}

/** Stop using cgroups for the rest of this process's life, and say so once. */
function giveUp(why: string): void {
  if (detected?.ok === false) return;
  detected = { ok: false, why };
  log?.(`hook runs no longer get a cgroup: ${why}; their processes are tracked by cookie and session only`);
}

function detect(): Detected {
  if (process.platform !== 'linux') return { ok: false, why: null };
  const setting = process.env.HOOKGATE_CGROUP;
  if (setting === 'off' || setting === '0') return { ok: false, why: `turned off by HOOKGATE_CGROUP=${setting}` };
  let own: string | null;
  let mounts: CgroupMount[];
  try {
    own = ownCgroup(fs.readFileSync('/proc/self/cgroup', 'utf8'));
    mounts = cgroup2Mounts(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch (err) {
    return { ok: false, why: `/proc could not be read (${(err as Error).message})` };
  }
  if (own === null) return { ok: false, why: 'this process is in no cgroup v2 group (a cgroup v1-only system)' };
  const dir = folderOf(own, mounts);
  if (dir === null) return { ok: false, why: mounts.length === 0 ? 'no cgroup v2 hierarchy is mounted' : `this process's cgroup ${own} is not under a cgroup v2 mount it can see` };
  const uid = process.getuid?.() ?? -1;
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    return { ok: false, why: `${dir} cannot be read (${(err as Error).message})` };
  }
  const name = path.posix.basename(own);
  if (SYSTEMD_UNIT_RE.test(name) && !delegatedToUs(dir, st, uid)) {
    return { ok: false, why: `this process runs in systemd's ${name} (${dir}), which is not delegated to it` };
  }
  if (uid !== 0 && st.uid !== uid) return { ok: false, why: `${dir} belongs to another user` };
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    fs.accessSync(path.join(dir, 'cgroup.procs'), fs.constants.W_OK);
  } catch {
    return { ok: false, why: `${dir} is not writable by this process` };
  }
  // A probe child: it must be possible to make one (not a threaded or read-only hierarchy, no limit on descendants reached).
  const probe = path.join(dir, `hookgate-probe-${process.pid}-${randomBytesPooled(4).toString('hex')}`);
  let kill: boolean;
  try {
    fs.mkdirSync(probe);
  } catch (err) {
    return { ok: false, why: `a cgroup cannot be made in ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  try {
    kill = fs.existsSync(path.join(probe, 'cgroup.kill'));
  } finally {
    try {
      fs.rmdirSync(probe);
    } catch {
      // an empty cgroup we just made is removable; one that is not stays (it holds nothing)
    }
  }
  return { ok: true, support: { dir, kill } };
}

/** Systemd chowns a unit's folder to the unit's user when it delegates it; without delegation it stays root's, like its parent. */
function delegatedToUs(dir: string, st: fs.Stats, uid: number): boolean {
  if (uid <= 0 || st.uid !== uid) return false;
  try {
    return fs.statSync(path.dirname(dir)).uid !== uid;
  } catch {
    return false;
  }
}

/** The `0::<path>` line of /proc/<pid>/cgroup: the process's cgroup v2 group. */
export function ownCgroup(text: string): string | null {
  for (const line of text.split('\n')) if (line.startsWith('0::/')) return line.slice(3).replace(/ \(deleted\)$/, '');
  return null;
}

export interface CgroupMount {
  /** The folder of the hierarchy mounted there (a cgroup namespace or bind mount shows less than all of it). */
  root: string;
  mountPoint: string;
}

/** The cgroup2 mounts in /proc/self/mountinfo (a pure v2 system's /sys/fs/cgroup, a hybrid one's /sys/fs/cgroup/unified). */
export function cgroup2Mounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    if (line.slice(sep + 3).split(' ')[0] !== 'cgroup2') continue;
    const f = line.slice(0, sep).split(' ');
    if (f.length < 6 || f[5]!.split(',').includes('ro')) continue;
    mounts.push({ root: unescapeMount(f[3]!), mountPoint: unescapeMount(f[4]!) });
  }
  return mounts;
}

// mountinfo writes space, tab, newline and backslash as octal escapes.
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** The folder of cgroup `cg` under the mount that shows it (the one showing most of the hierarchy). */
export function folderOf(cg: string, mounts: CgroupMount[]): string | null {
  let best: CgroupMount | null = null;
  for (const m of mounts) {
    const under = m.root === '/' || cg === m.root || cg.startsWith(`${m.root}/`);
    if (under && (best === null || m.root.length < best.root.length)) best = m;
  }
  if (!best) return null;
  const rel = best.root === '/' ? cg : cg.slice(best.root.length);
  if (rel.split('/').includes('..')) return null;
  const dir = path.posix.join(best.mountPoint, rel);
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

/** The cgroup of one hook run: made and joined right after the spawn, removed once empty after the run. */
export class RunCgroup {
  #removed = false;

  private constructor(
    readonly path: string,
    readonly canKill: boolean,
  ) {}

  /**
   * Makes the run's cgroup and moves `pid` into it: what the process forks from then on is born
   * there. Null where cgroups are not usable (then, or from now on: a cgroup the kernel refuses to
   * make or move into switches them off for this process, said once in the log). Never throws.
   */
  static open(cookie: string, pid: number): RunCgroup | null {
    const support = cgroupSupport();
    if (!support || pid === process.pid || pid <= 0) return null; // never move ourselves
    const dir = path.join(support.dir, `${RUN_CGROUP_PREFIX}${cookie}`);
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      giveUp(`a cgroup could not be made in ${support.dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return null;
    }
    const cg = new RunCgroup(dir, support.kill);
    const code = cg.#move(pid);
    // ESRCH: the hook has already ended; its cgroup stays empty. ENOENT: another start swept it as
    // stale (it cannot tell a folder made a moment ago from one a crash left but by its age): this run does without.
    if (code === null || code === 'ESRCH') return cg;
    cg.remove();
    if (code !== 'ENOENT') giveUp(`the kernel refused to move a hook's process into ${dir} (${code})`);
    return null;
  }

  /** Moves more processes in: those the hook forked before it was moved itself. */
  adopt(pids: number[]): void {
    for (const pid of pids) if (pid !== process.pid) this.#move(pid);
  }

  /** Null once `pid` is in the cgroup, else why not (an errno code). */
  #move(pid: number): string | null {
    try {
      fs.writeFileSync(path.join(this.path, 'cgroup.procs'), String(pid));
      return null;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
  }

  /** Live processes in the run's cgroup (and any cgroup a hook made below it), never this process. */
  pids(): number[] {
    return cgroupPids(this.path);
  }

  /** SIGKILL to every process in the cgroup, by the kernel in one step; false where cgroup.kill is missing. */
  kill(): boolean {
    return this.canKill && killCgroup(this.path);
  }

  /**
   * Removes the cgroup once its processes are gone, after the run's result is on its way (rmdir
   * waits for the kernel's cgroup lock, up to a millisecond on a busy machine), later if they are not.
   */
  remove(): void {
    if (this.#removed) return;
    this.#removed = true;
    setImmediate(() => removeWhenEmpty(this.path));
  }
}

/** Pids in cgroup `dir` and its descendants, live ones only, without this process. */
export function cgroupPids(dir: string): number[] {
  const pids: number[] = [];
  const walk = (d: string, depth: number): void => {
    let text: string;
    try {
      text = fs.readFileSync(path.join(d, 'cgroup.procs'), 'latin1');
    } catch {
      return; // gone
    }
    for (const line of text.split('\n')) {
      const pid = Number(line);
      if (line && Number.isInteger(pid) && pid !== process.pid && isLive(readProcStat(pid))) pids.push(pid);
    }
    if (depth < 8) for (const sub of childCgroups(d)) walk(path.join(d, sub), depth + 1);
  };
  walk(dir, 0);
  return pids;
}

function childCgroups(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** `cgroup.kill`: SIGKILL to the cgroup and everything below it; false if the file is missing or refuses. */
export function killCgroup(dir: string): boolean {
  try {
    fs.writeFileSync(path.join(dir, 'cgroup.kill'), '1');
    return true;
  } catch {
    return false;
  }
}

/** Whether anything runs in the cgroup or below it (`populated 1` in cgroup.events); false once it is gone. */
export function cgroupPopulated(dir: string): boolean {
  try {
    return /^populated 1$/m.test(fs.readFileSync(path.join(dir, 'cgroup.events'), 'latin1'));
  } catch {
    return false;
  }
}

/** rmdir of the cgroup and what a hook made below it, deepest first; true when it is gone. */
function removeTree(dir: string, depth = 0): boolean {
  if (depth < 8) for (const sub of childCgroups(dir)) removeTree(path.join(dir, sub), depth + 1);
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * Removes a run's cgroup once nothing runs in it. A process that survives SIGKILL for a while (in
 * uninterruptible sleep) keeps it populated: it is looked at again a few times in the background
 * (timers that do not keep this process alive), and what is still there then is removed at a later
 * start (removeStaleRunCgroups).
 */
export function removeWhenEmpty(dir: string): void {
  let attempt = 0;
  const tryRemove = (): void => {
    if (!cgroupPopulated(dir) && removeTree(dir)) return;
    const wait = REMOVE_RETRY_MS[attempt++];
    if (wait !== undefined) setTimeout(tryRemove, wait).unref();
  };
  tryRemove();
}

/**
 * Empty run cgroups a crashed run left in our cgroup are removed (at an engine's start). Only
 * empty ones, and only once they are older than a run needs to set one up: a cgroup of another
 * Hookgate's live run in the same cgroup is never touched, and a populated one cannot be removed.
 */
export function removeStaleRunCgroups(now = Date.now()): number {
  const support = cgroupSupport();
  if (!support) return 0;
  let removed = 0;
  for (const name of childCgroups(support.dir)) {
    if (!name.startsWith(RUN_CGROUP_PREFIX) || !COOKIE_RE.test(name.slice(RUN_CGROUP_PREFIX.length))) continue;
    const dir = path.join(support.dir, name);
    try {
      if (now - fs.statSync(dir).mtimeMs < STALE_AFTER_MS) continue;
    } catch {
      continue;
    }
    if (!cgroupPopulated(dir) && removeTree(dir)) removed++;
  }
  return removed;
}

/**
 * The cgroup a killed run's record names, if it is one to act on: a run cgroup of that cookie under
 * a cgroup2 mount we see, still there, ours. The record is ours (a 0600 file in a 0700 folder); this
 * only makes sure a damaged one cannot point the kill anywhere else.
 */
export function leftoverRunCgroup(recorded: unknown, cookie: string): string | null {
  if (typeof recorded !== 'string' || !path.isAbsolute(recorded) || path.posix.normalize(recorded) !== recorded) return null;
  if (path.posix.basename(recorded) !== `${RUN_CGROUP_PREFIX}${cookie}`) return null;
  let mounts: CgroupMount[];
  try {
    mounts = cgroup2Mounts(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch {
    return null;
  }
  if (!mounts.some((m) => recorded.startsWith(`${m.mountPoint}/`))) return null;
  try {
    const st = fs.lstatSync(recorded);
    const uid = process.getuid?.() ?? -1;
    return st.isDirectory() && (uid === 0 || st.uid === uid) ? recorded : null;
  } catch {
    return null;
  }
}
