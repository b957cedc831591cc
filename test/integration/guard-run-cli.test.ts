// Guarding a running backup through the built CLI: `hookgate run -- sh -c 'sleep 30'` with the
// "On AC power" gallery hook as guard is stopped within seconds of the charger being unplugged (a
// fake sysfs tree: HOOKGATE_SYSFS_ROOT, polled every HOOKGATE_FACTS_POLL_MS), and the operation is
// recorded as skipped with the hook's reason; SKIPPED and (for a hook that opts in) END fire, no error hooks.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookFromGallery } from '../../electron/core/gallery';
import { CLI, ROOT, runCli, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

function fakeSysfs(home: string, online: '0' | '1'): { root: string; unplug(): void } {
  const root = path.join(home, 'sysfs');
  fs.mkdirSync(path.join(root, 'AC'), { recursive: true });
  fs.mkdirSync(path.join(root, 'BAT0'), { recursive: true });
  fs.writeFileSync(path.join(root, 'AC', 'type'), 'Mains\n');
  fs.writeFileSync(path.join(root, 'AC', 'online'), `${online}\n`);
  for (const [k, v] of Object.entries({ type: 'Battery', present: '1', status: online === '1' ? 'Charging' : 'Discharging', capacity: '70' })) {
    fs.writeFileSync(path.join(root, 'BAT0', k), `${v}\n`);
  }
  return {
    root,
    unplug: () => {
      fs.writeFileSync(path.join(root, 'AC', 'online'), '0\n');
      fs.writeFileSync(path.join(root, 'BAT0', 'status'), 'Discharging\n');
    },
  };
}

function processesMatching(needle: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'));
}

describe('hookgate run with a guard hook', () => {
  it('stops `sh -c "sleep 30"` within seconds of an unplug and records the operation as skipped mid-way', async () => {
    const home = tempHome();
    const mark = path.join(home, 'marks');
    const sys = fakeSysfs(home, '1');
    writeHooks(home, [
      { id: 'ac', ...hookFromGallery('ac', { platform: 'linux' }) },
      markerHook('skipped', ['CONDITION_SNAPSHOT_SKIPPED'], mark),
      markerHook('end', ['CONDITION_SNAPSHOT_END'], mark, { alsoAfterSkip: true }),
      markerHook('error', ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR'], mark),
    ]);
    const env = { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1', HOOKGATE_SYSFS_ROOT: sys.root, HOOKGATE_FACTS_POLL_MS: '200' };
    const sleeper = `30.${process.pid % 1000}${Date.now() % 1000}`;
    const child = spawn(process.execPath, [CLI, 'run', '--plan', 'laptop', '--', 'sh', '-c', `echo started; sleep ${sleeper}; echo finished`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const started = new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('started')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    try {
      await started;
      // Let the guard's first reading set its baseline before the charger goes.
      await new Promise((r) => setTimeout(r, 600));
      const unplugged = Date.now();
      sys.unplug();
      const code = await exited;
      const took = Date.now() - unplugged;
      expect(code, stdout + stderr).toBe(75); // borgmatic's skip
      expect(took, stdout + stderr).toBeLessThan(10_000);
      expect(stdout).not.toContain('finished');
      expect(stdout).toMatch(/hookgate: skip — stopped mid-way .*hook "ac".*: on battery power \(battery at 70 %\)\n/);
      expect(stderr, stdout).toContain('hookgate: on battery power (battery at 70 %) — stopping sh (guard hook "ac")');
      expect(processesMatching(`sleep ${sleeper}`)).toEqual([]);
    } finally {
      clearTimeout(killer);
    }
    expect(readMarks(mark).map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_END']);
    const ops = JSON.parse((await runCli(['history', '--json'], { env: { HOOKGATE_HOME: home } })).stdout);
    expect(ops[0]).toMatchObject({ plan: 'laptop', status: 'skipped', decision: 'skip', reason: 'stopped mid-way: on battery power (battery at 70 %)' });
    expect(ops[0].hookRuns.filter((r: { hookId: string }) => r.hookId === 'ac').map((r: { reason: string }) => r.reason)).toEqual([
      'on AC power',
      'on battery power (battery at 70 %)',
    ]);
  });

  it('a guarded command that nothing disturbs runs to its end as usual', async () => {
    const home = tempHome();
    const sys = fakeSysfs(home, '1');
    writeHooks(home, [{ id: 'ac', ...hookFromGallery('ac', { platform: 'linux' }) }]);
    const env = { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1', HOOKGATE_SYSFS_ROOT: sys.root, HOOKGATE_FACTS_POLL_MS: '100' };
    const r = await runCli(['run', '--', 'sh', '-c', 'sleep 1; echo done'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('done');
    const ops = JSON.parse((await runCli(['history', '--json'], { env: { HOOKGATE_HOME: home } })).stdout);
    expect(ops[0]).toMatchObject({ status: 'success', decision: 'proceed' });
  });

  it('the gate itself reads the fake sysfs: unplugged, the run is skipped before the command starts', async () => {
    const home = tempHome();
    const sys = fakeSysfs(home, '0');
    writeHooks(home, [{ id: 'ac', ...hookFromGallery('ac', { platform: 'linux' }) }]);
    const r = await runCli(['run', '--', 'sh', '-c', 'echo ran'], { env: { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1', HOOKGATE_SYSFS_ROOT: sys.root } });
    expect(r.code).toBe(75);
    expect(r.stdout).not.toMatch(/^ran\r?$/m);
    expect(r.stdout).toMatch(/hookgate: skip — .*: on battery power \(battery at 70 %\) \(plan "default": no --plan given\)\n/);
  });
});
