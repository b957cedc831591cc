// Where a host can be reached and how it proves itself: the socket (or named pipe), the token file
// every client must present, and the file naming the running host. All of it is per user and per
// HOOKGATE_HOME, so a test's temporary home never reaches the user's real host.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hookgateHome, type HookgatePaths } from '../paths';

export interface HostLocation {
  /** Unix socket path, or `\\.\pipe\…` on Windows. */
  socket: string;
  /** The folder holding the socket (0700); null for a named pipe. */
  socketDir: string | null;
  /** The random token (0600), rewritten by each host at start. */
  tokenFile: string;
  /** Who runs: pid, since, socket, web address (0600). */
  infoFile: string;
  /** Taken while a host checks for another one and binds, so two starting at once cannot both win. */
  startLock: string;
}

/** sun_path is 108 bytes on Linux and 104 on macOS, including the NUL. */
const MAX_SOCKET_PATH = process.platform === 'darwin' ? 103 : 107;

export function hostLocation(paths: HookgatePaths, env: NodeJS.ProcessEnv = process.env): HostLocation {
  const files = {
    tokenFile: path.join(paths.home, 'host.token'),
    infoFile: path.join(paths.home, 'host.json'),
    startLock: path.join(paths.home, 'host.lock'),
  };
  // The default home gets the plain name; any other home (HOOKGATE_HOME) its own socket.
  const isDefaultHome = path.resolve(paths.home) === path.resolve(hookgateHome({ ...env, HOOKGATE_HOME: '' }));
  const tag = createHash('sha256').update(path.resolve(paths.home)).digest('hex').slice(0, 12);
  if (process.platform === 'win32') {
    const user = (os.userInfo().username || 'user').replace(/[^A-Za-z0-9_.-]/g, '_');
    return { ...files, socket: `\\\\.\\pipe\\hookgate-${user}-${tag}`, socketDir: null };
  }
  const name = isDefaultHome ? 'hookgate.sock' : `hookgate-${tag}.sock`;
  const candidates = [
    env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'hookgate') : null,
    path.join(paths.home, 'run'),
  ].filter((d): d is string => d !== null);
  for (const dir of candidates) {
    const socket = path.join(dir, name);
    if (Buffer.byteLength(socket) <= MAX_SOCKET_PATH) return { ...files, socket, socketDir: dir };
  }
  // A very long home: a short private folder of our own under the temp folder.
  const dir = path.join(os.tmpdir(), `hookgate-${process.getuid?.() ?? 'u'}`);
  return { ...files, socket: path.join(dir, `${tag}.sock`), socketDir: dir };
}

/**
 * Creates `dir` 0700 if needed and checks it is ours and private: a folder another user could
 * write to would let them replace our socket.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir}: expected a folder for the host's socket, found ${st.isSymbolicLink() ? 'a symbolic link' : 'a file'}`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new Error(`${dir}: the socket folder belongs to uid ${st.uid}, not to this user (uid ${uid}); refusing to use it: another user may have made it to answer in Hookgate's place (have it removed, or set XDG_RUNTIME_DIR to a folder of your own)`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}
