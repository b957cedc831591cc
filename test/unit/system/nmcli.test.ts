import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseNmcliDevices,
  parseNmcliGeneral,
  parseNmcliMetered,
  parseNmcliWifiSsid,
  primaryDevice,
  splitTerse,
} from '../../../electron/core/system';
import { LinuxNetworkSource, LinuxWifiSource } from '../../../electron/core/system/linuxNetworkSource';
import type { SourceContext } from '../../../electron/core/system/factSource';
import { FIXTURES, fakeRunner, fixture, type Answer } from './fakeRunner';

const GENERAL = 'nmcli -t -f STATE,CONNECTIVITY general';
const DEVICES = 'nmcli -t -f DEVICE,TYPE,STATE device';
const metered = (dev: string) => `nmcli -t -f GENERAL.METERED device show ${dev}`;
const WIFI = 'nmcli -t -f ACTIVE,SSID device wifi list --rescan no';

function ctxWith(answers: Record<string, Answer>) {
  const fake = fakeRunner(answers);
  const problems: string[] = [];
  const ctx: SourceContext = { run: fake.run, problem: (m) => problems.push(m) };
  return { ctx, problems, calls: fake.calls };
}

const procNet = (name: string) => path.join(FIXTURES, 'proc-net', name);

describe('nmcli parsers', () => {
  it('splits terse lines, undoing \\: and \\\\ escapes', () => {
    expect(splitTerse('yes:Caf\\: 2nd\\\\floor')).toEqual(['yes', 'Caf: 2nd\\floor']);
    expect(splitTerse('no:')).toEqual(['no', '']);
  });

  it('is online only with full connectivity', () => {
    expect(parseNmcliGeneral(fixture('nmcli/general-full.txt'))).toBe(true);
    expect(parseNmcliGeneral(fixture('nmcli/general-portal.txt'))).toBe(false);
    expect(parseNmcliGeneral(fixture('nmcli/general-limited.txt'))).toBe(false);
    expect(parseNmcliGeneral(fixture('nmcli/general-disconnected.txt'))).toBe(false);
    expect(parseNmcliGeneral(fixture('nmcli/networking-connectivity.txt'))).toBe(true);
  });

  it('uses the global state when connectivity checking is off', () => {
    expect(parseNmcliGeneral(fixture('nmcli/general-check-disabled.txt'))).toBe(true);
    expect(parseNmcliGeneral('disconnecting:unknown\n')).toBeNull();
    expect(parseNmcliGeneral('unknown\n')).toBeNull();
  });

  it('rejects output it does not understand, quoting it', () => {
    expect(() => parseNmcliGeneral('')).toThrow('empty output');
    expect(() => parseNmcliGeneral('Fehler\n')).toThrow('unexpected connectivity "Fehler"');
  });

  it('counts "yes" and "yes (guessed)" as metered, "no"/"no (guessed)" as not, "unknown" as unknown', () => {
    expect(parseNmcliMetered(fixture('nmcli/metered-yes.txt'))).toBe(true);
    expect(parseNmcliMetered(fixture('nmcli/metered-yes-guessed.txt'))).toBe(true);
    expect(parseNmcliMetered(fixture('nmcli/metered-no.txt'))).toBe(false);
    expect(parseNmcliMetered(fixture('nmcli/metered-no-guessed.txt'))).toBe(false);
    expect(parseNmcliMetered(fixture('nmcli/metered-unknown.txt'))).toBeNull();
    expect(() => parseNmcliMetered('GENERAL.METERED:ja\n')).toThrow('unexpected value "ja"');
  });

  it('reads the SSID in use, with colons and non-ASCII intact', () => {
    expect(parseNmcliWifiSsid(fixture('nmcli/wifi-list.txt'))).toBe('Café: 2nd floor');
    expect(parseNmcliWifiSsid(fixture('nmcli/wifi-list-not-associated.txt'))).toBeNull();
    expect(parseNmcliWifiSsid('')).toBeNull();
  });

  it('picks the device holding the best default route as primary, never loopback or docker0', () => {
    const devices = parseNmcliDevices(fixture('nmcli/devices.txt'));
    expect(devices[0]).toEqual({ device: 'wlp2s0', type: 'wifi', state: 'connected' });
    // Ethernet has the lower metric although nmcli lists Wi-Fi first.
    const routes = [
      { iface: 'enp0s31f6', metric: 100, gateway: '192.168.0.1' },
      { iface: 'wlp2s0', metric: 600, gateway: '192.168.1.1' },
    ];
    expect(primaryDevice(devices, routes)).toBe('enp0s31f6');
    expect(primaryDevice(devices, null)).toBe('wlp2s0');
    expect(primaryDevice(devices, [])).toBeNull();
    expect(primaryDevice(parseNmcliDevices(fixture('nmcli/devices-offline.txt')), null)).toBeNull();
  });
});

