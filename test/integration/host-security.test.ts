// Issue "One engine host": the socket and the token are this user's alone.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

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
  /**
   * The /tmp fallback: a home too long for a socket path and no XDG_RUNTIME_DIR put the socket in
   * $TMPDIR/hookgate-<uid>/, where another user can be first. Returns that home and folder.
   */
  function sharedTmpSetup(): { env: Record<string, string>; dir: string; socket: string } {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-sharedtmp-'));
    fs.chmodSync(tmp, 0o1777); // like /tmp: everyone may create, nobody may remove another's
    const home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-longhome-')), 'h'.repeat(120));
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const dir = path.join(tmp, `hookgate-${process.getuid!()}`);
    const tag = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12);
    return { env: { HOOKGATE_HOME: home, TMPDIR: tmp }, dir, socket: path.join(dir, `${tag}.sock`) };
  }

  // Another user's fake host: makes the folder and the socket first, prints what it is sent, and
  // answers every request with "proceed".
  const FAKE_HOST = `const net=require('net'),fs=require('fs');const [dir,sock]=process.argv.slice(1);fs.mkdirSync(dir,{mode:0o755});fs.chmodSync(dir,0o755);
net.createServer(c=>{let b='';c.on('data',d=>{console.log('GOT '+JSON.stringify(String(d)));b+=d;let i;while((i=b.indexOf('\\n'))>=0){const m=JSON.parse(b.slice(0,i));b=b.slice(i+1);
c.write(JSON.stringify({v:1,id:m.id,type:'response',result:m.method==='hello'?{pid:1,since:'2026-01-01T00:00:00Z',version:'x',protocol:1}:{decision:'proceed',reason:'all good'}})+'\\n')}})})
.listen(sock,()=>{fs.chmodSync(sock,0o777);console.log('LISTENING')});`;

  it('the CLI never talks to a socket another user made in the shared temp folder: no token, no fake "proceed"', async () => {
    const { env, dir, socket } = sharedTmpSetup();
    writeHooks(env.HOOKGATE_HOME!, [{ id: 'bat', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo "on battery"; exit 1' }]);
    // The token a host run earlier left behind: what the fake is after.
    const token = randomBytes(32).toString('base64url');
    fs.writeFileSync(path.join(env.HOOKGATE_HOME!, 'host.token'), `${token}\n`, { mode: 0o600 });
    const fake = spawn('/usr/sbin/runuser', ['-u', other, '--', process.execPath, '-e', FAKE_HOST, dir, socket], { stdio: ['ignore', 'pipe', 'pipe'] });
    let heard = '';
    fake.stdout!.setEncoding('utf8').on('data', (d: string) => (heard += d));
    fake.stderr!.setEncoding('utf8').on('data', (d: string) => (heard += d));
    try {
      await eventually(() => heard.includes('LISTENING') || fake.exitCode !== null, 20_000, 'the fake host');
      expect(heard).toContain('LISTENING');
      expect(fs.statSync(dir).uid).not.toBe(process.getuid!());

      const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env });
      // The real gate ran here, without the host: the hook's skip, not the fake's "proceed".
      expect(r.code, r.stdout + r.stderr).toBe(75);
      expect(r.stderr).toContain(`not using the host socket ${socket}`);
      expect(r.stderr).toMatch(/belongs to uid \d+, not to you/);
      expect(heard).not.toContain(token);
      expect(heard).not.toContain('GOT');
    } finally {
      fake.kill('SIGKILL');
    }
  });

  it('a host will not use a socket folder another user made in the shared temp folder', async () => {
    const { env, dir } = sharedTmpSetup();
    expect(asOther(`require('fs').mkdirSync(process.argv[1],{mode:0o777});require('fs').chmodSync(process.argv[1],0o777);console.log('MADE')`, dir)).toBe('MADE');
    const r = await runCli(['daemon'], { env, timeoutMs: 30_000 });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`${dir}: the socket folder belongs to uid`);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
