// NetworkManager through `nmcli` in terse mode (-t): online, metered and the Wi-Fi SSID on Linux.
// Terse output separates fields with ':' and escapes ':' and '\' inside values with '\'.
import type { DefaultRoute } from './procNetRoute';

/** Splits one terse line into its fields, undoing nmcli's backslash escapes. */
export function splitTerse(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === ':') {
      fields.push(cur);
      cur = '';
    } else cur += c;
  }
  fields.push(cur);
  return fields;
}

const lines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');

// NM_CONNECTIVITY_* as nmcli prints them: only "full" reaches the internet.
const CONNECTIVITY: Record<string, boolean | null> = { full: true, limited: false, portal: false, none: false, unknown: null };

// NM_STATE_* as nmcli prints them; "connected" is CONNECTED_GLOBAL.
const STATE: Record<string, boolean | null> = {
  connected: true,
  'connected (site only)': false,
  'connected (local only)': false,
  connecting: false,
  disconnected: false,
  asleep: false,
  disconnecting: null,
  unknown: null,
};

/**
 * Online from `nmcli -t -f STATE,CONNECTIVITY general` ("connected:full"), or from the single
 * word of `nmcli networking connectivity`. Connectivity decides; when NetworkManager has not
 * checked it ("unknown"), the overall state does.
 */
export function parseNmcliGeneral(text: string): boolean | null {
  const first = lines(text)[0];
  if (first === undefined) throw new Error('nmcli general: empty output');
  const fields = splitTerse(first.trim());
  const [state, connectivity] = fields.length >= 2 ? fields : [undefined, fields[0]];
  const byConnectivity = CONNECTIVITY[connectivity.trim()];
  if (byConnectivity === undefined && state === undefined) throw new Error(`nmcli general: unexpected connectivity "${connectivity}"`);
  if (byConnectivity !== undefined && byConnectivity !== null) return byConnectivity;
  return state === undefined ? null : (STATE[state.trim()] ?? null);
}

export interface NmDevice {
  device: string;
  type: string;
  state: string;
}

/** `nmcli -t -f DEVICE,TYPE,STATE device` → devices in nmcli's order (connected ones first). */
export function parseNmcliDevices(text: string): NmDevice[] {
  return lines(text).map((l) => {
    const [device = '', type = '', state = ''] = splitTerse(l);
    return { device, type, state };
  });
}

/**
 * The device that carries the traffic: the one holding the best default route, if NetworkManager
 * manages it; else the first device NetworkManager itself connected (not loopback, not an
 * externally configured bridge such as docker0).
 */
export function primaryDevice(devices: readonly NmDevice[], defaultRoutes: readonly DefaultRoute[] | null): string | null {
  const connected = devices.filter((d) => d.state.startsWith('connected') && d.type !== 'loopback');
  for (const route of defaultRoutes ?? []) {
    if (connected.some((d) => d.device === route.iface)) return route.iface;
  }
  if (defaultRoutes !== null && defaultRoutes.length === 0) return null;
  return connected.find((d) => d.state === 'connected')?.device ?? null;
}

/**
 * `nmcli -t -f GENERAL.METERED device show DEV` → "GENERAL.METERED:yes (guessed)". A guess
 * counts: NetworkManager guesses "yes" from what Android and iPhone hotspots announce.
 */
export function parseNmcliMetered(text: string): boolean | null {
  const line = lines(text).find((l) => l.startsWith('GENERAL.METERED:')) ?? lines(text)[0];
  if (line === undefined) throw new Error('nmcli metered: empty output');
  const value = splitTerse(line).slice(-1)[0].trim().toLowerCase();
  if (value === 'yes' || value === 'yes (guessed)') return true;
  if (value === 'no' || value === 'no (guessed)') return false;
  if (value === 'unknown') return null;
  throw new Error(`nmcli metered: unexpected value "${value}"`);
}

/** `nmcli -t -f ACTIVE,SSID device wifi list` → the SSID of the access point in use, or null. */
export function parseNmcliWifiSsid(text: string): string | null {
  for (const l of lines(text)) {
    const fields = splitTerse(l);
    if (fields[0] === 'yes' && fields.length >= 2) {
      const ssid = fields.slice(1).join(':');
      return ssid === '' ? null : ssid;
    }
  }
  return null;
}
