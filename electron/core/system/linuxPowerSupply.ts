// Battery and AC power on Linux, from the kernel's power-supply class (/sys/class/power_supply).
// Any battery name counts (BAT0, BAT1, CMB0, …); peripheral batteries (mice, headsets: scope
// "Device") do not.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FactsPatch, FactSource } from './factSource';

export const SYSFS_POWER_SUPPLY = '/sys/class/power_supply';

/** The attributes we use of one /sys/class/power_supply/<name>/ entry; a missing file is absent. */
export interface PowerSupplyEntry {
  name: string;
  type?: string;
  scope?: string;
  present?: string;
  online?: string;
  status?: string;
  capacity?: string;
  energy_now?: string;
  energy_full?: string;
  charge_now?: string;
  charge_full?: string;
}

const ATTRIBUTES = [
  'type',
  'scope',
  'present',
  'online',
  'status',
  'capacity',
  'energy_now',
  'energy_full',
  'charge_now',
  'charge_full',
] as const;

/**
 * Reads every entry under `root`. A missing root throws (the fact is then unknown); an
 * attribute that cannot be read (missing, or EIO/ENODEV from a battery being removed) is absent.
 */
export async function readPowerSupplies(root: string = SYSFS_POWER_SUPPLY): Promise<PowerSupplyEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch (err) {
    throw new Error(`cannot list ${root}: ${(err as Error).message}`, { cause: err });
  }
  return Promise.all(
    names.sort().map(async (name) => {
      const entry: PowerSupplyEntry = { name };
      await Promise.all(
        ATTRIBUTES.map(async (attr) => {
          try {
            entry[attr] = (await fs.readFile(path.join(root, name, attr), 'utf8')).trim();
          } catch {
            // Absent attribute: the kernel driver does not provide it.
          }
        }),
      );
      return entry;
    }),
  );
}

export interface PowerFacts {
  batteryPercent: number | null;
  batteryCharging: boolean | null;
  batteryPresent: boolean;
  onAC: boolean | null;
}

// Status values the kernel documents (Documentation/ABI/testing/sysfs-class-power).
const ON_AC_STATUSES = new Set(['Charging', 'Full', 'Not charging']);
const KNOWN_STATUSES = new Set([...ON_AC_STATUSES, 'Discharging']);

const isSystemScope = (e: PowerSupplyEntry) => e.scope !== 'Device';

/** Adapters that feed the machine: mains, USB (incl. USB-PD/Type-C ports), wireless chargers. */
const isAdapter = (e: PowerSupplyEntry) =>
  e.online !== undefined && e.type !== undefined && (e.type === 'Mains' || e.type.startsWith('USB') || e.type === 'Wireless');

/** Combines the entries into battery and AC facts. Pure, so it is tested without a sysfs. */
export function parsePowerSupplies(entries: readonly PowerSupplyEntry[]): PowerFacts {
  const batteries = entries.filter((e) => e.type === 'Battery' && isSystemScope(e) && e.present !== '0');
  const adapters = entries.filter((e) => isAdapter(e) && isSystemScope(e));

  let onAC: boolean | null;
  if (adapters.length > 0) {
    onAC = adapters.some((a) => a.online === '1');
  } else if (batteries.length > 0) {
    // No adapter entry (some firmwares): the battery status says whether power comes in.
    const statuses = batteries.map((b) => b.status ?? 'Unknown');
    if (statuses.some((s) => ON_AC_STATUSES.has(s))) onAC = true;
    else if (statuses.every((s) => s === 'Discharging')) onAC = false;
    else onAC = null;
  } else {
    // Neither battery nor adapter: a desktop (or a VM), which can only be running on mains.
    onAC = true;
  }

  if (batteries.length === 0) return { batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC };

  const statuses = batteries.map((b) => b.status ?? 'Unknown');
  let batteryCharging: boolean | null;
  if (statuses.includes('Charging')) batteryCharging = true;
  // An idle second battery often says "Unknown"; one known status is enough to say "not charging".
  else if (statuses.some((s) => KNOWN_STATUSES.has(s))) batteryCharging = false;
  else batteryCharging = null;

  return { batteryPercent: combinedPercent(batteries), batteryCharging, batteryPresent: true, onAC };
}

function num(text: string | undefined): number | null {
  if (text === undefined || !/^-?\d+$/.test(text)) return null;
  return Number(text);
}

function ratio(now: string | undefined, full: string | undefined): number | null {
  const n = num(now);
  const f = num(full);
  return n !== null && f !== null && f > 0 ? (100 * n) / f : null;
}

function batteryPercent(b: PowerSupplyEntry): number | null {
  return num(b.capacity) ?? ratio(b.energy_now, b.energy_full) ?? ratio(b.charge_now, b.charge_full);
}

function combinedPercent(batteries: readonly PowerSupplyEntry[]): number | null {
  let pct: number | null;
  if (batteries.length === 1) {
    pct = batteryPercent(batteries[0]);
  } else {
    // Weighted by what each battery holds, as UPower does; energy (µWh) before charge (µAh).
    pct = pooled(batteries, 'energy_now', 'energy_full') ?? pooled(batteries, 'charge_now', 'charge_full');
    if (pct === null) {
      const each = batteries.map(batteryPercent);
      pct = each.every((p): p is number => p !== null) ? each.reduce((a, b) => a + b, 0) / each.length : null;
    }
  }
  return pct === null ? null : Math.min(100, Math.max(0, Math.round(pct)));
}

function pooled(
  batteries: readonly PowerSupplyEntry[],
  nowKey: 'energy_now' | 'charge_now',
  fullKey: 'energy_full' | 'charge_full',
): number | null {
  let now = 0;
  let full = 0;
  for (const b of batteries) {
    const n = num(b[nowKey]);
    const f = num(b[fullKey]);
    if (n === null || f === null) return null;
    now += n;
    full += f;
  }
  return full > 0 ? (100 * now) / full : null;
}

export class LinuxPowerSupplySource implements FactSource {
  readonly name = 'power supply (sysfs)';
  readonly provides = ['batteryPercent', 'batteryCharging', 'batteryPresent', 'onAC'] as const;
  constructor(private readonly root: string = SYSFS_POWER_SUPPLY) {}

  async read(): Promise<FactsPatch> {
    return parsePowerSupplies(await readPowerSupplies(this.root));
  }
}
