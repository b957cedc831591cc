// scripts/after-pack.mjs on a packed macOS tree as electron-builder lays it out: node-pty's
// spawn-helper arrives 0644 (node-pty 1.1.0 publishes it so, issue 850) in app.asar.unpacked and in
// the CLI's copy, and leaves 0755 — before signing, or every pty.spawn fails with "posix_spawnp failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// The step as electron-builder loads it (a dynamic import of the file electron-builder.yml names).
const step = (await import(pathToFileURL(path.join(ROOT, 'scripts/after-pack.mjs')).href)) as {
  default: (c: { appOutDir: string; electronPlatformName: string; arch?: number }) => Promise<void>;
  elfMachine: (file: string) => number | null;
  findSpawnHelpers: (dir: string) => string[];
};
const afterPack = step.default;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** dist/mac-arm64 as electron-builder --mac --dir leaves it, with node-pty's files copied as published. */
function packedMacTree(): { out: string; helpers: string[] } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-afterpack-'));
  dirs.push(out);
  const res = path.join(out, 'Hookgate.app', 'Contents', 'Resources');
  const helpers: string[] = [];
  for (const ptyDir of [path.join(res, 'app.asar.unpacked', 'node_modules', 'node-pty'), path.join(res, 'cli', 'node_modules', 'node-pty')]) {
    for (const arch of ['darwin-arm64', 'darwin-x64']) {
      const d = path.join(ptyDir, 'prebuilds', arch);
      fs.mkdirSync(d, { recursive: true });
      // The published files, with their published modes.
      const src = path.join(ROOT, 'node_modules', 'node-pty', 'prebuilds', arch, 'spawn-helper');
      const f = path.join(d, 'spawn-helper');
      // As electron-builder copies it: a hard link to the file in node_modules, where it can.
      try {
        fs.linkSync(src, f);
      } catch {
        fs.copyFileSync(src, f);
        fs.chmodSync(f, fs.statSync(src).mode & 0o777);
      }
      fs.writeFileSync(path.join(d, 'pty.node'), '', { mode: 0o644 });
      helpers.push(f);
    }
  }
  // A framework's versioned symlinks: not followed (each helper is set once, where it is).
  const fw = path.join(out, 'Hookgate.app', 'Contents', 'Frameworks', 'Electron Framework.framework');
  fs.mkdirSync(path.join(fw, 'Versions', 'A'), { recursive: true });
  fs.symlinkSync('A', path.join(fw, 'Versions', 'Current'));
  return { out, helpers };
}

const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('afterPack: spawn-helper executable on every copy', () => {
  it('is the afterPack step electron-builder.yml names', () => {
    expect(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(/^afterPack: \.\/scripts\/after-pack\.mjs$/m);
  });

  it('node-pty as installed still ships spawn-helper without the execute bit (the reason for the step)', () => {
    // When this fails, node-pty has published the fix (PR 866) and the step may go.
    const src = path.join(ROOT, 'node_modules', 'node-pty', 'prebuilds', 'darwin-arm64', 'spawn-helper');
    expect(mode(src) & 0o111).toBe(0);
  });

  it('sets 0755 on the helpers in app.asar.unpacked and the CLI, nothing else', async () => {
    const { out, helpers } = packedMacTree();
    expect(helpers.map(mode)).toEqual(helpers.map(() => 0o644));
    await afterPack({ appOutDir: out, electronPlatformName: 'darwin' });
    expect(helpers.map(mode)).toEqual(helpers.map(() => 0o755));
    // node_modules (hard-linked into the tree) is left as it was.
    const src = path.join(ROOT, 'node_modules', 'node-pty', 'prebuilds', 'darwin-arm64', 'spawn-helper');
    expect(mode(src)).toBe(0o644);
    expect(fs.readFileSync(helpers[0]!)).toEqual(fs.readFileSync(src));
    expect(step.findSpawnHelpers(out).sort()).toEqual([...helpers].sort());
    const ptyNode = path.join(path.dirname(helpers[0]!), 'pty.node');
    expect(mode(ptyNode)).toBe(0o644);
  });

  it('refuses to let a mac package through with no spawn-helper at all', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-afterpack-'));
    dirs.push(out);
    await expect(afterPack({ appOutDir: out, electronPlatformName: 'darwin' })).rejects.toThrow(/no node-pty spawn-helper/);
    await expect(afterPack({ appOutDir: out, electronPlatformName: 'linux' })).resolves.toBeUndefined();
  });
});

describe('afterPack: Linux packages carry node-pty built for their architecture', () => {
  const ptyNode = path.join(ROOT, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node');
  // electron-builder's Arch: 1 x64, 3 arm64.
  const hostArch = process.arch === 'x64' ? 1 : process.arch === 'arm64' ? 3 : null;

  function packedLinuxTree(): string {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-afterpack-'));
    dirs.push(out);
    for (const base of [path.join(out, 'resources', 'app.asar.unpacked'), path.join(out, 'resources', 'cli')]) {
      const d = path.join(base, 'node_modules', 'node-pty', 'build', 'Release');
      fs.mkdirSync(d, { recursive: true });
      fs.copyFileSync(ptyNode, path.join(d, 'pty.node'));
    }
    return out;
  }

  it.skipIf(process.platform !== 'linux' || hostArch === null)('passes the native arch, refuses another', async () => {
    const out = packedLinuxTree();
    await expect(step.default({ appOutDir: out, electronPlatformName: 'linux', arch: hostArch! })).resolves.toBeUndefined();
    const other = hostArch === 1 ? 3 : 1;
    await expect(step.default({ appOutDir: out, electronPlatformName: 'linux', arch: other })).rejects.toThrow(
      new RegExp(`the package is for ${other === 3 ? 'AArch64' : 'x86-64'}, but resources/app\\.asar\\.unpacked/node_modules/node-pty/build/Release/pty\\.node is built for ${hostArch === 1 ? 'x86-64' : 'AArch64'}.*build it on a`),
    );
  });

  it('reads the ELF machine, and not from other files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-afterpack-'));
    dirs.push(dir);
    const arm = Buffer.alloc(64);
    arm.writeUInt32BE(0x7f454c46, 0);
    arm[5] = 1;
    arm.writeUInt16LE(0xb7, 18);
    fs.writeFileSync(path.join(dir, 'a.node'), arm);
    fs.writeFileSync(path.join(dir, 'b.node'), 'not an ELF file at all');
    expect(step.elfMachine(path.join(dir, 'a.node'))).toBe(0xb7);
    expect(step.elfMachine(path.join(dir, 'b.node'))).toBeNull();
  });
});
