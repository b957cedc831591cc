// What Hookgate knows about the machine. Every fact may be unknown: null, never a guess.

export interface BatteryFacts {
  /** 0–100, or null when unknown or when there is no battery. */
  percent: number | null;
  charging: boolean | null;
  /** false on a desktop without a battery; null when it could not be read. */
  present: boolean | null;
}

export interface SystemFacts {
  battery: BatteryFacts;
  onAC: boolean | null;
  online: boolean | null;
  metered: boolean | null;
  wifiSSID: string | null;
  hostname: string | null;
}

export const UNKNOWN_FACTS: SystemFacts = Object.freeze({
  battery: Object.freeze({ percent: null, charging: null, present: null }),
  onAC: null,
  online: null,
  metered: null,
  wifiSSID: null,
  hostname: null,
}) as SystemFacts;

/** Facts overridden for a simulation (`hookgate test --simulate battery=15,ac=0,…`). */
export type SimulatedFacts = Partial<{
  batteryPercent: number | null;
  charging: boolean | null;
  onAC: boolean | null;
  online: boolean | null;
  metered: boolean | null;
  wifiSSID: string | null;
  hostname: string | null;
}>;
