// Gates that react (issue "System facts"): a gate waiting on a retry is evaluated again as soon as
// a relevant fact changes, not only when its backoff timer fires — with real hooks in real ptys.
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

const acHook = { id: 'ac', ...hookFromGallery('ac', { platform: 'linux' }), onError: 'ON_ERROR_RETRY_10MINUTES' as const };

function waitingOn(engine: FactsEngine['engine']): Promise<void> {
  return new Promise((resolve) => {
    const on = (ev: { decision: string }) => {
      if (ev.decision !== 'wait') return;
      engine.off('decision', on);
      resolve();
    };
    engine.on('decision', on);
  });
}

describe('a waiting gate reacts to system facts', () => {
  it('a gate that waits on "on AC" proceeds right after the charger is plugged in (polled source)', async () => {
    fx = await openFactsEngine([acHook], { patch: { onAC: false, batteryPercent: 30, batteryPresent: true }, factsPollMs: 200 });
    const waiting = waitingOn(fx.engine);
    const t0 = Date.now();
    const result = fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START', wait: true, maxWaitMs: 3600_000 });
    await waiting;
    expect(fx.engine.waitingOperations()).toHaveLength(1);
    const plugged = Date.now();
    fx.facts.patch = { ...fx.facts.patch, onAC: true };
    const r = await result;
    expect(r.decision).toBe('proceed');
    expect(r.reason).toBe('on AC power');
    // The retry asked for 10 minutes; the change was seen at the next poll.
    expect(Date.now() - plugged).toBeLessThan(3000);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.operation.attempts).toBe(2);
    expect(r.hookRuns.map((h) => h.reason)).toEqual(['on battery power (battery at 30 %)', 'on AC power']);
  });

  it('an OS event (the host\'s powerMonitor calling notify) wakes it without any polling', async () => {
    fx = await openFactsEngine([acHook], { patch: { onAC: false }, factsPollMs: 0 });
    const waiting = waitingOn(fx.engine);
    const result = fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START', wait: true });
    await waiting;
    const plugged = Date.now();
    fx.facts.patch = { onAC: true };
    fx.provider.notify({ onAC: true });
    const r = await result;
    expect(r.decision).toBe('proceed');
    expect(Date.now() - plugged).toBeLessThan(2000);
  });

  it('a change of an irrelevant fact (hostname) does not re-run the gate; metered → unmetered does', async () => {
    const mark = path.join(process.env.TMPDIR ?? '/tmp', `hookgate-metered-${process.pid}-${Date.now()}`);
    const metered = { id: 'metered', ...hookFromGallery('unmetered', { platform: 'linux' }), onError: 'ON_ERROR_RETRY_10MINUTES' as const };
    fx = await openFactsEngine([metered, markerHook('seen', ['CONDITION_SNAPSHOT_START'], mark)], { patch: { metered: true, hostname: 'a' }, factsPollMs: 100 });
    const waiting = waitingOn(fx.engine);
    const result = fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START', wait: true });
    await waiting;
    fx.facts.patch = { ...fx.facts.patch, hostname: 'b' };
    await new Promise((r) => setTimeout(r, 600));
    expect(fx.engine.waitingOperations()).toHaveLength(1);
    fx.facts.patch = { ...fx.facts.patch, metered: false };
    const r = await result;
    expect(r).toMatchObject({ decision: 'proceed' });
    expect(r.operation.attempts).toBe(2);
    expect(readMarks(mark)).toHaveLength(1);
  });

  it('nobody waiting: the facts are not polled', async () => {
    fx = await openFactsEngine([], { factsPollMs: 50 });
    let reads = 0;
    const read = fx.facts.read.bind(fx.facts);
    fx.facts.read = async () => {
      reads++;
      return read();
    };
    await new Promise((r) => setTimeout(r, 400));
    expect(reads).toBe(0);
  });

  it('a fact change that brings an evaluation forward does not push the next backoff retry further out', async () => {
    const never = { id: 'nas', name: 'NAS reachable', conditions: ['CONDITION_SNAPSHOT_START' as const], onError: 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF' as const, script: 'echo "NAS not reachable"; exit 1' };
    fx = await openFactsEngine([never], { patch: { onAC: true, batteryPercent: 40, batteryPresent: true }, factsPollMs: 100 });
    const delays: number[] = [];
    fx.engine.on('decision', (ev) => {
      if (ev.decision === 'wait' && ev.nextAttemptAt) delays.push(Date.parse(ev.nextAttemptAt) - Date.now());
    });
    const result = fx.engine.signal({ condition: 'CONDITION_SNAPSHOT_START', wait: true, maxWaitMs: 3600_000 });
    for (let pct = 41; pct <= 43; pct++) {
      const waits = delays.length;
      while (delays.length === waits) await new Promise((r) => setTimeout(r, 20));
      fx.facts.patch = { ...fx.facts.patch, batteryPercent: pct }; // charging: each percent wakes the gate
    }
    while (delays.length < 4) await new Promise((r) => setTimeout(r, 20));
    fx.engine.resolveWaiting(fx.engine.waitingOperations()[0]!, 'skip');
    const r = await result;
    expect(r.operation.attempts).toBe(4);
    // Every wait is still the first step of the backoff (10 s), not 20, 40, 80 s.
    for (const d of delays) expect(d).toBeLessThanOrEqual(10_000);
    expect(delays[3]).toBeGreaterThan(5_000);
  });
});
