// `--simulate battery=15,ac=0,online=1,metered=1,ssid=Home`: facts overridden for
// `hookgate test` and the UI's Test button.
import type { SimulatedFacts, SystemFacts } from '../../shared/systemFacts';

export class SimulateError extends Error {
  override readonly name = 'SimulateError';
  constructor(
    message: string,
    /** The offending key as written, when the problem is about one pair. */
    readonly key?: string,
    readonly value?: string,
  ) {
    super(`--simulate: ${message}`);
  }
}

type Kind = 'percent' | 'bool' | 'text';
const KEYS: Record<string, { field: keyof SimulatedFacts; kind: Kind }> = {
  battery: { field: 'batteryPercent', kind: 'percent' },
  charging: { field: 'charging', kind: 'bool' },
  ac: { field: 'onAC', kind: 'bool' },
  online: { field: 'online', kind: 'bool' },
  metered: { field: 'metered', kind: 'bool' },
  ssid: { field: 'wifiSSID', kind: 'text' },
  hostname: { field: 'hostname', kind: 'text' },
};
const ALIASES: Record<string, string> = { onac: 'ac', on_ac: 'ac', wifi: 'ssid', wifi_ssid: 'ssid', percent: 'battery', battery_percent: 'battery', host: 'hostname' };
const KNOWN = Object.keys(KEYS).join(', ');

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/**
 * Comma-separated `key=value` pairs. Booleans take 1/0, true/false, yes/no, on/off; any value
 * may be `unknown` (null). A value with commas goes in double quotes: `ssid="Cafe, 2nd floor"`.
 */
export function parseSimulate(text: string): SimulatedFacts {
  const sim: SimulatedFacts = {};
  const seen = new Set<string>();
  for (const { key: rawKey, value, quoted } of splitPairs(text)) {
    const lower = rawKey.toLowerCase();
    const key = ALIASES[lower] ?? lower;
    const spec = KEYS[key];
    if (!spec) throw new SimulateError(`unknown key "${rawKey}" (known: ${KNOWN})`, rawKey, value);
    if (seen.has(key)) throw new SimulateError(`"${rawKey}" given twice`, rawKey, value);
    seen.add(key);
    const set = (v: number | boolean | string | null) => ((sim as Record<string, unknown>)[spec.field] = v);
    if (!quoted && value.toLowerCase() === 'unknown') {
      set(null);
      continue;
    }
    switch (spec.kind) {
      case 'percent': {
        const m = /^(\d{1,3})%?$/.exec(value);
        if (!m || Number(m[1]) > 100) {
          throw new SimulateError(`${rawKey} must be a whole percent 0–100 or "unknown", got "${value}"`, rawKey, value);
        }
        set(Number(m[1]));
        break;
      }
      case 'bool': {
        const v = value.toLowerCase();
        if (TRUE.has(v)) set(true);
        else if (FALSE.has(v)) set(false);
        else throw new SimulateError(`${rawKey} must be 1/0, true/false, yes/no or "unknown", got "${value}"`, rawKey, value);
        break;
      }
      case 'text':
        if (value === '') throw new SimulateError(`${rawKey} is empty (write ${rawKey}=unknown for an unknown value)`, rawKey, value);
        set(value);
        break;
    }
  }
  return sim;
}

function splitPairs(text: string): { key: string; value: string; quoted: boolean }[] {
  const pairs: { key: string; value: string; quoted: boolean }[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  while (true) {
    skipSpace();
    if (i >= n) break;
    const start = i;
    while (i < n && text[i] !== '=' && text[i] !== ',') i++;
    const key = text.slice(start, i).trim();
    if (i >= n || text[i] === ',') throw new SimulateError(`"${key}" has no value (expected ${key || 'key'}=value)`, key);
    if (key === '') throw new SimulateError(`a value without a key at column ${start + 1}`);
    i++; // '='
    skipSpace();
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) i++;
        value += text[i++];
      }
      if (i >= n) throw new SimulateError(`${key}: unterminated quote`, key);
      i++;
      skipSpace();
      if (i < n && text[i] !== ',') throw new SimulateError(`${key}: unexpected text after the closing quote`, key);
    } else {
      const vStart = i;
      while (i < n && text[i] !== ',') i++;
      value = text.slice(vStart, i).trim();
    }
    pairs.push({ key, value, quoted });
    if (i < n && text[i] === ',') i++;
  }
  return pairs;
}

/** Simulated over real: a key the simulation leaves out keeps its real value. */
const over = <T>(simulated: T | null | undefined, real: T | null): T | null => (simulated === undefined ? real : simulated);

/** The facts with the simulated ones put over them; a simulated battery level implies a battery. */
export function applySimulation(facts: SystemFacts, sim: SimulatedFacts): SystemFacts {
  return {
    battery: {
      percent: over(sim.batteryPercent, facts.battery.percent),
      charging: over(sim.charging, facts.battery.charging),
      present: typeof sim.batteryPercent === 'number' ? true : facts.battery.present,
    },
    onAC: over(sim.onAC, facts.onAC),
    online: over(sim.online, facts.online),
    metered: over(sim.metered, facts.metered),
    wifiSSID: over(sim.wifiSSID, facts.wifiSSID),
    hostname: over(sim.hostname, facts.hostname),
  };
}
