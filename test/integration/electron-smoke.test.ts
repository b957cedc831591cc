// The packed tray app (electron-builder's --dir layout) in real Electron, driven by playwright-core's
// _electron, with a temp HOOKGATE_HOME: what the fake-based tests cannot show. It starts in the tray
// with its socket; its window loads from app.asar, sandboxed, without CSP errors; the packed
// `hookgate signal` runs a hook through the app (node-pty from app.asar.unpacked); a second launch
// shows the window inside the work area; start at login writes an autostart entry that
// desktop-file-validate accepts; SIGTERM during a long hook exits within the quit limit with the
// record closed and the socket gone.
//
// Runs where an Electron binary is present: ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron
// 45.5.0), or node_modules/electron/dist as `npm start` downloads it; on Linux also a display
// (xvfb-run provides one). Elsewhere it is reported as skipped, with the reason.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectronApplication, Page } from 'playwright-core';
import type { HookgateApi } from '../../electron/shared/api';
import type { OperationRecord } from '../../electron/shared/history';
import { hookgatePaths } from '../../electron/core/paths';
import { hostLocation } from '../../electron/core/host/hostLocation';
import { isOpen } from '../../electron/main/trayState';

/** The page's globals, as seen from this (Node-typed) file. */
type PageGlobals = { hookgate: HookgateApi; require?: unknown };

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(ROOT, 'package.json'));
/** Quitting: 3 s for calls in flight, then hooks are cancelled (3 s per signal) and history flushed. */
const QUIT_LIMIT_MS = 15_000;

/** The folder of an unpacked Electron, or null: the override, else what the electron package downloaded. */
function electronDist(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return fs.existsSync(override) ? override : null;
  const dir = path.join(ROOT, 'node_modules', 'electron');
  try {
    const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(bin) ? path.join(dir, 'dist') : null;
  } catch {
    return null;
  }
}

const DIST = electronDist();
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const SKIP = !DIST
  ? 'no Electron binary: set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45.5.0, or let `npm start` download one'
  : NO_DISPLAY
    ? 'no display (run under xvfb-run)'
    : null;

/** electron-builder's --dir output for this platform: the app's binary and its resources folder. */
function packedLayout(out: string): { bin: string; resources: string } {
  switch (process.platform) {
    case 'linux':
      return { bin: path.join(out, 'linux-unpacked', 'hookgate-app'), resources: path.join(out, 'linux-unpacked', 'resources') };
    case 'darwin': {
      const dir = fs.readdirSync(out).find((d) => d.startsWith('mac'))!;
      const contents = path.join(out, dir, 'Hookgate.app', 'Contents');
      return { bin: path.join(contents, 'MacOS', 'Hookgate'), resources: path.join(contents, 'Resources') };
    }
    default:
      return { bin: path.join(out, 'win-unpacked', 'Hookgate.exe'), resources: path.join(out, 'win-unpacked', 'resources') };
  }
}

