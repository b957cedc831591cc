// The files a hook run keeps in the run folder: its script and its status file. The script reaches the
// interpreter as a file, not on the pty's stdin: stdin of a pty is the terminal, where the script's
// text would be echoed into the output, and a hook that reads its input would read itself.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
  return path.join(runDir, `${prefix}-${crypto.randomBytes(12).toString('hex')}${suffix}`);
}

/** Writes the script to a new 0600 file in the run folder; refuses to reuse an existing name. */
export function writeScriptFile(runDir: string, script: string, suffix: string): string {
  const file = runFilePath(runDir, 'hook', suffix);
  // Windows PowerShell 5 reads a .ps1 without a byte-order mark in the ANSI code page.
  const text = suffix === '.ps1' && !script.startsWith('\uFEFF') ? `\uFEFF${script}` : script;
  try {
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    throw new Error(`cannot write the hook script to "${file}": ${(err as Error).message}`, { cause: err });
  }
  return file;
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
  let fd: number;
  try {
    // O_NOFOLLOW: a hook that puts a symlink there must not make us read (and show) another file.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(maxBytes);
    let n = 0;
    while (n < maxBytes) {
      const got = fs.readSync(fd, buf, n, maxBytes - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
