// The CLI's check before it speaks to a host socket: this user's own socket, in a folder of its own.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRefusedError, trustedSocket } from '../../../electron/cli/hostClient';

let dir: string;
let sockDir: string;
let sock: string;
let server: net.Server;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-trust-'));
  sockDir = path.join(dir, 'run');
  fs.mkdirSync(sockDir, { mode: 0o700 });
  sock = path.join(sockDir, 'h.sock');
  server = net.createServer();
  await new Promise<void>((r) => server.listen(sock, r));
  fs.chmodSync(sock, 0o600);
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('trustedSocket', () => {
  it('accepts our 0600 socket in our 0700 folder; nothing there is no host', () => {
    expect(trustedSocket(sock)).toBe(true);
    expect(trustedSocket(path.join(sockDir, 'other.sock'))).toBe(false);
    expect(trustedSocket(path.join(dir, 'none', 'h.sock'))).toBe(false);
  });

  it('refuses a folder or a socket others can use, a folder that is a link, and a file that is not a socket', () => {
    fs.chmodSync(sockDir, 0o755);
    expect(() => trustedSocket(sock)).toThrow(HostRefusedError);
    expect(() => trustedSocket(sock)).toThrow(/folder .* is open to others \(mode 755, 700 expected\)/);
    fs.chmodSync(sockDir, 0o700);
    fs.chmodSync(sock, 0o666);
    expect(() => trustedSocket(sock)).toThrow(/it is open to others \(mode 666, 600 expected\)/);
    fs.chmodSync(sock, 0o600);
    const link = path.join(dir, 'link');
    fs.symlinkSync(sockDir, link);
    expect(() => trustedSocket(path.join(link, 'h.sock'))).toThrow(/is a symbolic link/);
    fs.writeFileSync(path.join(sockDir, 'plain.sock'), '', { mode: 0o600 });
    expect(() => trustedSocket(path.join(sockDir, 'plain.sock'))).toThrow(/not a socket/);
  });
});
