import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { PtyProcess, SpawnError } from '../../../electron/core/runner';
import { runningInGroup } from './fixtures';

const env = { ...(process.env as Record<string, string>), LC_ALL: 'C.UTF-8' };
const cwd = os.tmpdir();

function start(argv: string[], extra: { cols?: number; rows?: number } = {}): { proc: PtyProcess; output: () => string } {
  let out = '';
  const proc = new PtyProcess({ argv, env, cwd, onData: (d) => (out += d), ...extra });
  return { proc, output: () => out };
}

/** Resolves once the output contains `text`: the process is ready for what the test does next. */
async function waitForOutput(output: () => string, text: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in output: ${JSON.stringify(output())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PtyProcess', () => {
  it('runs a command in a pty and reports its exit code', async () => {
    const { proc, output } = start(['sh', '-c', '[ -t 1 ] && echo "on a tty"; exit 7']);
    expect(proc.pid).toBeGreaterThan(0);
    expect(await proc.exited).toEqual({ exitCode: 7, signal: null });
    expect(output()).toBe('on a tty\r\n');
  });

  it('keeps the terminal up for a command that closes or redirects all of its terminal fds (no SIGHUP mid-run)', async () => {
    // Found by the fault suite: with nobody left on the slave side, node-pty closed the master on
    // EIO and the kernel hung up the whole group — `exec >/dev/null 2>&1 </dev/null` was fatal.
    for (const silence of ['exec </dev/null >/dev/null 2>&1', 'exec 0<&- 1>&- 2>&-']) {
      const { proc, output } = start(['sh', '-c', `echo before; ${silence}; sleep 0.5; exit 7`]);
      const started = Date.now();
      expect(await proc.exited).toEqual({ exitCode: 7, signal: null });
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(output()).toBe('before\r\n');
    }
  });

  it('stops `trap "exit 0" INT; sleep 30 & wait` gracefully with SIGINT', async () => {
    const { proc, output } = start(['sh', '-c', 'trap "echo got INT; exit 0" INT; echo ready; sleep 30 & wait']);
    await waitForOutput(output, 'ready');
    const started = Date.now();
    expect(await proc.stop({ first: 'SIGINT', graceMs: 2000 })).toBe('SIGINT');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await proc.exited).toEqual({ exitCode: 0, signal: null });
    expect(output()).toContain('got INT');
    expect(runningInGroup(proc.pid)).toEqual([]);
  });

  it('goes on to SIGTERM when SIGINT is ignored', async () => {
    const { proc, output } = start(['sh', '-c', "trap '' INT; echo ready; sleep 30"]);
    await waitForOutput(output, 'ready');
    expect(await proc.stop({ first: 'SIGINT', graceMs: 300 })).toBe('SIGTERM');
    expect(await proc.exited).toEqual({ exitCode: null, signal: 'SIGTERM' });
  });

  it('stops with SIGTERM by default, is idempotent, and resolves null once nothing runs', async () => {
    const { proc } = start(['sleep', '30']);
    const first = proc.stop({ graceMs: 1000 });
    expect(proc.stop()).toBe(first);
    expect(await first).toBe('SIGTERM');
    expect(await proc.exited).toEqual({ exitCode: null, signal: 'SIGTERM' });

    const done = start(['true']).proc;
    await done.exited;
    expect(await done.stop()).toBeNull();
  });

  it('reports SIGTERM for a process that died of it while its output was not being read (paused)', async () => {
    // node-pty tells of an exit only once the pty's output has been read to its end. A paused reader
    // (flow control: the log or the window is behind, as on a busy machine) held that back past the
    // grace, and a process that had died of SIGTERM was reported stopped with SIGKILL.
    const { proc, output } = start(['sh', '-c', 'echo ready; exec yes flood']);
    await waitForOutput(output, 'ready');
    proc.pause();
    const stopped = proc.stop({ graceMs: 200 });
    await new Promise((r) => setTimeout(r, 800));
    proc.resume();
    expect(await stopped).toBe('SIGTERM');
    expect(await proc.exited).toEqual({ exitCode: null, signal: 'SIGTERM' });
  });

  it('takes input through write() and tells the program its size through resize()', async () => {
    const { proc, output } = start(['sh', '-c', 'echo ready; read line; echo "got:$line"; stty size'], { cols: 80, rows: 24 });
    await waitForOutput(output, 'ready');
    proc.resize(132, 43);
    proc.write('hello\r');
    expect(await proc.exited).toEqual({ exitCode: 0, signal: null });
    expect(output()).toContain('got:hello\r\n43 132\r\n');
    proc.write('ignored after exit');
  });

  it('decodes UTF-8 for onData and hands raw bytes to onBytes', async () => {
    const chunks: Buffer[] = [];
    let text = '';
    const proc = new PtyProcess({ argv: ['printf', 'gr\\303\\274n \\377'], env, cwd, onData: (d) => (text += d), onBytes: (b) => chunks.push(b) });
    await proc.exited;
    expect(text).toBe('grün \uFFFD');
    expect(Buffer.concat(chunks).equals(Buffer.from([0x67, 0x72, 0xc3, 0xbc, 0x6e, 0x20, 0xff]))).toBe(true);
  });

  it('refuses to start a command that does not exist, or in a folder that does not, with a SpawnError', () => {
    expect(() => new PtyProcess({ argv: ['no-such-command-xyz'], env, cwd })).toThrow(SpawnError);
    expect(() => new PtyProcess({ argv: ['no-such-command-xyz'], env, cwd })).toThrow('cannot start "no-such-command-xyz": not found in PATH');
    expect(() => new PtyProcess({ argv: ['/bin/nosuch'], env, cwd })).toThrow('cannot start "/bin/nosuch": not found');
    expect(() => new PtyProcess({ argv: ['true'], env, cwd: '/no/such/dir' })).toThrow('working directory "/no/such/dir" does not exist');
  });
});

describe('PtyProcess: the end of the output', () => {
  it('keeps the end of a quick 20 KB burst, also while the event loop is busy (a bare node-pty loses it)', async () => {
    // Busy the loop 3 ms in every 4, as a host streaming to a slow window might be.
    const hog = setInterval(() => {
      const t = Date.now();
      while (Date.now() - t < 3) {
        // busy
      }
    }, 1);
    let cut = 0;
    try {
      for (let i = 0; i < 40; i++) {
        let out = '';
        const p = new PtyProcess({
          argv: ['sh', '-c', 'head -c 20000 /dev/urandom | base64 -w0; echo; echo END'],
          env: process.env as Record<string, string>,
          cwd: os.tmpdir(),
          onData: (d) => (out += d),
        });
        await p.exited;
        if (!out.trimEnd().endsWith('END')) cut++;
      }
    } finally {
      clearInterval(hog);
    }
    expect(cut).toBe(0);
  });
});
