// The files a hook run keeps in the run folder: its script and its status file. The script reaches the
// interpreter as a file, not on the pty's stdin: stdin of a pty is the terminal, where the script's
// text would be echoed into the output, and a hook that reads its input would read itself.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytesPooled } from '../randomPool';

/** Creates the run folder if missing, private to the user: scripts hold rendered secrets (tokens, URLs). */
export function ensureRunDir(runDir: string): void {
  try {
    fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new Error(`cannot create the run folder "${runDir}": ${(err as Error).message}`, { cause: err });
  }
}

/** A fresh, unguessable path in the run folder (the file is not created). */
export function runFilePath(runDir: string, prefix: string, suffix = ''): string {
  return path.join(runDir, `${prefix}-${randomBytesPooled(12).toString('hex')}${suffix}`);
}

/**
 * Writes the script to a new 0600 file in the run folder; refuses to reuse an existing name. A
 * rendered template comes as bytes: what Go writes need not be UTF-8, and the file gets it as it is.
 */
export function writeScriptFile(runDir: string, script: string | Uint8Array, suffix: string): string {
  const file = runFilePath(runDir, 'hook', suffix);
  try {
    fs.writeFileSync(file, scriptBytes(script, suffix), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    throw new Error(`cannot write the hook script to "${file}": ${(err as Error).message}`, { cause: err });
  }
  return file;
}

/** How many kept scripts the run folder holds at most (the least recently made go first). */
export const KEPT_SCRIPTS_MAX = 64;
const KEPT_PREFIX = 'kept-';
/** A kept script touched this recently may be about to run: pruning leaves it alone. */
const KEPT_SCRIPT_IN_USE_MS = 120_000;

/**
 * The script as a file in the run folder that is kept between runs and named after its content: a
 * plain hook script (no template actions) is the same text every run, and creating a file is the
 * costliest step of starting a quick hook. The file is checked byte for byte before it is used again,
 * and replaced atomically when it differs, so a run never executes anything but its own script. Never
 * remove the returned file: another run may be using it.
 */
export function keptScriptFile(runDir: string, script: string, suffix: string): string {
  const key = `${runDir}\0${suffix}\0${script}`;
  const seen = verified.get(key);
  if (seen && unchangedSince(seen)) return seen.file;
  verified.delete(key);
  const bytes = scriptBytes(script, suffix);
  const hash = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const file = path.join(runDir, `${KEPT_PREFIX}${hash}${suffix}`);
  if (!holds(file, bytes)) {
    const temp = runFilePath(runDir, 'tmp', suffix);
    try {
      fs.writeFileSync(temp, bytes, { mode: 0o600, flag: 'wx' });
      fs.renameSync(temp, file); // atomic: a run starting now sees the old file or the whole new one
    } catch (err) {
      removeRunFile(temp);
      throw new Error(`cannot write the hook script to "${file}": ${(err as Error).message}`, { cause: err });
    }
    pruneKeptScripts(runDir, file);
  }
  remember(key, file);
  return file;
}

/**
 * Kept scripts this process checked byte for byte, with the file's identity then. Any write to a
 * file, and any replacement, changes its inode or change time (which no one can set back), so an
 * unchanged identity means unchanged bytes: one lstat instead of reading the script again.
 */
const verified = new Map<string, FileIdentity>();
interface FileIdentity {
  file: string;
  ino: number;
  size: number;
  ctimeMs: number;
}
/** File times tick coarsely (a few ms): a write in the tick of a check could keep the change time. */
const CTIME_SETTLED_MS = 50;

function remember(key: string, file: string): void {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  // Only a file whose last change is older than a tick: any later write shows as a new change time.
  if (!st?.isFile() || Date.now() - st.ctimeMs < CTIME_SETTLED_MS) return;
  verified.set(key, { file, ino: st.ino, size: st.size, ctimeMs: st.ctimeMs });
  if (verified.size > KEPT_SCRIPTS_MAX) verified.delete(verified.keys().next().value!);
}

function unchangedSince(seen: FileIdentity): boolean {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(seen.file, { throwIfNoEntry: false });
  } catch {
    return false;
  }
  if (!st?.isFile() || st.ino !== seen.ino || st.size !== seen.size || st.ctimeMs !== seen.ctimeMs) return false;
  // Used now: pruning spares it (see KEPT_SCRIPT_IN_USE_MS). The touch changes its times: check it
  // again next time, the long way.
  return Date.now() - st.mtimeMs <= KEPT_SCRIPT_IN_USE_MS / 2;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function scriptBytes(script: string | Uint8Array, suffix: string): Buffer {
  const bytes = typeof script === 'string' ? Buffer.from(script, 'utf8') : Buffer.from(script.buffer, script.byteOffset, script.byteLength);
  // Windows PowerShell 5 reads a .ps1 without a byte-order mark in the ANSI code page.
  return suffix === '.ps1' && !bytes.subarray(0, 3).equals(UTF8_BOM) ? Buffer.concat([UTF8_BOM, bytes]) : bytes;
}

/** Whether `file` is a regular file of ours holding exactly `bytes` (no symlink is followed). */
function holds(file: string, bytes: Buffer): boolean {
  const found = readRegularFile(file, bytes.length + 1);
  if (!found || !found.bytes.equals(bytes)) return false;
  if (typeof process.getuid === 'function' && found.stat.uid !== process.getuid()) return false;
  // Used now: pruning spares it (see KEPT_SCRIPT_IN_USE_MS). One write of the time a minute at most.
  const now = Date.now();
  if (now - found.stat.mtimeMs > KEPT_SCRIPT_IN_USE_MS / 2) {
    try {
      fs.lutimesSync(file, now / 1000, now / 1000);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The first `maxBytes` of a regular file and its stat, or null when it is missing, not a regular
 * file, or cannot be read. O_NOFOLLOW: a symlink put at the path must not make us read another file.
 */
function readRegularFile(file: string, maxBytes: number): { bytes: Buffer; stat: fs.Stats } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return null;
    const buf = Buffer.alloc(Math.min(maxBytes, stat.size + 1));
    let n = 0;
    while (n < buf.length) {
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
    return { bytes: buf.subarray(0, n), stat };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Keeps about KEPT_SCRIPTS_MAX kept scripts: the least recently used go, never one in use. */
function pruneKeptScripts(runDir: string, keep: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(runDir).filter((n) => n.startsWith(KEPT_PREFIX));
  } catch {
    return;
  }
  if (names.length <= KEPT_SCRIPTS_MAX) return;
  const cutoff = Date.now() - KEPT_SCRIPT_IN_USE_MS;
  const aged = names
    .map((n) => path.join(runDir, n))
    .filter((f) => f !== keep)
    .map((f) => ({ f, t: fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .filter(({ t }) => t < cutoff)
    .sort((a, b) => a.t - b.t);
  for (const { f } of aged.slice(0, names.length - KEPT_SCRIPTS_MAX)) removeRunFile(f);
}

/** Removes a run file (or whatever the hook left at its path); a file that is already gone is fine. */
export function removeRunFile(file: string): void {
  if (!exists(file)) return; // the status file of a hook that wrote none: no exception for that
  try {
    fs.unlinkSync(file);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
  }
  try {
    fs.rmSync(file, { force: true, recursive: true }); // a folder the hook made there
  } catch {
    // Best effort: the run folder is private, and a leftover must not turn a finished hook into an error.
  }
}

function exists(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true; // cannot tell: let the read say
  }
}

/** The status file's start as text, or null when the hook did not write one. Reads at most `maxBytes`. */
export function readStatusFile(file: string, maxBytes: number): string | null {
  // The usual case: the hook wrote none (a look that costs no exception).
  if (!exists(file)) return null;
  return readRegularFile(file, maxBytes)?.bytes.toString('utf8') ?? null;
}
