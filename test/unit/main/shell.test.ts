// The main process's wiring against fakes of Tray, BrowserWindow, Menu, Notification, ipcMain,
// app and screen: the tray follows the host's events, the window follows the tray, IPC calls reach
// the host and bad payloads are refused before they do.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { API_METHOD_NAMES, ipcChannel } from '../../../electron/shared/api';
import type { IpcReply } from '../../../electron/shared/windowApi';
import { Shell, type ShellOptions } from '../../../electron/main/shell';
import { AppSettingsStore, memoryBackend } from '../../../electron/main/settingsStore';
import { FakeBrowserWindow, FakeFrame, FakeNotification, FakeTray, fakeElectron, type FakeMenu } from './fakeElectron';
import { FakeHost } from './fakeHost';
import { op, T0 } from './operationFixture';

const INDEX = path.resolve('/app/out/renderer/index.html');
const PAGE_URL = `${pathToFileURL(INDEX).href}?window=tray`;
const MIN = 60_000;

interface Setup {
  shell: Shell;
  host: FakeHost;
  fake: ReturnType<typeof fakeElectron>;
  tray: FakeTray;
  win: FakeBrowserWindow;
  settings: AppSettingsStore;
  clock: { now: number };
  logs: string[];
}

const shells: Shell[] = [];
afterEach(async () => {
  for (const s of shells.splice(0)) await s.quit();
});

async function start(over: Partial<ShellOptions> & { host?: FakeHost; settingsData?: Record<string, unknown> } = {}): Promise<Setup> {
  const fake = fakeElectron();
  const host = over.host ?? new FakeHost();
  const settings = new AppSettingsStore(memoryBackend(over.settingsData ?? {}));
  const clock = { now: T0 };
  const logs: string[] = [];
  const shell = await Shell.start({
    electron: fake.parts,
    host,
    stopHost: () => host.stop(),
    settings,
    platform: 'win32',
    tray: { available: true },
    preload: '/app/out/preload/index.cjs',
    page: { file: INDEX },
    assetsDir: '/app/assets',
    launch: { execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '/opt/Hookgate/resources/app.asar' },
    log: (m) => logs.push(m),
    now: () => clock.now,
    ...over,
  });
  shells.push(shell);
  const win = FakeBrowserWindow.all[0]!;
  win.webContents.finishLoad(PAGE_URL);
  return { shell, host, fake, tray: FakeTray.all[0]!, win, settings, clock, logs };
}

function menuOf(s: Setup): FakeMenu {
  s.tray.emit('right-click');
  return s.tray.poppedUp.at(-1)!;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('the shell starts hidden in the tray', () => {
  it('creates a hidden, sandboxed window and an idle tray icon', async () => {
    const s = await start();
    expect(s.win.visible).toBe(false);
    expect(s.win.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, preload: '/app/out/preload/index.cjs' });
    expect(s.win.loaded).toEqual({ file: INDEX, query: { window: 'tray' } });
    expect(s.tray.image.file).toBe(path.join('/app/assets', 'tray', 'win', 'idle.ico'));
    expect(s.tray.tooltip).toBe('Hookgate: no backup has asked yet');
    expect(s.fake.app.dock.hidden).toBe(true);
  });

  it("seeds the tray from the host's hold and history", async () => {
    const host = new FakeHost();
    host.history = [op({ id: 'a', status: 'skipped', reason: 'battery 15 %', endedAt: new Date(T0 - 4 * MIN).toISOString() })];
    const s = await start({ host });
    expect(s.tray.tooltip).toBe('Backup laptop skipped 4 min ago: battery 15 %');
    expect(s.tray.image.file).toMatch(/skipped\.ico$/);

    const held = new FakeHost();
    held.hold = { since: new Date(T0).toISOString(), until: null };
    const h = await start({ host: held });
    expect(h.tray.image.file).toMatch(/held\.ico$/);
  });

  it('does not show an old open record as running (its host may be gone)', async () => {
    const host = new FakeHost();
    host.history = [op({ id: 'old', status: 'running', endedAt: null })];
    const s = await start({ host });
    expect(s.tray.image.file).toMatch(/idle\.ico$/);
  });
});

