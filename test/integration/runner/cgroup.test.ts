// A cgroup per hook run (Linux, cgroup v2, where this process has one to manage — CI runs as root in
// one): it reaches the process the cookie and session cannot, one that clears its environment AND
// starts a new session, and it is gone after the run. The parsers that find the cgroup are checked
// on their own with the layouts seen in the wild.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { cgroup2Mounts, cgroupFallbackNote, cgroupSupport, folderOf, ownCgroup, removeStaleRunCgroups, RUN_CGROUP_PREFIX } from '../../../electron/core/runner/cgroup';
import { RunContainment } from '../../../electron/core/runner/containment';
import { isLive, readProcStat } from '../../../electron/core/runner/procInfo';
import { killMarked, markedProcesses, newMark } from '../../faults/helpers/procs';
import { makeSandbox, type Sandbox } from './fixtures';

const support = process.platform === 'linux' ? cgroupSupport() : null;
const noCgroup = `no cgroup of our own to manage here (${cgroupFallbackNote() ?? 'not Linux'})`;

let sb: Sandbox;
let mark: string;
/** Run cgroups this test made (or saw made), removed in afterEach whatever happened. */
const made = new Set<string>();
beforeEach(() => {
  sb = makeSandbox();
  mark = newMark();
});
afterEach(async () => {
  killMarked(mark);
  for (const dir of made) {
    try {
      fs.writeFileSync(path.join(dir, 'cgroup.kill'), '1');
    } catch {
      // gone, or no cgroup.kill
    }
  }
  for (const dir of made) {
    for (let i = 0; i < 50 && fs.existsSync(dir); i++) {
      try {
        fs.rmdirSync(dir);
      } catch {
        await sleep(20); // its processes are still dying
      }
    }
  }
  made.clear();
  sb.cleanup();
});

/** This process's cgroup v2 path, as /proc/self/cgroup names it. */
const ownCgroupPath = (): string => ownCgroup(fs.readFileSync('/proc/self/cgroup', 'utf8'))!;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run cgroup a hook printed (it echoes its cookie as `COOKIE=…`). */
function runCgroupOf(output: string): string {
  const m = /COOKIE=([0-9a-f]{32})/.exec(output);
  if (!m || !support) throw new Error(`the hook did not print its cookie: ${JSON.stringify(output.slice(-300))}`);
  const dir = path.join(support.dir, `${RUN_CGROUP_PREFIX}${m[1]}`);
  made.add(dir);
  return dir;
}

/**
 * The old documented limit: a child that clears its environment (no cookie), starts a new session
 * (not in the hook's), ignores TERM and HUP, and says where it is. Only its command line carries the mark.
 */
function escapeeScript(then: string): string {
  return (
    '#!/bin/bash\necho "COOKIE=$HOOKGATE_RUN_COOKIE"\nREADY="$(mktemp -u)"\n' +
    `env -i READY="$READY" setsid bash -c 'trap "" TERM HUP; touch "$READY"; exec -a sleep-${mark} sleep 1000' >/dev/null 2>&1 &\n` +
    'while [ ! -e "$READY" ]; do sleep 0.01; done\nrm -f "$READY"\necho escaped\n' +
    `${then}\n`
  );
}

async function gone(dir: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!fs.existsSync(dir)) return true;
    await sleep(50);
  }
  return false;
}

