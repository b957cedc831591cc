// Issue "Plans": operations always end. A tool that sent START and exited without END, one that
// never reports within its plan's max duration, and one left open while the host was down all end
// as "ended without a report", with the ERROR and END hooks told why (.Error) — never a success.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import type { PlanSummary } from '../../electron/shared/plans';
import { CLI, runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

const tools: ChildProcess[] = [];
afterEach(async () => {
  for (const t of tools.splice(0)) if (t.exitCode === null && t.signalCode === null) t.kill('SIGKILL');
  await stopAll();
});

async function connect(env: HostEnv): Promise<HostClient> {
  return (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
}

/**
 * A stand-in for a backup tool (borgmatic with only a before-hook): a script that sends START, then
 * "backs up" until its stdin closes, and exits without sending END.
 */
function startTool(env: Record<string, string>, plan: string): { proc: ChildProcess; exited: Promise<void> } {
  const dir = fs.mkdtempSync(path.join(env.HOOKGATE_HOME!, 'tool-'));
  const script = path.join(dir, 'fake-borgmatic');
  fs.writeFileSync(script, `#!/bin/sh\n"${process.execPath}" "${CLI}" signal snapshot-start --plan ${plan} --quiet || exit 75\necho started\ncat > /dev/null\n`, { mode: 0o755 });
  const proc = spawn(script, [], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  tools.push(proc);
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  return { proc, exited };
}

function started(proc: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('started')) resolve();
    });
    proc.on('exit', (code) => reject(new Error(`the tool exited (${code}) before its START proceeded: ${out}`)));
  });
}

const END_HOOKS = (mark: string) => [markerHook('errors', ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END', 'CONDITION_SNAPSHOT_SUCCESS'], mark)];

async function planOf(c: HostClient, id: string): Promise<PlanSummary> {
  return c.call('plans.get', { id });
}

describe('operations always end', () => {
  it('the caller exited without END: "ended without a report", naming the process; END hooks get .Error', async () => {
    const env = { ...hostEnv(), HOOKGATE_CALLER_POLL_MS: '100' };
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, END_HOOKS(mark));
    await startDaemon(env);
    const c = await connect(env);
    try {
      const tool = startTool(env, 'nas');
      await started(tool.proc);
      const running = await planOf(c, 'nas');
      expect(running.status).toBe('running');
      const op = await c.call('history.get', { operationId: running.lastAttempt!.operationId });
      expect(op).toMatchObject({ status: 'running', caller: { pid: tool.proc.pid, command: 'fake-borgmatic' } });
      expect(readMarks(mark)).toEqual([]);

      tool.proc.stdin!.end();
      await tool.exited;
      const ended = await eventually(async () => {
        const s = await planOf(c, 'nas');
        return s.status === 'ended-without-report' ? s : null;
      }, 30_000, 'the operation to end');
      expect(ended.reason).toMatch(new RegExp(`^fake-borgmatic \\(pid ${tool.proc.pid}\\) exited at .+ without reporting the end of the backup$`));
      expect(ended.lastSuccess).toBeNull();
      const rec = await c.call('history.get', { operationId: ended.lastAttempt!.operationId });
      expect(rec).toMatchObject({ status: 'error', endedWithoutReport: true, error: ended.reason });
      expect(rec.endedAt).not.toBeNull();
      expect(readMarks(mark)).toEqual([`CONDITION_SNAPSHOT_ERROR ${ended.reason}|`, `CONDITION_ANY_ERROR ${ended.reason}|`, `CONDITION_SNAPSHOT_END ${ended.reason}|`]);
    } finally {
      c.close();
    }
  });

  it('no caller to watch (a curl or systemd signal): the plan\'s max duration ends it the same way', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, END_HOOKS(mark));
    await startDaemon(env);
    const c = await connect(env);
    try {
      await c.call('plans.set', { id: 'b2', patch: { maxDurationSec: 2 } });
      const r = await c.call('signal', { condition: 'snapshot-start', plan: 'b2' });
      expect(r.decision).toBe('proceed');
      expect(r.operation.caller).toBeUndefined();
      const ended = await eventually(async () => {
        const s = await planOf(c, 'b2');
        return s.status === 'ended-without-report' ? s : null;
      }, 30_000, 'the max duration to end it');
      expect(ended.reason).toMatch(/^no end of the backup was reported within the plan's max duration of 2 s \(started .+\)$/);
      expect(readMarks(mark)).toEqual([`CONDITION_SNAPSHOT_ERROR ${ended.reason}|`, `CONDITION_ANY_ERROR ${ended.reason}|`, `CONDITION_SNAPSHOT_END ${ended.reason}|`]);
    } finally {
      c.close();
    }
  });

  it('an operation left open while the host was down is looked at again as soon as a host starts', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, END_HOOKS(mark));
    const first = await startDaemon(env);
    const tool = startTool({ ...env }, 'nas');
    await started(tool.proc);
    // The host dies (kill -9) while the backup runs; the tool then exits without END.
    first.proc.kill('SIGKILL');
    await first.exited;
    tool.proc.stdin!.end();
    await tool.exited;

    const second = await startDaemon(env);
    await second.waitForLog(/ending it as "ended without a report"/);
    const c = await connect(env);
    try {
      const s = await eventually(async () => {
        const p = await planOf(c, 'nas');
        return p.status === 'ended-without-report' ? p : null;
      }, 30_000, 'the operation to be ended');
      expect(s.reason).toMatch(new RegExp(`^fake-borgmatic \\(pid ${tool.proc.pid}\\) had exited without reporting the end of the backup \\(found at .+, when Hookgate looked again\\)$`));
      await eventually(() => readMarks(mark).length === 3, 30_000, 'the END hooks');
      expect(readMarks(mark)[2]).toBe(`CONDITION_SNAPSHOT_END ${s.reason}|`);
    } finally {
      c.close();
    }
  });

  it('without a host, the next CLI run ends an operation whose tool is gone', async () => {
    const env: Record<string, string> = { ...(hostEnv() as unknown as Record<string, string>), HOOKGATE_NO_HOST: '1' };
    const mark = path.join(env.HOOKGATE_HOME!, 'marks');
    writeHooks(env.HOOKGATE_HOME!, END_HOOKS(mark));
    const tool = startTool(env, 'nas');
    await started(tool.proc);
    const before = JSON.parse((await runCli(['plans', '--json'], { env })).stdout) as PlanSummary[];
    expect(before.map((p) => [p.plan.id, p.status])).toEqual([['nas', 'running']]);
    tool.proc.stdin!.end();
    await tool.exited;

    const r = await runCli(['signal', 'snapshot-start', '--plan', 'usb', '--quiet'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/plan "nas": fake-borgmatic \(pid \d+\) had exited without reporting the end of the backup/);
    const after = JSON.parse((await runCli(['plans', '--json'], { env })).stdout) as PlanSummary[];
    expect(after.map((p) => [p.plan.id, p.status]).sort()).toEqual([['nas', 'ended-without-report'], ['usb', 'running']]);
    expect(readMarks(mark).map((m) => m.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END']);
    expect(readMarks(mark)[2]).toMatch(/^CONDITION_SNAPSHOT_END fake-borgmatic \(pid \d+\) had exited without reporting the end of the backup/);
  }, 120_000);
});
