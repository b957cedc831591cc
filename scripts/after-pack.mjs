// electron-builder's afterPack step (electron-builder.yml: afterPack), run on the unpacked app before
// it is signed. node-pty 1.1.0 publishes prebuilds/darwin-*/spawn-helper without its execute bit
// (node-pty issue 850); on macOS every pty.spawn then fails with "posix_spawnp failed" and no hook
// can run, in the app and in the bundled CLI alike. Every copy of spawn-helper in the packed tree
// (app.asar.unpacked and resources/cli) gets 0755 here, before the signature seals the bundle.
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

/** Sets 0755 on every spawn-helper under `appOutDir`; returns the files it set. */
export function makeSpawnHelpersExecutable(appOutDir) {
  const files = findSpawnHelpers(appOutDir);
  for (const f of files) fs.chmodSync(f, 0o755);
  return files;
}

export default async function afterPack(context) {
  const files = makeSpawnHelpersExecutable(context.appOutDir);
  // A mac app without it cannot run a single hook: better no package than a broken one.
  if (context.electronPlatformName === 'darwin' && files.length === 0) {
    throw new Error(`afterPack: no node-pty spawn-helper in ${context.appOutDir}; on macOS no hook could run`);
  }
  for (const f of files) console.log(`  • spawn-helper made executable: ${path.relative(context.appOutDir, f)}`);
}
