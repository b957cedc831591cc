// Issue "One engine host": no decision is lost when the host dies.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { readMarks, writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('when the host dies', () => {
  it('kill -9 during a hook: the waiting CLI reports it and decides locally; a restarted daemon starts cleanly', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, [
      { id: 'slow', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', env: { MARK: mark }, script: '#!/bin/sh\necho "started by $PPID" >> "$MARK"\necho checking\nsleep 2\necho "all good"\n' },
    ]);
    const daemon = await startDaemon(env);
    const cli = runCli(['signal', 'snapshot-start', '--plan', 'docs'], { env: { ...env } });
    await eventually(() => readMarks(mark).length === 1, 30_000, 'the hook to start in the daemon');
    daemon.proc.kill('SIGKILL');
    const r = await cli;
    expect(r.stderr).toMatch(new RegExp(`the host \\(pid ${daemon.pid}\\) went away during the signal .*; evaluating it here instead`));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/all good\r?\nhookgate: proceed/);
    // The hook ran again, this time in the CLI's own engine.
    expect(readMarks(mark)).toHaveLength(2);

    const again = await startDaemon(env);
    expect(again.log()).toMatch(/replacing a stale socket left by a host that is gone: pid \d+/);
    expect(again.socket).toBe(daemon.socket);
    const client = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
    try {
      const { operations } = await client.call('history.list', {});
      // One operation: the CLI continued the one the host had recorded.
      expect(operations).toHaveLength(1);
      expect(operations[0]).toMatchObject({ plan: 'docs', decision: 'proceed', status: 'running', attempts: 2 });
      const runs = operations[0]!.hookRuns;
      expect(runs.at(-1)).toMatchObject({ hookId: 'slow', outcome: 'ok', reason: 'all good' });
    } finally {
      client.close();
    }
    // Every line of the history file is whole JSON.
    for (const line of fs.readFileSync(path.join(env.HOOKGATE_HOME, 'history', 'history.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      expect(() => JSON.parse(line)).not.toThrow();
    }
    const s = await runCli(['status'], { env: { ...env } });
    expect(s.stdout).toContain(`host: running, pid ${again.pid}`);
  });

  it('with --on-host-lost skip the CLI answers skip without running the hooks itself', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, [{ id: 'slow', conditions: ['CONDITION_SNAPSHOT_START'], env: { MARK: mark }, script: '#!/bin/sh\necho x >> "$MARK"\nsleep 5\n' }]);
    const daemon = await startDaemon(env);
    const cli = runCli(['signal', 'snapshot-start', '--on-host-lost', 'skip', '--exit-codes', 'systemd'], { env: { ...env } });
    await eventually(() => readMarks(mark).length === 1, 30_000, 'the hook to start');
    daemon.proc.kill('SIGKILL');
    const r = await cli;
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/went away during the signal .*; answering skip as --on-host-lost says/);
    expect(r.stdout).toMatch(/hookgate: skip — the host \(pid \d+\) went away/);
    expect(readMarks(mark)).toHaveLength(1);
  });

  it('SIGTERM stops the daemon cleanly: a running hook is cancelled, its caller answered, the socket removed', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, [{ id: 'long', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', env: { MARK: mark }, script: '#!/bin/sh\necho x >> "$MARK"\nsleep 60\n' }]);
    const daemon = await startDaemon(env);
    const cli = runCli(['signal', 'snapshot-start'], { env: { ...env } });
    await eventually(() => readMarks(mark).length === 1, 30_000, 'the hook to start');
    const t0 = Date.now();
    daemon.proc.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const r = await cli;
    // The host answered before it went: the cancelled CANCEL hook skips the backup.
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(r.stdout).toMatch(/hookgate: skip — .*cancel/i);
    expect(daemon.log()).toMatch(/SIGTERM: stopping[\s\S]*cancelling 1 running hook[\s\S]*stopped/);
    expect(fs.existsSync(daemon.socket)).toBe(false);
    expect(fs.existsSync(path.join(env.HOOKGATE_HOME, 'host.json'))).toBe(false);
  });

  it('a second daemon for the same user and home exits with a message naming the running one', async () => {
    const env = hostEnv();
    const first = await startDaemon(env);
    const second = await runCli(['daemon'], { env: { ...env } });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`a Hookgate host already runs for ${env.HOOKGATE_HOME}: pid ${first.pid}, since `);
    expect(first.proc.exitCode).toBe(null);
  });

  it('kill -9 while hookgate run runs its command: the command goes on, and its end is recorded without the host', async () => {
    const env = hostEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    writeHooks(env.HOOKGATE_HOME, [{ id: 'end', conditions: ['CONDITION_SNAPSHOT_SUCCESS'], env: { MARK: mark }, script: '#!/bin/sh\necho "success seen by $HOOKGATE_OPERATION_ID" >> "$MARK"\n' }]);
    const daemon = await startDaemon(env);
    const started = path.join(env.HOOKGATE_HOME, 'cmd-started');
    const cli = runCli(['run', '--plan', 'docs', '--', 'sh', '-c', `echo first; touch ${started}; sleep 2; echo second`], { env: { ...env } });
    await eventually(() => fs.existsSync(started), 30_000, 'the command to start');
    daemon.proc.kill('SIGKILL');
    const r = await cli;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/first[\s\S]*second/);
    expect(r.stderr).toMatch(/the host \(pid \d+\) went away before this signal .*; evaluating it here instead/);
    const again = await startDaemon(env);
    const client = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
    try {
      const { operations } = await client.call('history.list', {});
      expect(operations).toHaveLength(1);
      expect(operations[0]).toMatchObject({ plan: 'docs', status: 'success' });
      expect(readMarks(mark)).toEqual([`success seen by ${operations[0]!.id}`]);
    } finally {
      client.close();
    }
    expect(again.log()).toMatch(/replacing a stale socket/);
  });
});
