import { describe, expect, it } from 'vitest';
import {
  isIphoneHotspotAddress,
  parseAirportNetwork,
  parseHardwarePorts,
  parseIpconfigPacket,
  parseIpconfigSummarySsid,
  parsePmsetBatt,
  parseRouteGetDefault,
} from '../../../electron/core/system';
import { MacNetworkSource, MacWifiSource } from '../../../electron/core/system/macNetwork';
import { MacPowerSource } from '../../../electron/core/system/macPmset';
import type { SourceContext } from '../../../electron/core/system/factSource';
import { fakeRunner, fixture, type Answer } from './fakeRunner';

function ctxWith(answers: Record<string, Answer>) {
  const fake = fakeRunner(answers);
  const problems: string[] = [];
  const ctx: SourceContext = { run: fake.run, problem: (m) => problems.push(m) };
  return { ctx, problems, calls: fake.calls };
}

describe('pmset -g batt', () => {
  const cases: [string, ReturnType<typeof parsePmsetBatt>][] = [
    ['ac-charging', { batteryPercent: 63, batteryCharging: true, batteryPresent: true, onAC: true }],
    ['ac-charged', { batteryPercent: 100, batteryCharging: false, batteryPresent: true, onAC: true }],
    ['battery-discharging', { batteryPercent: 57, batteryCharging: false, batteryPresent: true, onAC: false }],
    ['battery-no-estimate', { batteryPercent: 9, batteryCharging: false, batteryPresent: true, onAC: false }],
    ['ac-attached-not-charging', { batteryPercent: 80, batteryCharging: false, batteryPresent: true, onAC: true }],
    ['finishing-charge', { batteryPercent: 99, batteryCharging: true, batteryPresent: true, onAC: true }],
    ['desktop', { batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC: true }],
    // A UPS is not the Mac's battery, but running from it is not running on AC.
    ['desktop-ups', { batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC: false }],
  ];
  it.each(cases)('%s', (name, expected) => {
    expect(parsePmsetBatt(fixture(`pmset/${name}.txt`))).toEqual(expected);
  });

  it('rejects output that is not pmset\'s, quoting it', () => {
    expect(() => parsePmsetBatt('pmset: command not supported\n')).toThrow('pmset -g batt: unexpected output "pmset: command not supported"');
  });

  it('runs pmset -g batt', async () => {
    const { ctx, calls } = ctxWith({ 'pmset -g batt': fixture('pmset/battery-discharging.txt') });
    expect(await new MacPowerSource().read(ctx)).toMatchObject({ batteryPercent: 57, onAC: false });
    expect(calls.map((c) => c.line)).toEqual(['pmset -g batt']);
  });
});

describe('macOS network', () => {
  it('parses the default route, and none when "not in table"', () => {
    expect(parseRouteGetDefault(fixture('macos/route-default-home.txt'))).toEqual({ iface: 'en0', gateway: '192.168.178.1' });
    expect(parseRouteGetDefault(fixture('macos/route-default-vpn.txt'))).toEqual({ iface: 'utun4', gateway: null });
    expect(parseRouteGetDefault(fixture('macos/route-no-default.stderr.txt'))).toBeNull();
  });

  it('recognises the iPhone hotspot subnet 172.20.10.0/28 only', () => {
    expect(isIphoneHotspotAddress('172.20.10.1')).toBe(true);
    expect(isIphoneHotspotAddress('172.20.10.15')).toBe(true);
    expect(isIphoneHotspotAddress('172.20.10.16')).toBe(false);
    expect(isIphoneHotspotAddress('172.20.1.1')).toBe(false);
    expect(isIphoneHotspotAddress(null)).toBe(false);
  });

  it('finds ANDROID_METERED in the DHCP vendor option, in the ASCII or the hex column', () => {
    expect(parseIpconfigPacket(fixture('macos/getpacket-android.txt'))).toEqual({ router: '192.168.43.1', androidMetered: true });
    expect(parseIpconfigPacket(fixture('macos/getpacket-home.txt'))).toEqual({ router: '192.168.178.1', androidMetered: false });
    const hexOnly = fixture('macos/getpacket-android.txt').replace('ANDROID_METERED', '');
    expect(parseIpconfigPacket(hexOnly).androidMetered).toBe(true);
  });

  const ROUTE = 'route -n get default';
  it('is online and metered behind an iPhone hotspot', async () => {
    const { ctx, calls } = ctxWith({ [ROUTE]: fixture('macos/route-default-iphone.txt') });
    expect(await new MacNetworkSource().read(ctx)).toEqual({ online: true, metered: true });
    expect(calls).toHaveLength(1);
  });

  it('is online and metered behind an Android hotspot', async () => {
    const { ctx } = ctxWith({
      [ROUTE]: fixture('macos/route-default-home.txt'),
      'ipconfig getpacket en0': fixture('macos/getpacket-android.txt'),
    });
    expect(await new MacNetworkSource().read(ctx)).toEqual({ online: true, metered: true });
  });

  it('is online and not metered at home; offline without a default route', async () => {
    const home = ctxWith({ [ROUTE]: fixture('macos/route-default-home.txt'), 'ipconfig getpacket en0': fixture('macos/getpacket-home.txt') });
    expect(await new MacNetworkSource().read(home.ctx)).toEqual({ online: true, metered: false });
    const none = ctxWith({ [ROUTE]: { exit: 1, stderr: fixture('macos/route-no-default.stderr.txt') } });
    expect(await new MacNetworkSource().read(none.ctx)).toEqual({ online: false, metered: null });
  });

  it('says metered is unknown through a VPN, and reports it', async () => {
    const { ctx, problems } = ctxWith({ [ROUTE]: fixture('macos/route-default-vpn.txt') });
    expect(await new MacNetworkSource().read(ctx)).toEqual({ online: true, metered: null });
    expect(problems).toEqual(['metered unknown: default route through utun4 (a VPN?)']);
  });

  it('counts an interface without DHCP (static address) as not metered', async () => {
    const { ctx } = ctxWith({ [ROUTE]: fixture('macos/route-default-home.txt'), 'ipconfig getpacket en0': { exit: 1 } });
    expect(await new MacNetworkSource().read(ctx)).toEqual({ online: true, metered: false });
  });
});

