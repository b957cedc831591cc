// Issue "One engine host": many clients at once, through one daemon.
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { runCli } from '../helpers/cli';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('a daemon with many clients', () => {
  it('answers ten concurrent hookgate signal processes correctly, and the history holds ten operations with intact logs', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [
      // Each run prints 40 lines naming its plan, slowly enough that runs overlap.
      {
        id: 'chatty',
        conditions: ['CONDITION_SNAPSHOT_START'],
        script: '#!/bin/sh\ni=0\nwhile [ $i -lt 40 ]; do echo "line $i of $HOOKGATE_PLAN"; i=$((i+1)); done\nsleep 1\n',
      },
      { id: 'no-odd', conditions: ['CONDITION_SNAPSHOT_START'], scope: { plans: ['odd-*'], repos: [] }, onError: 'ON_ERROR_CANCEL', script: 'echo "odd plans are not backed up"; exit 1' },
    ]);
    const daemon = await startDaemon(env);
    const plans = Array.from({ length: 10 }, (_, i) => (i % 2 ? `odd-${i}` : `even-${i}`));
    // Different plans and repos: runs of different operations proceed in parallel.
    const results = await Promise.all(plans.map((plan) => runCli(['signal', 'snapshot-start', '--plan', plan, '--repo', `repo-${plan}`], { env: { ...env } })));
    results.forEach((r, i) => {
      const odd = i % 2 === 1;
      expect(r.code, `${plans[i]}: ${r.stdout}${r.stderr}`).toBe(odd ? 75 : 0);
      expect(r.stdout).toContain(odd ? 'hookgate: skip — hook "no-odd"' : 'hookgate: proceed');
      // Each CLI streamed its own hook's output, and only its own.
      expect(r.stdout).toContain(`line 39 of ${plans[i]}`);
      expect(r.stdout).not.toMatch(new RegExp(`line \\d+ of (?!${plans[i]}\\b)`));
    });
    expect(daemon.log().match(/signal CONDITION_SNAPSHOT_START/g)).toHaveLength(10);

    const client = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
    try {
      const { operations } = await client.call('history.list', { limit: 50 });
      expect(operations).toHaveLength(10);
      expect(operations.map((o) => o.plan).sort()).toEqual([...plans].sort());
      // Different operations ran in parallel: some of the chatty runs overlapped in time.
      const spans = operations.map((o) => o.hookRuns.find((r) => r.hookId === 'chatty')!).map((r) => [Date.parse(r.startedAt), Date.parse(r.endedAt)] as const);
      const overlapping = spans.filter(([s1, e1], i) => spans.some(([s2, e2], j) => i !== j && s1 < e2 && s2 < e1));
      expect(overlapping.length).toBeGreaterThanOrEqual(2);
      for (const op of operations) {
        expect(op.decision).toBe(op.plan.startsWith('odd') ? 'skip' : 'proceed');
        const chatty = op.hookRuns.find((r) => r.hookId === 'chatty')!;
        const { text } = await client.call('history.log', { runId: chatty.id });
        const lines = text.split(/\r?\n/).filter(Boolean);
        // Intact and not interleaved: exactly this run's 40 lines, in order.
        expect(lines).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i} of ${op.plan}`));
      }
    } finally {
      client.close();
    }
  });

  it('two START signals for the same plan and repo are evaluated one after the other', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [
      { id: 'slow', conditions: ['CONDITION_SNAPSHOT_START'], script: '#!/bin/sh\necho "begin $(date +%s.%N)"\nsleep 1\necho "end $(date +%s.%N)"\n' },
    ]);
    await startDaemon(env);
    const [a, b] = await Promise.all([0, 1].map(() => runCli(['signal', 'snapshot-start', '--plan', 'same'], { env: { ...env } })));
    expect(a!.code).toBe(0);
    expect(b!.code).toBe(0);
    const span = (out: string) => [Number(/begin (\S+)/.exec(out)![1]), Number(/end (\S+)/.exec(out)![1])] as const;
    const [s1, e1] = span(a!.stdout);
    const [s2, e2] = span(b!.stdout);
    expect(s1 >= e2 || s2 >= e1, `overlap: ${s1}-${e1} vs ${s2}-${e2}`).toBe(true);
  });
});