describe('Linux network source', () => {
  it('reads online from NetworkManager and metered from the primary device', async () => {
    const { ctx, problems, calls } = ctxWith({
      [GENERAL]: fixture('nmcli/general-full.txt'),
      [DEVICES]: fixture('nmcli/devices.txt'),
      [metered('enp0s31f6')]: fixture('nmcli/metered-yes-guessed.txt'),
    });
    expect(await new LinuxNetworkSource(procNet('wifi-and-ethernet')).read(ctx)).toEqual({ online: true, metered: true });
    expect(problems).toEqual([]);
    // nmcli translates "yes (guessed)": it must run with English messages.
    expect(calls[0].options?.env?.LC_MESSAGES).toBe('C');
    expect(calls[0].options?.env?.LC_ALL).toBeUndefined();
  });

  it('says metered is unknown while offline (no primary device)', async () => {
    const { ctx } = ctxWith({ [GENERAL]: fixture('nmcli/general-disconnected.txt'), [DEVICES]: fixture('nmcli/devices-offline.txt') });
    expect(await new LinuxNetworkSource(procNet('offline')).read(ctx)).toEqual({ online: false, metered: null });
  });

  it('without nmcli, falls back to the default route for online and says metered is unknown', async () => {
    const online = ctxWith({});
    expect(await new LinuxNetworkSource(procNet('wifi-and-ethernet')).read(online.ctx)).toEqual({ online: true, metered: null });
    expect(online.problems).toEqual([expect.stringContaining('NetworkManager not available')]);

    const offline = ctxWith({});
    expect(await new LinuxNetworkSource(procNet('offline')).read(offline.ctx)).toEqual({ online: false, metered: null });
  });

  it('treats "NetworkManager is not running" (nmcli exit 8) like no nmcli', async () => {
    const notRunning = { exit: 8, stderr: 'Error: NetworkManager is not running.\n' };
    const { ctx, problems } = ctxWith({ [GENERAL]: notRunning, [DEVICES]: notRunning });
    expect(await new LinuxNetworkSource(procNet('ipv6-only')).read(ctx)).toEqual({ online: true, metered: null });
    expect(problems[0]).toContain('NetworkManager not available');
  });

  it('without nmcli and without /proc/net, online is unknown too', async () => {
    const { ctx, problems } = ctxWith({});
    expect(await new LinuxNetworkSource('/nonexistent/net').read(ctx)).toEqual({ online: null, metered: null });
    expect(problems).toContain('cannot read /nonexistent/net/route: ENOENT: no such file or directory, open \'/nonexistent/net/route\'');
  });

  it('keeps online when only the metered query fails', async () => {
    const { ctx, problems } = ctxWith({
      [GENERAL]: fixture('nmcli/general-full.txt'),
      [DEVICES]: fixture('nmcli/devices.txt'),
      [metered('enp0s31f6')]: { timeout: true },
    });
    expect(await new LinuxNetworkSource(procNet('wifi-and-ethernet')).read(ctx)).toEqual({ online: true, metered: null });
    expect(problems).toEqual([expect.stringMatching(/^metered unknown: .*timed out/)]);
  });

  it('reads the SSID, and none without nmcli or without a Wi-Fi device', async () => {
    expect(await new LinuxWifiSource().read(ctxWith({ [WIFI]: fixture('nmcli/wifi-list.txt') }).ctx)).toEqual({ wifiSSID: 'Café: 2nd floor' });
    expect(await new LinuxWifiSource().read(ctxWith({}).ctx)).toEqual({ wifiSSID: null });
    expect(await new LinuxWifiSource().read(ctxWith({ [WIFI]: { exit: 10 } }).ctx)).toEqual({ wifiSSID: null });
    await expect(new LinuxWifiSource().read(ctxWith({ [WIFI]: { timeout: true } }).ctx)).rejects.toThrow('timed out');
  });
});
