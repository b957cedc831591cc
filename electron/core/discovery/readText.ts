// Reading a tool's file for discovery: small (a config, never a whole disk), missing is normal,
// anything else (a permission, a folder where a file was expected) is said in plain words.
import fs from 'node:fs/promises';

/** Configs are small; a larger file is not read (discovery stays quick). */
const MAX_TOOL_FILE_BYTES = 2 * 1024 * 1024;

export type ReadResult = { ok: true; text: string; bytes: Buffer } | { ok: false; missing: boolean; why: string };

export async function readToolFile(file: string): Promise<ReadResult> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return { ok: false, missing: false, why: `${file} is not a regular file` };
    if (st.size > MAX_TOOL_FILE_BYTES) return { ok: false, missing: false, why: `${file} is larger than ${MAX_TOOL_FILE_BYTES / 1024 / 1024} MiB; not read` };
    const bytes = await fs.readFile(file);
    return { ok: true, text: bytes.toString('utf8'), bytes };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, why: `${file} does not exist` };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, missing: false, why: `${file} cannot be read by this user (permission denied)` };
    return { ok: false, missing: false, why: `${file}: ${(err as Error).message}` };
  }
}

/** The names in a folder (none when it is missing or unreadable), sorted. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** A stable short id fragment from a path or a line: lower-case, safe characters, bounded. */
export function slug(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (s || 'x').slice(0, max).replace(/-+$/, '');
}
