// The things connect changes: a file (written atomically, keeping its mode and owner) or a
// user's crontab (read with `crontab -l`, written with `crontab -`, never by editing cron's spool).
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomicWrite';
import { readUserCrontab } from '../discovery/crontabs';
import type { DiscoveryOptions } from '../discovery/discoveryOptions';

export const CRONTAB_PREFIX = 'crontab:';

export interface TargetState {
  bytes: Buffer | null;
  mode: number | null;
  uid: number | null;
  gid: number | null;
}

export function sha256(b: Buffer | null): string | null {
  return b === null ? null : createHash('sha256').update(b).digest('hex');
}

export async function readTarget(target: string, opts: DiscoveryOptions): Promise<TargetState> {
  if (target.startsWith(CRONTAB_PREFIX)) {
    const r = await readUserCrontab(opts);
    if (!r.ok) throw new Error(r.why);
    return { bytes: r.text === null ? null : Buffer.from(r.text), mode: null, uid: null, gid: null };
  }
  try {
    const st = await fs.stat(target);
    return { bytes: await fs.readFile(target), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, mode: null, uid: null, gid: null };
    throw new Error(`${target}: ${(err as Error).message}`);
  }
}

/** Writes (or, with null, removes) a target; a file keeps the mode and owner given. */
export async function writeTarget(target: string, bytes: Buffer | null, opts: DiscoveryOptions, keep: { mode: number | null; uid: number | null; gid: number | null }): Promise<void> {
  if (target.startsWith(CRONTAB_PREFIX)) return writeCrontab(opts, bytes);
  if (bytes === null) {
    await fs.rm(target, { force: true });
    // A drop-in folder Hookgate made is taken away with its file when nothing else is in it.
    if (path.basename(target) === 'hookgate.conf') await fs.rmdir(path.dirname(target)).catch(() => {});
    return;
  }
  await writeFileAtomic(target, bytes, { mode: keep.mode ?? 0o644, dirMode: 0o755 });
  // The temp file was created with the process umask applied: set the exact bits and owner back.
  if (keep.mode !== null) await fs.chmod(target, keep.mode);
  if (keep.uid !== null && keep.gid !== null && process.getuid?.() === 0) await fs.chown(target, keep.uid, keep.gid);
}

function writeCrontab(opts: DiscoveryOptions, bytes: Buffer | null): Promise<void> {
  const cmd = opts.crontabCommand;
  if (!cmd) return Promise.reject(new Error('no crontab command is installed'));
  const user = opts.crontabUser ? ['-u', opts.crontabUser] : [];
  if (bytes === null) {
    return new Promise((resolve, reject) => {
      execFile(cmd, [...user, '-r'], { timeout: 10_000 }, (err, _o, stderr) => (err && !/no crontab/i.test(stderr) ? reject(new Error(`crontab -r failed: ${stderr.trim() || err.message}`)) : resolve()));
    });
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...user, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => reject(new Error(`crontab could not be started: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`crontab refused the new table: ${stderr.trim() || `exit ${String(code)}`}`))));
    child.stdin.end(bytes);
  });
}
