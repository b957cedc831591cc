// electron-builder.yml, checked without Electron's zip: electron-builder's own schema validation,
// the fields the tray app depends on, and the `hookgate` shim run in a fake installed layout.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../../../electron/main/appIdentity';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(ROOT, 'package.json'));

interface FileSet {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  /** getConfig normalises the list into one file set. */
  files: Array<{ filter: string[] }>;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: FileSet[];
  linux: { target: string[]; executableName: string; icon: string };
  deb: { afterInstall: string; afterRemove: string };
  mac: { target: string; extendInfo: Record<string, unknown> };
  win: { target: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig: (dir: string, file: string, opts: null) => Promise<unknown>;
    validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(loadConfig()).resolves.toBeTruthy();
  });

  it("carries the app id and name the main process claims (Windows notifications need the same AppUserModelID)", async () => {
    const c = await loadConfig();
    expect(c.appId).toBe(APP_ID);
    expect(c.productName).toBe(PRODUCT_NAME);
  });

  it('builds AppImage and deb, dmg, and an nsis installer', async () => {
    const c = await loadConfig();
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.mac.target).toBe('dmg');
    expect(c.win.target).toBe('nsis');
    expect(c.mac.extendInfo.LSUIElement).toBe(true);
  });

  it('unpacks node-pty from the asar archive and does not rebuild it (N-API)', async () => {
    const c = await loadConfig();
    expect(c.asarUnpack).toContain('node_modules/node-pty/**');
    expect(c.npmRebuild).toBe(false);
  });

  it('ships the built app, its icons and preload, and the CLI with its shims', async () => {
    const c = await loadConfig();
    expect(c.files[0]!.filter).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'assets/**', '!assets/packaging/**']));
    const to = Object.fromEntries(c.extraResources.map((r) => [r.to, r.from]));
    expect(to).toEqual({ cli: 'out/cli', 'cli/package.json': 'assets/packaging/cli-package.json', 'cli/node_modules/node-pty': 'node_modules/node-pty', bin: 'assets/packaging/bin' });
    for (const f of [c.linux.icon, c.deb.afterInstall, c.deb.afterRemove, 'assets/packaging/bin/hookgate', 'assets/packaging/bin/hookgate.cmd']) {
      expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
    }
    expect(fs.statSync(path.join(ROOT, 'assets/packaging/bin/hookgate')).mode & 0o111).not.toBe(0);
  });

  it('names the app binary apart from the CLI, and links the CLI into /usr/bin from the deb', async () => {
    const c = await loadConfig();
    expect(c.linux.executableName).toBe('hookgate-app');
    const after = fs.readFileSync(path.join(ROOT, c.deb.afterInstall), 'utf8');
    expect(after).toContain('ln -sf "$app/resources/bin/hookgate" /usr/bin/hookgate');
    // Ubuntu 24.04's user-namespace restriction: electron-builder's AppArmor step is kept (debScripts.test.ts runs it).
    expect(after).toContain('resources/apparmor-profile');
    execFileSync('bash', ['-n', path.join(ROOT, c.deb.afterInstall)]);
    execFileSync('bash', ['-n', path.join(ROOT, c.deb.afterRemove)]);
  });
});

