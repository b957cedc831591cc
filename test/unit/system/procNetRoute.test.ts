import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcNetIpv6Route, parseProcNetRoute, readDefaultRoutes } from '../../../electron/core/system';
import { FIXTURES, fixture } from './fakeRunner';

describe('/proc/net default routes', () => {
  it('lists IPv4 default routes by metric with their gateways, ignoring subnet routes', () => {
    expect(parseProcNetRoute(fixture('proc-net/wifi-and-ethernet/route'))).toEqual([
      { iface: 'enp0s31f6', metric: 100, gateway: '192.168.0.1' },
      { iface: 'wlp2s0', metric: 600, gateway: '192.168.1.1' },
    ]);
  });

  it('counts a device route without gateway (WireGuard) as a default route', () => {
    expect(parseProcNetRoute(fixture('proc-net/vpn-device-route/route'))).toEqual([{ iface: 'wg0', metric: 0, gateway: null }]);
  });

  it('ignores the kernel\'s IPv6 reject route on lo', () => {
    expect(parseProcNetIpv6Route(fixture('proc-net/offline/ipv6_route'))).toEqual([]);
    expect(parseProcNetIpv6Route(fixture('proc-net/wifi-and-ethernet/ipv6_route'))).toEqual([{ iface: 'enp0s31f6', metric: 100, gateway: null }]);
  });

  it('reads both tables, so an IPv6-only network is a default route too', async () => {
    expect(await readDefaultRoutes(path.join(FIXTURES, 'proc-net/offline'))).toEqual([]);
    expect(await readDefaultRoutes(path.join(FIXTURES, 'proc-net/ipv6-only'))).toEqual([{ iface: 'wlp2s0', metric: 600, gateway: null }]);
    // No ipv6_route (kernel without IPv6) is fine.
    expect(await readDefaultRoutes(path.join(FIXTURES, 'proc-net/vpn-device-route'))).toHaveLength(1);
  });

  it('throws naming the file when /proc/net/route cannot be read', async () => {
    await expect(readDefaultRoutes('/nonexistent/net')).rejects.toThrow('cannot read /nonexistent/net/route');
  });
});