describe('finding our cgroup', () => {
  it('reads the cgroup v2 line of /proc/<pid>/cgroup, in a hybrid layout too', () => {
    expect(ownCgroup('12:pids:/user.slice\n1:name=systemd:/user.slice/x.scope\n0::/user.slice/x.scope\n')).toBe('/user.slice/x.scope');
    expect(ownCgroup('0::/\n')).toBe('/');
    expect(ownCgroup('4:memory:/a\n1:name=systemd:/\n')).toBeNull();
  });

  it('finds cgroup2 mounts (pure and hybrid), unescapes their paths, skips read-only ones and cgroup v1', () => {
    const info = [
      '30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
      '31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
      '40 30 0:37 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate',
      '41 30 0:37 /ns /mnt/with\\040space rw,relatime - cgroup2 cgroup2 rw',
      '42 30 0:37 / /ro rw,relatime - cgroup2 cgroup2 ro',
      '43 30 0:37 / /mounted-ro ro,relatime - cgroup2 cgroup2 rw',
    ].join('\n');
    expect(cgroup2Mounts(info)).toEqual([
      { root: '/', mountPoint: '/sys/fs/cgroup/unified' },
      { root: '/ns', mountPoint: '/mnt/with space' },
      { root: '/', mountPoint: '/ro' },
    ]);
  });

  it('maps a cgroup to its folder under the mount that shows the most of the hierarchy', () => {
    const mounts = [
      { root: '/ns', mountPoint: '/inner' },
      { root: '/', mountPoint: '/sys/fs/cgroup' },
    ];
    expect(folderOf('/ns/a', mounts)).toBe('/sys/fs/cgroup/ns/a');
    expect(folderOf('/', [{ root: '/', mountPoint: '/sys/fs/cgroup/unified' }])).toBe('/sys/fs/cgroup/unified');
    expect(folderOf('/ns/a', [{ root: '/ns', mountPoint: '/inner' }])).toBe('/inner/a');
    expect(folderOf('/other', [{ root: '/ns', mountPoint: '/inner' }])).toBeNull();
    expect(folderOf('/nsx', [{ root: '/ns', mountPoint: '/inner' }])).toBeNull();
    expect(folderOf('/../x', [{ root: '/', mountPoint: '/sys/fs/cgroup' }])).toBeNull();
    expect(folderOf('/a', [])).toBeNull();
  });
});

