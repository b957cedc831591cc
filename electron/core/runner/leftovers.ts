// Hooks a killed host leaves running. While a hook runs, the run folder holds a small record of it:
// the main pid with its start time, the run's cookie, and who started it (pid and start time of the
// host or CLI). A process killed with SIGKILL cannot end its hooks, and a hook that ignores SIGHUP
// survives the pty's hangup; the next engine to open (a host starting, a CLI running a gate itself)
// finds records whose owner is gone and ends what is left of those runs — only processes that carry
// the run's cookie or are in the run's cgroup, and the main pid only while its start time is the
// recorded one, so a pid the kernel handed to someone else since is never signalled.
import fs from 'node:fs';
import path from 'node:path';
import { cgroupPids, killCgroup, leftoverRunCgroup, removeStaleRunCgroups, removeWhenEmpty } from './cgroup';
import { cookieEntry, procUsable, stopProcesses } from './containment';
import { environHas, isLive, listPids, ownStartTicks, readProcStat } from './procInfo';
import type { StopSignal } from './processGroup';

const RUNNING_PREFIX = 'running-';
const ENDING_PREFIX = 'ending-';
const COOKIE_RE = /^[0-9a-f]{32}$/;

/** What the run folder keeps about a running hook. */
export interface RunningRecord {
  v: 1;
  cookie: string;
  pid: number;
  /** The main process's start time in clock ticks since boot. */
  startTicks: number | null;
  /** The run's cgroup folder (cgroup.ts), where it had one; absent in records of older versions. */
  cgroup?: string | null;
  /** The process that runs the hook (a host or a CLI), by pid and start time. */
  owner: { pid: number; startTicks: number | null };
  startedAt: string;
  /** Whatever the caller needs to say what the run was (the engine: hook, operation, log). */
  label: unknown;
}

/** A run whose owner was gone: what was left of it has been ended. */
export interface LeftoverRun {
  record: RunningRecord;
  /** How many of its processes were still running. */
  processes: number;
  /** The last signal they needed (null: nothing was left). */
  killedWith: StopSignal | null;
}

/** Writes the record of a running hook (0600, in the 0700 run folder); returns its path, or null when it cannot be written. */
export function writeRunningRecord(runDir: string, record: Omit<RunningRecord, 'v' | 'owner'>): string | null {
  const file = path.join(runDir, `${RUNNING_PREFIX}${record.cookie}.json`);
  const full: RunningRecord = { v: 1, ...record, owner: { pid: process.pid, startTicks: ownStartTicks() } };
  try {
    fs.writeFileSync(file, JSON.stringify(full), { mode: 0o600, flag: 'wx' });
    return file;
  } catch {
    // Not fatal: the run goes on, only a later start could not end what a crash leaves of it.
    return null;
  }
}

export function removeRunningRecord(file: string | null): void {
  if (file === null) return;
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Ends what runs of hooks whose owner is gone left running: SIGTERM to every process carrying the
 * run's cookie or in its cgroup, `graceMs`, then SIGKILL (and cgroup.kill). Empty run cgroups a crash
 * left are removed. Resolves with those runs (their records removed). Records of
 * runs whose owner still runs are left alone. Linux only (elsewhere: none found).
 */
export async function endLeftoverRuns(runDir: string, graceMs: number): Promise<LeftoverRun[]> {
  if (!procUsable()) return [];
  removeStaleRunCgroups();
  let names: string[];
  try {
    names = fs.readdirSync(runDir);
  } catch {
    return []; // no run folder yet: nothing ever ran
  }
  const claimed: { file: string; record: RunningRecord }[] = [];
  for (const name of names) {
    const from = path.join(runDir, name);
    let cookie: string;
    if (name.startsWith(RUNNING_PREFIX) && name.endsWith('.json')) {
      cookie = name.slice(RUNNING_PREFIX.length, -5);
    } else if (name.startsWith(ENDING_PREFIX) && name.endsWith('.json')) {
      // Claimed by an engine that began ending it: ours to finish if that one is gone too.
      const [pid, ticks, c] = name.slice(ENDING_PREFIX.length, -5).split('-');
      if (isRunning(Number(pid), Number(ticks))) continue;
      cookie = c ?? '';
    } else {
      continue;
    }
    if (!COOKIE_RE.test(cookie)) continue;
    const record = readRecord(from);
    if (!record || record.cookie !== cookie) {
      removeRunningRecord(from); // unreadable: nothing in it could be acted on safely
      continue;
    }
    if (name.startsWith(RUNNING_PREFIX) && isRunning(record.owner.pid, record.owner.startTicks)) continue;
    // Claim it (atomic): of two engines opening at once, one ends the run and records it.
    const to = path.join(runDir, `${ENDING_PREFIX}${process.pid}-${ownStartTicks() ?? 0}-${cookie}.json`);
    try {
      fs.renameSync(from, to);
    } catch {
      continue;
    }
    claimed.push({ file: to, record });
  }
  if (claimed.length === 0) return [];

  const runs = claimed.map((c) => ({ ...c, cgroup: leftoverRunCgroup(c.record.cgroup, c.record.cookie) }));
  const find = (): Map<RunningRecord, number[]> => leftoverProcesses(runs);
  const first = find();
  const killedWith = await stopProcesses(() => [...find().values()].flat(), {
    signals: ['SIGTERM', 'SIGKILL'],
    graceMs,
    onKill: () => {
      for (const r of runs) if (r.cgroup) killCgroup(r.cgroup);
    },
  });
  const ended: LeftoverRun[] = [];
  for (const r of runs) {
    const n = first.get(r.record)?.length ?? 0;
    ended.push({ record: r.record, processes: n, killedWith: n ? killedWith : null });
    if (r.cgroup) removeWhenEmpty(r.cgroup);
    removeRunningRecord(r.file);
  }
  return ended;
}

/**
 * Live processes of each run: those in its cgroup (the kernel put them there: no pid check needed),
 * those carrying its cookie; its main pid only with the recorded start time.
 */
function leftoverProcesses(runs: { record: RunningRecord; cgroup: string | null }[]): Map<RunningRecord, number[]> {
  const entries = runs.map((r) => ({ record: r.record, entry: cookieEntry(r.record.cookie) }));
  const found = new Map<RunningRecord, number[]>();
  const seen = new Set<number>();
  for (const r of runs) {
    if (!r.cgroup) continue;
    const pids = cgroupPids(r.cgroup).filter((p) => !seen.has(p));
    for (const p of pids) seen.add(p);
    if (pids.length) found.set(r.record, pids);
  }
  for (const pid of listPids()) {
    if (pid === process.pid || seen.has(pid)) continue;
    const stat = readProcStat(pid);
    if (!isLive(stat)) continue;
    for (const { record, entry } of entries) {
      if (pid === record.pid && stat.startTicks !== record.startTicks) continue; // the pid is someone else's now
      if (!environHas(pid, entry)) continue;
      const list = found.get(record) ?? [];
      list.push(pid);
      found.set(record, list);
      break;
    }
  }
  return found;
}

/** Whether the process with this pid is the one that started at `startTicks` and has not ended. */
function isRunning(pid: number, startTicks: number | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readProcStat(pid);
  return isLive(stat) && (startTicks === null || stat.startTicks === startTicks);
}

function readRecord(file: string): RunningRecord | null {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunningRecord>;
    const int = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;
    if (r.v !== 1 || typeof r.cookie !== 'string' || !int(r.pid) || !r.owner || !int(r.owner.pid) || typeof r.startedAt !== 'string') return null;
    return r as RunningRecord;
  } catch {
    return null;
  }
}
