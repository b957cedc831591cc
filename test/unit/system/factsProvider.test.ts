import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SystemFactsProvider, type FactsPatch, type FactSource, type SourceContext } from '../../../electron/core/system';
import { windowsProbeArgs } from '../../../electron/core/system/windowsProbe';
import { FIXTURES, fakeRunner, fixture } from './fakeRunner';
import { removeTempDirs, sysfsFixture } from './sysfsTree';

afterAll(removeTempDirs);
afterEach(() => vi.useRealTimers());

/** A source whose answer the test sets; counts its reads. */
class ScriptedSource implements FactSource {
  reads = 0;
  answer: FactsPatch | Error | 'hang' = {};
  problems: string[] = [];
  lastCtx: SourceContext | null = null;
  constructor(
    readonly name: string,
    readonly provides: FactSource['provides'],
  ) {}
  async read(ctx: SourceContext): Promise<FactsPatch> {
    this.reads++;
    this.lastCtx = ctx;
    this.problems.forEach((p) => ctx.problem(p));
    await new Promise((r) => setImmediate(r));
    if (this.answer === 'hang') return new Promise(() => {});
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

function setup(opts: { cacheMs?: number; readBudgetMs?: number; pollMs?: number; notifyHoldMs?: number } = {}) {
  let clock = 1000;
  const power = new ScriptedSource('power', ['batteryPercent', 'batteryCharging', 'batteryPresent', 'onAC']);
  const net = new ScriptedSource('net', ['online', 'metered', 'wifiSSID']);
  power.answer = { batteryPercent: 80, batteryCharging: true, batteryPresent: true, onAC: true };
  net.answer = { online: true, metered: false, wifiSSID: 'Home' };
  const logs: string[] = [];
  const provider = new SystemFactsProvider({
    sources: [power, net],
    logger: (m) => logs.push(m),
    now: () => clock,
    ...opts,
  });
  const events: [unknown, unknown, string[]][] = [];
  provider.on('change', (f, p, k) => events.push([f, p, k]));
  return { provider, power, net, logs, events, tick: (ms: number) => (clock += ms) };
}

describe('SystemFactsProvider', () => {
  it('assembles the sources into SystemFacts, unknown where no source speaks, frozen', async () => {
    const { provider } = setup();
    const facts = await provider.get();
    expect(facts).toEqual({
      battery: { percent: 80, charging: true, present: true },
      onAC: true,
      online: true,
      metered: false,
      wifiSSID: 'Home',
      hostname: null,
    });
    expect(Object.isFrozen(facts) && Object.isFrozen(facts.battery)).toBe(true);
  });

  it('serves a reading from cache for cacheMs, then reads again', async () => {
    const { provider, power, tick } = setup({ cacheMs: 5000 });
    await provider.get();
    tick(4999);
    await provider.get();
    expect(power.reads).toBe(1);
    tick(2);
    await provider.get();
    expect(power.reads).toBe(2);
  });

  it('lets concurrent callers share one read', async () => {
    const { provider, power } = setup();
    const all = await Promise.all([provider.get(), provider.get(), provider.refresh(), provider.get()]);
    expect(power.reads).toBe(1);
    expect(new Set(all).size).toBe(1);
  });

  it('emits change with the facts, the previous facts and the changed keys — not for the first reading', async () => {
    const { provider, power, net, events } = setup();
    const first = await provider.get();
    expect(events).toEqual([]);
    await provider.refresh();
    expect(events).toEqual([]);
    power.answer = { batteryPercent: 79, batteryCharging: false, batteryPresent: true, onAC: false };
    net.answer = { online: true, metered: true, wifiSSID: 'Phone' };
    const second = await provider.refresh();
    expect(events).toEqual([[second, first, ['battery.percent', 'battery.charging', 'onAC', 'metered', 'wifiSSID']]]);
  });

  it('applies notify() at once, emits it, and drops the cache', async () => {
    const { provider, power, events } = setup();
    await provider.get();
    provider.notify({ onAC: false });
    expect(events).toHaveLength(1);
    expect(events[0][2]).toEqual(['onAC']);
    expect((events[0][0] as { onAC: boolean }).onAC).toBe(false);
    await provider.get();
    expect(power.reads).toBe(2);
  });

  it('keeps a notified value while the OS has not caught up, then trusts the sources again', async () => {
    const { provider, events, tick } = setup({ notifyHoldMs: 2000 });
    await provider.get();
    provider.notify({ onAC: false, charging: false });
    // The sources still say "on AC, charging" (sysfs or WMI lagging behind the event).
    expect((await provider.refresh()).onAC).toBe(false);
    expect(events).toHaveLength(1);
    tick(2001);
    const later = await provider.refresh();
    expect(later.onAC).toBe(true);
    expect(events.at(-1)![2]).toEqual(['battery.charging', 'onAC']);
  });

  it('makes a failing source\'s facts unknown and logs it once, again only after it recovered', async () => {
    const { provider, power, net, logs, events } = setup();
    await provider.get();
    power.answer = new Error('sysfs exploded');
    for (let i = 0; i < 3; i++) {
      const f = await provider.refresh();
      expect(f.battery).toEqual({ percent: null, charging: null, present: null });
      expect(f.onAC).toBeNull();
      expect(f.online).toBe(true);
    }
    expect(logs).toEqual(['system facts: power failed, battery.percent, battery.charging, battery.present, onAC unknown: sysfs exploded']);
    expect(events).toHaveLength(1);
    power.answer = { batteryPercent: 80, batteryCharging: true, batteryPresent: true, onAC: true };
    await provider.refresh();
    expect(logs.at(-1)).toBe('system facts: power works again');
    power.answer = new Error('sysfs exploded');
    await provider.refresh();
    expect(logs.filter((l) => l.includes('failed'))).toHaveLength(2);
    expect(net.reads).toBe(6);
  });

  it('logs each problem a source reports once, while it keeps reporting it', async () => {
    const { provider, net, logs } = setup();
    net.problems = ['NetworkManager not available'];
    await provider.refresh();
    await provider.refresh();
    expect(logs).toEqual(['system facts: net: NetworkManager not available']);
    net.problems = [];
    await provider.refresh();
    net.problems = ['NetworkManager not available'];
    await provider.refresh();
    expect(logs).toHaveLength(2);
  });

  it('never waits longer than the read budget: a hanging source is unknown for that read', async () => {
    const { provider, net, logs } = setup({ readBudgetMs: 150 });
    net.answer = 'hang';
    const t0 = performance.now();
    const facts = await provider.get();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(facts.online).toBeNull();
    expect(facts.battery.percent).toBe(80);
    expect(logs).toEqual(['system facts: net failed, online, metered, wifiSSID unknown: no answer within 150 ms']);
    // The hung read holds no timer once its deadline passed.
    expect((provider as unknown as { deadlines: Set<unknown> }).deadlines.size).toBe(0);
    provider.close();
  });

  it('gives each command at most 800 ms and no more than the read has left', async () => {
    const fake = fakeRunner({ 'probe a': 'x' });
    let clock = 0;
    const src = new ScriptedSource('probe', ['online']);
    const provider = new SystemFactsProvider({ sources: [src], run: fake.run, now: () => clock, readBudgetMs: 950 });
    await provider.get();
    await src.lastCtx!.run('probe', ['a']);
    await src.lastCtx!.run('probe', ['a'], { timeoutMs: 5000 });
    clock = 700;
    await src.lastCtx!.run('probe', ['a']);
    expect(fake.calls.map((c) => c.options?.timeoutMs)).toEqual([800, 800, 250]);
  });

  it('logs a listener that throws and still tells the others; unsubscribing works', async () => {
    const { provider, logs } = setup();
    await provider.get();
    const seen: string[] = [];
    provider.on('change', () => {
      throw new Error('boom');
    });
    const off = provider.on('change', (_f, _p, keys) => seen.push(...keys));
    provider.notify({ metered: true });
    off();
    provider.notify({ metered: false });
    expect(seen).toEqual(['metered']);
    expect(logs.filter((l) => l.includes('listener threw: boom'))).toHaveLength(2);
  });

  it('polls when asked, emitting changes, and close() leaves no timers', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { provider, power, events } = setup({ pollMs: 30_000 });
    await provider.get();
    power.answer = { batteryPercent: 80, batteryCharging: false, batteryPresent: true, onAC: false };
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0][2]).toEqual(['battery.charging', 'onAC']);
    provider.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(power.reads).toBe(2);
  });

