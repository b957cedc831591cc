// The shell on real desktops, against fakes: logout and shutdown stop the host within a limit;
// app events registered before the first await; a page that crashes or fails to load; a tray
// icon the desktop never shows; node-pty that did not load; Wayland's window; notifications that
// must stay clickable (Windows) or that fail (an unsigned macOS app).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Shell, type ShellOptions } from '../../../electron/main/shell';
import { AppSettingsStore, memoryBackend } from '../../../electron/main/settingsStore';
import { FakeBrowserWindow, FakeNotification, FakeTray, fakeElectron } from './fakeElectron';
import { FakeHost } from './fakeHost';
import { op, T0 } from './operationFixture';

const INDEX = path.resolve('/app/out/renderer/index.html');

const shells: Shell[] = [];
afterEach(async () => {
  for (const s of shells.splice(0)) await s.quit();
});

type Over = Partial<ShellOptions> & { host?: FakeHost; fake?: ReturnType<typeof fakeElectron> };

function options(over: Over, fake: ReturnType<typeof fakeElectron>, host: FakeHost, logs: string[]): ShellOptions {
  return {
    electron: fake.parts,
    host,
    stopHost: (graceMs) => host.stop(graceMs),
    settings: new AppSettingsStore(memoryBackend({})),
    platform: 'linux',
    tray: { available: true },
    preload: '/app/out/preload/index.cjs',
    page: { file: INDEX },
    assetsDir: '/app/assets',
    launch: { execPath: '/opt/Hookgate/hookgate-app', isPackaged: true, appPath: '/opt/Hookgate/resources/app.asar' },
    log: (m) => logs.push(m),
    now: () => T0,
    ...over,
  };
}

async function start(over: Over = {}) {
  const fake = over.fake ?? fakeElectron();
  const host = over.host ?? new FakeHost();
  const logs: string[] = [];
  const shell = await Shell.start(options(over, fake, host, logs));
  shells.push(shell);
  return { shell, host, fake, logs, win: () => FakeBrowserWindow.all.at(-1)!, tray: FakeTray.all[0] };
}

