// Issue "Engine foundation", tests 5–6 and the signal verb's contract with its callers.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

function processesMatching(needle: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'));
}

describe('hookgate signal', () => {
  it('a hook that leaves `sleep 600 &` behind is stopped at its 1 s timeout and nothing of it survives', async () => {
    const home = tempHome();
    const marker = `600.${process.pid}${Date.now() % 1000}`;
    writeHooks(home, [{ id: 'hang', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', timeoutSec: 1, script: `sleep ${marker} & sleep ${marker}\n` }]);
    const t0 = Date.now();
    const r = await runCli(['signal', 'snapshot-start', '--exit-codes', 'systemd'], { env: { HOOKGATE_HOME: home } });
    const took = Date.now() - t0;
    expect(r.code, r.stdout + r.stderr).toBe(1); // systemd: skip = 1
    expect(r.stdout).toMatch(/hookgate: skip — .*timed out after 1 s/);
    expect(took).toBeLessThan(15_000);
    expect(processesMatching(`sleep ${marker}`)).toEqual([]);
  });

  it('--exit-codes systemd maps fail to 255, and the default (borgmatic) maps skip to 75 and fail to 1', async () => {
    const home = tempHome();
    writeHooks(home, [
      { id: 'fatal', conditions: ['CONDITION_PRUNE_START'], onError: 'ON_ERROR_FATAL', script: 'exit 4' },
      { id: 'cancel', conditions: ['CONDITION_CHECK_START'], onError: 'ON_ERROR_CANCEL', script: 'exit 4' },
    ]);
    const env = { HOOKGATE_HOME: home };
    expect((await runCli(['signal', 'prune-start', '--exit-codes', 'systemd'], { env })).code).toBe(255);
    expect((await runCli(['signal', 'CONDITION_PRUNE_START'], { env })).code).toBe(1);
    expect((await runCli(['signal', 'check-start'], { env })).code).toBe(75);
    expect((await runCli(['signal', 'check-start', '--exit-codes', 'duplicati'], { env })).code).toBe(1);
    expect((await runCli(['signal', 'check-start', '--skip-code', '99'], { env })).code).toBe(99);
    expect((await runCli(['signal', 'snapshot-start'], { env })).code).toBe(0);
  });

  it('RETRY_1MINUTE with --wait --max-wait 2s ends as skip, and the history shows the attempt', async () => {
    const home = tempHome();
    const mark = path.join(home, 'marks');
    writeHooks(home, [
      { id: 'wifi', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_1MINUTE', script: 'echo "not on home Wi-Fi"; exit 1' },
      markerHook('skipped', ['CONDITION_SNAPSHOT_SKIPPED'], mark),
    ]);
    const env = { HOOKGATE_HOME: home };
    const t0 = Date.now();
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'docs', '--wait', '--max-wait', '2s'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(r.stderr).toContain('waiting — not on home Wi-Fi');
    expect(r.stdout).toMatch(/hookgate: skip — gave up waiting/);
    expect(readMarks(mark)).toHaveLength(1);
    const h = await runCli(['history', '--json'], { env });
    const ops = JSON.parse(h.stdout);
    expect(ops[0]).toMatchObject({ plan: 'docs', decision: 'skip', status: 'skipped', attempts: 1 });
    expect(ops[0].hookRuns.filter((x: { hookId: string }) => x.hookId === 'wifi')).toHaveLength(1);
  });

  it('exponential backoff with --wait evaluates START again after 10 s and proceeds once the hook passes', async () => {
    const home = tempHome();
    const flag = path.join(home, 'ready');
    writeHooks(home, [
      { id: 'later', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF', script: `if [ -e ${flag} ]; then echo ready; else touch ${flag}; echo "not yet"; exit 1; fi` },
    ]);
    const r = await runCli(['signal', 'snapshot-start', '--wait', '--max-wait', '30s'], { env: { HOOKGATE_HOME: home } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ops = JSON.parse((await runCli(['history', '--json'], { env: { HOOKGATE_HOME: home } })).stdout);
    expect(ops[0]).toMatchObject({ decision: 'proceed', status: 'running', attempts: 2 });
    expect(ops[0].hookRuns.map((x: { attempt: number }) => x.attempt)).toEqual([1, 2]);
  });

  it('without --wait a retry answers skip at once and says when to try again', async () => {
    const home = tempHome();
    writeHooks(home, [{ id: 'r', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_10MINUTES', script: 'echo busy; exit 1' }]);
    const r = await runCli(['signal', 'snapshot-start'], { env: { HOOKGATE_HOME: home } });
    expect(r.code).toBe(75);
    expect(r.stdout).toMatch(/try again after/);
  });

  it('warning exit codes are recorded and never stop the backup', async () => {
    const home = tempHome();
    writeHooks(home, [{ id: 'w', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_FATAL', warnExitCodes: [3], script: 'echo "disk 91% full"; exit 3' }]);
    const r = await runCli(['signal', 'snapshot-start', '--json'], { env: { HOOKGATE_HOME: home } });
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.decision).toBe('proceed');
    expect(res.hookRuns[0]).toMatchObject({ outcome: 'warning', exitCode: 3, reason: 'disk 91% full' });
  });

  it('a hook\'s status file gives the reason, and after-events link to the open operation', async () => {
    const home = tempHome();
    const mark = path.join(home, 'marks');
    writeHooks(home, [
      { id: 's', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_IGNORE', script: 'echo noise; echo "battery 15 %" > "$HOOKGATE_STATUS_FILE"; exit 1' },
      markerHook('end', ['CONDITION_SNAPSHOT_SUCCESS', 'CONDITION_SNAPSHOT_END'], mark),
    ]);
    const env = { HOOKGATE_HOME: home };
    const start = JSON.parse((await runCli(['signal', 'snapshot-start', '--plan', 'p', '--json'], { env })).stdout);
    expect(start.hookRuns[0]).toMatchObject({ outcome: 'failed', reason: 'battery 15 %' });
    expect(start.decision).toBe('proceed');
    const end = JSON.parse((await runCli(['signal', 'snapshot-end', '--plan', 'p', '--status', 'success', '--snapshot-id', 'abc123', '--json'], { env })).stdout);
    expect(end.operationId).toBe(start.operationId);
    expect(readMarks(mark)).toEqual(['CONDITION_SNAPSHOT_SUCCESS |abc123', 'CONDITION_SNAPSHOT_END |abc123']);
  });

  it('unknown conditions and flags get a one-line error and exit 2', async () => {
    const env = { HOOKGATE_HOME: tempHome() };
    const a = await runCli(['signal', 'snapshot-begin'], { env });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('unknown condition "snapshot-begin"');
    const b = await runCli(['signal', 'snapshot-start', '--frobnicate'], { env });
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    const c = await runCli(['signal', 'snapshot-start', '--exit-codes', 'cron'], { env });
    expect(c.code).toBe(2);
  });
});
