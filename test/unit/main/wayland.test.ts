import { describe, expect, it } from 'vitest';
import { runsOnNativeWayland } from '../../../electron/main/wayland';

describe('native Wayland (the tray window cannot be placed there)', () => {
  it('is what Electron 38+ picks by itself when WAYLAND_DISPLAY is set on Linux', () => {
    expect(runsOnNativeWayland('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, [])).toBe(true);
    expect(runsOnNativeWayland('linux', { WAYLAND_DISPLAY: 'wayland-0' }, ['--ozone-platform=wayland'])).toBe(true);
    expect(runsOnNativeWayland('linux', { WAYLAND_DISPLAY: 'wayland-0', ELECTRON_OZONE_PLATFORM_HINT: 'auto' }, [])).toBe(true);
  });

  it('is not X11, XWayland asked for, nor another OS', () => {
    expect(runsOnNativeWayland('linux', { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' }, [])).toBe(false);
    expect(runsOnNativeWayland('linux', { WAYLAND_DISPLAY: 'wayland-0' }, ['--ozone-platform=x11'])).toBe(false);
    expect(runsOnNativeWayland('linux', { WAYLAND_DISPLAY: 'wayland-0', ELECTRON_OZONE_PLATFORM_HINT: 'x11' }, [])).toBe(false);
    expect(runsOnNativeWayland('darwin', { WAYLAND_DISPLAY: 'wayland-0' }, [])).toBe(false);
  });
});
