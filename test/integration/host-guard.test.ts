// Issue "One engine host" with the engine's guards: a running backup guarded through the host's API.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { hostEnv, startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

/** A fake /sys/class/power_supply with a charger whose plug the test controls. */
function fakePowerSupply(root: string, onAC: boolean): (onAC: boolean) => void {
  const write = (dir: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const [f, v] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, f), `${v}\n`);
  };
  write('BAT0', { type: 'Battery', present: '1', capacity: '70', status: 'Discharging' });
  const plug = (on: boolean) => write('AC', { type: 'Mains', online: on ? '1' : '0' });
  plug(onAC);
  return plug;
}

describe('guards through the host', () => {
  it('a guard hook trips when the charger is unplugged mid-backup; the stop is recorded as skipped', async () => {
    const base = hostEnv();
    const sysfs = path.join(base.HOOKGATE_HOME, 'sysfs');
    const plug = fakePowerSupply(sysfs, true);
    const env = { ...base, HOOKGATE_SYSFS_ROOT: sysfs, HOOKGATE_FACTS_POLL_MS: '200' } as HostEnv;
    writeHooks(base.HOOKGATE_HOME, [
      { id: 'ac', name: 'on AC', guard: true, conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: '[ "$HOOKGATE_ON_AC" = 1 ] && echo "on AC" || { echo "unplugged"; exit 1; }' },
    ]);
    await startDaemon(env);
    const c = (await HostClient.connect({ paths: hookgatePaths(base.HOOKGATE_HOME), env: { ...env }, client: 'hookgate run' }))!;
    try {
      const gate = await c.call('signal', { condition: 'CONDITION_SNAPSHOT_START', plan: 'laptop' });
      expect(gate).toMatchObject({ decision: 'proceed', reason: 'on AC' });
      const watch = c.call('guard.watch', { operationId: gate.operationId });
      await new Promise((r) => setTimeout(r, 500));
      plug(false);
      const { guarded, trip } = await watch;
      expect(guarded).toBe(true);
      expect(trip).toMatchObject({ decision: 'skip', reason: 'unplugged', hook: { id: 'ac' } });
      const stop = await c.call('guard.recordStop', { operationId: gate.operationId, trip: trip! });
      expect(stop).toMatchObject({ decision: 'skip', operation: { status: 'skipped' } });
      expect((await c.call('history.get', { operationId: gate.operationId })).status).toBe('skipped');

      // No guard hooks for another plan's scope: answered at once, not guarded.
      writeHooks(base.HOOKGATE_HOME, [{ id: 'plain', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' }]);
      const other = await c.call('signal', { condition: 'CONDITION_SNAPSHOT_START', plan: 'desktop' });
      expect(await c.call('guard.watch', { operationId: other.operationId })).toEqual({ guarded: false, trip: null });
    } finally {
      c.close();
    }
  });

  it('guard.stop ends a watch that never tripped', async () => {
    const base = hostEnv();
    writeHooks(base.HOOKGATE_HOME, [{ id: 'g', guard: true, conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'exit 0' }]);
    await startDaemon(base);
    const c = (await HostClient.connect({ paths: hookgatePaths(base.HOOKGATE_HOME), env: { ...base }, client: 'test' }))!;
    try {
      const gate = await c.call('signal', { condition: 'CONDITION_SNAPSHOT_START' });
      const watch = c.call('guard.watch', { operationId: gate.operationId });
      await new Promise((r) => setTimeout(r, 200));
      await c.call('guard.stop', { operationId: gate.operationId });
      expect(await watch).toEqual({ guarded: true, trip: null });
    } finally {
      c.close();
    }
  });
});
