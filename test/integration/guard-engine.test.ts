// Guarding a running backup, at the engine: guard hooks run again when a relevant fact changes;
// the first that now fails with CANCEL trips the guard, and the operation is recorded as skipped
// mid-way with the hook's reason — SKIPPED and END fire, no error hooks. Real hooks in real ptys.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookFromGallery } from '../../electron/core/gallery';
import { openFactsEngine, type FactsEngine } from '../helpers/facts';
import { markerHook, readMarks } from '../helpers/hooks';

let fx: FactsEngine | null = null;
afterEach(async () => {
  await fx?.close();
  fx = null;
});

const ac = { id: 'ac', ...hookFromGallery('ac', { platform: 'linux' }) };
const after = (mark: string) => [
  markerHook('skipped', ['CONDITION_SNAPSHOT_SKIPPED'], mark),
  markerHook('end', ['CONDITION_SNAPSHOT_END'], mark, { alsoAfterSkip: true }),
  markerHook('error', ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR'], mark),
];

describe('engine.guard', () => {
  it('trips within a poll of the charger being unplugged, and recordGuardStop records a skip mid-way', async () => {
    const mark = path.join('/tmp', `hookgate-guard-${process.pid}-${Date.now()}`);
    fx = await openFactsEngine([ac, ...after(mark)], { patch: { onAC: true, batteryPercent: 70 }, factsPollMs: 100 });
    const gate = await fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START', plan: 'docs' });
    expect(gate.decision).toBe('proceed');
    const guard = await fx.engine.guard(gate.operationId);
    expect(guard.hooks.map((h) => h.id)).toEqual(['ac']);
    await new Promise((r) => setTimeout(r, 300));
    expect(guard.trip).toBeNull();

    const unplugged = Date.now();
    fx.facts.patch = { onAC: false, batteryPercent: 69 };
    const trip = await guard.tripped;
    expect(Date.now() - unplugged).toBeLessThan(3000);
    expect(trip).toMatchObject({ decision: 'skip', reason: 'on battery power (battery at 69 %)' });
    expect(trip.hook.id).toBe('ac');
    await guard.stop();

    const end = await fx.engine.recordGuardStop(gate.operationId, trip);
    expect(end).toMatchObject({ decision: 'skip', reason: 'stopped mid-way: on battery power (battery at 69 %)' });
    expect(readMarks(mark).map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_END']);
    const op = fx.engine.history.get(gate.operationId)!;
    expect(op).toMatchObject({ status: 'skipped', decision: 'skip', reason: 'stopped mid-way: on battery power (battery at 69 %)' });
    expect(op.endedAt).not.toBeNull();
    // The guard's run is in the operation's history next to the gate's.
    expect(op.hookRuns.filter((r) => r.hookId === 'ac').map((r) => r.reason)).toEqual(['on AC power', 'on battery power (battery at 69 %)']);
  });

  it('a guard hook that still passes after a change does not trip; an IGNORE one never does', async () => {
    const lenient = { ...ac, id: 'lenient', onError: 'ON_ERROR_IGNORE' as const };
    const battery = { id: 'battery', ...hookFromGallery('battery', { platform: 'linux', params: { MIN_PERCENT: '20' } }) };
    fx = await openFactsEngine([lenient, battery], { patch: { onAC: true, batteryPercent: 80 }, factsPollMs: 100 });
    const gate = await fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START' });
    const guard = await fx.engine.guard(gate.operationId);
    fx.facts.patch = { onAC: false, batteryPercent: 50 };
    await new Promise((r) => setTimeout(r, 1500));
    expect(guard.trip).toBeNull();
    fx.facts.patch = { onAC: false, batteryPercent: 12 };
    const trip = await guard.tripped;
    expect(trip).toMatchObject({ decision: 'skip', reason: 'battery at 12 % (below 20 %)' });
    expect(trip.hook.id).toBe('battery');
    await guard.stop();
  });

  it('without guard hooks the handle watches nothing; hooks not marked guard are not re-run', async () => {
    const unguarded = { ...ac, guard: false };
    fx = await openFactsEngine([unguarded], { patch: { onAC: true }, factsPollMs: 50 });
    const gate = await fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START' });
    const guard = await fx.engine.guard(gate.operationId);
    expect(guard.hooks).toEqual([]);
    fx.facts.patch = { onAC: false };
    await new Promise((r) => setTimeout(r, 400));
    expect(guard.trip).toBeNull();
    await guard.stop();
    expect(fx.engine.history.get(gate.operationId)!.hookRuns).toHaveLength(1);
  });

  it('a FATAL guard hook trips as fail: recorded as failed, then ERROR, ANY_ERROR and END fire', async () => {
    const mark = path.join('/tmp', `hookgate-guard-fatal-${process.pid}-${Date.now()}`);
    fx = await openFactsEngine([{ ...ac, onError: 'ON_ERROR_FATAL' }, ...after(mark)], { patch: { onAC: true }, factsPollMs: 50 });
    const gate = await fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START' });
    const guard = await fx.engine.guard(gate.operationId);
    fx.provider.notify({ onAC: false });
    fx.facts.patch = { onAC: false };
    const trip = await guard.tripped;
    expect(trip).toMatchObject({ decision: 'fail', reason: 'on battery power' });
    await guard.stop();
    const end = await fx.engine.recordGuardStop(gate.operationId, trip);
    expect(end).toMatchObject({ decision: 'fail', reason: 'stopped mid-way: on battery power' });
    expect(fx.engine.history.get(gate.operationId)).toMatchObject({ status: 'failed', decision: 'fail' });
    expect(readMarks(mark).map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END']);
    expect(readMarks(mark)[0]).toContain('stopped mid-way by hook');
  });
});
