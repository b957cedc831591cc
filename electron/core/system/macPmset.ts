// Battery and AC power on macOS, from `pmset -g batt`:
//   Now drawing from 'AC Power'
//    -InternalBattery-0 (id=4653155)	85%; charging; 1:05 remaining present: true
import type { FactsPatch, FactSource, SourceContext } from './factSource';

const CHARGING: Record<string, boolean> = {
  charging: true,
  'finishing charge': true,
  charged: false,
  discharging: false,
  'ac attached': false,
};

const ON_AC_BY_STATUS: Record<string, boolean> = {
  charging: true,
  'finishing charge': true,
  charged: true,
  'ac attached': true,
  discharging: false,
};

export interface PmsetFacts {
  batteryPercent: number | null;
  batteryCharging: boolean | null;
  batteryPresent: boolean;
  onAC: boolean | null;
}

/**
 * Only the Mac's own battery counts ("-InternalBattery-N"); a UPS listed beside it is not the
 * machine's battery, though drawing from it ("UPS Power") means not on AC.
 */
export function parsePmsetBatt(text: string): PmsetFacts {
  const source = /drawing from '([^']+)'/.exec(text)?.[1];
  const batteries: { percent: number; status: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*-InternalBattery-\d+\b.*?(\d{1,3})%;\s*([^;]+?)\s*(?:;|present:|$)/.exec(line);
    if (!m || /present:\s*false/.test(line)) continue;
    batteries.push({ percent: Number(m[1]), status: m[2].trim().toLowerCase() });
  }
  if (source === undefined && batteries.length === 0) throw new Error(`pmset -g batt: unexpected output "${text.trim().slice(0, 80)}"`);

  let onAC: boolean | null;
  if (source === 'AC Power') onAC = true;
  else if (source === 'Battery Power' || source === 'UPS Power') onAC = false;
  else onAC = batteries.length > 0 ? (ON_AC_BY_STATUS[batteries[0].status] ?? null) : null;

  if (batteries.length === 0) return { batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC };
  const percent = Math.round(batteries.reduce((a, b) => a + b.percent, 0) / batteries.length);
  const charging = batteries.some((b) => CHARGING[b.status] === true)
    ? true
    : batteries.some((b) => CHARGING[b.status] === false)
      ? false
      : null;
  return { batteryPercent: Math.min(100, percent), batteryCharging: charging, batteryPresent: true, onAC };
}

export class MacPowerSource implements FactSource {
  readonly name = 'power (pmset)';
  readonly provides = ['batteryPercent', 'batteryCharging', 'batteryPresent', 'onAC'] as const;

  async read(ctx: SourceContext): Promise<FactsPatch> {
    return parsePmsetBatt(await ctx.run('pmset', ['-g', 'batt']));
  }
}
