// The real provider on the machine running the tests: whatever it finds, the answer must be a
// well-formed SystemFacts, and quick.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { SystemFactsProvider } from '../../../electron/core/system';

const boolOrNull = (v: unknown) => v === null || typeof v === 'boolean';

describe('SystemFactsProvider on this machine', () => {
  it('returns well-formed facts within a second', async () => {
    const logs: string[] = [];
    const provider = new SystemFactsProvider({ logger: (m) => logs.push(m) });
    const t0 = performance.now();
    const facts = await provider.get();
    const ms = performance.now() - t0;
    provider.close();
    console.log(`real facts (${Math.round(ms)} ms): ${JSON.stringify(facts)}${logs.length ? `\n  ${logs.join('\n  ')}` : ''}`);

    expect(ms).toBeLessThan(1000);
    expect(Object.keys(facts).sort()).toEqual(['battery', 'hostname', 'metered', 'onAC', 'online', 'wifiSSID']);
    expect(Object.keys(facts.battery).sort()).toEqual(['charging', 'percent', 'present']);
    const p = facts.battery.percent;
    expect(p === null || (Number.isInteger(p) && p >= 0 && p <= 100)).toBe(true);
    for (const v of [facts.battery.charging, facts.battery.present, facts.onAC, facts.online, facts.metered]) expect(boolOrNull(v)).toBe(true);
    expect(facts.wifiSSID === null || typeof facts.wifiSSID === 'string').toBe(true);
    expect(facts.hostname).toBe(os.hostname());
  });
});
