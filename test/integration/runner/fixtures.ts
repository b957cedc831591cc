// Shared set-up for the runner's integration tests: a private HOOKGATE-like folder per test, and a
// look at which processes of a group are still running (as a user would check with ps).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HookProcessOptions } from '../../../electron/core/runner';

export interface Sandbox {
  dir: string;
  runDir: string;
  logPath: string;
  /** Options for runHookProcess with sensible test defaults; override what the test is about. */
  options(script: string, overrides?: Partial<HookProcessOptions>): HookProcessOptions;
  cleanup(): void;
}

export function makeSandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-runner-'));
  const runDir = path.join(dir, 'run');
  const logPath = path.join(dir, 'hook.log');
  return {
    dir,
    runDir,
    logPath,
    options: (script, overrides = {}) => ({
      script,
      env: { ...(process.env as Record<string, string>), LC_ALL: 'C.UTF-8' },
      cwd: dir,
      timeoutMs: 20_000,
      killGraceMs: 500,
      runDir,
      logPath,
      logCapBytes: 1024 * 1024,
      ...overrides,
    }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Processes of group `pgid` that are still running (zombies left to a non-reaping PID 1 do not run). */
export function runningInGroup(pgid: number): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && Number(f[1]) === pgid && !f[2].startsWith('Z'))
    .map((f) => f.join(' '));
}

/** The `PGID=<n>` a test script printed with `echo PGID=$$` (a pty child's pid is its group id). */
export function printedPgid(output: string): number {
  const m = /PGID=(\d+)/.exec(output);
  if (!m) throw new Error(`the script did not print its PGID; output was: ${JSON.stringify(output.slice(-500))}`);
  return Number(m[1]);
}
