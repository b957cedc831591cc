// Issue "One engine host": the API table served by a real daemon — hooks, tests of a hook, cancel.
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { RemoteError } from '../../electron/shared/protocol';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

async function connect(env: HostEnv): Promise<HostClient> {
  return (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
}

describe('the API through a daemon', () => {
  it('adds, edits, disables, moves and removes hooks, with errors that say what was wrong', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'first', conditions: ['CONDITION_SNAPSHOT_START'] }]);
    await startDaemon(env);
    const c = await connect(env);
    try {
      const added = await c.call('hooks.add', { hook: { name: 'Battery ≥ 40 %', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0', onError: 'ON_ERROR_CANCEL' } });
      expect(added.id).toMatch(/^battery-40-\w{4}$/);
      expect((await c.call('hooks.edit', { id: added.id, patch: { timeoutSec: 30 } })).timeoutSec).toBe(30);
      expect((await c.call('hooks.setEnabled', { id: 'first', enabled: false })).enabled).toBe(false);
      expect((await c.call('hooks.move', { id: added.id, toIndex: 0 })).hooks.map((h) => h.id)).toEqual([added.id, 'first']);
      const bad = await c.call('hooks.add', { hook: { name: 'x', conditions: [], script: '' } }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(RemoteError);
      expect((bad as RemoteError).message).toMatch(/conditions.*at least one condition/);
      await c.call('hooks.remove', { id: 'first' });
      expect((await c.call('hooks.list', {})).hooks.map((h) => h.id)).toEqual([added.id]);
      // The CLI, going through the same host, sees the same hooks.
      expect((await runCli(['hooks', 'list', '--json'], { env: { ...env } })).stdout).toContain(added.id);
    } finally {
      c.close();
    }
  });

  it('hooks.test runs a draft with simulated facts: the decision it would give, its output live, nothing recorded', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, []);
    await startDaemon(env);
    const c = await connect(env);
    const watcher = await connect(env);
    try {
      await watcher.subscribe(['output']);
      const seen: { operationId: string; data: string }[] = [];
      watcher.on('output', (ev) => seen.push(ev));
      const script = '#!/bin/sh\nif [ "$HOOKGATE_BATTERY_PERCENT" -lt 40 ]; then echo "Battery at $HOOKGATE_BATTERY_PERCENT%"; exit 1; fi\n';
      const r = await c.call('hooks.test', { hook: { name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], script, onError: 'ON_ERROR_CANCEL' }, simulate: { batteryPercent: 15 } });
      expect(r).toMatchObject({ decision: 'skip', reason: 'Battery at 15%', condition: 'CONDITION_SNAPSHOT_START', facts: { battery: { percent: 15 } } });
      expect(r.operationId).toMatch(/^test-/);
      expect(r.output).toContain('Battery at 15%');
      await eventually(() => seen.some((e) => e.operationId === r.operationId && e.data.includes('Battery at 15%')), 5000, 'the test output event');
      const ok = await c.call('hooks.test', { hook: { name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], script }, simulate: { batteryPercent: 80 } });
      expect(ok.decision).toBe('proceed');
      expect((await c.call('history.list', {})).operations).toEqual([]);
    } finally {
      c.close();
      watcher.close();
    }
  });

  it('a running hook is shown to other clients and cancelled from one of them', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'hang', name: 'mount check', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo waiting for the disk; sleep 60' }]);
    await startDaemon(env);
    const cli = runCli(['signal', 'snapshot-start'], { env: { ...env } });
    const c = await connect(env);
    try {
      const running = await eventually(async () => (await c.call('status', {})).running[0], 30_000, 'the hook to run');
      expect(running).toMatchObject({ hookName: 'mount check', condition: 'CONDITION_SNAPSHOT_START' });
      expect(await c.call('hookRun.cancel', { runId: running.id })).toEqual({ cancelled: true });
      const r = await cli;
      expect(r.code).toBe(75);
      expect(r.stdout).toMatch(/hookgate: skip — .*cancel/i);
      const op = (await c.call('history.list', {})).operations[0]!;
      expect(op.hookRuns[0]).toMatchObject({ id: running.id, outcome: 'cancelled' });
    } finally {
      c.close();
    }
  });

  it('a CLI without XDG_RUNTIME_DIR (cron, a system unit) still finds the host, and a second daemon there is refused', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'h', conditions: ['CONDITION_SNAPSHOT_START'], script: 'echo fine' }]);
    const daemon = await startDaemon(env);
    const cron = { HOOKGATE_HOME: env.HOOKGATE_HOME };
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'cron'], { env: cron });
    expect(r.code).toBe(0);
    expect(daemon.log()).toMatch(/hookgate signal \(pid \d+\)\): signal CONDITION_SNAPSHOT_START plan=cron/);
    const second = await runCli(['daemon'], { env: cron });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`already runs for ${env.HOOKGATE_HOME}: pid ${daemon.pid}`);
  });
});
