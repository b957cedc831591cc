import { describe, expect, it } from 'vitest';
import { UNKNOWN_FACTS, type SystemFacts } from '../../../electron/shared/systemFacts';
import { applySimulation, factsToEnv, parseSimulate, relevantChange, SimulateError } from '../../../electron/core/system';

const LAPTOP: SystemFacts = {
  battery: { percent: 80, charging: true, present: true },
  onAC: true,
  online: true,
  metered: false,
  wifiSSID: 'Home',
  hostname: 'lap',
};

describe('parseSimulate', () => {
  it('reads the documented example', () => {
    expect(parseSimulate('battery=15,ac=0,online=1,metered=1,ssid=Home,charging=0,hostname=x')).toEqual({
      batteryPercent: 15,
      onAC: false,
      online: true,
      metered: true,
      wifiSSID: 'Home',
      charging: false,
      hostname: 'x',
    });
  });

  it('accepts true/false, yes/no, a percent sign, spaces and unknown (null)', () => {
    expect(parseSimulate(' battery = 40% , ac=true, online=No, metered=unknown, ssid=UNKNOWN ')).toEqual({
      batteryPercent: 40,
      onAC: true,
      online: false,
      metered: null,
      wifiSSID: null,
    });
    expect(parseSimulate('battery=unknown')).toEqual({ batteryPercent: null });
    expect(parseSimulate('')).toEqual({});
  });

  it('takes a quoted SSID with commas, and "unknown" in quotes as a real name', () => {
    expect(parseSimulate('ssid="Cafe, 2nd floor",ac=1')).toEqual({ wifiSSID: 'Cafe, 2nd floor', onAC: true });
    expect(parseSimulate('ssid="unknown"')).toEqual({ wifiSSID: 'unknown' });
  });

  it.each([
    ['batery=15', 'unknown key "batery" (known: battery, charging, ac, online, metered, ssid, hostname)', 'batery'],
    ['battery=150', 'battery must be a whole percent 0–100 or "unknown", got "150"', 'battery'],
    ['battery=1.5', 'battery must be a whole percent 0–100 or "unknown", got "1.5"', 'battery'],
    ['ac=maybe', 'ac must be 1/0, true/false, yes/no or "unknown", got "maybe"', 'ac'],
    ['ac=1,ac=0', '"ac" given twice', 'ac'],
    ['online', '"online" has no value (expected online=value)', 'online'],
    ['ssid=', 'ssid is empty (write ssid=unknown for an unknown value)', 'ssid'],
    ['ssid="open', 'ssid: unterminated quote', 'ssid'],
  ])('rejects %s naming the key and value', (text, message, key) => {
    let err: unknown;
    try {
      parseSimulate(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimulateError);
    expect((err as SimulateError).message).toBe(`--simulate: ${message}`);
    expect((err as SimulateError).key).toBe(key);
  });
});

describe('applySimulation', () => {
  it('puts simulated facts over real ones and leaves the rest', () => {
    expect(applySimulation(LAPTOP, parseSimulate('battery=15,ac=0,metered=unknown'))).toEqual({
      ...LAPTOP,
      battery: { percent: 15, charging: true, present: true },
      onAC: false,
      metered: null,
    });
  });

  it('gives a desktop a battery when a level is simulated', () => {
    const desktop = { ...UNKNOWN_FACTS, battery: { percent: null, charging: null, present: false } };
    expect(applySimulation(desktop, { batteryPercent: 15 }).battery).toEqual({ percent: 15, charging: null, present: true });
  });

  it('does not touch the facts it was given', () => {
    const frozen = Object.freeze({ ...LAPTOP, battery: Object.freeze({ ...LAPTOP.battery }) });
    expect(() => applySimulation(frozen, { onAC: false })).not.toThrow();
    expect(frozen.onAC).toBe(true);
  });
});

describe('factsToEnv', () => {
  it('gives 1/0, numbers and text', () => {
    expect(factsToEnv(LAPTOP)).toEqual({
      HOOKGATE_BATTERY_PERCENT: '80',
      HOOKGATE_BATTERY_CHARGING: '1',
      HOOKGATE_BATTERY_PRESENT: '1',
      HOOKGATE_ON_AC: '1',
      HOOKGATE_ONLINE: '1',
      HOOKGATE_METERED: '0',
      HOOKGATE_WIFI_SSID: 'Home',
      HOOKGATE_HOSTNAME: 'lap',
    });
  });

  it('leaves every unknown fact empty, never a guess', () => {
    expect(Object.values(factsToEnv(UNKNOWN_FACTS))).toEqual(Array(8).fill(''));
    expect(factsToEnv({ ...UNKNOWN_FACTS, battery: { percent: 0, charging: false, present: true } })).toMatchObject({
      HOOKGATE_BATTERY_PERCENT: '0',
      HOOKGATE_BATTERY_CHARGING: '0',
    });
  });
});

describe('relevantChange', () => {
  it('lists the facts gates and guards react to', () => {
    expect(relevantChange(LAPTOP, LAPTOP)).toEqual([]);
    expect(relevantChange(LAPTOP, { ...LAPTOP, onAC: false, metered: true, battery: { ...LAPTOP.battery, percent: 79 } })).toEqual([
      'onAC',
      'metered',
      'battery.percent',
    ]);
    expect(relevantChange(LAPTOP, { ...LAPTOP, online: null, wifiSSID: 'Cafe' })).toEqual(['online', 'wifiSSID']);
  });

  it('ignores charging, presence and hostname', () => {
    expect(relevantChange(LAPTOP, { ...LAPTOP, hostname: 'other', battery: { percent: 80, charging: false, present: true } })).toEqual([]);
  });
});
