import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { makeSandbox, type Sandbox } from './fixtures';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => sb.cleanup());

describe('runHookProcess: exit status and output', () => {
  it('reports exit 0 and captures the output, in the result and the log', async () => {
    const r = await runHookProcess(sb.options('echo "battery ok"\n'));
    expect(r).toMatchObject({ exitCode: 0, signal: null, timedOut: false, cancelled: false, killedWith: null, spawnError: null });
    expect(r.output).toBe('battery ok\r\n'); // the pty turns \n into \r\n, as a terminal shows it
    expect(r.reason).toBe('battery ok');
    expect(fs.readFileSync(sb.logPath, 'utf8')).toBe('battery ok\r\n');
    expect(r).toMatchObject({ logBytes: 12, logTruncated: false });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(r.durationMs)).toBe(true);
  });

  it('reports a non-zero exit with the last line as the reason', async () => {
    const r = await runHookProcess(sb.options('echo checking\nprintf "\\033[31mBattery at 15%%\\033[0m\\n\\n"\nexit 3\n'));
    expect(r.exitCode).toBe(3);
    expect(r.signal).toBeNull();
    expect(r.reason).toBe('Battery at 15%');
  });

  it('runs a #!/bin/bash script with bash', async () => {
    const r = await runHookProcess(sb.options('#!/bin/bash\nset -euo pipefail\nwords=(a b c)\necho "bash ${BASH_VERSINFO[0]} has ${#words[@]} words"\n'));
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^bash \d+ has 3 words\r\n$/);
  });

  it('runs a #!/usr/bin/env python3 script with python', async () => {
    const r = await runHookProcess(sb.options('#!/usr/bin/env python3\nimport sys\nprint("python", sys.version_info[0])\nsys.exit(4)\n'));
    expect(r.exitCode).toBe(4);
    expect(r.reason).toBe('python 3');
  });

  it('runs a script without a #! line with sh', async () => {
    const r = await runHookProcess(sb.options('echo "$0" | grep -q "hook-" && readlink /proc/$$/exe\n'));
    expect(r.exitCode).toBe(0);
    expect(r.reason).toMatch(/\/(dash|bash|sh|busybox)$/);
  });

  it('passes the environment it is given, plus HOOKGATE_STATUS_FILE in the run folder', async () => {
    const env = { PATH: process.env.PATH!, HOOKGATE_PLAN: 'laptop', MY_VAR: 'x y' };
    const r = await runHookProcess(sb.options('echo "$HOOKGATE_PLAN|$MY_VAR|$HOOKGATE_STATUS_FILE|${HOME:-unset}"\n', { env }));
    const [plan, mine, status, home] = r.reason.split('|');
    expect([plan, mine, home]).toEqual(['laptop', 'x y', 'unset']);
    expect(path.dirname(status)).toBe(sb.runDir);
  });

  it('runs in the working directory it is given', async () => {
    const r = await runHookProcess(sb.options('pwd -P\n'));
    expect(r.reason).toBe(fs.realpathSync(sb.dir));
  });

  it('streams output to onData while the hook runs, and all of it before resolving', async () => {
    const seen: { text: string; at: number }[] = [];
    const started = Date.now();
    const r = await runHookProcess(sb.options('echo first\nsleep 0.5\nprintf "last, no newline"\n', { onData: (text) => seen.push({ text, at: Date.now() - started }) }));
    const all = seen.map((s) => s.text).join('');
    expect(all).toBe('first\r\nlast, no newline');
    expect(all).toBe(r.output);
    expect(seen[0].at).toBeLessThan(400); // "first" arrived before the sleep ended
    expect(r.reason).toBe('last, no newline');
  });

  it('survives binary garbage and hands back the text after it', async () => {
    // Without ESC and the 8-bit string introducers: an unterminated escape in random bytes would
    // (rightly, as in a terminal) swallow the line after it, and the reason with it.
    const r = await runHookProcess(sb.options('head -c 200000 /dev/urandom | tr -d \'\\033\\220\\233\\235\\236\\237\'\nprintf "\\nsurvived"\n'));
    expect(r.exitCode).toBe(0);
    expect(r.reason).toBe('survived');
    expect(r.logBytes).toBeGreaterThan(190_000);
    expect(r.output.endsWith('survived')).toBe(true); // nothing lost at the end of a burst
  });
});

describe('runHookProcess: the script file', () => {
  it('is a 0600 file in the 0700 run folder while the hook runs, and gone afterwards', async () => {
    const r = await runHookProcess(sb.options('stat -c "%a %n" "$0"\nstat -c "%a" "$(dirname "$0")"\n'));
    const [fileLine, dirMode] = r.output.trim().split('\r\n');
    const [mode, file] = fileLine.split(' ');
    expect(mode).toBe('600');
    expect(dirMode).toBe('700');
    expect(path.dirname(file)).toBe(sb.runDir);
    expect(path.basename(file)).toMatch(/^hook-[0-9a-f]{24}$/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(sb.runDir)).toEqual([]);
  });

  it('is not on stdin or the tty: a hook reading either sees nothing of itself', async () => {
    const script = [
      '#!/bin/bash',
      '# SCRIPT-TEXT-MARKER',
      'if read -r -t 0.3 line; then echo "STDIN[$line]"; else echo "STDIN-EMPTY"; fi',
      'if read -r -t 0.3 line < /dev/tty; then echo "TTY[$line]"; else echo "TTY-EMPTY"; fi',
      '[ -t 0 ] && echo "STDIN-IS-A-TTY"',
      '',
    ].join('\n');
    const r = await runHookProcess(sb.options(script));
    expect(r.output).toBe('STDIN-EMPTY\r\nTTY-EMPTY\r\nSTDIN-IS-A-TTY\r\n');
    expect(r.output).not.toContain('SCRIPT-TEXT-MARKER');
  });

  it('is removed when the interpreter cannot be started, too', async () => {
    const r = await runHookProcess(sb.options('#!/bin/nosuch\necho never\n'));
    expect(r.spawnError).not.toBeNull();
    expect(fs.readdirSync(sb.runDir)).toEqual([]);
  });
});

