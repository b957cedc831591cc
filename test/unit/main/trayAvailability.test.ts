import { describe, expect, it } from 'vitest';
import { decideTrayAvailability, gvariantStrings, statusNotifierItemRegistered, waitForStatusNotifierWatcher } from '../../../electron/main/trayAvailability';

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

describe('the tray at login', () => {
  it('waits for a StatusNotifier watcher that comes up after the app (up to the limit)', async () => {
    let clock = 0;
    const answers = [false, false, false, true];
    const asked: number[] = [];
    const there = await waitForStatusNotifierWatcher({
      probe: async () => (asked.push(clock), answers.shift()!),
      timeoutMs: 15_000,
      intervalMs: 500,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    expect(there).toBe(true);
    expect(asked).toEqual([0, 500, 1000, 1500]);
  });

  it('gives up at the limit, and does not wait when the bus cannot be asked', async () => {
    let clock = 0;
    let probes = 0;
    const none = await waitForStatusNotifierWatcher({ probe: async () => (probes++, false), timeoutMs: 15_000, intervalMs: 500, now: () => clock, sleep: async (ms) => void (clock += ms) });
    expect(none).toBe(false);
    expect(clock).toBe(15_000);
    expect(probes).toBe(31);
    let asked = 0;
    expect(await waitForStatusNotifierWatcher({ probe: async () => (asked++, null), timeoutMs: 15_000, sleep: async () => {} })).toBeNull();
    expect(asked).toBe(1);
  });

  it('says the wait in the reason when no tray came', () => {
    const r = decideTrayAvailability({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'GNOME', WAYLAND_DISPLAY: 'wayland-0' }, statusNotifierWatcher: false, waitedMs: 15_000 });
    expect(r).toEqual({ available: false, reason: 'no tray appeared within 15 s of login; GNOME shows no tray icons without the AppIndicator extension (gnome-shell-extension-appindicator)' });
  });
});

describe('whether our icon is registered with the watcher', () => {
  /** A session bus: the watcher's items, and which process owns each bus name. */
  const bus = (items: string[] | null, owners: Record<string, number | null>) => async (cmd: string, args: string[]) => {
    expect(cmd).toBe('gdbus');
    if (args.includes('RegisteredStatusNotifierItems')) return items === null ? null : `(<[${items.map((i) => `'${i}'`).join(', ')}]>,)\n`;
    const name = args.at(-1)!;
    const pid = owners[name];
    return pid === null || pid === undefined ? null : `(uint32 ${pid},)\n`;
  };

  it('finds an item by its well-known name (Electron registers org.kde.StatusNotifierItem-PID-N)', async () => {
    expect(await statusNotifierItemRegistered(4242, bus(['org.kde.StatusNotifierItem-777-1/StatusNotifierItem', 'org.kde.StatusNotifierItem-4242-1/StatusNotifierItem'], {}))).toBe(true);
  });

  it("finds an item registered by unique name through its owner's process id", async () => {
    expect(await statusNotifierItemRegistered(4242, bus([':1.17/StatusNotifierItem', ':1.55/org/ayatana/NotificationItem/x'], { ':1.17': 900, ':1.55': 4242 }))).toBe(true);
    expect(await statusNotifierItemRegistered(42, bus([':1.17/StatusNotifierItem'], { ':1.17': 4242 }))).toBe(false);
  });

  it('says no when ours is missing, and "cannot tell" when the bus or an owner cannot be asked', async () => {
    expect(await statusNotifierItemRegistered(4242, bus([], {}))).toBe(false);
    expect(await statusNotifierItemRegistered(4242, bus(null, {}))).toBeNull();
    expect(await statusNotifierItemRegistered(4242, bus([':1.17/StatusNotifierItem'], { ':1.17': null }))).toBeNull();
  });

  it('reads the strings gdbus prints', () => {
    expect(gvariantStrings("(<['org.kde.StatusNotifierItem-1-1/StatusNotifierItem', ':1.5/x']>,)")).toEqual(['org.kde.StatusNotifierItem-1-1/StatusNotifierItem', ':1.5/x']);
    expect(gvariantStrings('(<@as []>,)')).toEqual([]);
  });
});
