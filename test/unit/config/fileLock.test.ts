import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LockTimeoutError, withFileLock } from '../../../electron/core/config';
import { tempHome } from '../../helpers/cli';
import { bundleChild, runChild, waitForLine } from './childProcess';

let child: string;
beforeAll(async () => {
  child = await bundleChild(path.join(import.meta.dirname, 'configChild.ts'));
});

describe('withFileLock', () => {
  it('holds an O_EXCL lockfile with the pid and time while fn runs, and removes it after', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    const owner = await withFileLock(lock, async () => JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number; host: string; time: string });
    expect(owner.pid).toBe(process.pid);
    expect(owner.host).toBe(os.hostname());
    expect(Date.parse(owner.time)).toBeGreaterThan(Date.now() - 60_000);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('releases the lock when fn throws', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    await expect(withFileLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('serialises callers inside one process', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(lock, async () => {
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((r) => setTimeout(r, 2));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
  });

  it('refuses to be taken again inside itself instead of waiting for itself', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    await expect(withFileLock(lock, () => withFileLock(lock, async () => 1))).rejects.toThrow(/not re-entrant/);
  });

  it('gives mutual exclusion between processes: three processes × 30 read-modify-writes lose no increment', async () => {
    const dir = tempHome();
    const lock = path.join(dir, 'hookgate.lock');
    const counter = path.join(dir, 'counter');
    const runs = [1, 2, 3].map(() => runChild(child, ['count', lock, counter, '30']));
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(fs.readFileSync(counter, 'utf8')).toBe('90');
  });

  it('a lock whose holder was killed is stale and taken over at once', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    const { child: holder, done } = runChild(child, ['hold', lock]);
    await waitForLine(holder, 'locked');
    holder.kill('SIGKILL');
    await done;
    expect(fs.existsSync(lock)).toBe(true);
    const started = Date.now();
    expect(await withFileLock(lock, async () => 'mine', { timeoutMs: 5000 })).toBe('mine');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a lock held by a live process makes others wait, then time out with who holds it', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    const { child: holder, done } = runChild(child, ['hold', lock]);
    try {
      await waitForLine(holder, 'locked');
      const err = await withFileLock(lock, async () => 'never', { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect((err as Error).message).toContain(`held by pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await done;
    }
  });

  it('a lock older than the stale age is taken over even if its pid looks alive (pid reuse)', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    // pid 1 is alive (and not ours); an old mtime makes the lock stale.
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: os.hostname(), time: '2020-01-01T00:00:00Z', nonce: 'x' }));
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(lock, old, old);
    expect(await withFileLock(lock, async () => 'taken', { timeoutMs: 2000, staleMs: 60_000 })).toBe('taken');
  });

  it('an empty lockfile (a writer that died between create and write) is taken over after a few seconds', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    fs.writeFileSync(lock, '');
    const old = new Date(Date.now() - 30_000);
    fs.utimesSync(lock, old, old);
    expect(await withFileLock(lock, async () => 'taken', { timeoutMs: 2000 })).toBe('taken');
  });
});
