// A lock that cannot be created (a full disk above all) is one line naming the lock file and why, never
// a raw errno with a stack; an empty lock a failed write left behind is removed. ENOSPC cannot be made
// for real here (no full tmpfs), so node:fs/promises is wrapped to fail where a full disk would.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fail = vi.hoisted(() => ({ open: null as NodeJS.ErrnoException | null, write: null as NodeJS.ErrnoException | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    if (fail.open) throw fail.open;
    const fh = await real.open(...args);
    if (!fail.write) return fh;
    const err = fail.write;
    return Object.assign(Object.create(fh) as typeof fh, { writeFile: async () => Promise.reject(err), close: () => fh.close() });
  };
  return { ...real, open, default: { ...real, open } };
});

const { LockError, lockCreateError, withFileLock } = await import('../../../electron/core/config/fileLock');
const { tempHome } = await import('../../helpers/cli');

function errno(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: some words, ${syscall} '${file}'`), { code, syscall, path: file });
}

afterEach(() => {
  fail.open = null;
  fail.write = null;
});

describe('a lock that cannot be created', () => {
  it('ENOSPC on create: one line with the lock path and "no space left on the disk"; fn never runs', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    fail.open = errno('ENOSPC', 'open', lock);
    const ran = vi.fn();
    const err = await withFileLock(lock, async () => ran()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockError);
    expect((err as Error).message).toBe(`cannot create the lock ${lock}: no space left on the disk (ENOSPC)`);
    expect((err as Error).message).not.toContain('\n');
    expect(ran).not.toHaveBeenCalled();
  });

  it('ENOSPC while writing the owner: the empty lock is removed, so the next caller does not wait for it', async () => {
    const lock = path.join(tempHome(), 'hookgate.lock');
    fail.write = errno('ENOSPC', 'write', lock);
    await expect(withFileLock(lock, async () => 1)).rejects.toThrow(`cannot create the lock ${lock}: no space left on the disk (ENOSPC)`);
    expect(fs.existsSync(lock)).toBe(false);
    fail.write = null;
    expect(await withFileLock(lock, async () => 2, { timeoutMs: 2000 })).toBe(2);
  });

  it('a folder that cannot be made (a file in its path) says so, with the path', async () => {
    const home = tempHome();
    fs.writeFileSync(path.join(home, 'file'), '');
    const lock = path.join(home, 'file', 'sub', 'hookgate.lock');
    await expect(withFileLock(lock, async () => 1)).rejects.toThrow(`cannot create the lock ${lock}: a part of its path is not a folder (ENOTDIR)`);
  });

  it('an errno without words of ours keeps the system\'s words, without the errno prefix or the path twice', () => {
    expect(lockCreateError('/h/hookgate.lock', errno('EIO', 'open', '/h/hookgate.lock')).message).toBe('cannot create the lock /h/hookgate.lock: some words (EIO)');
  });
});
