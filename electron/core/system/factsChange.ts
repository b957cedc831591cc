// Which facts differ between two readings.
import type { SystemFacts } from '../../shared/systemFacts';
import { FACT_KEYS, type FactKey } from './factSource';

export function factValue(f: SystemFacts, key: FactKey): number | boolean | string | null {
  switch (key) {
    case 'battery.percent':
      return f.battery.percent;
    case 'battery.charging':
      return f.battery.charging;
    case 'battery.present':
      return f.battery.present;
    default:
      return f[key];
  }
}

/** Every fact whose value differs (unknown ↔ known counts). */
export function changedFacts(prev: SystemFacts, next: SystemFacts): FactKey[] {
  return FACT_KEYS.filter((k) => factValue(prev, k) !== factValue(next, k));
}

/** The facts a waiting gate or a guard hook reacts to. */
export const RELEVANT_FACTS: readonly FactKey[] = ['onAC', 'online', 'metered', 'battery.percent', 'wifiSSID'];

/**
 * Which of onAC, online, metered, battery.percent and wifiSSID changed. Any percent change is
 * reported; whether it crossed a hook's threshold is the hook's business.
 */
export function relevantChange(prev: SystemFacts, next: SystemFacts): FactKey[] {
  return RELEVANT_FACTS.filter((k) => factValue(prev, k) !== factValue(next, k));
}
