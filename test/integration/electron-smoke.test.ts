// The real tray app in real Electron (playwright-core's _electron): it starts hidden in the tray,
// its window opens and shows the hooks list through window.hookgate, and it quits cleanly.
// Runs where an Electron binary is present; elsewhere it is reported as skipped, with the reason.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookgateApi } from '../../electron/shared/api';

/** The page's globals, as seen from this (Node-typed) file. */
type PageGlobals = { hookgate: HookgateApi; require?: unknown };

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The Electron binary the electron package downloaded (path.txt names it), or null. */
function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  try {
    const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const ELECTRON = electronBinary();
// Electron needs a display on Linux (xvfb-run provides one on a headless machine).
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const SKIP = !ELECTRON ? 'no Electron binary' : NO_DISPLAY ? 'no display (run under xvfb-run)' : null;

describe.skipIf(SKIP !== null)(`tray app in real Electron${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  let home = '';

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'out/main/index.js'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-electron-'));
    const hook = { id: 'battery', name: 'Battery above 40 %', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: '#!/bin/sh\necho ok\n' };
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, hooks: [hook] }, null, 2));
  });

  afterAll(() => {
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('starts hidden in the tray, opens its window with the hooks list, and quits cleanly', async () => {
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: ELECTRON!,
      args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, HOOKGATE_HOME: home, XDG_RUNTIME_DIR: home, ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 60_000,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      // Hidden at start, whether in the tray or (no tray on this desktop) as a normal window.
      const shown = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()));
      expect(shown).toHaveLength(1);
      // The test reaches in through Electron, not through a click on an icon it cannot see.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.show());

      expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).hookgate).sort())).toEqual(['call', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).require)).toBe('undefined');
      const list = await page.evaluate(() => (globalThis as unknown as PageGlobals).hookgate.call('hooks.list', {}));
      expect(list.hooks.map((h) => h.name)).toEqual(['Battery above 40 %']);
      await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).hookgate.call('hooks.get', { id: 42 } as never))).rejects.toThrow(/hooks\.get: id/);
      await page.getByText('Battery above 40 %').first().waitFor({ timeout: 15_000 });

      const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
      await app.evaluate(({ app: electronApp }) => electronApp.quit());
      await closed;
      expect(app.process().exitCode).toBe(0);
    } finally {
      await app.close().catch(() => {});
    }
  });
});
