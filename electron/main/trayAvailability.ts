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
  if (parts.includes('gnome')) {
    return { available: false, reason: 'GNOME shows no tray icons without the AppIndicator extension (gnome-shell-extension-appindicator)' };
  }
  if (t.statusNotifierWatcher === false && wayland) {
    return { available: false, reason: 'this Wayland desktop has no StatusNotifier tray' };
  }
  if (!t.env.DISPLAY && !t.env.WAYLAND_DISPLAY) return { available: false, reason: 'there is no graphical session to show a tray icon in' };
  // X11 without a StatusNotifier host: Electron falls back to an XEmbed icon, which most X11 panels show.
  return { available: true };
}

/** Asks the session bus whether a StatusNotifierWatcher runs (gdbus, else dbus-send); null when neither answers. */
export function probeStatusNotifierWatcher(timeoutMs = 1000): Promise<boolean | null> {
  const ask = (cmd: string, args: string[]) =>
    new Promise<string | null>((resolve) => {
      execFile(cmd, args, { timeout: timeoutMs }, (err, stdout) => resolve(err ? null : stdout));
    });
  const name = 'org.kde.StatusNotifierWatcher';
  return (async () => {
    const g = await ask('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', name]);
    if (g !== null) return /\btrue\b/.test(g);
    const d = await ask('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`]);
    if (d !== null) return /boolean true/.test(d);
    return null;
  })();
}
