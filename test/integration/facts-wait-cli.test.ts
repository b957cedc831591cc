// Gates that react, through the built CLI in-process (no host): `hookgate signal snapshot-start
// --wait` waiting on "on AC" (retry in 10 minutes) proceeds as soon as the charger is plugged in —
// a fake sysfs tree (HOOKGATE_SYSFS_ROOT) re-read every HOOKGATE_FACTS_POLL_MS while it waits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookFromGallery } from '../../electron/core/gallery';
import { CLI, ROOT, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

describe('hookgate signal --wait reacts to system facts', () => {
  it('a gate waiting on "on AC" proceeds within seconds of the charger being plugged in', async () => {
    const home = tempHome();
    const sysfs = path.join(home, 'sysfs');
    fs.mkdirSync(path.join(sysfs, 'AC'), { recursive: true });
    fs.writeFileSync(path.join(sysfs, 'AC', 'type'), 'Mains\n');
    fs.writeFileSync(path.join(sysfs, 'AC', 'online'), '0\n');
    writeHooks(home, [{ id: 'ac', ...hookFromGallery('ac', { platform: 'linux' }), onError: 'ON_ERROR_RETRY_10MINUTES' }]);
    const child = spawn(process.execPath, [CLI, 'signal', 'snapshot-start', '--wait', '--max-wait', '1h'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1', HOOKGATE_SYSFS_ROOT: sysfs, HOOKGATE_FACTS_POLL_MS: '250' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const waiting = new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes('waiting —')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    try {
      await waiting;
      expect(stderr).toContain('hookgate: waiting — on battery power');
      await new Promise((r) => setTimeout(r, 500));
      const plugged = Date.now();
      fs.writeFileSync(path.join(sysfs, 'AC', 'online'), '1\n');
      const code = await exited;
      expect(code, stdout + stderr).toBe(0);
      expect(Date.now() - plugged).toBeLessThan(8000);
      expect(stdout).toMatch(/on AC power\r?\nhookgate: proceed — /);
    } finally {
      clearTimeout(killer);
    }
  });
});
