// The facts as HOOKGATE_* environment variables for hook scripts.
import type { SystemFacts } from '../../shared/systemFacts';

const flag = (b: boolean | null): string => (b === null ? '' : b ? '1' : '0');

/** `1`/`0`, a number or text; an unknown fact is the empty string, never a guess. */
export function factsToEnv(facts: SystemFacts): Record<string, string> {
  return {
    HOOKGATE_BATTERY_PERCENT: facts.battery.percent === null ? '' : String(facts.battery.percent),
    HOOKGATE_BATTERY_CHARGING: flag(facts.battery.charging),
    HOOKGATE_BATTERY_PRESENT: flag(facts.battery.present),
    HOOKGATE_ON_AC: flag(facts.onAC),
    HOOKGATE_ONLINE: flag(facts.online),
    HOOKGATE_METERED: flag(facts.metered),
    HOOKGATE_WIFI_SSID: facts.wifiSSID ?? '',
    HOOKGATE_HOSTNAME: facts.hostname ?? '',
  };
}
