// The contract between the provider and the per-platform sources: each source reads a few
// facts and reports them flat; the provider assembles them into SystemFacts.
import type { CommandRunner } from './commandRunner';

/** The name of one fact, as change events and relevantChange report it. */
export type FactKey =
  | 'battery.percent'
  | 'battery.charging'
  | 'battery.present'
  | 'onAC'
  | 'online'
  | 'metered'
  | 'wifiSSID'
  | 'hostname';

export const FACT_KEYS: readonly FactKey[] = [
  'battery.percent',
  'battery.charging',
  'battery.present',
  'onAC',
  'online',
  'metered',
  'wifiSSID',
  'hostname',
];

/** Facts read by one source; a key left out is not this source's business, null is "unknown". */
export type FactsPatch = Partial<{
  batteryPercent: number | null;
  batteryCharging: boolean | null;
  batteryPresent: boolean | null;
  onAC: boolean | null;
  online: boolean | null;
  metered: boolean | null;
  wifiSSID: string | null;
  hostname: string | null;
}>;

export type PatchKey = keyof FactsPatch;

export interface SourceContext {
  run: CommandRunner;
  /**
   * A partial failure or a degraded mode worth telling the user about (e.g. "nmcli not found").
   * The provider logs each distinct message once, until a read no longer reports it.
   */
  problem(message: string): void;
}

export interface FactSource {
  /** Short name for log lines ("linux power supply"). */
  readonly name: string;
  /** What this source reads; if it throws or times out, exactly these become unknown. */
  readonly provides: readonly PatchKey[];
  read(ctx: SourceContext): Promise<FactsPatch>;
}
