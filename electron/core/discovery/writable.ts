// Whether this user can change a tool's file (or create it, where its folder allows), so discovery
// can say "needs root" before a connect is tried.
import fs from 'node:fs/promises';
import path from 'node:path';

export async function writableFile(file: string): Promise<{ ok: true } | { ok: false; why: string }> {
  let p = file;
  for (;;) {
    try {
      await fs.access(p, fs.constants.W_OK);
      return { ok: true };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return { ok: false, why: `${p} is not writable by this user; run the connect as its owner (e.g. with sudo)` };
    }
    const up = path.dirname(p);
    if (up === p) return { ok: false, why: `no folder of ${file} exists` };
    p = up;
  }
}