describe.skipIf(!support)(`a cgroup per hook run — skipped where there is ${noCgroup}`, () => {
  it('a child that clears its environment AND starts a new session is ended when the hook exits, and the run cgroup is removed', async () => {
    const r = await runHookProcess(sb.options(escapeeScript('exit 0'), { killGraceMs: 300 }));
    const dir = runCgroupOf(r.output);
    expect(r.output).toContain('escaped');
    expect(r).toMatchObject({ exitCode: 0, leftoversKilledWith: 'SIGKILL' });
    expect(markedProcesses(mark)).toEqual([]);
    expect(await gone(dir), `${dir} is removed after the run`).toBe(true);
  });

  it('… and on timeout', async () => {
    const r = await runHookProcess(sb.options(escapeeScript('sleep 600'), { timeoutMs: 4000, killGraceMs: 300 }));
    const dir = runCgroupOf(r.output);
    expect(r.output).toContain('escaped');
    expect(r.timedOut).toBe(true);
    expect(r.killedWith).toBe('SIGKILL');
    expect(markedProcesses(mark)).toEqual([]);
    expect(await gone(dir)).toBe(true);
  });

  it('… and on cancel', async () => {
    const ac = new AbortController();
    let seen = '';
    const r = await runHookProcess(
      sb.options(escapeeScript('sleep 600'), {
        killGraceMs: 300,
        signal: ac.signal,
        onData: (d) => {
          seen += d;
          if (seen.includes('escaped')) ac.abort();
        },
      }),
    );
    const dir = runCgroupOf(r.output);
    expect(r.cancelled).toBe(true);
    expect(markedProcesses(mark)).toEqual([]);
    expect(await gone(dir)).toBe(true);
  });

  it('the running record names the run cgroup while the hook runs', async () => {
    let record = '';
    const r = await runHookProcess(
      sb.options('#!/bin/sh\necho "COOKIE=$HOOKGATE_RUN_COOKIE"\nwhile [ ! -e "$DONE" ]; do sleep 0.02; done\n', {
        leftoverLabel: { what: 'test' },
        env: { ...sb.options('').env, DONE: path.join(sb.dir, 'done') },
        onData: () => {
          if (record) return;
          const name = fs.readdirSync(sb.runDir).find((n) => n.startsWith('running-'));
          if (!name) return;
          record = fs.readFileSync(path.join(sb.runDir, name), 'utf8');
          fs.writeFileSync(path.join(sb.dir, 'done'), '');
        },
      }),
    );
    const dir = runCgroupOf(r.output);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(record)).toMatchObject({ cgroup: dir });
    expect(await gone(dir)).toBe(true);
  });

  it("the hook's own process is in the run cgroup", async () => {
    // Builtins only: the shell reads its own /proc entry, nothing is forked. The move comes right after
    // the spawn while the hook already runs (on a busy machine after its first lines), so it reads
    // until it finds itself moved, a bounded number of times, and prints what it saw last.
    const script = [
      '#!/bin/sh',
      'echo "COOKIE=$HOOKGATE_RUN_COOKIE"',
      'i=0; own=',
      'while [ $i -lt 100000 ]; do',
      '  while read -r l; do case $l in 0::*) own=$l;; esac; done </proc/$$/cgroup',
      '  case $own in *hookgate-run-*) break;; esac',
      '  i=$((i + 1))',
      'done',
      'echo "OWN=$own"',
    ].join('\n');
    const r = await runHookProcess(sb.options(`${script}\n`));
    const dir = runCgroupOf(r.output);
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain(`OWN=0::${path.join(ownCgroupPath(), path.basename(dir))}`);
    expect(await gone(dir)).toBe(true);
  });

  it('a hook that stops itself at once stays stopped: nothing continues it before its timeout', async () => {
    const r = await runHookProcess(sb.options('#!/bin/sh\nkill -STOP $$\necho never\n', { timeoutMs: 1500, killGraceMs: 300 }));
    expect(r.timedOut).toBe(true);
    expect(r.output).not.toContain('never');
  });

  it('members() lists what is in the run cgroup; what the process forked before its move is moved in after it; the process that runs the hooks is never moved', async () => {
    // A late move, on purpose: the child has already started one with a cleared environment in a session of its own.
    const child = spawn('sh', ['-c', `env -i setsid bash -c 'exec -a sleep-${mark} sleep 600' & wait`], { stdio: 'ignore' });
    try {
      let escapee = 0;
      for (let i = 0; i < 250 && !escapee; i++) {
        escapee = markedProcesses(mark).find((p) => p.cmd.startsWith(`sleep-${mark}`))?.pid ?? 0;
        if (!escapee) await sleep(20);
      }
      expect(escapee, 'the early child to start').toBeGreaterThan(0);
      const c = new RunContainment();
      c.started(child.pid!);
      const dir = c.cgroupPath!;
      expect(dir).toBe(path.join(support!.dir, `${RUN_CGROUP_PREFIX}${c.cookie}`));
      made.add(dir);
      const inside = fs.readFileSync(path.join(dir, 'cgroup.procs'), 'latin1').trim().split('\n').map(Number);
      expect(inside.sort()).toEqual([child.pid!, escapee].sort());
      expect((c.members() as number[]).sort()).toEqual([child.pid!, escapee].sort());
      expect(fs.readFileSync('/proc/self/cgroup', 'utf8')).not.toContain(RUN_CGROUP_PREFIX);

      const self = new RunContainment();
      self.started(process.pid);
      expect(self.cgroupPath).toBeNull();
      expect(fs.readFileSync('/proc/self/cgroup', 'utf8')).not.toContain(RUN_CGROUP_PREFIX);
      killMarked(mark);
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      c.close();
      expect(await gone(dir)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('at start, empty run cgroups a crash left are removed; recent ones and populated ones are not', async () => {
    const cookie = () => randomBytes(16).toString('hex');
    const stale = path.join(support!.dir, `${RUN_CGROUP_PREFIX}${cookie()}`);
    const fresh = path.join(support!.dir, `${RUN_CGROUP_PREFIX}${cookie()}`);
    const busy = path.join(support!.dir, `${RUN_CGROUP_PREFIX}${cookie()}`);
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      for (const d of [stale, fresh, busy]) {
        fs.mkdirSync(d);
        made.add(d);
      }
      fs.writeFileSync(path.join(busy, 'cgroup.procs'), String(child.pid));
      const old = new Date(Date.now() - 3600_000);
      fs.utimesSync(stale, old, old);
      fs.utimesSync(busy, old, old);
      removeStaleRunCgroups();
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.existsSync(fresh)).toBe(true);
      expect(fs.existsSync(busy)).toBe(true);
      expect(isLive(readProcStat(child.pid!))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
