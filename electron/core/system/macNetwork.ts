// Online, metered and the Wi-Fi SSID on macOS.
// - online: a default route exists (`route -n get default`), as on Linux without NetworkManager.
// - metered: macOS tells apps (NWPath.isExpensive) but no command line does, so we use the
//   hotspot heuristic NetworkManager uses too: an iPhone Personal Hotspot always hands out
//   172.20.10.0/28 with the phone at 172.20.10.1 (over Wi-Fi, USB and Bluetooth alike); an
//   Android hotspot puts "ANDROID_METERED" in its DHCP vendor option (43). No such sign: not
//   metered. SSID names are not used ("Anna's iPhone" is easy to rename either way).
// - SSID: `networksetup -getairportnetwork DEV`; recent macOS answers "not associated" even
//   when it is, so `ipconfig getsummary DEV` (its "SSID :" line) is asked next.
import { CommandError } from './commandRunner';
import type { FactsPatch, FactSource, SourceContext } from './factSource';

export const MAC_COMMANDS = {
  route: '/sbin/route',
  ipconfig: '/usr/sbin/ipconfig',
  networksetup: '/usr/sbin/networksetup',
} as const;

export interface MacDefaultRoute {
  iface: string | null;
  gateway: string | null;
}

/** `route -n get default` → the default route, or null when there is none ("not in table"). */
export function parseRouteGetDefault(text: string): MacDefaultRoute | null {
  if (/not in table/i.test(text)) return null;
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(\\S+)`, 'm').exec(text)?.[1] ?? null;
  const iface = field('interface');
  const gateway = field('gateway');
  if (iface === null && gateway === null) {
    if (/destination:\s*default/.test(text)) return { iface: null, gateway: null };
    throw new Error(`route get default: unexpected output "${text.trim().slice(0, 80)}"`);
  }
  return { iface, gateway: gateway !== null && /^\d+\.\d+\.\d+\.\d+$/.test(gateway) ? gateway : null };
}

const ANDROID_METERED_HEX = Buffer.from('ANDROID_METERED').toString('hex');

export interface DhcpPacketFacts {
  router: string | null;
  androidMetered: boolean;
}

/** `ipconfig getpacket DEV` → the DHCP router and whether the vendor option says ANDROID_METERED. */
export function parseIpconfigPacket(text: string): DhcpPacketFacts {
  const router = /^\s*router \([^)]*\):\s*\{?\s*(\d+\.\d+\.\d+\.\d+)/m.exec(text)?.[1] ?? null;
  // The vendor option is printed as a hex dump with an ASCII column; either side may be cut.
  const androidMetered =
    /ANDROID_METERED/.test(text) ||
    text.split(/\r?\n/).some((l) => l.replace(/^\s*[0-9a-f]{4}\s/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase().includes(ANDROID_METERED_HEX));
  return { router, androidMetered };
}

/** True for 172.20.10.0/28, the subnet of every iPhone Personal Hotspot. */
export function isIphoneHotspotAddress(ip: string | null): boolean {
  if (ip === null) return false;
  const m = /^172\.20\.10\.(\d+)$/.exec(ip);
  return m !== null && Number(m[1]) < 16;
}

/** `networksetup -listallhardwareports` → the Wi-Fi device (en0 on most Macs, en1 on some). */
export function parseHardwarePorts(text: string): string | null {
  const m = /Hardware Port:\s*(?:Wi-Fi|AirPort)\s*\r?\nDevice:\s*(\S+)/.exec(text);
  return m?.[1] ?? null;
}

/** `networksetup -getairportnetwork DEV` → "Current Wi-Fi Network: Home", else null. */
export function parseAirportNetwork(text: string): string | null {
  const m = /^Current (?:Wi-Fi|AirPort) Network:\s?(.*)$/m.exec(text);
  return m && m[1].trim() !== '' ? m[1].replace(/\r$/, '') : null;
}

export class SsidRedactedError extends Error {
  override readonly name = 'SsidRedactedError';
}

/**
 * `ipconfig getsummary DEV` → the "SSID : …" line, or null when not associated. macOS 15 prints
 * "<redacted>" unless `sudo ipconfig setverbose 1`: that is unknown, not "no Wi-Fi".
 */
export function parseIpconfigSummarySsid(text: string): string | null {
  const m = /^\s*SSID\s*:\s?(.*)$/m.exec(text);
  if (!m) return null;
  const ssid = m[1].replace(/\r$/, '');
  if (ssid === '<redacted>') throw new SsidRedactedError('ipconfig getsummary: SSID is <redacted> (macOS hides it unless `sudo ipconfig setverbose 1`)');
  return ssid === '' ? null : ssid;
}

export class MacNetworkSource implements FactSource {
  readonly name = 'network (route, ipconfig)';
  readonly provides = ['online', 'metered'] as const;

  async read(ctx: SourceContext): Promise<FactsPatch> {
    let route: MacDefaultRoute | null;
    try {
      route = parseRouteGetDefault(await ctx.run(MAC_COMMANDS.route, ['-n', 'get', 'default']));
    } catch (err) {
      // route exits non-zero when there is no default route.
      if (err instanceof CommandError && err.failure === 'exit' && /not in table/i.test(err.stderr + err.stdout)) route = null;
      else throw err;
    }
    if (route === null) return { online: false, metered: null };
    if (isIphoneHotspotAddress(route.gateway)) return { online: true, metered: true };
    if (route.iface === null || /^(utun|ipsec|ppp|tun|tap)\d/.test(route.iface)) {
      // A VPN hides the link beneath it: a hotspot under it cannot be seen from here.
      ctx.problem(`metered unknown: default route through ${route.iface ?? 'no interface'} (a VPN?)`);
      return { online: true, metered: null };
    }
    try {
      const packet = parseIpconfigPacket(await ctx.run(MAC_COMMANDS.ipconfig, ['getpacket', route.iface]));
      return { online: true, metered: packet.androidMetered || isIphoneHotspotAddress(packet.router) };
    } catch (err) {
      // No DHCP packet (static address, Thunderbolt bridge): no hotspot sign, so not metered.
      if (err instanceof CommandError && err.failure === 'exit') return { online: true, metered: false };
      ctx.problem(`metered unknown: ${(err as Error).message}`);
      return { online: true, metered: null };
    }
  }
}

export class MacWifiSource implements FactSource {
  readonly name = 'Wi-Fi (networksetup, ipconfig)';
  readonly provides = ['wifiSSID'] as const;
  /** The Wi-Fi device does not change while we run; undefined until asked, null when the Mac has none. */
  private device: string | null | undefined;

  async read(ctx: SourceContext): Promise<FactsPatch> {
    if (this.device === undefined) {
      try {
        this.device = parseHardwarePorts(await ctx.run(MAC_COMMANDS.networksetup, ['-listallhardwareports']));
      } catch (err) {
        ctx.problem(`assuming Wi-Fi is en0: ${(err as Error).message}`);
        return this.readSsid(ctx, 'en0');
      }
    }
    if (this.device === null) return { wifiSSID: null };
    return this.readSsid(ctx, this.device);
  }

  private async readSsid(ctx: SourceContext, dev: string): Promise<FactsPatch> {
    const airport = await ctx.run(MAC_COMMANDS.networksetup, ['-getairportnetwork', dev]).catch((err: unknown) => {
      if (err instanceof CommandError && err.failure === 'exit') return err.stdout;
      throw err;
    });
    const ssid = parseAirportNetwork(airport);
    if (ssid !== null) return { wifiSSID: ssid };
    try {
      return { wifiSSID: parseIpconfigSummarySsid(await ctx.run(MAC_COMMANDS.ipconfig, ['getsummary', dev])) };
    } catch (err) {
      if (err instanceof SsidRedactedError) {
        ctx.problem(err.message);
        return { wifiSSID: null };
      }
      throw err;
    }
  }
}