  it('does not poll by default, and close() also stops a read\'s deadline timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { provider, net } = setup();
    expect(vi.getTimerCount()).toBe(0);
    net.answer = 'hang';
    const pending = provider.get();
    await vi.waitFor(() => expect(vi.getTimerCount()).toBeGreaterThan(0));
    provider.close();
    expect(vi.getTimerCount()).toBe(0);
    expect((await pending).online).toBeNull();
  });
});

describe('SystemFactsProvider on each platform (recorded outputs)', () => {
  it('Linux: sysfs, nmcli and the hostname', async () => {
    const fake = fakeRunner({
      'nmcli -t -f STATE,CONNECTIVITY general': fixture('nmcli/general-full.txt'),
      'nmcli -t -f DEVICE,TYPE,STATE device': fixture('nmcli/devices.txt'),
      'nmcli -t -f GENERAL.METERED device show enp0s31f6': fixture('nmcli/metered-no-guessed.txt'),
      'nmcli -t -f ACTIVE,SSID device wifi list --rescan no': fixture('nmcli/wifi-list.txt'),
    });
    const provider = new SystemFactsProvider({
      platform: 'linux',
      run: fake.run,
      sysfsRoot: sysfsFixture('one-battery-unplugged'),
      procNetRoot: path.join(FIXTURES, 'proc-net/wifi-and-ethernet'),
      hostname: () => 'thinkpad',
    });
    expect(await provider.get()).toEqual({
      battery: { percent: 42, charging: false, present: true },
      onAC: false,
      online: true,
      metered: false,
      wifiSSID: 'Café: 2nd floor',
      hostname: 'thinkpad',
    });
  });

  it('Linux without NetworkManager: online from the default route, metered and SSID unknown, said once', async () => {
    const logs: string[] = [];
    const provider = new SystemFactsProvider({
      platform: 'linux',
      run: fakeRunner({}).run,
      sysfsRoot: sysfsFixture('desktop-no-battery'),
      procNetRoot: path.join(FIXTURES, 'proc-net/vpn-device-route'),
      hostname: () => 'box',
      logger: (m) => logs.push(m),
      cacheMs: 0,
    });
    await provider.get();
    expect(await provider.get()).toEqual({
      battery: { percent: null, charging: null, present: false },
      onAC: true,
      online: true,
      metered: null,
      wifiSSID: null,
      hostname: 'box',
    });
    expect(logs).toEqual([expect.stringContaining('NetworkManager not available')]);
  });

  it('macOS: pmset, route/ipconfig, networksetup', async () => {
    const fake = fakeRunner({
      'pmset -g batt': fixture('pmset/battery-discharging.txt'),
      'route -n get default': fixture('macos/route-default-iphone.txt'),
      'networksetup -listallhardwareports': fixture('macos/listallhardwareports.txt'),
      'networksetup -getairportnetwork en1': 'Current Wi-Fi Network: Anna’s iPhone\n',
    });
    const provider = new SystemFactsProvider({ platform: 'darwin', run: fake.run, hostname: () => 'mbp' });
    expect(await provider.get()).toEqual({
      battery: { percent: 57, charging: false, present: true },
      onAC: false,
      online: true,
      metered: true,
      wifiSSID: 'Anna’s iPhone',
      hostname: 'mbp',
    });
  });

  it('Windows: one PowerShell probe and netsh', async () => {
    const fake = fakeRunner({
      [['powershell.exe', ...windowsProbeArgs()].join(' ')]: fixture('windows/probe-laptop-wifi.json'),
      'netsh.exe wlan show interfaces': fixture('windows/netsh-connected.txt'),
    });
    const provider = new SystemFactsProvider({ platform: 'win32', run: fake.run, hostname: () => 'DESKTOP-7QK2' });
    expect(await provider.get()).toEqual({
      battery: { percent: 88, charging: true, present: true },
      onAC: true,
      online: true,
      metered: false,
      wifiSSID: 'Home Net 5G',
      hostname: 'DESKTOP-7QK2',
    });
  });

  it('another platform: only the hostname is known', async () => {
    const provider = new SystemFactsProvider({ platform: 'freebsd', run: fakeRunner({}).run, hostname: () => 'bsd' });
    expect(await provider.get()).toMatchObject({ onAC: null, online: null, battery: { present: null }, hostname: 'bsd' });
  });
});
