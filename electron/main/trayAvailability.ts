// Whether this desktop shows tray icons. Windows and macOS always do; on Linux Electron's tray is a
// StatusNotifierItem (KDE, Cinnamon, XFCE, GNOME with the AppIndicator extension, most panels), or
// an XEmbed icon on X11 trays. GNOME without the extension, and Wayland compositors without a
// StatusNotifier host, show nothing: there the app opens a normal window and says why.
import { execFile } from 'node:child_process';

export type TrayAvailability = { available: true } | { available: false; reason: string };

export interface TrayEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether a StatusNotifierWatcher owns its D-Bus name; null when that could not be asked. */
  statusNotifierWatcher: boolean | null;
  /** How long the app waited for the watcher (started at login), to say so when it never came. */
  waitedMs?: number;
}

export function decideTrayAvailability(t: TrayEnvironment): TrayAvailability {
  if (t.platform !== 'linux') return { available: true };
  const force = t.env.HOOKGATE_TRAY?.toLowerCase();
  if (force === '0' || force === 'off') return { available: false, reason: 'the tray is turned off (HOOKGATE_TRAY=0)' };
  if (force === '1' || force === 'on') return { available: true };
  if (t.statusNotifierWatcher) return { available: true };
  const desktop = (t.env.XDG_CURRENT_DESKTOP ?? '').toLowerCase();
  const wayland = (t.env.XDG_SESSION_TYPE ?? '').toLowerCase() === 'wayland' || !!t.env.WAYLAND_DISPLAY;
  const parts = desktop.split(':');
  // Ubuntu's GNOME ships the AppIndicator extension: trust it when the bus could not be asked.
  if (t.statusNotifierWatcher === null && parts.includes('ubuntu')) return { available: true };
  const waited = t.statusNotifierWatcher === false && t.waitedMs ? `no tray appeared within ${Math.round(t.waitedMs / 1000)} s of login; ` : '';
  if (parts.includes('gnome')) {
    return { available: false, reason: `${waited}GNOME shows no tray icons without the AppIndicator extension (gnome-shell-extension-appindicator)` };
  }
  if (t.statusNotifierWatcher === false && wayland) {
    return { available: false, reason: `${waited}this Wayland desktop has no StatusNotifier tray` };
  }
  if (!t.env.DISPLAY && !t.env.WAYLAND_DISPLAY) return { available: false, reason: 'there is no graphical session to show a tray icon in' };
  // X11 without a StatusNotifier host: Electron falls back to an XEmbed icon, which most X11 panels show.
  return { available: true };
}

/** Runs a command and gives its stdout, or null when it failed or could not be run. */
export type Ask = (cmd: string, args: string[]) => Promise<string | null>;

function askWithTimeout(timeoutMs: number): Ask {
  return (cmd, args) =>
    new Promise<string | null>((resolve) => {
      execFile(cmd, args, { timeout: timeoutMs }, (err, stdout) => resolve(err ? null : stdout));
    });
}

const WATCHER = 'org.kde.StatusNotifierWatcher';

/** Asks the session bus whether a StatusNotifierWatcher runs (gdbus, else dbus-send); null when neither answers. */
export function probeStatusNotifierWatcher(timeoutMs = 1000, ask: Ask = askWithTimeout(timeoutMs)): Promise<boolean | null> {
  const name = WATCHER;
  return (async () => {
    const g = await ask('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', name]);
    if (g !== null) return /\btrue\b/.test(g);
    const d = await ask('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`]);
    if (d !== null) return /boolean true/.test(d);
    return null;
  })();
}

/**
 * At login the autostart entry often runs before the desktop's panel has started its
 * StatusNotifier watcher: asked once, the answer would be "no tray" at every login. Asks until it
 * is there or `timeoutMs` has passed; null when the bus cannot be asked at all (then waiting is no use).
 */
export async function waitForStatusNotifierWatcher(o: {
  probe: () => Promise<boolean | null>;
  timeoutMs: number;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<boolean | null> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const end = now() + o.timeoutMs;
  for (;;) {
    const there = await o.probe();
    if (there !== false || now() >= end) return there;
    await sleep(Math.min(o.intervalMs ?? 500, Math.max(0, end - now())));
  }
}

/** How long after login the app waits for the tray's watcher (the issue seen: panels up to ~10 s late). */
export const LOGIN_TRAY_WAIT_MS = 15_000;

/** The strings of a GVariant that gdbus printed: `(<['a', 'b']>,)` → ['a', 'b']. */
export function gvariantStrings(out: string): string[] {
  return [...out.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
}

/**
 * Whether a StatusNotifierItem of process `pid` is registered with the watcher (the icon is shown).
 * Items are registered as a bus name (Electron's "org.kde.StatusNotifierItem-PID-N") or a unique
 * name with a path (":1.42/StatusNotifierItem"), so each item's bus name is asked for its process.
 * null when the bus cannot be asked.
 */
export async function statusNotifierItemRegistered(pid: number, ask: Ask = askWithTimeout(1000)): Promise<boolean | null> {
  const items = await ask('gdbus', ['call', '--session', '--dest', WATCHER, '--object-path', '/StatusNotifierWatcher', '--method', 'org.freedesktop.DBus.Properties.Get', WATCHER, 'RegisteredStatusNotifierItems']);
  if (items === null) return null;
  let unknown = false;
  for (const item of gvariantStrings(items)) {
    const bus = item.split('/')[0];
    if (!bus) continue;
    if (bus.startsWith(`org.kde.StatusNotifierItem-${pid}-`)) return true;
    const owner = await ask('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.GetConnectionUnixProcessID', bus]);
    if (owner === null) unknown = true;
    else if (new RegExp(`\\b${pid}\\b`).test(owner)) return true;
  }
  // An item whose owner could not be asked may be ours: not a "no".
  return unknown ? null : false;
}

/** Asks until the icon is registered or `timeoutMs` has passed (the item registers a moment after the Tray exists). */
export async function waitForTrayRegistered(o: {
  check: () => Promise<boolean | null>;
  timeoutMs: number;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}): Promise<boolean | null> {
  return waitForStatusNotifierWatcher({ probe: o.check, timeoutMs: o.timeoutMs, intervalMs: o.intervalMs, sleep: o.sleep, now: o.now });
}
