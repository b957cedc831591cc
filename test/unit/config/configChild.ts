// Run as a separate process by the config tests (bundled with esbuild first): the real
// cross-process behaviour of the lock, the store and the atomic write.
import fs from 'node:fs/promises';
import { ConfigStore, addHook, withFileLock, writeFileAtomic } from '../../../electron/core/config';
import { hookgatePaths } from '../../../electron/core/paths';

const [mode, ...args] = process.argv.slice(2);

async function main(): Promise<void> {
  switch (mode) {
    case 'add-hooks': {
      // add-hooks HOME TAG N: N separate load + update rounds, as N CLI calls would do.
      const [home, tag, n] = args as [string, string, string];
      for (let i = 0; i < Number(n); i++) {
        const store = await ConfigStore.load(hookgatePaths(home));
        await store.update((c) => addHook(c, { name: `${tag}-${i}`, conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' }));
      }
      break;
    }
    case 'count': {
      // count LOCK FILE N: read-modify-write of a counter under the lock, with a pause inside.
      const [lock, file, n] = args as [string, string, string];
      for (let i = 0; i < Number(n); i++) {
        await withFileLock(lock, async () => {
          const v = Number(await fs.readFile(file, 'utf8').catch(() => '0'));
          await new Promise((r) => setTimeout(r, 2));
          await fs.writeFile(file, String(v + 1));
        });
      }
      break;
    }
    case 'hold': {
      // hold LOCK: take the lock and keep it until killed.
      const [lock] = args as [string];
      await withFileLock(lock, async () => {
        process.stdout.write('locked\n');
        // A timer keeps the process (and so the pid in the lock) alive until it is killed.
        await new Promise(() => setInterval(() => {}, 60_000));
      });
      break;
    }
    case 'write-loop': {
      // write-loop FILE: replace FILE again and again with one of two large, different contents.
      const [file] = args as [string];
      const a = JSON.stringify({ v: 'a', pad: 'a'.repeat(4 * 1024 * 1024) });
      const b = JSON.stringify({ v: 'b', pad: 'b'.repeat(6 * 1024 * 1024) });
      for (let i = 0; ; i++) {
        await writeFileAtomic(file, i % 2 ? b : a);
        if (i === 0) process.stdout.write('ready\n');
      }
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
