// The real electron-store 11, configured as the tray app configures it (openElectronStore: cwd =
// the Hookgate folder, app-settings.json, damaged files started afresh). It imports 'electron' at
// load, so it runs in a child Node whose resolve hook hands it a stand-in; vitest itself would load
// it outside the reach of vi.mock.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

const FAKE_ELECTRON = `export default { app: { getPath: () => '/nonexistent-userData', getVersion: () => '0.1.0' }, ipcMain: { on() {} }, shell: {} };`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(FAKE_ELECTRON)}), shortCircuit: true };
  return next(specifier, context);
}`;

function runWithStore(home: string, body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-estore-'));
  try {
    fs.writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
    fs.writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    const store = path.join(ROOT, 'node_modules', 'electron-store', 'index.js');
    fs.writeFileSync(
      path.join(dir, 'main.mjs'),
      `const { default: Store } = await import(${JSON.stringify(store)});\n` +
        // The options of electron/main/settingsStore.ts's openElectronStore.
        `const store = new Store({ cwd: ${JSON.stringify(home)}, name: 'app-settings', clearInvalidConfig: true });\n${body}\n`,
    );
    return execFileSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), path.join(dir, 'main.mjs')], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('electron-store as the tray app opens it', () => {
  it('keeps the settings in app-settings.json in the Hookgate folder', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-home-'));
    try {
      runWithStore(home, `store.set('settings', { theme: 'dark' });`);
      expect(JSON.parse(fs.readFileSync(path.join(home, 'app-settings.json'), 'utf8'))).toEqual({ settings: { theme: 'dark' } });
      expect(runWithStore(home, `console.log(JSON.stringify(store.get('settings')));`).trim()).toBe('{"theme":"dark"}');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('starts afresh from a damaged file instead of failing to start the app', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-home-'));
    try {
      fs.writeFileSync(path.join(home, 'app-settings.json'), '{"settings": {"theme": "da');
      expect(runWithStore(home, `console.log(JSON.stringify(store.get('settings') ?? null));`).trim()).toBe('null');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
