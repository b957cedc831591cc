// Fault suite: a HOOKGATE_HOME that cannot be written — a full disk (a small tmpfs, filled up) or a
// read-only bind mount. Signals still decide, with the hooks' real answers; the problem is said
// once per process, clearly; nothing recorded before is damaged; recording resumes once it can.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hookgatePaths } from '../../electron/core/paths';
import { runCli } from '../helpers/cli';
import { startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { FaultLog } from './helpers/faultLog';
import { removeHomes, signalJson, writeConfig } from './helpers/homes';

const log = new FaultLog('disk');
log.plan(3); // disk full (CLI), read-only (CLI), disk full (daemon) — each checked or skipped
const mounts: string[] = [];
const dirs: string[] = [];

function tryMount(args: string[]): string | null {
  try {
    execFileSync('mount', args, { stdio: 'pipe' });
    return null;
  } catch (err) {
    return ((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim();
  }
}

/** A tmpfs of `size` at a fresh folder, or the reason it cannot be had here. */
function smallDisk(size: string): { dir: string } | { skip: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-disk-'));
  dirs.push(dir);
  if (process.platform !== 'linux') return { skip: 'needs Linux mount' };
  const why = tryMount(['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  if (why) return { skip: `cannot mount a tmpfs here (${why}); run as root where mount is allowed` };
  mounts.push(dir);
  return { dir };
}

/** Fills the file system of `dir` until it says ENOSPC. */
function fill(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const buf = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          fs.writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  // Small files too: a fresh inode must not find room either.
  for (let i = 0; ; i++) {
    try {
      fs.writeFileSync(path.join(dir, `filler-${i}`), 'x');
    } catch {
      break;
    }
  }
}

function unfill(dir: string): void {
  for (const n of fs.readdirSync(dir)) if (n.startsWith('filler')) fs.rmSync(path.join(dir, n));
}

function envFor(home: string): HostEnv {
  const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-disk-xdg-'));
  dirs.push(xdg);
  return { HOOKGATE_HOME: home, XDG_RUNTIME_DIR: xdg };
}

function gateConfig(home: string): void {
  writeConfig(home, [
    {
      id: 'gate',
      name: 'gate',
      onError: 'ON_ERROR_CANCEL',
      script: '#!/bin/sh\necho "checking {{ .Plan.Id }}"\n{{ if eq .Plan.Id "stop" }}echo "battery at 12%"; exit 1{{ end }}\necho fine\n',
    },
    { id: 'after', name: 'after', conditions: ['CONDITION_SNAPSHOT_END'], script: 'echo after' },
  ]);
}

/** Everything recorded so far: the history file and every log, byte for byte. */
function recorded(home: string): Map<string, Buffer> {
  const p = hookgatePaths(home);
  const out = new Map<string, Buffer>([[p.historyFile, fs.readFileSync(p.historyFile)]]);
  for (const n of fs.readdirSync(p.logsDir)) out.set(path.join(p.logsDir, n), fs.readFileSync(path.join(p.logsDir, n)));
  return out;
}

/** Nothing recorded before was changed: the history only grew at its end, every log is as it was. */
function undamaged(before: Map<string, Buffer>): void {
  for (const [file, bytes] of before) {
    const now = fs.readFileSync(file);
    if (file.endsWith('.jsonl')) expect(now.subarray(0, bytes.length).equals(bytes), `${file} still starts with what was recorded`).toBe(true);
    else expect(now.equals(bytes), `${file} unchanged`).toBe(true);
  }
}

async function recordSome(env: HostEnv, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await signalJson(env, 'snapshot-start', ['--plan', `before-${i}`], { local: true });
    expect(r.json?.decision, r.cli.stderr).toBe('proceed');
    ids.push(r.json!.operationId);
  }
  return ids;
}

/** The signals a backup tool sends while the home cannot be written: each decides as its hooks say. */
async function signalsDecide(env: HostEnv, local: boolean, problem: RegExp): Promise<string> {
  let stderr = '';
  const cases: [string[], string, number][] = [
    [['snapshot-start', '--plan', 'go'], 'proceed', 0],
    [['snapshot-start', '--plan', 'stop'], 'skip', 75],
    [['snapshot-end', '--plan', 'go', '--status', 'success'], 'proceed', 0],
  ];
  for (const [[condition, ...args], decision, code] of cases) {
    const r = await signalJson(env, condition!, args, { local });
    expect({ args: [condition, ...args], decision: r.json?.decision, code: r.cli.code }, r.cli.stderr).toEqual({ args: [condition, ...args], decision, code });
    if (condition === 'snapshot-start') expect(r.json!.hookRuns[0]?.reason, 'the hook really ran').toBe(decision === 'skip' ? 'battery at 12%' : 'fine');
    if (local) {
      // Each CLI process is its own engine: it says so once, clearly, and no stack trace.
      const lines = r.cli.stderr.split('\n').filter((l) => problem.test(l));
      expect(lines.length, r.cli.stderr).toBeGreaterThanOrEqual(1);
      expect(lines.length, `said once per kind (history, run folder):\n${r.cli.stderr}`).toBeLessThanOrEqual(2);
      expect(new Set(lines).size).toBe(lines.length);
      expect(r.cli.stderr).not.toMatch(/\n\s+at /);
    }
    stderr += r.cli.stderr;
  }
  return stderr;
}

afterAll(async () => {
  await stopAll();
  for (const m of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
  removeHomes();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function umount(dir: string): void {
  execFileSync('umount', [dir]);
  mounts.splice(mounts.indexOf(dir), 1);
}

describe('fault: a HOOKGATE_HOME that cannot be written', () => {
  it('disk full (a 2 MB tmpfs, filled): signals decide, the problem is said once, nothing recorded is damaged, recording resumes', async () => {
    const disk = smallDisk('2m');
    if ('skip' in disk) return log.skip('disk full (tmpfs)', disk.skip);
    const home = path.join(disk.dir, 'home');
    const env = envFor(home);
    gateConfig(home);
    await log.check('disk full, engine in the CLI', 'START proceeds / skips by the hook\'s real answer, END runs; ENOSPC said once per process, no stack trace; history and logs recorded before unchanged; after space is freed signals are recorded again', async () => {
      const earlier = await recordSome(env, 3);
      const before = recorded(home);
      fill(disk.dir);
      await signalsDecide(env, true, /ENOSPC|no space/i);
      undamaged(before);
      const hist = await runCli(['history', '--json', '--limit', '50'], { env: { ...env } });
      expect(hist.code, hist.stderr).toBe(0);
      const ops = JSON.parse(hist.stdout) as { id: string; decision: string }[];
      for (const id of earlier) expect(ops.find((o) => o.id === id)?.decision).toBe('proceed');
      unfill(disk.dir);
      const again = await signalJson(env, 'snapshot-start', ['--plan', 'after'], { local: true });
      expect(again.json?.decision).toBe('proceed');
      expect(again.cli.stderr).not.toMatch(/ENOSPC/);
      const after = await runCli(['history', '--json', '--limit', '50'], { env: { ...env } });
      expect((JSON.parse(after.stdout) as { id: string }[]).map((o) => o.id)).toContain(again.json!.operationId);
      undamaged(before);
    });
  });

  it('read-only HOOKGATE_HOME (a read-only bind mount): signals decide, the problem is said once, every file stays as it was', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-ro-'));
    dirs.push(home);
    const env = envFor(home);
    gateConfig(home);
    await recordSome(env, 2);
    const why = tryMount(['--bind', home, home]) ?? (mounts.push(home), tryMount(['-o', 'remount,bind,ro', home]));
    if (why) return log.skip('read-only HOOKGATE_HOME (bind mount)', `cannot make a read-only bind mount here (${why})`);
    await log.check('read-only home (bind mount), engine in the CLI', 'START proceeds / skips by the hook\'s real answer (run from a temp folder), END runs; EROFS said once per process, no stack trace; every file of the home byte-identical', async () => {
      const snapshot = new Map<string, Buffer>();
      const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) snapshot.set(p, fs.readFileSync(p));
        }
      };
      walk(home);
      await signalsDecide(env, true, /EROFS|read-only/i);
      for (const [file, bytes] of snapshot) expect(fs.readFileSync(file).equals(bytes), file).toBe(true);
      umount(home);
      const back = await signalJson(env, 'snapshot-start', ['--plan', 'writable'], { local: true });
      expect(back.json?.decision).toBe('proceed');
      expect(back.cli.stderr).not.toMatch(/EROFS/);
    });
  });

  it('disk full under a running daemon: every signal decides, the daemon says it once, and again once it can write', async () => {
    const disk = smallDisk('2m');
    if ('skip' in disk) return log.skip('disk full under a running daemon', disk.skip);
    const home = path.join(disk.dir, 'home');
    const env = envFor(home);
    gateConfig(home);
    await log.check('disk full under a running daemon', 'three signals through the daemon decide by the hooks\' real answers; its log says ENOSPC once per kind; it recovers when space is freed; nothing recorded before is damaged', async () => {
      const daemon = await startDaemon(env);
      for (let i = 0; i < 2; i++) expect((await signalJson(env, 'snapshot-start', ['--plan', `before-${i}`])).json?.decision).toBe('proceed');
      const before = recorded(home);
      fill(disk.dir);
      await signalsDecide(env, false, /ENOSPC/);
      await signalsDecide(env, false, /ENOSPC/);
      const said = daemon.log().split('\n').filter((l) => /ENOSPC|no space/i.test(l));
      expect(said.length, daemon.log()).toBeGreaterThanOrEqual(1);
      expect(said.length, `once per kind, not per signal:\n${daemon.log()}`).toBeLessThanOrEqual(2);
      undamaged(before);
      unfill(disk.dir);
      expect((await signalJson(env, 'snapshot-start', ['--plan', 'after'])).json?.decision).toBe('proceed');
      await daemon.waitForLog(/can be written again/);
      expect(daemon.proc.exitCode).toBeNull();
      undamaged(before);
    });
  });
});