async function until<T>(what: string, f: () => T | null | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('logout and shutdown', () => {
  it('on shutdown: delays it (preventDefault), stops the host with a short grace, then quits', async () => {
    const s = await start();
    let prevented = 0;
    s.fake.powerMonitor.emit('shutdown', { preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    await until('the quit', () => s.fake.app.quitCalls > 0);
    expect(s.host.stopped).toBe(true);
    expect(s.host.stopGraces).toEqual([1000]);
    expect(s.shell.isStopped).toBe(true);
    expect(s.logs.join('\n')).toContain('the system is shutting down: stopping running hooks and saving the history (at most 4 s)');
    // The quit went through (before-quit did not hold it back again).
    expect(s.fake.app.listenerCount('quit')).toBe(0);
  });

  it('quits after the limit when a hook takes longer to stop than the system waits', async () => {
    const host = new FakeHost();
    host.stopGate = new Promise(() => {});
    const s = await start({ host, sessionEndLimitMs: 50 });
    s.fake.powerMonitor.emit('shutdown', { preventDefault: () => {} });
    await until('the quit', () => s.fake.app.quitCalls > 0);
    expect(s.logs.join('\n')).toContain('not stopped within 0 s; quitting anyway');
    shells.splice(0);
  });

  it("on Windows, the window's session-end stops the host and quits (before-quit never comes there)", async () => {
    const s = await start({ platform: 'win32' });
    s.win().emit('session-end', { reasons: ['logoff'] });
    await until('the quit', () => s.fake.app.quitCalls > 0);
    expect(s.host.stopGraces).toEqual([1000]);
    expect(s.logs.join('\n')).toContain('the Windows session is ending');
  });

  it('stops following shutdown once quit', async () => {
    const s = await start();
    await s.shell.quit();
    expect(s.fake.powerMonitor.listenerCount('shutdown')).toBe(0);
  });
});

describe('app events are registered before the first await', () => {
  it('a Quit while the seed is still being read stops the host', async () => {
    const fake = fakeElectron();
    const host = new FakeHost();
    let release!: () => void;
    host.seedGate = new Promise<void>((r) => (release = r));
    const logs: string[] = [];
    const starting = Shell.start(options({}, fake, host, logs));
    await until('the seed to begin', () => host.calls.some((c) => c.method === 'status'));
    fake.app.quit();
    await until('the host to stop', () => host.stopped);
    release();
    const shell = await starting;
    expect(shell.isStopped).toBe(true);
    expect(fake.app.quitCalls).toBe(2);
  });

  it('a second launch during the seed shows the window; so does macOS activate', async () => {
    const fake = fakeElectron();
    const host = new FakeHost();
    let release!: () => void;
    host.seedGate = new Promise<void>((r) => (release = r));
    const starting = Shell.start(options({ platform: 'darwin' }, fake, host, []));
    await until('the seed to begin', () => host.calls.some((c) => c.method === 'status'));
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.all[0]!.visible).toBe(true);
    release();
    const shell = await starting;
    shells.push(shell);
    FakeBrowserWindow.all[0]!.hide();
    fake.app.emit('activate');
    expect(FakeBrowserWindow.all[0]!.visible).toBe(true);
  });
});

describe("the window's page", () => {
  it('is loaded again once after a crash; a second crash is shown and logged', async () => {
    const s = await start();
    const w = s.win();
    expect(w.loadCount).toBe(1);
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(w.loadCount).toBe(2);
    expect(s.logs).toContain("the window's page crashed (crashed, exit code 139); loading it again");
    expect(s.fake.dialog.shown).toEqual([]);
    w.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(w.loadCount).toBe(2);
    expect(s.logs).toContain("the window's page ran out of memory (oom, exit code 0); not loading it again");
    expect(s.fake.dialog.shown[0]![1]).toMatch(/^The window's page ran out of memory \(oom, exit code 0\)\.\n\nThe gates keep working/);
    expect(s.tray!.tooltip).toBe("Hookgate: The window's page ran out of memory (oom, exit code 0).");
    expect(s.tray!.image.file).toContain('failed');
  });

  it('a failed loadFile is logged and tried once more, then shown', async () => {
    const fake = fakeElectron();
    FakeBrowserWindow.failLoads = 2;
    const s = await start({ fake });
    await until('the second failure', () => s.fake.dialog.shown.length > 0);
    expect(s.win().loadCount).toBe(2);
    expect(s.logs.filter((l) => l.startsWith("the window's page did not load from"))).toHaveLength(2);
    expect(s.fake.dialog.shown[0]![1]).toContain('ERR_FILE_NOT_FOUND');
  });

  it('a clean exit (the window closed for real) is not a crash', async () => {
    const s = await start();
    s.win().webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(s.win().loadCount).toBe(1);
  });

  it('Esc hides the tray window', async () => {
    const s = await start();
    s.shell.window.show();
    let prevented = false;
    s.win().webContents.emit('before-input-event', { preventDefault: () => (prevented = true) }, { type: 'keyDown', key: 'Escape' });
    expect(prevented).toBe(true);
    expect(s.win().visible).toBe(false);
  });
});

describe('a tray icon the desktop does not show', () => {
  it('falls back to a normal window that says why', async () => {
    const s = await start({ checkTrayRegistered: async () => false });
    await until('the fallback', () => FakeBrowserWindow.all.length === 2 && FakeBrowserWindow.all[1]!.visible);
    const [first, second] = FakeBrowserWindow.all;
    expect(first!.destroyed).toBe(true);
    expect(second!.options.frame).toBe(true);
    expect(second!.title).toBe("Hookgate — no tray icon: the desktop's tray did not take Hookgate's icon");
    expect(second!.loaded?.query).toEqual({ window: 'normal', noTray: "the desktop's tray did not take Hookgate's icon" });
    expect(s.tray!.destroyed).toBe(true);
    expect(s.shell.tray).toBeNull();
    // Closing that window quits (nothing else could bring it back).
    second!.close();
    await until('the quit', () => s.shell.isStopped);
  });

  it('keeps the tray when the icon is registered, or when that cannot be told', async () => {
    for (const answer of [true, null]) {
      const s = await start({ checkTrayRegistered: async () => answer });
      await new Promise((r) => setTimeout(r, 20));
      expect(FakeBrowserWindow.all).toHaveLength(1);
      expect(s.shell.tray).not.toBeNull();
      expect(s.win().visible).toBe(false);
    }
  });
});

describe('node-pty did not load', () => {
  const problem = "the terminal library hooks run in (node-pty) did not load: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found";

  it('says so in a dialog, the tray and the window (shown at once), not a process with no UI', async () => {
    const s = await start({ startupProblem: problem });
    expect(s.fake.dialog.shown[0]![0]).toBe('Hookgate cannot run hooks');
    expect(s.fake.dialog.shown[0]![1]).toContain("The terminal library hooks run in (node-pty) did not load: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found.");
    expect(s.tray!.image.file).toContain('failed');
    expect(s.tray!.tooltip.startsWith('Hookgate: cannot run hooks: the terminal library')).toBe(true);
    expect(s.tray!.tooltip.length).toBeLessThanOrEqual(127);
    expect(s.tray!.contextMenu!.items[0]!.label).toMatch(/^cannot run hooks: the terminal library hooks run in \(node-pty\)/);
    expect(s.win().visible).toBe(true);
    expect(s.win().loaded?.query).toEqual({ window: 'tray', problem: `cannot run hooks: ${problem}` });
    // It stays said when operations come and go.
    s.host.emit('operation', op({ id: 'op-1', status: 'success' }));
    expect(s.tray!.tooltip.startsWith('Hookgate: cannot run hooks')).toBe(true);
  });
});

describe('Linux on native Wayland', () => {
  it('the tray window is a normal framed window that is not placed, kept on top, or hidden on blur', async () => {
    const s = await start({ wayland: true });
    const w = s.win();
    expect(w.options).toMatchObject({ show: false, frame: true, movable: true, resizable: true, skipTaskbar: false, alwaysOnTop: false });
    const before = { ...w.bounds };
    s.tray!.emit('click');
    expect(w.visible).toBe(true);
    expect(w.bounds).toEqual(before);
    w.blur();
    expect(w.visible).toBe(true);
    // Its close button hides it: the app lives in the tray.
    expect(w.close()).toBe(true);
    expect(w.visible).toBe(false);
    expect(s.shell.isStopped).toBe(false);
  });

  it('elsewhere the tray window stays the frameless popup by the icon', async () => {
    const s = await start();
    expect(s.win().options).toMatchObject({ frame: false, movable: false, skipTaskbar: true, alwaysOnTop: true });
  });
});

describe('notifications on Windows and macOS', () => {
  const failed = () => op({ id: 'op-9', status: 'failed', reason: 'hook "mount" exited 1' });

  it('Windows: a toast closed on screen stays clickable from the Action Center', async () => {
    const s = await start({ platform: 'win32' });
    s.host.emit('operation', failed());
    const n = FakeNotification.all[0]!;
    n.emit('close');
    expect(s.shell.notifier.onScreen).toBe(1);
    n.emit('click');
    expect(s.win().visible).toBe(true);
    expect(s.shell.notifier.onScreen).toBe(0);
  });

  it('elsewhere a closed notification is let go', async () => {
    const s = await start({ platform: 'linux' });
    s.host.emit('operation', failed());
    FakeNotification.all[0]!.emit('close');
    expect(s.shell.notifier.onScreen).toBe(0);
  });

  it("macOS: a notification that fails is logged, saying an unsigned app's are refused", async () => {
    const s = await start({ platform: 'darwin' });
    s.host.emit('operation', failed());
    FakeNotification.all[0]!.emit('failed', {}, 'Notifications are not allowed for this application');
    expect(s.logs.join('\n')).toContain('could not show the notification');
    expect(s.logs.join('\n')).toContain('Notifications are not allowed for this application (macOS shows notifications only from a signed app)');
    expect(s.shell.notifier.onScreen).toBe(0);
  });
});
