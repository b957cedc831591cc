// A second host for the same HOOKGATE_HOME (say `hookgate daemon` already runs): the tray app says
// who runs, and exits, instead of fighting over the socket and the config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hookgatePaths } from '../../../electron/core/paths';
import { startHost, type RunningHost } from '../../../electron/core/host';
import { FakeTray } from './fakeElectron';
import { app, dialog } from './electronMock';

vi.mock('electron', async () => {
  const m = await import('./electronMock');
  return { ...m.electronModule, default: m.electronModule };
});

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-conflict-'));
const saved = { ...process.env };
let daemon: RunningHost | null = null;

afterAll(async () => {
  await daemon?.stop();
  process.env = saved;
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the tray app when another host runs', () => {
  it('names the running host and exits', async () => {
    Object.assign(process.env, { HOOKGATE_HOME: home, XDG_RUNTIME_DIR: home, HOOKGATE_TRAY: '1' });
    daemon = await startHost({ paths: hookgatePaths(home), version: 'daemon-test' });
    FakeTray.all = [];
    await import('../../../electron/main/index');
    const end = Date.now() + 20_000;
    while (app.exitCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(app.exitCode).toBe(1);
    expect(dialog.shown).toHaveLength(1);
    const [title, text] = dialog.shown[0]!;
    expect(title).toBe('Hookgate is already running');
    expect(text).toContain(`pid ${process.pid}`);
    expect(text).toContain('hookgate daemon');
    expect(FakeTray.all).toHaveLength(0);
  });
});
