import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, autostartEntry, launchCommand } from '../../../electron/main/loginItem';
import { decideTrayAvailability } from '../../../electron/main/trayAvailability';

describe('start at login', () => {
  it('starts the AppImage itself, not its temporary mount', () => {
    expect(launchCommand({ execPath: '/tmp/.mount_hookgXYZ/hookgate', appImage: '/home/u/Apps/Hookgate.AppImage', isPackaged: true, appPath: '/x' })).toEqual(['/home/u/Apps/Hookgate.AppImage']);
    expect(launchCommand({ execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '/x' })).toEqual(['/opt/Hookgate/hookgate']);
    expect(launchCommand({ execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' })).toEqual(['/repo/node_modules/electron/dist/electron', '/repo']);
  });

  it('quotes an Exec line the way the desktop entry spec asks', () => {
    expect(autostartEntry(['/home/u/My Apps/Hookgate.AppImage'])).toContain('Exec="/home/u/My Apps/Hookgate.AppImage"\n');
    expect(autostartEntry(['/opt/a$b/x'])).toContain('Exec="/opt/a\\$b/x"\n');
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-autostart-'));
    const target = { platform: 'linux' as const, launch: { execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '' }, setLoginItemSettings: () => {}, env: { XDG_CONFIG_HOME: xdg } };
    applyStartAtLogin(true, target);
    const file = path.join(xdg, 'autostart', 'hookgate.desktop');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Hookgate\n[\s\S]*Exec=\/opt\/Hookgate\/hookgate\n/);
    applyStartAtLogin(false, target);
    expect(fs.existsSync(file)).toBe(false);
    fs.rmSync(xdg, { recursive: true, force: true });
  });

  it("uses Electron's login items on macOS and Windows, hidden", () => {
    const seen: unknown[] = [];
    applyStartAtLogin(true, { platform: 'win32', launch: { execPath: 'C:\\Hookgate\\Hookgate.exe', isPackaged: true, appPath: '' }, setLoginItemSettings: (s) => seen.push(s) });
    expect(seen).toEqual([{ openAtLogin: true, openAsHidden: true }]);
  });
});

describe('tray availability', () => {
  const linux = (env: NodeJS.ProcessEnv, sni: boolean | null) => decideTrayAvailability({ platform: 'linux', env, statusNotifierWatcher: sni });

  it('is always there on macOS and Windows', () => {
    expect(decideTrayAvailability({ platform: 'darwin', env: {}, statusNotifierWatcher: null })).toEqual({ available: true });
    expect(decideTrayAvailability({ platform: 'win32', env: {}, statusNotifierWatcher: null })).toEqual({ available: true });
  });

  it('is there where a StatusNotifier host runs (KDE, GNOME with the extension)', () => {
    expect(linux({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', WAYLAND_DISPLAY: 'wayland-0' }, true)).toEqual({ available: true });
  });

  it('is missing on GNOME without the AppIndicator extension, and says so', () => {
    const r = linux({ XDG_CURRENT_DESKTOP: 'GNOME', XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' }, false);
    expect(r).toEqual({ available: false, reason: 'GNOME shows no tray icons without the AppIndicator extension (gnome-shell-extension-appindicator)' });
  });

  it("trusts Ubuntu's GNOME (it ships the extension) when the bus cannot be asked", () => {
    expect(linux({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', WAYLAND_DISPLAY: 'wayland-0' }, null)).toEqual({ available: true });
    expect(linux({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', WAYLAND_DISPLAY: 'wayland-0' }, false)).toMatchObject({ available: false });
  });

  it('trusts an X11 panel to take an XEmbed icon', () => {
    expect(linux({ XDG_CURRENT_DESKTOP: 'XFCE', XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, false)).toEqual({ available: true });
  });

  it('is missing on a Wayland desktop without a StatusNotifier host', () => {
    expect(linux({ XDG_CURRENT_DESKTOP: 'sway', XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-1' }, false)).toMatchObject({ available: false });
  });

  it('can be forced either way with HOOKGATE_TRAY', () => {
    expect(linux({ HOOKGATE_TRAY: '0', DISPLAY: ':0' }, true)).toMatchObject({ available: false, reason: expect.stringContaining('HOOKGATE_TRAY=0') });
    expect(linux({ HOOKGATE_TRAY: '1', XDG_CURRENT_DESKTOP: 'GNOME' }, false)).toEqual({ available: true });
  });
});
