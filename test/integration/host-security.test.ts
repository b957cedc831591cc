// Issue "One engine host": the socket and the token are this user's alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';

afterEach(stopAll);

const isRoot = process.getuid?.() === 0;
const hasTools = ['/usr/sbin/useradd', '/usr/sbin/runuser', '/usr/sbin/userdel'].every((t) => fs.existsSync(t));
const skipReason = !isRoot ? 'not root: cannot create another user to try' : !hasTools ? 'useradd/runuser/userdel missing' : null;
const other = `hgtest${randomBytes(3).toString('hex')}`;

/** Runs a small Node script as the other user; prints what happened as one word. */
function asOther(script: string, arg: string): string {
  const r = spawnSync('/usr/sbin/runuser', ['-u', other, '--', process.execPath, '-e', script, arg], { encoding: 'utf8', timeout: 30_000 });
  return `${r.stdout}${r.stderr}`.trim();
}

const CONNECT = `const s=require('net').connect(process.argv[1]);s.on('connect',()=>{s.write('{"v":1,"id":1,"type":"request","method":"hello","params":{"token":"x"}}\\n');s.on('data',d=>{console.log('CONNECTED '+d);process.exit(0)})});s.on('error',e=>{console.log(e.code);process.exit(0)})`;
const READ = `try{require('fs').readFileSync(process.argv[1]);console.log('READ')}catch(e){console.log(e.code)}`;

describe.skipIf(skipReason !== null)(`another user${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(() => {
    execFileSync('/usr/sbin/useradd', ['--no-create-home', '--shell', '/bin/sh', other]);
  });
  afterAll(() => {
    spawnSync('/usr/sbin/userdel', [other]);
  });

  it('cannot connect to the socket or read the token, even with the folders opened up', async () => {
    const env = hostEnv();
    const daemon = await startDaemon(env);
    const token = path.join(env.HOOKGATE_HOME, 'host.token');
    expect(fs.statSync(token).mode & 0o777).toBe(0o600);
    expect(fs.statSync(daemon.socket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(daemon.socket)).mode & 0o777).toBe(0o700);

    expect(asOther(CONNECT, daemon.socket)).toBe('EACCES');
    expect(asOther(READ, token)).toBe('EACCES');

    // Even if a user loosens the folders by mistake, the socket and the token file still refuse.
    fs.chmodSync(env.XDG_RUNTIME_DIR, 0o711);
    fs.chmodSync(path.dirname(daemon.socket), 0o711);
    fs.chmodSync(env.HOOKGATE_HOME, 0o711);
    expect(asOther(CONNECT, daemon.socket)).toBe('EACCES');
    expect(asOther(READ, token)).toBe('EACCES');
    expect(daemon.log()).not.toMatch(/socket client \d+/);
  });
});
