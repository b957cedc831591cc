// Issue #12 item 5: output for logs. Into a file or pipe (cron, a journal) the CLI writes plain
// lines — no escape sequences, no \r redraws — and on a terminal (a real pty here) what the hooks
// and the command wrote, with colours. TERM=dumb is not a terminal; NO_COLOR and --color say more.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyProcess } from '../../electron/core/runner';
import { CLI, ROOT, runCli, tempHome } from '../helpers/cli';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

const ESC = /\x1b/;
const SGR = /\x1b\[[0-9;]*m/;
/** A carriage return that is not the pty's own \r\n line end: a redraw. */
const REDRAW = /\r(?!\n)/;

// A START hook that prints as many tools do on a terminal: colours, a bar redrawn with \r, a title.
const CHATTY = '#!/bin/sh\nprintf "\\033]0;mounting\\007\\033[1;32mmounted\\033[0m /mnt/backup\\n"\nprintf "checking 10%%\\rchecking 60%%\\rchecking 100%%\\n"\nprintf "\\033[33mon AC power\\033[0m\\n"\n';

function home(): string {
  const h = tempHome('hookgate-logs-');
  writeHooks(h, [{ id: 'chatty', name: 'chatty', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: CHATTY }]);
  return h;
}

/** `hookgate ARGS…` on a real terminal (a pty), as someone typing it sees it. */
async function inPty(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  let out = '';
  const child = new PtyProcess({
    argv: [process.execPath, CLI, ...args],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
    cwd: ROOT,
    onData: (d) => (out += d),
  });
  const exit = await child.exited;
  return { code: exit.exitCode, out };
}

afterEach(async () => {
  await stopAll();
});

describe('hookgate signal: hook output into a log', () => {
  it('into a pipe: plain lines, no escapes, the redrawn bar as its last state, \\n line ends', async () => {
    const r = await runCli(['signal', 'snapshot-start'], { env: { HOOKGATE_HOME: home(), TERM: 'xterm-256color' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ESC);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).toMatch(/^\[hookgate\] hook "chatty" \(snapshot-start\)\nmounted \/mnt\/backup\nchecking 100%\non AC power\nhookgate: proceed — [^\x1b\r]*\n$/);
  });

  it('through a running host (its events over the socket): the same plain lines', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'chatty', name: 'chatty', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: CHATTY }]);
    await startDaemon(env);
    const r = await runCli(['signal', 'snapshot-start'], { env: { ...env, TERM: 'xterm-256color' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[hookgate\] hook "chatty" \(snapshot-start\)\nmounted \/mnt\/backup\nchecking 100%\non AC power\nhookgate: proceed — [^\x1b\r]*\n$/);
  });

  it('on a terminal: colours and redraws as the hook wrote them, our own header dimmed', async () => {
    const r = await inPty(['signal', 'snapshot-start'], { HOOKGATE_HOME: home(), TERM: 'xterm-256color' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('\x1b[2m[hookgate] hook "chatty" (snapshot-start)\x1b[0m');
    expect(r.out).toContain('\x1b[1;32mmounted\x1b[0m');
    expect(r.out).toContain('checking 10%\rchecking 60%\rchecking 100%');
  });

  it('TERM=dumb is not a terminal: plain lines even on a pty', async () => {
    const r = await inPty(['signal', 'snapshot-start'], { HOOKGATE_HOME: home(), TERM: 'dumb' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toMatch(ESC);
    expect(r.out).not.toMatch(REDRAW);
    expect(r.out).toContain('checking 100%\r\n');
  });

  it('NO_COLOR on a terminal: no colours (ours or the hook\'s), redraws kept', async () => {
    const r = await inPty(['signal', 'snapshot-start'], { HOOKGATE_HOME: home(), TERM: 'xterm-256color', NO_COLOR: '1' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toMatch(SGR);
    expect(r.out).toContain('[hookgate] hook "chatty" (snapshot-start)');
    expect(r.out).toContain('checking 10%\rchecking 60%\rchecking 100%');
  });

  it('--color=never on a terminal, --color=always into a pipe, and a bad value is refused', async () => {
    const never = await inPty(['signal', 'snapshot-start', '--color=never'], { HOOKGATE_HOME: home(), TERM: 'xterm-256color' });
    expect(never.out).not.toMatch(SGR);
    const always = await runCli(['signal', 'snapshot-start', '--color', 'always'], { env: { HOOKGATE_HOME: home(), NO_COLOR: '1' } });
    expect(always.stdout).toContain('\x1b[2m[hookgate] hook "chatty"');
    expect(always.stdout).toContain('\x1b[1;32mmounted');
    const bad = await runCli(['signal', 'snapshot-start', '--color=sometimes'], { env: { HOOKGATE_HOME: home() } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('hookgate signal: --color: "sometimes" is not always, never or auto\n');
  });

  it('--json: the hook output on stderr is plain too', async () => {
    const r = await runCli(['signal', 'snapshot-start', '--json'], { env: { HOOKGATE_HOME: home(), TERM: 'xterm-256color' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(ESC);
    expect(r.stderr).toContain('checking 100%\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'proceed' });
  });
});

describe('hookgate run and test: command output into a log', () => {
  it('run: the command\'s colours and redraws become plain lines in a pipe', async () => {
    const script = 'printf "\\033[36mscanning\\033[0m\\n"; for p in 10 20 30; do printf "\\r%s%%" $p; done; printf "\\n"; printf "done\\r\\n"';
    const r = await runCli(['run', '--', 'sh', '-c', script], { env: { HOOKGATE_HOME: home(), TERM: 'xterm-256color' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ESC);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).toContain('\nscanning\n30%\ndone\nhookgate: done');
  });

  it('run on a terminal: the command\'s output as it wrote it', async () => {
    const r = await inPty(['run', '--', 'sh', '-c', 'printf "\\033[36mscanning\\033[0m\\n"; printf "1\\r2\\r3\\n"'], { HOOKGATE_HOME: home(), TERM: 'xterm-256color' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('\x1b[36mscanning\x1b[0m');
    expect(r.out).toContain('1\r2\r3');
  });

  it('test HOOK: plain in a pipe', async () => {
    const r = await runCli(['test', 'chatty'], { env: { HOOKGATE_HOME: home(), TERM: 'xterm-256color' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ESC);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).toContain('mounted /mnt/backup\nchecking 100%\non AC power\nhookgate test: would proceed');
  });
});

const hasRestic = (() => {
  try {
    execFileSync('restic', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasRestic)('hookgate run -- restic backup into a log', () => {
  function resticSetup() {
    const dir = tempHome('hookgate-restic-log-');
    const repo = path.join(dir, 'repo');
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(data, `file${i}.bin`), Buffer.alloc(256 * 1024, i));
    const env = { RESTIC_PASSWORD: 'correct horse battery staple', RESTIC_CACHE_DIR: path.join(dir, 'cache') };
    execFileSync('restic', ['init', '--repo', repo], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const h = path.join(dir, 'home');
    writeHooks(h, [{ id: 'ac', name: 'ac', conditions: ['CONDITION_SNAPSHOT_START'], script: 'echo on AC\n' }]);
    return { repo, data, env: { ...env, HOOKGATE_HOME: h, TERM: 'xterm-256color' } };
  }

  it('no escapes or redraws; progress as whole lines with a percentage; the summary line', async () => {
    const t = resticSetup();
    const r = await runCli(['run', '--', 'restic', '--repo', t.repo, 'backup', t.data], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ESC);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).not.toContain('"message_type"');
    for (const line of r.stdout.split('\n').filter((l) => /^\[\s*\d/.test(l))) expect(line).toMatch(/^\[ {0,2}\d{1,3}%\] .* of .* · \d+:\d\d$/);
    expect(r.stdout).toMatch(/\nsnapshot [0-9a-f]{8} saved: 50 new, 0 changed, 0 unmodified files; .* added in \d+:\d\d\n/);
  });
});
