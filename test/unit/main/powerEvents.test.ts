import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followPowerEvents, POWER_EVENTS } from '../../../electron/main/powerEvents';

describe('power events', () => {
  it('refresh the system facts on AC, battery, resume and unlock, until stopped', async () => {
    const pm = new EventEmitter();
    let refreshed = 0;
    const stop = followPowerEvents(pm, async () => void refreshed++);
    for (const e of POWER_EVENTS) pm.emit(e);
    expect(refreshed).toBe(4);
    stop();
    pm.emit('on-ac');
    expect(refreshed).toBe(4);
    expect(pm.listenerCount('on-ac')).toBe(0);
  });

  it('logs a failed refresh instead of throwing', async () => {
    const pm = new EventEmitter();
    const logs: string[] = [];
    followPowerEvents(pm, async () => Promise.reject(new Error('pmset not found')), (m) => logs.push(m));
    pm.emit('on-battery');
    await new Promise((r) => setImmediate(r));
    expect(logs).toEqual(['reading system facts after on-battery: pmset not found']);
  });
});
