// Replaces a file so that readers (and a crash at any point) see either the old content or the
// new, never a mix: a temp file in the same folder, fsync, rename over, fsync the folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600: configs and history hold scripts and env values). */
  mode?: number;
  /** Mode used when the folder has to be created (default 0700). */
  dirMode?: number;
  /** Test seam: runs after the temp file is written and synced, before the rename. */
  beforeRename?: (tempPath: string) => Promise<void> | void;
}

export function tempPathFor(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: opts.dirMode ?? 0o700 });
  const tmp = tempPathFor(file);
  let renamed = false;
  try {
    // 'wx': never follow or reuse something already at the temp path.
    const fh = await fs.open(tmp, 'wx', opts.mode ?? 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await opts.beforeRename?.(tmp);
    await fs.rename(tmp, file);
    renamed = true;
    await syncDir(dir);
  } finally {
    if (!renamed) await fs.rm(tmp, { force: true }).catch(() => {});
  }
}

/** Makes a rename durable. Some platforms (Windows) cannot open a folder; that is not an error. */
export async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort
  } finally {
    await fh?.close().catch(() => {});
  }
}