describe('runHookProcess: interpreters that cannot be started', () => {
  it('reports a missing interpreter as a spawn error with context, without running anything', async () => {
    const r = await runHookProcess(sb.options('#!/bin/nosuch\necho never\n'));
    expect(r.spawnError).toBe('interpreter "/bin/nosuch" not found (first line of the script)');
    expect(r).toMatchObject({ exitCode: null, signal: null, output: '', reason: '' });
    expect(fs.readFileSync(sb.logPath, 'utf8')).toBe('hookgate: interpreter "/bin/nosuch" not found (first line of the script)\r\n');
  });

  it('reports an interpreter missing behind #!/usr/bin/env', async () => {
    const r = await runHookProcess(sb.options('#!/usr/bin/env no-such-interpreter-xyz\necho never\n'));
    expect(r.spawnError).toBe('interpreter "no-such-interpreter-xyz" not found in PATH (run by /usr/bin/env, first line of the script)');
  });

  it('reports an interpreter that is not executable', async () => {
    const notExec = path.join(sb.dir, 'not-executable');
    fs.writeFileSync(notExec, '#!/bin/sh\n', { mode: 0o644 });
    const r = await runHookProcess(sb.options(`#!${notExec}\necho never\n`));
    if (process.getuid?.() === 0) {
      // root may execute anything with an x bit, but there is none here
      expect(r.spawnError).toBe(`interpreter "${notExec}" is not executable (first line of the script)`);
    } else {
      expect(r.spawnError).toContain('is not executable');
    }
  });

  it('reports a #! line with broken quoting', async () => {
    const r = await runHookProcess(sb.options('#!/bin/sh "-e\necho never\n'));
    expect(r.spawnError).toBe('bad interpreter line: the first line "#!/bin/sh "-e" has an unterminated double quote');
  });

  it('reports a working directory that does not exist', async () => {
    const r = await runHookProcess(sb.options('echo never\n', { cwd: path.join(sb.dir, 'gone') }));
    expect(r.spawnError).toBe(`working directory "${path.join(sb.dir, 'gone')}" does not exist`);
  });

  it('creates the run folder with mode 0700 when it is missing', async () => {
    const runDir = path.join(sb.dir, 'deep', 'run');
    const r = await runHookProcess(sb.options('true\n', { runDir }));
    expect(r.exitCode).toBe(0);
    expect(fs.statSync(runDir).mode & 0o777).toBe(0o700);
  });
});

describe('runHookProcess: the reason', () => {
  it('takes the status file the hook wrote over its output, and removes the file', async () => {
    const r = await runHookProcess(sb.options('echo "some noise"\nprintf "  Battery at 15%%, need 40%%  \\n" > "$HOOKGATE_STATUS_FILE"\nexit 1\n'));
    expect(r.exitCode).toBe(1);
    expect(r.reason).toBe('Battery at 15%, need 40%');
    expect(fs.readdirSync(sb.runDir)).toEqual([]);
  });

  it('cuts a long status file to 500 characters', async () => {
    const r = await runHookProcess(sb.options('head -c 100000 /dev/zero | tr "\\0" "r" > "$HOOKGATE_STATUS_FILE"\n'));
    expect(r.reason).toBe('r'.repeat(500));
  });

  it('falls back to the output when the status file is empty', async () => {
    const r = await runHookProcess(sb.options(': > "$HOOKGATE_STATUS_FILE"\necho "from output"\n'));
    expect(r.reason).toBe('from output');
  });

  it('is empty when the hook says nothing', async () => {
    const r = await runHookProcess(sb.options('exit 0\n'));
    expect(r.reason).toBe('');
    expect(r.output).toBe('');
  });
});

describe('runHookProcess: without a log', () => {
  it('runs with logPath null: output in the result, no file, no log bytes', async () => {
    const r = await runHookProcess(sb.options('echo hi\n', { logPath: null }));
    expect(r).toMatchObject({ exitCode: 0, output: 'hi\r\n', logBytes: 0, logTruncated: false });
    expect(fs.existsSync(sb.logPath)).toBe(false);
  });

  it('runs without one when the log cannot be created, and says why with the path', async () => {
    const logPath = path.join(sb.dir, 'no-such-folder', 'hook.log');
    const r = await runHookProcess(sb.options('echo still decided\nexit 3\n', { logPath }));
    expect(r).toMatchObject({ exitCode: 3, reason: 'still decided', logBytes: 0, spawnError: null });
    expect(r.logError).toContain(logPath);
    expect(fs.existsSync(logPath)).toBe(false);
  });

  it('leaves nothing in the run folder, whether or not the hook wrote a status file', async () => {
    await runHookProcess(sb.options('exit 0\n'));
    await runHookProcess(sb.options('echo why > "$HOOKGATE_STATUS_FILE"\n'));
    await runHookProcess(sb.options('mkdir "$HOOKGATE_STATUS_FILE"\n'));
    expect(fs.readdirSync(sb.runDir)).toEqual([]);
  });
});