describe('the tray follows engine events', () => {
  it('shows running, then the outcome with its reason', async () => {
    const s = await start();
    s.host.emit('operation', op({ id: 'o1', status: 'gating', endedAt: null, decision: null }));
    expect(s.tray.image.file).toMatch(/running\.ico$/);
    expect(s.tray.tooltip).toBe('Backup laptop: checking hooks');
    s.host.emit('operation', op({ id: 'o1', status: 'failed', decision: 'fail', reason: 'hook "mount" exited 1', endedAt: new Date(T0).toISOString() }));
    expect(s.tray.image.file).toMatch(/failed\.ico$/);
    s.clock.now = T0 + 4 * MIN;
    s.shell.tray!.render(s.shell.model);
    expect(s.tray.tooltip).toBe('Backup laptop failed 4 min ago: hook "mount" exited 1');
  });

  it('applies events that arrive while the seed is read after it', async () => {
    const host = new FakeHost();
    host.history = [op({ id: 'old', status: 'success', endedAt: new Date(T0 - MIN).toISOString() })];
    const realCall = host.call.bind(host);
    host.call = async (m, p, c) => {
      if (m === 'history.list') host.emit('operation', op({ id: 'new', status: 'warning', endedAt: new Date(T0).toISOString() }));
      return realCall(m, p, c);
    };
    const s = await start({ host });
    expect(s.tray.image.file).toMatch(/warning\.ico$/);
  });
});

