// Online and metered on Linux: NetworkManager when it runs, else the kernel's default route
// (online only; without NetworkManager nothing says whether a link is metered).
import { CommandError, untranslatedEnv } from './commandRunner';
import type { FactsPatch, FactSource, SourceContext } from './factSource';
import { parseNmcliDevices, parseNmcliGeneral, parseNmcliMetered, parseNmcliWifiSsid, primaryDevice } from './nmcli';
import { PROC_NET, readDefaultRoutes, type DefaultRoute } from './procNetRoute';

/** nmcli is not installed, or NetworkManager is not running (nmcli exit status 8). */
export function networkManagerAbsent(err: unknown): boolean {
  return err instanceof CommandError && (err.failure === 'missing' || err.exitCode === 8);
}

export class LinuxNetworkSource implements FactSource {
  readonly name = 'network (NetworkManager)';
  readonly provides = ['online', 'metered'] as const;
  constructor(private readonly procNet: string = PROC_NET) {}

  async read(ctx: SourceContext): Promise<FactsPatch> {
    const env = untranslatedEnv();
    const [routes, general, devices] = await Promise.all([
      readDefaultRoutes(this.procNet).catch((err: Error) => {
        ctx.problem(err.message);
        return null;
      }),
      ctx.run('nmcli', ['-t', '-f', 'STATE,CONNECTIVITY', 'general'], { env }).catch((err: unknown) => err),
      ctx.run('nmcli', ['-t', '-f', 'DEVICE,TYPE,STATE', 'device'], { env }).catch((err: unknown) => err),
    ]);

    if (networkManagerAbsent(general)) {
      ctx.problem(`NetworkManager not available (${(general as Error).message}): online from the default route; metered and Wi-Fi SSID unknown`);
      return { online: onlineByRoute(routes), metered: null };
    }
    let online: boolean | null;
    try {
      if (general instanceof Error) throw general;
      online = parseNmcliGeneral(general as string) ?? onlineByRoute(routes);
    } catch (err) {
      ctx.problem(`online from the default route: ${(err as Error).message}`);
      online = onlineByRoute(routes);
    }

    let metered: boolean | null = null;
    try {
      if (devices instanceof Error) throw devices;
      const dev = primaryDevice(parseNmcliDevices(devices as string), routes);
      if (dev !== null) metered = parseNmcliMetered(await ctx.run('nmcli', ['-t', '-f', 'GENERAL.METERED', 'device', 'show', dev], { env }));
    } catch (err) {
      ctx.problem(`metered unknown: ${(err as Error).message}`);
    }
    return { online, metered };
  }
}

/** "A non-loopback interface with a default route" — the only online signal without NetworkManager. */
function onlineByRoute(routes: readonly DefaultRoute[] | null): boolean | null {
  return routes === null ? null : routes.length > 0;
}

export class LinuxWifiSource implements FactSource {
  readonly name = 'Wi-Fi (NetworkManager)';
  readonly provides = ['wifiSSID'] as const;

  async read(ctx: SourceContext): Promise<FactsPatch> {
    try {
      // --rescan no: a rescan can take seconds; the access point in use is known without one.
      const out = await ctx.run('nmcli', ['-t', '-f', 'ACTIVE,SSID', 'device', 'wifi', 'list', '--rescan', 'no'], { env: untranslatedEnv() });
      return { wifiSSID: parseNmcliWifiSsid(out) };
    } catch (err) {
      // The network source already says once that NetworkManager is missing; exit status 10
      // ("no such device") means there is no Wi-Fi device, so no SSID.
      if (networkManagerAbsent(err)) return { wifiSSID: null };
      if (err instanceof CommandError && err.exitCode === 10) return { wifiSSID: null };
      throw err;
    }
  }
}
