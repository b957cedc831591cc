import { describe, expect, it } from 'vitest';
import {
  parseConnectivityLevel,
  parseNetshWlanInterfaces,
  parseNetworkCostType,
  parseWin32Battery,
  parseWindowsProbe,
  WINDOWS_PROBE_SCRIPT,
} from '../../../electron/core/system';
import { WindowsWifiSource } from '../../../electron/core/system/netshWlan';
import { WindowsProbeSource, windowsProbeArgs } from '../../../electron/core/system/windowsProbe';
import type { SourceContext } from '../../../electron/core/system/factSource';
import { fakeRunner, fixture, type Answer } from './fakeRunner';

function ctxWith(answers: Record<string, Answer>) {
  const fake = fakeRunner(answers);
  const problems: string[] = [];
  const ctx: SourceContext = { run: fake.run, problem: (m) => problems.push(m) };
  return { ctx, problems, calls: fake.calls };
}

describe('Win32_Battery JSON', () => {
  it('reads a single battery (ConvertTo-Json prints an object); status 2 is on AC, charging unknown', () => {
    expect(parseWin32Battery(fixture('windows/battery-single.json'))).toEqual({
      batteryPercent: 76,
      batteryCharging: null,
      batteryPresent: true,
      onAC: true,
    });
    expect(parseWin32Battery(fixture('windows/battery-discharging.json'))).toEqual({
      batteryPercent: 31,
      batteryCharging: false,
      batteryPresent: true,
      onAC: false,
    });
  });

  it('reads several batteries (an array): mean percent, charging if one charges', () => {
    expect(parseWin32Battery(fixture('windows/battery-array.json'))).toEqual({
      batteryPercent: 70,
      batteryCharging: true,
      batteryPresent: true,
      onAC: true,
    });
  });

  it('says "no battery, on AC" when CIM lists none (a desktop)', () => {
    expect(parseWin32Battery(fixture('windows/battery-none.json'))).toEqual({ batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC: true });
    expect(parseWin32Battery([])).toMatchObject({ batteryPresent: false });
  });

  it('maps every BatteryStatus value', () => {
    const at = (s: number) => parseWin32Battery({ EstimatedChargeRemaining: 50, BatteryStatus: s });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((s) => [at(s).onAC, at(s).batteryCharging])).toEqual([
      [false, false],
      [true, null],
      [true, false],
      [false, false],
      [false, false],
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [null, null],
      [null, null],
    ]);
    expect(parseWin32Battery({ EstimatedChargeRemaining: 255, BatteryStatus: 2 }).batteryPercent).toBeNull();
  });

  it('maps connection cost and connectivity level', () => {
    expect(['Unrestricted', 'Fixed', 'Variable', 'Unknown', 2].map(parseNetworkCostType)).toEqual([false, true, true, null, true]);
    expect(['InternetAccess', 'ConstrainedInternetAccess', 'LocalAccess', 'None'].map(parseConnectivityLevel)).toEqual([true, false, false, false]);
    expect(() => parseNetworkCostType('Roaming')).toThrow('unexpected NetworkCostType "Roaming"');
  });
});

describe('Windows PowerShell probe', () => {
  it('reads battery, AC, online and metered from one JSON', () => {
    expect(parseWindowsProbe(fixture('windows/probe-laptop-wifi.json'))).toEqual({
      facts: { batteryPercent: 88, batteryCharging: true, batteryPresent: true, onAC: true, online: true, metered: false },
      problems: [],
    });
    expect(parseWindowsProbe(fixture('windows/probe-laptop-tethered.json')).facts).toMatchObject({ onAC: false, online: true, metered: true });
    expect(parseWindowsProbe(fixture('windows/probe-captive-portal.json')).facts).toMatchObject({ online: false, metered: true });
  });

  it('is offline with metered unknown when there is no internet profile', () => {
    expect(parseWindowsProbe(fixture('windows/probe-desktop-offline.json')).facts).toEqual({
      batteryPercent: null,
      batteryCharging: null,
      batteryPresent: false,
      onAC: true,
      online: false,
      metered: null,
    });
  });

  it('makes each failed part unknown on its own and says why', () => {
    const { facts, problems } = parseWindowsProbe(fixture('windows/probe-errors.json'));
    expect(facts).toEqual({ batteryPercent: null, batteryCharging: null, batteryPresent: null, onAC: null, online: null, metered: null });
    expect(problems).toEqual([
      'battery unknown: Win32_Battery: Access denied ',
      expect.stringContaining('online and metered unknown: connection profile: Unable to find type'),
    ]);
  });

  it('rejects output that is not JSON, quoting it', () => {
    expect(() => parseWindowsProbe('powershell.exe : The term is not recognized')).toThrow(/not JSON .*"powershell\.exe : The term/);
  });

  it('runs Windows PowerShell with the script encoded, so no quoting can break it', async () => {
    const args = windowsProbeArgs();
    expect(args.slice(0, -1)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(args.at(-1)!, 'base64').toString('utf16le')).toBe(WINDOWS_PROBE_SCRIPT);
    const line = ['powershell.exe', ...args].join(' ');
    const { ctx } = ctxWith({ [line]: fixture('windows/probe-laptop-tethered.json') });
    expect(await new WindowsProbeSource().read(ctx)).toMatchObject({ batteryPercent: 45, metered: true });
  });
});

describe('netsh wlan show interfaces', () => {
  it('reads the SSID (not the BSSID), in English and in German', () => {
    expect(parseNetshWlanInterfaces(fixture('windows/netsh-connected.txt'))).toBe('Home Net 5G');
    expect(parseNetshWlanInterfaces(fixture('windows/netsh-german.txt'))).toBe('FRITZ!Box 7590 XY');
    expect(parseNetshWlanInterfaces(fixture('windows/netsh-two-interfaces.txt'))).toBe('Office');
  });

  it('has no SSID when disconnected or without a wireless interface', () => {
    expect(parseNetshWlanInterfaces(fixture('windows/netsh-disconnected.txt'))).toBeNull();
    expect(parseNetshWlanInterfaces(fixture('windows/netsh-no-interface.txt'))).toBeNull();
  });

  it('says the SSID is unknown, and how to fix it, without location permission', async () => {
    expect(() => parseNetshWlanInterfaces(fixture('windows/netsh-location-permission.txt'))).toThrow('location permission');
    const { ctx } = ctxWith({ 'netsh.exe wlan show interfaces': { exit: 1, stdout: fixture('windows/netsh-location-permission.txt') } });
    await expect(new WindowsWifiSource().read(ctx)).rejects.toThrow('Privacy & security');
  });

  it('treats netsh failing (no WLAN service) as no SSID', async () => {
    const { ctx } = ctxWith({ 'netsh.exe wlan show interfaces': { exit: 1, stdout: fixture('windows/netsh-no-interface.txt') } });
    expect(await new WindowsWifiSource().read(ctx)).toEqual({ wifiSSID: null });
  });
});