describe('macOS Wi-Fi SSID', () => {
  it('parses the outputs', () => {
    expect(parseHardwarePorts(fixture('macos/listallhardwareports.txt'))).toBe('en1');
    expect(parseHardwarePorts(fixture('macos/listallhardwareports-no-wifi.txt'))).toBeNull();
    expect(parseAirportNetwork(fixture('macos/airport-associated.txt'))).toBe('Home Net 5G');
    expect(parseAirportNetwork(fixture('macos/airport-not-associated.txt'))).toBeNull();
    expect(parseIpconfigSummarySsid(fixture('macos/getsummary-associated.txt'))).toBe('Home Net 5G');
    expect(parseIpconfigSummarySsid(fixture('macos/getsummary-not-associated.txt'))).toBeNull();
    expect(() => parseIpconfigSummarySsid(fixture('macos/getsummary-redacted.txt'))).toThrow('<redacted>');
  });

  it('asks networksetup on the Wi-Fi device, remembering which device that is', async () => {
    const { ctx, calls } = ctxWith({
      'networksetup -listallhardwareports': fixture('macos/listallhardwareports.txt'),
      'networksetup -getairportnetwork en1': fixture('macos/airport-associated.txt'),
    });
    const source = new MacWifiSource();
    expect(await source.read(ctx)).toEqual({ wifiSSID: 'Home Net 5G' });
    expect(await source.read(ctx)).toEqual({ wifiSSID: 'Home Net 5G' });
    expect(calls.filter((c) => c.line.includes('listallhardwareports'))).toHaveLength(1);
  });

  it('asks ipconfig getsummary when networksetup claims "not associated" (macOS 14.4+)', async () => {
    const { ctx } = ctxWith({
      'networksetup -listallhardwareports': { exit: 1 },
      'networksetup -getairportnetwork en0': fixture('macos/airport-not-associated.txt'),
      'ipconfig getsummary en0': fixture('macos/getsummary-associated.txt'),
    });
    expect(await new MacWifiSource().read(ctx)).toEqual({ wifiSSID: 'Home Net 5G' });
  });

  it('leaves a redacted SSID unknown and says how to reveal it', async () => {
    const { ctx, problems } = ctxWith({
      'networksetup -listallhardwareports': fixture('macos/listallhardwareports.txt'),
      'networksetup -getairportnetwork en1': fixture('macos/airport-not-associated.txt'),
      'ipconfig getsummary en1': fixture('macos/getsummary-redacted.txt'),
    });
    expect(await new MacWifiSource().read(ctx)).toEqual({ wifiSSID: null });
    expect(problems).toEqual([expect.stringContaining('sudo ipconfig setverbose 1')]);
  });

  it('has no SSID on a Mac without Wi-Fi', async () => {
    const { ctx, calls } = ctxWith({ 'networksetup -listallhardwareports': fixture('macos/listallhardwareports-no-wifi.txt') });
    expect(await new MacWifiSource().read(ctx)).toEqual({ wifiSSID: null });
    expect(calls).toHaveLength(1);
  });
});
