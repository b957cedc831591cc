import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { makeSandbox, printedPgid, runningInGroup, type Sandbox } from './fixtures';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => sb.cleanup());

describe('runHookProcess: timeout, cancel and the process group', () => {
  it('times out `sleep 600 & sleep 600` with SIGTERM and leaves no process of its group running', async () => {
    const started = Date.now();
    const r = await runHookProcess(sb.options('echo PGID=$$\nsleep 600 & sleep 600\n', { timeoutMs: 1000, killGraceMs: 1000 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r).toMatchObject({ timedOut: true, cancelled: false, killedWith: 'SIGTERM', exitCode: null, signal: 'SIGTERM', spawnError: null });
    expect(runningInGroup(printedPgid(r.output))).toEqual([]);
    expect(fs.readdirSync(sb.runDir)).toEqual([]); // script and status file removed on this path too
  });

  it('escalates to SIGKILL after the grace when the hook ignores SIGTERM', async () => {
    const started = Date.now();
    const r = await runHookProcess(sb.options("echo PGID=$$\ntrap '' TERM\nsleep 600\n", { timeoutMs: 500, killGraceMs: 400 }));
    const took = Date.now() - started;
    expect(r).toMatchObject({ timedOut: true, killedWith: 'SIGKILL', signal: 'SIGKILL', exitCode: null });
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(3000);
    expect(runningInGroup(printedPgid(r.output))).toEqual([]);
  });

  it('kills a background child that ignores SIGTERM even when the main process obeys it', async () => {
    const script = "echo PGID=$$\n(trap '' TERM HUP; exec sleep 600) &\nsleep 600\n";
    const r = await runHookProcess(sb.options(script, { timeoutMs: 500, killGraceMs: 300 }));
    expect(r).toMatchObject({ timedOut: true, killedWith: 'SIGKILL', signal: 'SIGTERM' });
    expect(runningInGroup(printedPgid(r.output))).toEqual([]);
  });

  it('reports a hook that exits on SIGTERM through its own trap as timed out, killed with SIGTERM', async () => {
    const r = await runHookProcess(sb.options("trap 'echo cleaning up; exit 0' TERM\nsleep 600 & wait\n", { timeoutMs: 500 }));
    expect(r).toMatchObject({ timedOut: true, killedWith: 'SIGTERM', exitCode: 0, signal: null });
    expect(r.reason).toBe('cleaning up'); // output written while stopping is not lost
  });

  it('cancels through an AbortSignal with SIGTERM to the group', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const run = runHookProcess(sb.options('echo PGID=$$\nsleep 600 & sleep 600\n', { signal: ac.signal, onData: () => setTimeout(() => ac.abort(), 100) }));
    const r = await run;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ cancelled: true, timedOut: false, killedWith: 'SIGTERM', signal: 'SIGTERM' });
    expect(runningInGroup(printedPgid(r.output))).toEqual([]);
  });

  it('does not start a hook whose run was cancelled before it began', async () => {
    const ac = new AbortController();
    ac.abort();
    const marker = `${sb.dir}/ran`;
    const r = await runHookProcess(sb.options(`touch ${marker}\n`, { signal: ac.signal }));
    expect(r).toMatchObject({ cancelled: true, exitCode: null, killedWith: null });
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('after a normal exit, ends processes the hook left behind that survived the hangup', async () => {
    // nohup-like: the background sleep ignores SIGHUP, so it outlives the session leader's exit.
    const r = await runHookProcess(sb.options("echo PGID=$$\ntrap '' HUP\nsleep 600 &\necho started\n", { killGraceMs: 300 }));
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, killedWith: null, leftoversKilledWith: 'SIGTERM' });
    expect(runningInGroup(printedPgid(r.output))).toEqual([]);
  });

  it('reports nothing left behind when the hook left nothing', async () => {
    const r = await runHookProcess(sb.options('sleep 0.1 &\nwait\n'));
    expect(r).toMatchObject({ exitCode: 0, leftoversKilledWith: null });
  });

  it('treats a timeout too long for a timer (or Infinity) as none, instead of firing at once', async () => {
    for (const timeoutMs of [Infinity, 2 ** 40]) {
      const r = await runHookProcess(sb.options('sleep 0.2\n', { timeoutMs }));
      expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    }
  });

  it('reports death by a signal by name, with no exit code', async () => {
    const r = await runHookProcess(sb.options('kill -9 $$\n'));
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGKILL', killedWith: null, timedOut: false });
    const t = await runHookProcess(sb.options('kill -TERM $$\n'));
    expect(t).toMatchObject({ exitCode: null, signal: 'SIGTERM', killedWith: null });
  });
});
