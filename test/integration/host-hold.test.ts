// Issue "One engine host": hold and resume apply to every backup and survive a restart.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('hold and resume', () => {
  it('hold makes START skip with "held by user until …" without running hooks, survives a daemon restart, and resume lifts it', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, [{ ...markerHook('gate', ['CONDITION_SNAPSHOT_START'], mark), script: '#!/bin/sh\necho start >> "$MARK"\n' }]);
    const first = await startDaemon(env);

    const hold = await runCli(['hold', '2h'], { env: { ...env } });
    expect(hold.code, hold.stderr).toBe(0);
    expect(hold.stdout).toMatch(new RegExp(`backups held until .* — by the host \\(pid ${first.pid}\\)`));
    const held = await runCli(['signal', 'snapshot-start'], { env: { ...env } });
    expect(held.code).toBe(75);
    expect(held.stdout).toMatch(/hookgate: skip — held by user until .*; no hooks were run/);
    expect(readMarks(mark)).toEqual([]);

    // Restart: the hold is in the config, not in the old host's memory.
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = await startDaemon(env);
    expect((await runCli(['status'], { env: { ...env } })).stdout).toMatch(/hold: backups held until /);
    const stillHeld = await runCli(['signal', 'snapshot-start'], { env: { ...env } });
    expect(stillHeld.code).toBe(75);
    expect(stillHeld.stdout).toContain('held by user until');
    expect(readMarks(mark)).toEqual([]);

    const resume = await runCli(['resume'], { env: { ...env } });
    expect(resume.stdout).toContain(`hookgate: resumed — backups run their hooks again — by the host (pid ${second.pid})`);
    const after = await runCli(['signal', 'snapshot-start'], { env: { ...env } });
    expect(after.code).toBe(0);
    expect(readMarks(mark)).toEqual(['start']);
    expect(second.log()).toMatch(/resumed by socket client \d+ \(hookgate resume/);
  });

  it('a hold set while no host runs is kept in the config, and a daemon started later honours it', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, []);
    const hold = await runCli(['hold'], { env: { ...env } });
    expect(hold.stdout).toMatch(/backups held until resumed — in .*config\.json; no host runs/);
    await startDaemon(env);
    const r = await runCli(['signal', 'snapshot-start'], { env: { ...env } });
    expect(r.code).toBe(75);
    expect(r.stdout).toContain('held by user until resumed');
  });
});
