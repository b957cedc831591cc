// The real main process (electron/main/index.ts) with 'electron' mocked by fakes, hosting a real
// EngineHost on a temp HOOKGATE_HOME: IPC calls reach the engine and change its files, bad payloads
// never do, a real hook's decision reaches the tray and the window, the menu's hold reaches the
// config, and quitting stops the host.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../../electron/shared/api';
import type { IpcReply } from '../../../electron/shared/windowApi';
import { FakeBrowserWindow, FakeTray } from './fakeElectron';
import { app, ipcMain, nativeTheme } from './electronMock';

vi.mock('electron', async () => {
  const m = await import('./electronMock');
  return { ...m.electronModule, default: m.electronModule };
});

// electron-store is loaded by Node itself (vitest leaves node_modules external), where the mocked
// 'electron' does not reach; it is a thin layer over conf, so conf stands in, configured the way
// electron-store configures it (cwd, file name).
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class Store extends Conf<Record<string, unknown>> {
    constructor(o: { cwd: string; name: string; clearInvalidConfig?: boolean }) {
      super({ cwd: o.cwd, configName: o.name, clearInvalidConfig: o.clearInvalidConfig, projectName: 'hookgate', projectVersion: '0.1.0-test' });
    }
  }
  return { default: Store };
});

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-main-'));
const saved = { ...process.env };

async function until<T>(what: string, f: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let socket = '';

function connects(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(file, () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });
}

function win(): FakeBrowserWindow {
  return FakeBrowserWindow.all[0]!;
}

async function call(method: string, payload: unknown): Promise<IpcReply> {
  return (await ipcMain.invoke(win().webContents, ipcChannel('call', method as never), payload)) as IpcReply;
}

function config(): { hooks: Array<{ id: string; name: string }>; hold: unknown } {
  return JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
}

beforeAll(async () => {
  Object.assign(process.env, { HOOKGATE_HOME: home, XDG_RUNTIME_DIR: home, HOOKGATE_TRAY: '1' });
  FakeBrowserWindow.all = [];
  FakeTray.all = [];
  await import('../../../electron/main/index');
  await until('the tray', () => FakeTray.all[0]);
  await until('the IPC handlers', () => ipcMain.handlers.size > 0);
  // The page has loaded at its own address (what the IPC binding trusts).
  const loaded = win().loaded!;
  win().webContents.finishLoad(`file://${loaded.file}?window=${loaded.query?.window}`);
}, 60_000);

afterAll(() => {
  process.env = saved;
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the main process hosting a real engine', () => {
  it('starts hidden in the tray with the engine listening for the CLI', async () => {
    expect(win().visible).toBe(false);
    expect(app.getPath('userData')).toBe(path.join(home, 'electron'));
    expect(FakeTray.all[0]!.image.file).toBe(path.join(app.appPath, 'assets', 'tray', 'linux', 'idle-22.png'));
    const info = JSON.parse(fs.readFileSync(path.join(home, 'host.json'), 'utf8')) as { pid: number; socket: string };
    expect(info.pid).toBe(process.pid);
    expect(await connects(info.socket)).toBe(true);
    socket = info.socket;
  });

  it('adds a hook through IPC: it lands in the config file the CLI reads', async () => {
    const r = await call('hooks.add', {
      hook: { name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', timeoutSec: 10, script: '#!/bin/sh\necho "battery 15 %"\nexit 1\n' },
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(config().hooks.map((h) => h.name)).toEqual(['battery']);
    const list = await call('hooks.list', {});
    expect(list.ok && (list.result as { hooks: Array<{ name: string }> }).hooks.map((h) => h.name)).toEqual(['battery']);
  });

  it('refuses bad payloads without touching the engine', async () => {
    const before = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
    for (const [method, payload] of [
      ['hooks.remove', { id: '' }],
      ['hooks.add', {}],
      ['hooks.setEnabled', { id: 'battery', enabled: 'no' }],
      ['hold.set', { until: 'soon' }],
      ['hooks.move', { id: 'battery', toIndex: -1 }],
    ] as const) {
      const r = await call(method, payload);
      expect(r, `${method} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    }
    expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).toBe(before);
  });

  it("shows a real hook's skip in the tray and forwards the run's events to the window", async () => {
    const r = await call('signal', { condition: 'snapshot-start', plan: 'laptop' });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.ok && (r.result as { decision: string }).decision).toBe('skip');
    const tray = FakeTray.all[0]!;
    await until('the skipped icon', () => tray.image.file.endsWith('skipped-22.png'));
    expect(tray.tooltip).toBe('Backup laptop skipped just now: battery 15 %');
    const channels = new Set(win().webContents.sent.map(([c]) => c));
    for (const e of ['operation', 'hookStart', 'output', 'hookEnd', 'decision'] as const) expect(channels).toContain(ipcChannel('event', e));
  });

  it("holds backups from the tray menu: the hold is in the engine's config", async () => {
    const tray = FakeTray.all[0]!;
    tray.contextMenu!.item('Hold backups', 'Until I resume').click!();
    await until('the hold in config.json', () => config().hold);
    await until('the held icon', () => tray.image.file.endsWith('held-22.png'));
    tray.contextMenu!.item('Resume backups').click!();
    await until('the hold lifted', () => config().hold === null);
  });

  it("reads and changes the app's settings through the API: stored by electron-store, applied at once", async () => {
    const got = await call('app.settings.get', {});
    expect(got).toEqual({ ok: true, result: { settings: { notifications: { onFailure: true, onWaiting: true, onSkip: false, staleAfterDays: null }, startAtLogin: false, theme: 'system' } } });
    const set = await call('app.settings.set', { patch: { theme: 'dark', notifications: { onSkip: true } } });
    expect(set.ok && (set.result as { settings: { theme: string } }).settings.theme).toBe('dark');
    expect(nativeTheme.themeSource).toBe('dark');
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'app-settings.json'), 'utf8')) as { settings: { notifications: { onSkip: boolean } } };
    expect(stored.settings.notifications.onSkip).toBe(true);
    expect(await call('app.settings.set', { patch: { theme: 'neon' } })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
  });

  it('quits cleanly: the host stops before the app does', async () => {
    let quit = false;
    app.on('quit', () => (quit = true));
    app.quit();
    await until('the quit', () => quit);
    expect(FakeTray.all[0]!.destroyed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
    expect(fs.existsSync(path.join(home, 'host.json'))).toBe(false);
    expect(await connects(socket)).toBe(false);
  });
});
