// Which sources read the facts on which platform.
import os from 'node:os';
import type { FactsPatch, FactSource } from './factSource';
import { LinuxPowerSupplySource, SYSFS_POWER_SUPPLY } from './linuxPowerSupply';
import { LinuxNetworkSource, LinuxWifiSource } from './linuxNetworkSource';
import { MacNetworkSource, MacWifiSource } from './macNetwork';
import { MacPowerSource } from './macPmset';
import { WindowsWifiSource } from './netshWlan';
import { PROC_NET } from './procNetRoute';
import { WindowsProbeSource } from './windowsProbe';

export interface PlatformSourceOptions {
  /** Linux: where the power-supply class lives (default: $HOOKGATE_SYSFS_ROOT, else /sys/class/power_supply). */
  sysfsRoot?: string;
  /** Linux: the folder holding `route` and `ipv6_route`. */
  procNetRoot?: string;
  hostname?: () => string;
}

export class HostnameSource implements FactSource {
  readonly name = 'hostname';
  readonly provides = ['hostname'] as const;
  constructor(private readonly hostname: () => string = os.hostname) {}

  async read(): Promise<FactsPatch> {
    const name = this.hostname();
    return { hostname: name === '' ? null : name };
  }
}

export function platformSources(platform: NodeJS.Platform, opts: PlatformSourceOptions = {}): FactSource[] {
  const hostname = new HostnameSource(opts.hostname);
  switch (platform) {
    case 'darwin':
      return [new MacPowerSource(), new MacNetworkSource(), new MacWifiSource(), hostname];
    case 'win32':
      return [new WindowsProbeSource(), new WindowsWifiSource(), hostname];
    case 'linux':
      return [
        // HOOKGATE_SYSFS_ROOT: a fake power-supply tree, so tests can plug and unplug a charger.
        new LinuxPowerSupplySource(opts.sysfsRoot ?? (process.env.HOOKGATE_SYSFS_ROOT || SYSFS_POWER_SUPPLY)),
        new LinuxNetworkSource(opts.procNetRoot ?? PROC_NET),
        new LinuxWifiSource(),
        hostname,
      ];
    default:
      // BSDs and others: nothing we know how to read but the name.
      return [hostname];
  }
}
