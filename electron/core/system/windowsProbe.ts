// Battery, AC, online and metered on Windows from one Windows PowerShell run: CIM's
// Win32_Battery, and the WinRT connection profile (connectivity level and connection cost).
// One process, because starting PowerShell is the slow part (a few hundred ms).
import { encodedPowerShellArgs, POWERSHELL } from './commandRunner';
import type { FactsPatch, FactSource, SourceContext } from './factSource';

export { POWERSHELL };

/** Each part is caught on its own, so a failing WinRT call does not cost the battery facts. */
export const WINDOWS_PROBE_SCRIPT = `
$ErrorActionPreference = 'Stop'
$r = [ordered]@{}
try { $r.Battery = @(Get-CimInstance -ClassName Win32_Battery | Select-Object EstimatedChargeRemaining,BatteryStatus) } catch { $r.BatteryError = $_.Exception.Message }
try {
  $p = [Windows.Networking.Connectivity.NetworkInformation,Windows.Networking.Connectivity,ContentType=WindowsRuntime]::GetInternetConnectionProfile()
  if ($p) { $r.Connectivity = [string]$p.GetNetworkConnectivityLevel(); $r.Cost = [string]$p.GetConnectionCost().NetworkCostType } else { $r.Connectivity = 'None' }
} catch { $r.NetworkError = $_.Exception.Message }
$r | ConvertTo-Json -Compress -Depth 4
`;

export function windowsProbeArgs(): string[] {
  return encodedPowerShellArgs(WINDOWS_PROBE_SCRIPT);
}

export interface WindowsPowerFacts {
  batteryPercent: number | null;
  batteryCharging: boolean | null;
  batteryPresent: boolean;
  onAC: boolean | null;
}

// Win32_Battery.BatteryStatus: 1 Other (discharging), 2 Unknown (on AC, "not necessarily
// charging"), 3 Fully charged, 4 Low, 5 Critical, 6 Charging, 7 Charging and high,
// 8 Charging and low, 9 Charging and critical, 10 Undefined, 11 Partially charged.
const ON_AC = new Map<number, boolean>([[1, false], [2, true], [3, true], [4, false], [5, false], [6, true], [7, true], [8, true], [9, true]]);
const CHARGING = new Map<number, boolean>([[1, false], [3, false], [4, false], [5, false], [6, true], [7, true], [8, true], [9, true]]);

/**
 * `Get-CimInstance Win32_Battery | Select EstimatedChargeRemaining,BatteryStatus | ConvertTo-Json`:
 * an object for one battery, an array for several, nothing (or []) for none. Accepts the text
 * or the already parsed value.
 */
export function parseWin32Battery(json: string | unknown): WindowsPowerFacts {
  let value: unknown = json;
  if (typeof json === 'string') value = json.trim() === '' ? [] : JSON.parse(json.trim());
  const list = value === null ? [] : Array.isArray(value) ? value : [value];
  const batteries = list.map((b, i) => {
    if (typeof b !== 'object' || b === null) throw new Error(`Win32_Battery[${i}]: not an object: ${JSON.stringify(b)}`);
    const rec = b as Record<string, unknown>;
    const pct = rec.EstimatedChargeRemaining;
    const status = rec.BatteryStatus;
    return {
      percent: typeof pct === 'number' && pct >= 0 && pct <= 100 ? pct : null,
      status: typeof status === 'number' ? status : null,
    };
  });
  // A desktop without battery runs on mains.
  if (batteries.length === 0) return { batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC: true };

  const known = batteries.map((b) => b.percent);
  const percent = known.every((p): p is number => p !== null) ? Math.round(known.reduce((a, b) => a + b, 0) / known.length) : null;
  const anyOf = (table: Map<number, boolean>): boolean | null => {
    const vals = batteries.map((b) => (b.status === null ? undefined : table.get(b.status)));
    if (vals.includes(true)) return true;
    if (vals.includes(false)) return false;
    return null;
  };
  return { batteryPercent: percent, batteryCharging: anyOf(CHARGING), batteryPresent: true, onAC: anyOf(ON_AC) };
}

/** NetworkCostType: Unrestricted → not metered; Fixed / Variable (a data plan) → metered; Unknown → unknown. */
export function parseNetworkCostType(value: string | number | null | undefined): boolean | null {
  switch (String(value ?? '').trim()) {
    case 'Unrestricted':
    case '1':
      return false;
    case 'Fixed':
    case '2':
    case 'Variable':
    case '3':
      return true;
    case 'Unknown':
    case '0':
    case '':
      return null;
    default:
      throw new Error(`connection cost: unexpected NetworkCostType "${value}"`);
  }
}

/** NetworkConnectivityLevel: only InternetAccess is online (LocalAccess, ConstrainedInternetAccess — a captive portal — are not). */
export function parseConnectivityLevel(value: string | number | null | undefined): boolean | null {
  switch (String(value ?? '').trim()) {
    case 'InternetAccess':
    case '3':
      return true;
    case 'None':
    case '0':
    case 'LocalAccess':
    case '1':
    case 'ConstrainedInternetAccess':
    case '2':
      return false;
    case '':
      return null;
    default:
      throw new Error(`connectivity: unexpected NetworkConnectivityLevel "${value}"`);
  }
}

export interface WindowsProbeResult {
  facts: FactsPatch;
  problems: string[];
}

/** The probe script's JSON: `{"Battery":[…],"Connectivity":"InternetAccess","Cost":"Unrestricted"}`. */
export function parseWindowsProbe(text: string): WindowsProbeResult {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text.trim()) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`PowerShell probe: not JSON (${(err as Error).message}): "${text.trim().slice(0, 80)}"`);
  }
  const problems: string[] = [];
  const facts: FactsPatch = {};
  try {
    if (typeof data.BatteryError === 'string') throw new Error(data.BatteryError);
    Object.assign(facts, parseWin32Battery(data.Battery ?? []));
  } catch (err) {
    problems.push(`battery unknown: Win32_Battery: ${(err as Error).message}`);
    Object.assign(facts, { batteryPercent: null, batteryCharging: null, batteryPresent: null, onAC: null });
  }
  try {
    if (typeof data.NetworkError === 'string') throw new Error(data.NetworkError);
    facts.online = parseConnectivityLevel(data.Connectivity as string | undefined);
    // Without an internet profile there is no connection to be metered.
    facts.metered = facts.online === false && data.Cost === undefined ? null : parseNetworkCostType(data.Cost as string | undefined);
  } catch (err) {
    problems.push(`online and metered unknown: connection profile: ${(err as Error).message}`);
    facts.online = null;
    facts.metered = null;
  }
  return { facts, problems };
}

export class WindowsProbeSource implements FactSource {
  readonly name = 'power and network (PowerShell)';
  readonly provides = ['batteryPercent', 'batteryCharging', 'batteryPresent', 'onAC', 'online', 'metered'] as const;

  async read(ctx: SourceContext): Promise<FactsPatch> {
    const { facts, problems } = parseWindowsProbe(await ctx.run(POWERSHELL, windowsProbeArgs()));
    problems.forEach((p) => ctx.problem(p));
    return facts;
  }
}
