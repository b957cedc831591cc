// Fault suite: the host (`hookgate daemon`) SIGKILLed at random points while 50 signals are sent.
// Every signal still gets its decision (from the host, or from the CLI's local fallback when the
// host dies under it); after a restart the history parses, every run a caller was told about is
// in it, a torn last line is repaired, and no hook process of a killed host survives.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { hookgatePaths } from '../../electron/core/paths';
import { runCli } from '../helpers/cli';
import { eventually, startDaemon, stopAll, type Daemon } from '../helpers/daemon';
import { FaultLog, faultSeed } from './helpers/faultLog';
import { faultEnv, removeHomes, signalJson, writeConfig, type SignalRun } from './helpers/homes';
import { killMarked, markedProcesses, MARK_VAR, newMark } from './helpers/procs';

const log = new FaultLog('host-kill');
const LANES = 4;
const SIGNALS_PER_LANE = 13; // 4 lanes × 13 = 52 signals
const SEED = faultSeed();
log.seed(SEED);
log.plan(5);

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with HOOKGATE_FAULT_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sent {
  what: string;
  expected: 'proceed' | 'skip';
  run: SignalRun;
}

afterAll(async () => {
  await stopAll();
  removeHomes();
});

describe('fault: the host killed (SIGKILL) at random points during signals', () => {
  it(`${LANES * SIGNALS_PER_LANE} signals with the daemon killed and restarted at random: every one decided, history whole`, async () => {
    const env = faultEnv();
    const mark = newMark();
    const random = prng(SEED);
    // START: a hook that works a little (so kills land mid-hook too) and skips plans named skip-*.
    writeConfig(env.HOOKGATE_HOME, [
      {
        id: 'gate',
        name: 'gate',
        conditions: ['CONDITION_SNAPSHOT_START'],
        onError: 'ON_ERROR_CANCEL',
        env: { [MARK_VAR]: mark },
        script: '#!/bin/sh\necho "checking {{ .Plan.Id }}"\nsleep 0.2\n{{ if hasPrefix .Plan.Id "skip-" }}echo "not now"; exit 1{{ end }}\necho fine\n'.replace(
          '{{ if hasPrefix .Plan.Id "skip-" }}',
          '{{ if eq (slice .Plan.Id 0 5) "skip-" }}',
        ),
      },
      { id: 'after', name: 'after', conditions: ['CONDITION_SNAPSHOT_END'], env: { [MARK_VAR]: mark }, script: '#!/bin/sh\nsleep 0.1\necho done' },
    ]);

    let daemon: Daemon | null = await startDaemon(env);
    let kills = 0;
    let lanesDone = false;
    const killer = (async () => {
      while (!lanesDone) {
        await sleep(150 + random() * 750);
        if (lanesDone || !daemon) break;
        const d = daemon;
        daemon = null;
        d.proc.kill('SIGKILL');
        await d.exited;
        kills++;
        await sleep(random() * 600);
        daemon = await startDaemon(env);
      }
    })();

    const sent: Sent[] = [];
    const lane = async (n: number): Promise<void> => {
      let count = 0;
      for (let i = 0; count < SIGNALS_PER_LANE; i++) {
        const plan = `${random() < 0.3 ? 'skip' : 'okay'}-${n}-${i}`;
        const start = await signalJson(env, 'snapshot-start', ['--plan', plan]);
        const expected = plan.startsWith('skip-') ? 'skip' : 'proceed';
        sent.push({ what: `START ${plan}`, expected, run: start });
        if (++count >= SIGNALS_PER_LANE) break;
        count++;
        if (expected === 'proceed') {
          const end = await signalJson(env, 'snapshot-end', ['--plan', plan, '--status', 'success']);
          sent.push({ what: `END ${plan}`, expected: 'proceed', run: end });
        } else {
          // A skipped START already fired SKIPPED and END; send a second START for the same plan instead.
          const again = await signalJson(env, 'snapshot-start', ['--plan', plan]);
          sent.push({ what: `START again ${plan}`, expected: 'skip', run: again });
        }
      }
    };
    try {
      await log.check(
        `${LANES * SIGNALS_PER_LANE} signals, ${LANES} at a time, daemon SIGKILLed at random (seed ${SEED})`,
        'every signal exits with its decision (0 proceed / 75 skip) and a --json result, from the host or the local fallback',
        async () => {
          await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i + 1)));
          lanesDone = true;
          await killer;
          for (const s of sent) {
            expect({ what: s.what, decision: s.run.json?.decision, code: s.run.cli.code }, s.run.cli.stderr.slice(-1500)).toEqual({
              what: s.what,
              decision: s.expected,
              code: s.expected === 'proceed' ? 0 : 75,
            });
          }
          expect(kills, 'the daemon was killed during the run').toBeGreaterThanOrEqual(3);
          return sent.length;
        },
      );
      const fellBack = sent.filter((s) => /went away during the signal/.test(s.run.cli.stderr)).length;

      await log.check(
        `after ${kills} kills (${fellBack} signals decided by the CLI's fallback mid-signal): history parses and holds every completed run`,
        'history --json parses; every operation and hook run a caller was told about is recorded with the same decision and outcome',
        async () => {
          const d = daemon ?? (await startDaemon(env));
          daemon = d;
          const hist = await runCli(['history', '--json', '--limit', '500'], { env: { ...env } });
          expect(hist.code, hist.stderr).toBe(0);
          const ops = JSON.parse(hist.stdout) as { id: string; decision: string | null; hookRuns: { id: string; outcome: string }[] }[];
          const byId = new Map(ops.map((o) => [o.id, o]));
          const runs = new Map(ops.flatMap((o) => o.hookRuns.map((r) => [r.id, r.outcome] as const)));
          let checked = 0;
          for (const s of sent) {
            const r = s.run.json!;
            const op = byId.get(r.operationId);
            expect(op, `${s.what}: operation ${r.operationId} in the history`).toBeDefined();
            if (s.what.startsWith('START')) expect(op!.decision, s.what).toBe(r.decision);
            for (const run of r.hookRuns) {
              expect(runs.get(run.id), `${s.what}: hook run ${run.id}`).toBe(run.outcome);
              checked++;
            }
          }
          return sent.length + checked;
        },
      );

      await log.check('hook processes of a SIGKILLed host', 'none survives (the pty hangup ends them), zombies aside', () => {
        expect(markedProcesses(mark)).toEqual([]);
      });

      await log.check('a torn last line after a kill', 'repaired when the restarted daemon reads the history (reported once), every line parses, nothing recorded is lost', async () => {
        const d = daemon!;
        daemon = null;
        d.proc.kill('SIGKILL');
        await d.exited;
        const file = hookgatePaths(env.HOOKGATE_HOME).historyFile;
        const before = fs.readFileSync(file, 'utf8');
        fs.appendFileSync(file, '{"type":"hookRun","id":"run-torn","operationId":"op-x","hookId":"gate","outc');
        const old = new Date(Date.now() - 60_000);
        fs.utimesSync(file, old, old);
        daemon = await startDaemon(env);
        const hist = await runCli(['history', '--json', '--limit', '500'], { env: { ...env } });
        expect(hist.code, hist.stderr).toBe(0);
        await daemon.waitForLog(/cut short/);
        const after = fs.readFileSync(file, 'utf8');
        expect(after.endsWith('\n')).toBe(true);
        expect(after.startsWith(before), 'what was recorded before the tear is untouched').toBe(true);
        for (const line of after.split('\n').filter(Boolean)) JSON.parse(line);
        expect(after).not.toContain('run-torn');
        expect(daemon.log().match(/cut short/g)).toHaveLength(1);
      });
    } finally {
      lanesDone = true;
      await killer.catch(() => {});
      killMarked(mark);
    }
  }, 240_000);

  it('a hook that ignores HUP and TERM, with a setsid child, outlives a SIGKILLed host: the next start ends both and records the run as interrupted', async () => {
    const env = faultEnv();
    const mark = newMark();
    const first = path.join(env.HOOKGATE_HOME, 'first-run');
    writeConfig(
      env.HOOKGATE_HOME,
      [
        {
          id: 'stubborn',
          name: 'stubborn',
          conditions: ['CONDITION_SNAPSHOT_START'],
          env: { [MARK_VAR]: mark, FIRST: first },
          script: "#!/bin/sh\ntrap '' HUP TERM INT\nsetsid sh -c \"trap '' HUP TERM; while :; do sleep 1; done\" >/dev/null 2>&1 &\ntouch \"$FIRST\"\nwhile :; do sleep 1; done\n",
        },
      ],
      { killGraceMs: 300 },
    );
    let daemon: Daemon | null = await startDaemon(env);
    try {
      await log.check(
        'a hook ignoring HUP/TERM (and its setsid child) when the host is SIGKILLed mid-hook',
        'both survive the kill; the restarted host ends them (TERM, grace, KILL) before answering anything, and history records the run as interrupted',
        async () => {
          const cli = signalJson(env, 'snapshot-start', ['--on-host-lost', 'skip']);
          await eventually(() => fs.existsSync(first) && markedProcesses(mark).length >= 3, 30_000, 'the hook and its child to run');
          daemon!.proc.kill('SIGKILL');
          await daemon!.exited;
          daemon = null;
          expect((await cli).json?.decision).toBe('skip');
          expect(markedProcesses(mark).length, 'they outlive the host').toBeGreaterThanOrEqual(2);
          daemon = await startDaemon(env);
          await daemon.waitForLog(/hook "stubborn" was still running when Hookgate \(pid \d+\) stopped; \d+ processes it left running were ended/);
          expect(markedProcesses(mark)).toEqual([]);
          const hist = await runCli(['history', '--json'], { env: { ...env } });
          const runs = (JSON.parse(hist.stdout) as { hookRuns: { outcome: string; killedWith: string | null }[] }[]).flatMap((o) => o.hookRuns);
          expect(runs).toEqual([expect.objectContaining({ outcome: 'interrupted', killedWith: 'SIGKILL' })]);
        },
      );
    } finally {
      killMarked(mark);
    }
  }, 120_000);
});
