// Finding the processes a hook started, wherever they went: each fault hook gets a unique marker in
// its environment, which every descendant inherits. Zombies are not processes that survive (PID 1
// here does not reap orphans, so an ended child may stay a zombie for good).
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

export const MARK_VAR = 'HOOKGATE_FAULT_MARK';

export function newMark(): string {
  return `fault-${randomBytes(6).toString('hex')}`;
}

/**
 * Live (non-zombie) processes whose environment carries MARK_VAR=mark, or whose command line carries
 * the mark (a process that cleared its environment is marked there: `exec -a sleep-$MARK …`).
 */
export function markedProcesses(mark: string): { pid: number; cmd: string }[] {
  const needle = Buffer.from(`\0${MARK_VAR}=${mark}\0`);
  const first = Buffer.from(`${MARK_VAR}=${mark}\0`);
  const found: { pid: number; cmd: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      const env = fs.readFileSync(`/proc/${name}/environ`);
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (env.indexOf(needle) < 0 && !env.subarray(0, first.length).equals(first) && !cmd.includes(mark)) continue;
      found.push({ pid: Number(name), cmd });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** SIGKILLs whatever still carries the mark (cleanup after a failed case). */
export function killMarked(mark: string): void {
  for (const p of markedProcesses(mark)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
