// Issue "The CLI tells the truth", item 4: `hookgate run -- /nonexistent/tool` is a failed backup —
// recorded as failed with why, ERROR/ANY_ERROR/END fire, the fail code, no stack trace — and a
// forgotten `--` is said as such. The real CLI.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

describe('hookgate run: a command that cannot start', () => {
  it('records the operation as failed, fires ERROR, ANY_ERROR and END with the error, exits with the fail code', async () => {
    const home = tempHome();
    const mark = path.join(home, 'marks');
    writeHooks(home, [markerHook('after', ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END', 'CONDITION_SNAPSHOT_SUCCESS'], mark)]);
    const env = { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' };
    const r = await runCli(['run', '--plan', 'laptop', '--exit-codes', 'systemd', '--', '/nonexistent/tool', '--flag'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(255);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at |SpawnError/);
    expect(r.stdout).toContain('hookgate: fail — cannot start /nonexistent/tool: not found\n');
    const error = 'cannot start /nonexistent/tool: not found';
    expect(readMarks(mark)).toEqual([
      `CONDITION_SNAPSHOT_ERROR ${error}|`,
      `CONDITION_ANY_ERROR ${error}|`,
      `CONDITION_SNAPSHOT_END ${error}|`,
    ]);
    const ops = JSON.parse((await runCli(['history', '--json'], { env })).stdout);
    expect(ops[0]).toMatchObject({ plan: 'laptop', status: 'error', error });
    expect(ops[0].endedAt).not.toBeNull();
  });

  it('a forgotten -- says to put -- before the command', async () => {
    const env = { HOOKGATE_HOME: tempHome() };
    const r = await runCli(['run', '--plan', 'x', 'restic', '-r', '/srv/repo', 'backup', '~'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('put `--` before the command (hookgate run --plan x -- restic -r /srv/repo backup ~)');
    const plain = await runCli(['run', 'restic', 'backup'], { env });
    expect(plain.stderr).toContain('put `--` before the command');
  });
});