describe('the hookgate shim of an installed app', () => {
  it("follows its symlink and runs the bundled CLI with the app's binary as Node", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-shim-'));
    try {
      // /opt/Hookgate as the deb lays it out: the app binary, resources/bin and resources/cli.
      const opt = path.join(dir, 'opt', 'Hookgate');
      fs.mkdirSync(path.join(opt, 'resources', 'bin'), { recursive: true });
      fs.mkdirSync(path.join(opt, 'resources', 'cli'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'assets/packaging/bin/hookgate'), path.join(opt, 'resources', 'bin', 'hookgate'));
      fs.chmodSync(path.join(opt, 'resources', 'bin', 'hookgate'), 0o755);
      // The "Electron binary": Node, refusing to run unless asked to act as Node.
      fs.writeFileSync(path.join(opt, 'hookgate-app'), `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "would start the GUI" >&2; exit 9; }\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(opt, 'resources', 'cli', 'hookgate.js'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
      const bin = path.join(dir, 'usr', 'bin');
      fs.mkdirSync(bin, { recursive: true });
      fs.symlinkSync(path.join(opt, 'resources', 'bin', 'hookgate'), path.join(bin, 'hookgate'));
      const out = execFileSync(path.join(bin, 'hookgate'), ['signal', 'snapshot-start', '--plan', 'my laptop'], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(['signal', 'snapshot-start', '--plan', 'my laptop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the packed app (electron-builder --dir with a stand-in Electron)', () => {
  const built = fs.existsSync(path.join(ROOT, 'out/main/index.js')) && fs.existsSync(path.join(ROOT, 'out/cli/hookgate.js'));

  it.skipIf(!built || process.platform !== 'linux')(
    `lays out app.asar, unpacked node-pty, the CLI and its shim${built ? '' : ' (skipped: run npm run build first)'}`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-pack-'));
      try {
        // Electron's zip cannot be downloaded here: a stand-in "binary" that is Node when asked to be.
        const dist = path.join(dir, 'electron-dist');
        fs.mkdirSync(dist);
        fs.writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || exit 9\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
        execFileSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', 'dir', `-c.electronDist=${dist}`, `-c.directories.output=${path.join(dir, 'out')}`, '--publish', 'never'], {
          cwd: ROOT,
          stdio: 'pipe',
          timeout: 240_000,
        });
        const app = path.join(dir, 'out', 'linux-unpacked');
        expect(fs.existsSync(path.join(app, 'hookgate-app'))).toBe(true);
        const { listPackage } = require('@electron/asar') as { listPackage: (f: string) => string[] };
        const files = listPackage(path.join(app, 'resources', 'app.asar'));
        for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/assets/tray/linux/idle-22.png', '/assets/icon.png']) expect(files).toContain(f);
        expect(files.filter((f) => f.startsWith('/assets/packaging') || f.endsWith('.map'))).toEqual([]);
        expect(fs.existsSync(path.join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'node-pty', 'package.json'))).toBe(true);
        expect(fs.existsSync(path.join(app, 'resources', 'cli', 'node_modules', 'node-pty', 'lib', 'index.js'))).toBe(true);
        expect(JSON.parse(fs.readFileSync(path.join(app, 'resources', 'cli', 'package.json'), 'utf8')).type).toBe('module');
        // The afterPack step ran on the packed tree: every copy of node-pty's macOS spawn-helper is executable.
        const helpers = [path.join(app, 'resources', 'app.asar.unpacked'), path.join(app, 'resources', 'cli')].map((d) =>
          path.join(d, 'node_modules', 'node-pty', 'prebuilds', 'darwin-arm64', 'spawn-helper'),
        );
        expect(helpers.map((f) => fs.statSync(f).mode & 0o777)).toEqual([0o755, 0o755]);
        // The shim runs the packed CLI with the app's binary as Node.
        const out = execFileSync(path.join(app, 'resources', 'bin', 'hookgate'), ['--version'], { encoding: 'utf8' });
        expect(out.trim()).toMatch(/^hookgate \d+\.\d+\.\d+/);
        // No host runs: the packed CLI runs the engine itself, a hook in a pty (node-pty from resources/cli).
        const home = path.join(dir, 'home');
        const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, HOOKGATE_HOME: home, XDG_RUNTIME_DIR: home };
        fs.mkdirSync(home);
        fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, hooks: [{ id: 'hi', name: 'hi', conditions: ['CONDITION_SNAPSHOT_START'], script: '#!/bin/sh\necho from-a-pty\n' }] }));
        const signal = execFileSync(path.join(app, 'resources', 'bin', 'hookgate'), ['signal', 'snapshot-start', '--plan', 'packed'], { encoding: 'utf8', env });
        expect(signal).toContain('from-a-pty');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
