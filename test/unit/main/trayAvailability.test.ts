import { describe, expect, it } from 'vitest';
import { decideTrayAvailability } from '../../../electron/main/trayAvailability';

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