describe('the tray window', () => {
  it('left click shows it next to the icon, a second click hides it', async () => {
    const s = await start();
    s.tray.emit('click');
    expect(s.win.visible).toBe(true);
    expect(s.win.focused).toBe(true);
    expect(s.win.bounds).toEqual({ x: 1612 - 210, y: 1040 - 600 - 4, width: 420, height: 600 });
    s.clock.now += 1000;
    s.tray.emit('click');
    expect(s.win.visible).toBe(false);
  });

  it('hides on blur, and the click that caused the blur does not re-open it', async () => {
    const s = await start();
    s.tray.emit('click');
    s.clock.now += 5000;
    s.win.blur();
    expect(s.win.visible).toBe(false);
    s.tray.emit('click');
    expect(s.win.visible).toBe(false);
    s.clock.now += 1000;
    s.tray.emit('click');
    expect(s.win.visible).toBe(true);
  });

  it('hides instead of closing (the app lives in the tray)', async () => {
    const s = await start();
    s.tray.emit('click');
    expect(s.win.close()).toBe(true);
    expect(s.win.visible).toBe(false);
    expect(s.win.destroyed).toBe(false);
  });

  it('refuses pop-ups, foreign navigation and permission requests', async () => {
    const s = await start();
    expect(s.win.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    let prevented = false;
    s.win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    let granted: boolean | null = null;
    s.win.webContents.session.permissionHandler!(null, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('opens as a normal window that says why when the desktop has no tray', async () => {
    const s = await start({ platform: 'linux', tray: { available: false, reason: 'GNOME shows no tray icons without the AppIndicator extension' } });
    expect(FakeTray.all).toHaveLength(0);
    expect(s.win.visible).toBe(true);
    expect(s.win.options).toMatchObject({ frame: true, resizable: true, skipTaskbar: false });
    expect(s.win.title).toBe('Hookgate — no tray icon: GNOME shows no tray icons without the AppIndicator extension');
    expect(s.win.loaded?.query).toEqual({ window: 'normal', noTray: 'GNOME shows no tray icons without the AppIndicator extension' });
    s.win.blur();
    expect(s.win.visible).toBe(true);
    s.win.close();
    expect(s.fake.app.quitCalls).toBe(1);
  });
});

describe('the tray menu', () => {
  it('holds backups for an hour, shows the hold, and resumes', async () => {
    const s = await start();
    menuOf(s).item('Hold backups', 'For 1 hour').click!();
    await flush();
    expect(s.host.calls.find((c) => c.method === 'hold.set')?.params).toEqual({ until: new Date(T0 + 60 * MIN).toISOString() });
    expect(s.tray.image.file).toMatch(/held\.ico$/);
    const menu = menuOf(s);
    expect(menu.item('Backups held until').enabled).toBe(false);
    expect(menu.item('Resume backups').enabled).toBe(true);
    menu.item('Resume backups').click!();
    await flush();
    expect(s.host.calls.at(-1)?.method).toBe('hold.resume');
    expect(s.tray.image.file).toMatch(/idle\.ico$/);
    expect(menuOf(s).item('Resume backups').enabled).toBe(false);
  });

  it('holds until resumed', async () => {
    const s = await start();
    menuOf(s).item('Hold backups', 'Until I resume').click!();
    await flush();
    expect(s.host.calls.find((c) => c.method === 'hold.set')?.params).toEqual({ until: null });
  });

  it('opens the window', async () => {
    const s = await start();
    menuOf(s).item('Open Hookgate').click!();
    expect(s.win.visible).toBe(true);
  });

  it('is attached to the icon on Linux, where panels only show a menu', async () => {
    const s = await start({ platform: 'linux' });
    expect(s.tray.contextMenu?.item('Quit Hookgate')).toBeTruthy();
    expect(s.tray.contextMenu?.items[0]).toMatchObject({ label: 'Hookgate: no backup has asked yet', enabled: false });
    expect(s.tray.listenerCount('right-click')).toBe(0);
    // Where the panel reports a left click (KDE), it toggles the window as elsewhere.
    s.tray.bounds = { x: 0, y: 0, width: 0, height: 0 };
    s.tray.emit('click');
    expect(s.win.visible).toBe(true);
    expect(s.tray.image.file).toBe(path.join('/app/assets', 'tray', 'linux', 'idle-22.png'));
  });
});

describe('IPC bound from the API table', () => {
  async function invoke(s: Setup, method: string, payload: unknown, frame?: FakeFrame): Promise<IpcReply> {
    return (await s.fake.ipcMain.invoke(s.win.webContents, ipcChannel('call', method as never), payload, frame)) as IpcReply;
  }

  it('registers one handler per method of the table, and nothing else', async () => {
    const s = await start();
    expect([...s.fake.ipcMain.handlers.keys()].sort()).toEqual(API_METHOD_NAMES.map((m) => ipcChannel('call', m)).sort());
  });

  it("passes the window's calls to the host", async () => {
    const s = await start();
    expect(await invoke(s, 'hooks.list', {})).toEqual({ ok: true, result: { hooks: [], problems: [] } });
    expect(s.host.calls.at(-1)).toMatchObject({ method: 'hooks.list', client: expect.stringContaining('tray window') });
  });

  it('returns host errors with their code', async () => {
    const s = await start();
    expect(await invoke(s, 'hooks.get', { id: 'nope' })).toEqual({ ok: false, error: { code: 'failed', message: 'hooks.get: no hook "nope"' } });
  });

  it('refuses bad payloads before they reach the host', async () => {
    const s = await start();
    const before = s.host.calls.length;
    const cases: Array<[string, unknown]> = [
      ['hooks.get', {}],
      ['hooks.get', { id: 42 }],
      ['hooks.list', { extra: true }],
      ['hold.set', { until: 'tomorrow' }],
      ['history.list', { limit: 100000 }],
      ['hooks.list', null],
      ['waiting.resolve', { operationId: 'x', action: 'rm -rf' }],
    ];
    for (const [method, payload] of cases) {
      const r = await invoke(s, method, payload);
      expect(r.ok, `${method} ${JSON.stringify(payload)}`).toBe(false);
      expect(!r.ok && r.error.code).toBe('bad-params');
      expect(!r.ok && r.error.message.startsWith(`${method}: `)).toBe(true);
    }
    expect(s.host.calls.length).toBe(before);
    expect((await invoke(s, 'hooks.get', {})) as unknown).toMatchObject({ error: { message: expect.stringMatching(/^hooks\.get: id/) } });
  });

  it('refuses calls from a frame inside the page or from another page', async () => {
    const s = await start();
    const before = s.host.calls.length;
    const inner = await invoke(s, 'hooks.list', {}, new FakeFrame(PAGE_URL));
    expect(inner).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    s.win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await invoke(s, 'hooks.list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.host.calls.length).toBe(before);
  });

  it('forwards engine events to the window on their channels', async () => {
    const s = await start();
    const data = { runId: 'r1', operationId: 'o1', data: 'hello\r\n' };
    s.host.emit('output', data);
    expect(s.win.webContents.sent).toContainEqual([ipcChannel('event', 'output'), data]);
  });

  it('tells the host when the page goes away (what it left open is closed)', async () => {
    const s = await start();
    await invoke(s, 'hooks.list', {});
    s.win.webContents.emit('destroyed');
    expect(s.host.released).toContain(s.win.webContents);
  });
});

describe('notifications', () => {
  it('tells when an operation fails, and a click opens that run', async () => {
    const s = await start();
    s.host.emit('operation', op({ id: 'op-7', status: 'failed', reason: 'hook "mount" exited 1' }));
    s.host.emit('operation', op({ id: 'op-7', status: 'failed', reason: 'hook "mount" exited 1' }));
    expect(FakeNotification.all).toHaveLength(1);
    const n = FakeNotification.all[0]!;
    expect(n.options).toMatchObject({ title: 'Backup laptop failed', body: 'hook "mount" exited 1' });
    expect(n.shown).toBe(true);
    n.emit('click');
    expect(s.win.visible).toBe(true);
    expect(s.win.webContents.executed).toEqual(['location.hash = "#/history/op-7"']);
  });

  it('stays quiet on a skip by default, and tells when the setting asks', async () => {
    const s = await start();
    s.host.emit('operation', op({ id: 's1', status: 'skipped', reason: 'battery 15 %' }));
    expect(FakeNotification.all).toHaveLength(0);
    s.settings.update({ notifications: { onSkip: true } });
    s.host.emit('operation', op({ id: 's2', status: 'skipped', reason: 'battery 15 %' }));
    expect(FakeNotification.all.map((n) => n.options.title)).toEqual(['Backup laptop skipped']);
  });

  it('does not notify about the history it seeds from', async () => {
    const host = new FakeHost();
    host.history = [op({ id: 'f', status: 'failed' })];
    await start({ host });
    expect(FakeNotification.all).toHaveLength(0);
  });

  it('tells about a plan without a successful backup for N days, once', async () => {
    const host = new FakeHost();
    host.history = [op({ id: 'old', status: 'success', startedAt: new Date(T0 - 9 * 86_400_000).toISOString(), endedAt: new Date(T0 - 9 * 86_400_000).toISOString() })];
    const s = await start({ host, settingsData: { settings: { notifications: { staleAfterDays: 7 } } } });
    await flush();
    expect(FakeNotification.all.map((n) => n.options.title)).toEqual(['No backup of laptop for 7 days']);
    expect(s.settings.staleToldAt()).toEqual({ laptop: T0 });
    await s.shell.checkStaleness();
    expect(FakeNotification.all).toHaveLength(1);
  });
});

describe('plans stale by their own stale-after', () => {
  it('turn the tray to a warning and are told once, without the app-wide setting', async () => {
    const host = new FakeHost();
    host.history = [op({ id: 'ok', status: 'success', endedAt: new Date(T0 - 3 * 86_400_000).toISOString() })];
    host.plans = [
      {
        plan: { id: 'laptop', name: 'Laptop to NAS', tool: 'borgmatic', source: null, connection: null, staleAfterSec: 2 * 86_400, maxDurationSec: 21_600, healthchecksUrl: null, origin: 'signal', createdAt: null },
        status: 'stale',
        reason: 'no backup has succeeded for 3 days (last run skipped: on battery)',
        lastAttempt: null,
        lastSuccess: null,
        nextRun: null,
        hooks: [],
        operations: 1,
      },
    ];
    const s = await start({ host, platform: 'linux' });
    await flush();
    expect(s.tray.image.file).toContain('warning');
    expect(FakeNotification.all.map((n) => [n.options.title, n.options.body])).toEqual([['No backup of Laptop to NAS for 2 days', 'No backup has succeeded for 3 days (last run skipped: on battery).']]);
    await s.shell.checkStaleness();
    expect(FakeNotification.all).toHaveLength(1);
  });
});

describe('settings and quitting', () => {
  it('applies the theme and start at login when they change', async () => {
    const s = await start({ platform: 'darwin' });
    expect(s.fake.theme.themeSource).toBe('system');
    expect(s.win.allWorkspaces).toBe(true);
    s.settings.update({ theme: 'dark', startAtLogin: true });
    expect(s.fake.theme.themeSource).toBe('dark');
    expect(s.fake.app.loginItem).toEqual({ openAtLogin: true, openAsHidden: true });
  });

  it('quits cleanly: the host is stopped, IPC unbound, tray and window gone', async () => {
    const s = await start();
    let quit = false;
    s.fake.app.on('quit', () => (quit = true));
    s.fake.app.quit();
    expect(quit).toBe(false); // held back until the host has stopped
    await flush();
    expect(s.host.stopped).toBe(true);
    expect(quit).toBe(true);
    expect(s.tray.destroyed).toBe(true);
    expect(s.win.destroyed).toBe(true);
    expect(s.fake.ipcMain.handlers.size).toBe(0);
    expect(s.host.subscribers).toBe(0);
  });

  it('quits from the menu', async () => {
    const s = await start();
    menuOf(s).item('Quit Hookgate').click!();
    await flush();
    expect(s.host.stopped).toBe(true);
    expect(s.shell.isStopped).toBe(true);
  });
});