async function until<T>(what: string, f: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(SKIP !== null)(`the packed tray app in real Electron${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  let dir = '';
  let home = '';
  let packed = { bin: '', resources: '' };
  let env: Record<string, string> = {};
  let app: ElectronApplication | null = null;
  let page: Page;
  const stdout: string[] = [];
  const consoleErrors: string[] = [];
  const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

  const cli = (args: string[]) =>
    spawnSync(path.join(packed.resources, 'bin', process.platform === 'win32' ? 'hookgate.cmd' : 'hookgate'), args, { encoding: 'utf8', env, timeout: 60_000 });

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-smoke-'));
    const out = path.join(dir, 'dist');
    const platformFlag = process.platform === 'linux' ? '--linux' : process.platform === 'darwin' ? '--mac' : '--win';
    execFileSync(process.execPath, [require.resolve('electron-builder/cli.js'), platformFlag, '--dir', `-c.electronDist=${DIST}`, `-c.directories.output=${out}`, '--publish', 'never'], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 600_000,
    });
    packed = packedLayout(out);
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const hooks = [
      { id: 'hi', name: 'hi', conditions: ['CONDITION_SNAPSHOT_START'], script: '#!/bin/sh\necho hi\n' },
      { id: 'slow', name: 'slow', conditions: ['CONDITION_PRUNE_START'], timeoutSec: 120, script: '#!/bin/sh\nsleep 30\n' },
    ];
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, hooks }, null, 2));
    env = {
      ...(process.env as Record<string, string>),
      HOOKGATE_HOME: home,
      XDG_RUNTIME_DIR: home,
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      ELECTRON_ENABLE_LOGGING: '1',
      HOOKGATE_TRAY: '1',
    };
    delete env.ELECTRON_RUN_AS_NODE;
    const { _electron } = await import('playwright-core');
    app = await _electron.launch({ executablePath: packed.bin, args: sandboxArgs, env, timeout: 120_000 });
    app.process().stdout?.on('data', (d: Buffer) => stdout.push(d.toString('utf8')));
    page = await app.firstWindow();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.waitForLoadState('domcontentloaded');
  }, 900_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs that it started in the tray, and its socket exists', async () => {
    await until('the start line', () => stdout.join('').includes('hookgate: started (') && stdout.join(''));
    expect(stdout.join('')).toMatch(/hookgate: started \(engine home .*; in the tray\)/);
    const socket = hostLocation(hookgatePaths(home), env).socket;
    if (process.platform !== 'win32') expect(fs.existsSync(socket)).toBe(true);
  });

  it('loads its window from app.asar, sandboxed, without CSP errors', async () => {
    expect(page.url()).toMatch(/^file:\/\/.*app\.asar\/out\/renderer\/index\.html\?window=tray/);
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).hookgate).sort())).toEqual(['call', 'on']);
    const list = await page.evaluate(() => (globalThis as unknown as PageGlobals).hookgate.call('hooks.list', {}));
    expect(list.hooks.map((h) => h.name)).toEqual(['hi', 'slow']);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it('runs a hook through the app for the packed hookgate signal (node-pty from app.asar.unpacked)', async () => {
    const r = cli(['signal', 'snapshot-start', '--plan', 'smoke']);
    expect(r.stdout).toContain('hi');
    expect(r.status).toBe(0);
    const pid = app!.process().pid!;
    if (process.platform === 'linux') {
      const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
      expect(maps).toMatch(/app\.asar\.unpacked\/node_modules\/node-pty\/build\/Release\/pty\.node/);
    }
    // The run was the app's: it is in the window's history.
    const history = await page.evaluate(() => (globalThis as unknown as PageGlobals).hookgate.call('history.list', { limit: 5 }));
    expect(history.operations[0]?.plan).toBe('smoke');
  });

  it('shows the window inside the work area on a second launch', async () => {
    const second = spawn(packed.bin, sandboxArgs, { env, stdio: 'ignore' });
    await new Promise<void>((resolve) => second.once('exit', () => resolve()));
    const shown = await until('the window to show', () =>
      app!.evaluate(({ BrowserWindow, screen }) => {
        const w = BrowserWindow.getAllWindows()[0];
        if (!w?.isVisible()) return null;
        const b = w.getBounds();
        return { bounds: b, workArea: screen.getDisplayMatching(b).workArea };
      }),
    );
    const { bounds: b, workArea: a } = shown;
    expect(b.x).toBeGreaterThanOrEqual(a.x);
    expect(b.y).toBeGreaterThanOrEqual(a.y);
    expect(b.x + b.width).toBeLessThanOrEqual(a.x + a.width);
    expect(b.y + b.height).toBeLessThanOrEqual(a.y + a.height);
  });

  it.skipIf(process.platform !== 'linux')('writes an autostart entry that desktop-file-validate accepts', async () => {
    await page.evaluate(() => (globalThis as unknown as PageGlobals).hookgate.call('app.settings.set', { patch: { startAtLogin: true } }));
    const file = path.join(dir, 'config', 'autostart', 'hookgate.desktop');
    await until('the autostart entry', () => fs.existsSync(file));
    expect(fs.readFileSync(file, 'utf8')).toContain(`Exec=${packed.bin} --login`);
    const v = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
    expect(v.error, 'desktop-file-validate is not installed (Debian: desktop-file-utils)').toBeUndefined();
    expect(v.stdout + v.stderr).toBe('');
    expect(v.status).toBe(0);
  });

  it.skipIf(process.platform === 'win32')('on SIGTERM during a long hook: exits within the quit limit, the record closed, the socket gone', async () => {
    const running = spawn(path.join(packed.resources, 'bin', 'hookgate'), ['signal', 'prune-start', '--plan', 'slow'], { env, stdio: 'ignore' });
    const historyFile = hookgatePaths(home).historyFile;
    const records = (): OperationRecord[] =>
      fs
        .readFileSync(historyFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as OperationRecord)
        .filter((r) => r.type === 'operation' && r.plan === 'slow');
    await until('the slow hook to run', () => fs.existsSync(historyFile) && records().some(isOpen));
    const proc = app!.process();
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const t0 = Date.now();
    proc.kill('SIGTERM');
    await exited;
    expect(Date.now() - t0).toBeLessThan(QUIT_LIMIT_MS);
    app = null;
    const last = new Map(records().map((r) => [r.id, r]));
    expect([...last.values()].filter(isOpen)).toEqual([]);
    expect(fs.existsSync(hostLocation(hookgatePaths(home), env).socket)).toBe(false);
    running.kill('SIGKILL');
  });
});
