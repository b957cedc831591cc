// A cross-process lock: a lockfile created with O_EXCL that records who holds it. A lock whose
// holder is dead (same host, pid gone) or that is older than a generous age is stale and is
// taken over, so a crashed CLI never blocks the next one for long.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';

export interface FileLockOptions {
  /** How long to wait for a held lock before giving up (default 15 s). */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its pid looks alive (pid reuse; default 60 s). */
  staleMs?: number;
}

/** The lock could not be taken: the message names the lock file and why, in one line. */
export class LockError extends Error {
  override name = 'LockError';
}

/** Another process held the lock for longer than we wait. */
export class LockTimeoutError extends LockError {
  override name = 'LockTimeoutError';
}

/** What an errno means to a user, for the few a lock file meets (a full disk above all). */
const ERRNO_WORDS: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'a folder is in its place',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/** `cannot create the lock /home/me/.config/hookgate/hookgate.lock: no space left on the disk (ENOSPC)`. */
export function lockCreateError(lockPath: string, err: unknown): LockError {
  const e = err as NodeJS.ErrnoException;
  const why = (e.code && ERRNO_WORDS[e.code]) ?? (e.message ?? String(err)).replace(/^[A-Z]+: /, '').replace(/, \w+ '[^']*'$/, '');
  return new LockError(`cannot create the lock ${lockPath}: ${why}${e.code ? ` (${e.code})` : ''}`);
}

interface LockOwner {
  pid: number;
  host: string;
  time: string;
  nonce: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_STALE_MS = 60_000;
/** A `.break` file (taken while removing a stale lock) older than this is itself stale. */
const BREAK_STALE_MS = 10_000;
/** An empty or unreadable lockfile is one being written; older than this, its writer died mid-way. */
const EMPTY_STALE_MS = 5_000;

// Waiters inside this process queue on a promise instead of polling the file.
const inProcess = new Map<string, Promise<unknown>>();
const held = new AsyncLocalStorage<Set<string>>();

/**
 * Runs `fn` while holding the lock at `lockPath`. Not re-entrant: taking the same lock again
 * inside `fn` is an error (it would wait for itself).
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const key = path.resolve(lockPath);
  const mine = held.getStore();
  if (mine?.has(key)) throw new Error(`lock ${key} is already held by this call (withFileLock is not re-entrant)`);

  const prev = inProcess.get(key) ?? Promise.resolve();
  let done!: () => void;
  const turn = new Promise<void>((resolve) => (done = resolve));
  const chain = prev.then(() => turn);
  inProcess.set(key, chain);
  try {
    await prev.catch(() => {});
    const owner = await acquire(key, opts);
    try {
      return await held.run(new Set([...(mine ?? []), key]), fn);
    } finally {
      await release(key, owner);
    }
  } finally {
    done();
    if (inProcess.get(key) === chain) inProcess.delete(key);
  }
}

async function acquire(lockPath: string, opts: FileLockOptions): Promise<LockOwner> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + timeoutMs;
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), time: '', nonce: randomBytes(8).toString('hex') };
  let wait = 5;
  let lastSeen: LockOwner | null = null;
  for (;;) {
    owner.time = new Date().toISOString();
    if (await tryCreate(lockPath, owner)) return owner;
    const current = await readOwner(lockPath);
    if (current === 'gone') continue;
    lastSeen = current.owner;
    if (isStale(current, staleMs)) {
      await breakStale(lockPath, current.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = lastSeen ? `pid ${lastSeen.pid} on ${lastSeen.host} since ${lastSeen.time}` : 'another process';
      throw new LockTimeoutError(
        `could not take the lock ${lockPath} within ${Math.round(timeoutMs / 1000)} s: held by ${who} ` +
          `(a lock whose process is gone, or older than ${Math.round(staleMs / 1000)} s, is taken over)`,
      );
    }
    await sleep(Math.min(wait, deadline - Date.now()) + Math.random() * 5);
    wait = Math.min(wait * 2, 100);
  }
}

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(lockPath, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') {
      await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 }).catch((e: unknown) => {
        throw lockCreateError(lockPath, e);
      });
      return tryCreate(lockPath, owner);
    }
    throw lockCreateError(lockPath, err);
  }
  try {
    await fh.writeFile(JSON.stringify(owner) + '\n');
  } catch (err) {
    // A full disk can refuse the content after the create: an empty lock left behind would make
    // the next caller wait for a writer that is gone.
    await fh.close().catch(() => {});
    await fs.rm(lockPath, { force: true }).catch(() => {});
    throw lockCreateError(lockPath, err);
  }
  await fh.close();
  return true;
}

type ReadOwner = { owner: LockOwner | null; raw: string; mtimeMs: number } | 'gone';

async function readOwner(lockPath: string): Promise<ReadOwner> {
  try {
    const [raw, st] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    let owner: LockOwner | null = null;
    try {
      const o = JSON.parse(raw) as Partial<LockOwner>;
      if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.nonce === 'string') owner = o as LockOwner;
    } catch {
      // empty (being written) or garbage
    }
    return { owner, raw, mtimeMs: st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

function isStale(current: Exclude<ReadOwner, 'gone'>, staleMs: number): boolean {
  const age = Date.now() - current.mtimeMs;
  if (!current.owner) return age > EMPTY_STALE_MS;
  if (age > staleMs) return true;
  return current.owner.host === os.hostname() && !pidAlive(current.owner.pid);
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock, but only the one we judged stale: two processes may judge it at once,
 * and the slower one must not delete the fresh lock the faster one has just created.
 */
async function breakStale(lockPath: string, staleRaw: string): Promise<void> {
  const breakPath = `${lockPath}.break`;
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(breakPath, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const st = await fs.stat(breakPath).catch(() => null);
    if (st && Date.now() - st.mtimeMs > BREAK_STALE_MS) await fs.rm(breakPath, { force: true });
    else await sleep(5);
    return;
  }
  try {
    await fh.close();
    const now = await fs.readFile(lockPath, 'utf8').catch(() => null);
    if (now === staleRaw) await fs.rm(lockPath, { force: true });
  } finally {
    await fs.rm(breakPath, { force: true });
  }
}

async function release(lockPath: string, owner: LockOwner): Promise<void> {
  const current = await readOwner(lockPath).catch(() => 'gone' as const);
  // Someone judged our lock stale and took it over: theirs now, leave it.
  if (current === 'gone' || current.owner?.nonce !== owner.nonce) return;
  await fs.rm(lockPath, { force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
