// `hookgate run`'s last line says how the backup ended, in signal's words: a command that failed reads
// "fail", one with warnings "warning", only a good one "done" — and the exit status stays the
// command's own. The real CLI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

const env = (home: string, extra: Record<string, string> = {}) => ({ HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1', ...extra });

describe('hookgate run: the last line', () => {
  it('a command that fails reads as failed, with why, and exits with its own status', async () => {
    const r = await runCli(['run', '--plan', 'laptop', '--', 'sh', '-c', 'echo "disk full"; exit 3'], { env: env(tempHome()) });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/\nhookgate: fail — sh exited 3: disk full; snapshot-error, any-error, snapshot-end: no hooks\n$/);
  });

  it('a command that succeeds reads as done', async () => {
    const r = await runCli(['run', '--plan', 'laptop', '--', 'sh', '-c', 'echo ok'], { env: env(tempHome()) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nhookgate: done — snapshot-success, snapshot-end: no hooks\n$/);
  });

  it('--quiet still ends a failed backup with the line that says so (and a good one without)', async () => {
    const home = tempHome();
    const bad = await runCli(['run', '--quiet', '--plan', 'laptop', '--', 'sh', '-c', 'exit 1'], { env: env(home) });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('hookgate: fail — sh exited 1; snapshot-error, any-error, snapshot-end: no hooks\n');
    const good = await runCli(['run', '--quiet', '--plan', 'laptop', '--', 'sh', '-c', 'exit 0'], { env: env(home) });
    expect(good.stdout).toBe('');
  });

  it('restic with warnings (exit 3) reads as a warning', async () => {
    const home = tempHome();
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'restic'), '#!/bin/sh\necho "could not read /home/me/locked"\nexit 3\n', { mode: 0o755 });
    const r = await runCli(['run', '--plan', 'laptop', '--', 'restic', '-r', '/srv/repo', 'backup', '/home/me'], {
      env: env(home, { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` }),
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/\nhookgate: warning — restic exited 3: could not read \/home\/me\/locked; snapshot-warning, snapshot-end: no hooks\n$/);
  });

  it('a failed command whose error hook fails too names both', async () => {
    const home = tempHome();
    writeHooks(home, [{ id: 'notify', name: 'notify', conditions: ['CONDITION_SNAPSHOT_ERROR'], onError: 'ON_ERROR_FATAL', script: '#!/bin/sh\necho "mail server down"\nexit 1\n' }]);
    const r = await runCli(['run', '--plan', 'laptop', '--', 'sh', '-c', 'echo "repository locked"; exit 1'], { env: env(home) });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\nhookgate: fail — sh exited 1: repository locked; hook "notify" \(CONDITION_SNAPSHOT_ERROR\): exited 1 after [\d.]+ s: mail server down\n$/);
  });
});
