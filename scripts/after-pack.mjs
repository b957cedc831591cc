// electron-builder's afterPack step (electron-builder.yml: afterPack), run on the unpacked app before
// it is signed. node-pty 1.1.0 publishes prebuilds/darwin-*/spawn-helper without its execute bit
// (node-pty issue 850); on macOS every pty.spawn then fails with "posix_spawnp failed" and no hook
// can run, in the app and in the bundled CLI alike. Every copy of spawn-helper in the packed tree
// (app.asar.unpacked and resources/cli) gets 0755 here, before the signature seals the bundle.
// On Linux it also refuses a package whose node-pty was compiled for another architecture.
import fs from 'node:fs';
import path from 'node:path';

/** Every file named spawn-helper under `dir` (symbolic links are not followed: a framework's links would repeat it). */
export function findSpawnHelpers(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name === 'spawn-helper') found.push(p);
    }
  };
  walk(dir);
  return found;
}

/**
 * Sets 0755 on every spawn-helper under `appOutDir`; returns the files it set. electron-builder
 * copies files as hard links where it can: a link is first replaced by a copy of its own, or the
 * chmod would change node_modules (and every other tree linked to it) too.
 */
export function makeSpawnHelpersExecutable(appOutDir) {
  const files = findSpawnHelpers(appOutDir);
  for (const f of files) {
    if (fs.statSync(f).nlink > 1) {
      const own = `${f}.own`;
      fs.copyFileSync(f, own);
      fs.renameSync(own, f);
    }
    fs.chmodSync(f, 0o755);
  }
  return files;
}

/** electron-builder's Arch enum (builder-util) → the ELF e_machine a native module for it carries. */
const ELF_MACHINE = { 0: [0x03, 'x86'], 1: [0x3e, 'x86-64'], 2: [0x28, 'ARM'], 3: [0xb7, 'AArch64'] };
const MACHINE_NAMES = Object.fromEntries(Object.values(ELF_MACHINE).map(([m, name]) => [m, name]));

/** The ELF machine of a file, or null when it is not an ELF file. */
export function elfMachine(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(20);
    if (fs.readSync(fd, head, 0, 20, 0) < 20 || head.readUInt32BE(0) !== 0x7f454c46) return null;
    // e_machine at offset 18, in the file's byte order (EI_DATA: 1 little, 2 big endian).
    return head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Linux: the package's native modules (node-pty's build/Release/*.node, compiled on the build
 * machine) must be for the architecture being packaged. electron-builder cross-packages without
 * complaint, and the app would then fail to load node-pty on every start: build each architecture
 * on a machine of that architecture.
 */
export function checkNativeArch(appOutDir, arch) {
  const want = ELF_MACHINE[arch];
  if (!want) return [];
  const wrong = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.node') && p.split(path.sep).includes('Release')) {
        const m = elfMachine(p);
        if (m !== null && m !== want[0]) wrong.push(`${path.relative(appOutDir, p)} is built for ${MACHINE_NAMES[m] ?? `ELF machine ${m}`}`);
      }
    }
  };
  walk(appOutDir);
  if (wrong.length) throw new Error(`afterPack: the package is for ${want[1]}, but ${wrong.join('; ')}: build it on a ${want[1]} machine`);
  return wrong;
}

export default async function afterPack(context) {
  if (context.electronPlatformName === 'linux') checkNativeArch(context.appOutDir, context.arch);
  const files = makeSpawnHelpersExecutable(context.appOutDir);
  // A mac app without it cannot run a single hook: better no package than a broken one.
  if (context.electronPlatformName === 'darwin' && files.length === 0) {
    throw new Error(`afterPack: no node-pty spawn-helper in ${context.appOutDir}; on macOS no hook could run`);
  }
  for (const f of files) console.log(`  • spawn-helper made executable: ${path.relative(context.appOutDir, f)}`);
}
