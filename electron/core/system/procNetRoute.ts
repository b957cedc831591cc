// Default routes from the kernel's routing tables (/proc/net/route, /proc/net/ipv6_route): how
// Linux decides "online" without NetworkManager, and which device NetworkManager's metered
// flag should be read from.
import fs from 'node:fs/promises';
import path from 'node:path';

export const PROC_NET = '/proc/net';

export interface DefaultRoute {
  iface: string;
  metric: number;
  /** Dotted IPv4 gateway, or null for a device route (point-to-point, VPN) or an IPv6 route. */
  gateway: string | null;
}

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;

/** Default routes (0.0.0.0/0) of `/proc/net/route`, lowest metric first; loopback and down routes ignored. */
export function parseProcNetRoute(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, dest, gw, flagsHex, , , metric, mask] = f;
    const flags = parseInt(flagsHex, 16);
    if (dest !== '00000000' || mask !== '00000000' || !(flags & RTF_UP) || flags & RTF_REJECT || iface === 'lo') continue;
    routes.push({ iface, metric: parseInt(metric, 10) || 0, gateway: gw === '00000000' ? null : littleEndianIPv4(gw) });
  }
  return routes.sort((a, b) => a.metric - b.metric);
}

/** Default routes (::/0) of `/proc/net/ipv6_route`, lowest metric first; the kernel's "lo" reject route ignored. */
export function parseProcNetIpv6Route(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [dest, prefixLen, , , , metricHex, , , flagsHex, iface] = f;
    const flags = parseInt(flagsHex, 16);
    if (!/^0+$/.test(dest) || parseInt(prefixLen, 16) !== 0 || !(flags & RTF_UP) || flags & RTF_REJECT || iface === 'lo') continue;
    routes.push({ iface, metric: parseInt(metricHex, 16) || 0, gateway: null });
  }
  return routes.sort((a, b) => a.metric - b.metric);
}

function littleEndianIPv4(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  return bytes.reverse().join('.');
}

/**
 * IPv4 then IPv6 default routes. Throws only when the IPv4 table cannot be read (no procfs):
 * a kernel without IPv6 simply has no ipv6_route.
 */
export async function readDefaultRoutes(procNet: string = PROC_NET): Promise<DefaultRoute[]> {
  const v4File = path.join(procNet, 'route');
  let v4: string;
  try {
    v4 = await fs.readFile(v4File, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${v4File}: ${(err as Error).message}`, { cause: err });
  }
  const v6 = await fs.readFile(path.join(procNet, 'ipv6_route'), 'utf8').catch(() => '');
  return [...parseProcNetRoute(v4), ...parseProcNetIpv6Route(v6)];
}
