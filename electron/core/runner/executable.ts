// Finding the program a pty will exec, before it is spawned. node-pty on Linux forks first and execs in
// the child, so a missing program is not an exception but a child that prints "execvp(3) failed." and
// exits 1 — indistinguishable from a hook that failed. Looking it up here first turns that into an
// error that says what was missing.
import fs from 'node:fs';
import path from 'node:path';

export type ExecutableLookup = { path: string } | { error: string };

export interface ExecutableLookupOptions {
  /** PATH of the environment the program will run in (execvp searches the child's PATH). */
  PATH?: string;
  /** Relative paths and empty PATH entries are taken from the directory the program will run in. */
  cwd: string;
  /** Windows only: extensions to try, from the child's PATHEXT. */
  PATHEXT?: string;
  platform?: NodeJS.Platform;
}

/** glibc's execvp uses this when PATH is unset. */
const DEFAULT_POSIX_PATH = '/bin:/usr/bin';
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/** Resolves `command` as execvp would: a name with a slash is a path, else it is searched in PATH. */
export function resolveExecutable(command: string, opts: ExecutableLookupOptions): ExecutableLookup {
  const platform = opts.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (command === '') return { error: 'is an empty program name' };
  const candidates = platform === 'win32' ? windowsNames(command, opts.PATHEXT ?? DEFAULT_PATHEXT) : [command];
  const hasDir = platform === 'win32' ? /[\\/]/.test(command) : command.includes('/');

  if (hasDir) {
    let firstProblem: string | null = null;
    for (const name of candidates) {
      const full = p.resolve(opts.cwd, name);
      const problem = executableProblem(full, platform);
      if (!problem) return { path: full };
      firstProblem ??= problem;
    }
    return { error: firstProblem! };
  }

  const dirs = (opts.PATH ?? (platform === 'win32' ? '' : DEFAULT_POSIX_PATH)).split(platform === 'win32' ? ';' : ':');
  let notExecutable: string | null = null;
  for (const dir of dirs) {
    for (const name of candidates) {
      const full = p.resolve(opts.cwd, dir === '' ? '.' : dir, name);
      const problem = executableProblem(full, platform);
      if (!problem) return { path: full };
      // execvp skips a non-executable match and goes on; if nothing better turns up, say what it found.
      if (problem.startsWith('is not executable')) notExecutable ??= `is not executable (found at ${full})`;
    }
  }
  return { error: notExecutable ?? 'not found in PATH' };
}

/** Why `full` cannot be executed ('not found', 'is a directory', 'is not executable'), or null when it can. */
export function executableProblem(full: string, platform: NodeJS.Platform): string | null {
  let st: fs.Stats | undefined;
  try {
    // Most PATH entries do not hold the program: no exception (and its stack) for each of them.
    st = fs.statSync(full, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st) return 'not found';
  if (st.isDirectory()) return 'is a directory';
  if (platform === 'win32') return null; // no execute bit on Windows
  try {
    fs.accessSync(full, fs.constants.X_OK);
    return null;
  } catch {
    return 'is not executable';
  }
}

function windowsNames(command: string, pathext: string): string[] {
  const exts = pathext.split(';').filter(Boolean);
  const hasExt = exts.some((e) => command.toLowerCase().endsWith(e.toLowerCase()));
  return hasExt ? [command] : exts.map((e) => command + e);
}
