// Issue "One engine host": waiting gates are visible to every client and resolvable from any.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { CLI, runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('waiting gates', () => {
  it('a gate waiting on a retry is shown to other clients and resolved by one of them with run now', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'wifi', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_10MINUTES', script: 'echo "not on home Wi-Fi"; exit 1' }]);
    await startDaemon(env);
    const waiting = runCli(['signal', 'snapshot-start', '--plan', 'docs', '--wait'], { env: { ...env } });

    const other = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'tray' }))!;
    try {
      const gates = await eventually(
        async () => {
          const { gates } = await other.call('waiting.list', {});
          return gates.some((g) => g.operation.plan === 'docs') ? gates : null;
        },
        30_000,
        'the gate to wait',
      );
      expect(gates[0]!.operation).toMatchObject({ status: 'waiting', decision: 'wait', reason: 'not on home Wi-Fi' });
      const status = await runCli(['status'], { env: { ...env } });
      expect(status.stdout).toMatch(new RegExp(`waiting gates: \\n  ${gates[0]!.operationId}  plan docs, repo default: not on home Wi-Fi; next attempt `));

      expect(await other.call('waiting.resolve', { operationId: gates[0]!.operationId, action: 'run-now' })).toEqual({ resolved: true });
      const r = await waiting;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toContain('hookgate: waiting — not on home Wi-Fi');
      expect(r.stdout).toContain('hookgate: proceed — run now by user');
      expect((await other.call('waiting.list', {})).gates).toEqual([]);
      expect(await other.call('waiting.resolve', { operationId: gates[0]!.operationId, action: 'skip' })).toEqual({ resolved: false });
    } finally {
      other.close();
    }
  });

  it('skip from another client answers the waiting CLI skip', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'wifi', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_1MINUTE', script: 'echo "metered"; exit 1' }]);
    await startDaemon(env);
    const waiting = runCli(['signal', 'snapshot-start', '--wait'], { env: { ...env } });
    const other = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'tray' }))!;
    try {
      await other.subscribe(['decision']);
      const waitEvent = new Promise<{ operationId: string }>((resolve) => other.on('decision', (d) => d.decision === 'wait' && resolve(d)));
      const { operationId } = await waitEvent;
      expect((await other.call('waiting.resolve', { operationId, action: 'skip' })).resolved).toBe(true);
      const r = await waiting;
      expect(r.code).toBe(75);
      expect(r.stdout).toContain('hookgate: skip — skipped by user while waiting');
    } finally {
      other.close();
    }
  });

  it('a gate whose caller went away (Ctrl-C) stops waiting and is recorded as skipped', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'wifi', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_10MINUTES', script: 'echo "not yet"; exit 1' }]);
    const daemon = await startDaemon(env);
    const cli = spawn(process.execPath, [CLI, 'signal', 'snapshot-start', '--wait'], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
    const other = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'tray' }))!;
    try {
      const gate = await eventually(async () => (await other.call('waiting.list', {})).gates[0], 30_000, 'the gate to wait');
      cli.kill('SIGINT');
      await eventually(async () => (await other.call('waiting.list', {})).gates.length === 0, 10_000, 'the gate to stop waiting');
      expect(await other.call('history.get', { operationId: gate.operationId })).toMatchObject({ status: 'skipped', decision: 'skip', reason: 'skipped by user while waiting' });
      expect(daemon.log()).toContain(`operation ${gate.operationId}: the client waiting on its gate went away; answering skip`);
    } finally {
      other.close();
    }
  });
});
