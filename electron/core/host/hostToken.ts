// The shared secret of a host and its clients: 32 random bytes in a file only this user can read.
// A client proves it may talk to the host by sending it first; the web server's bearer is the same.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes a fresh token (0600; the file is replaced, never written through a link). */
export function writeTokenFile(file: string, token: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  fs.renameSync(tmp, file);
}

export function readTokenFile(file: string): string {
  return fs.readFileSync(file, 'utf8').trim();
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
