// Fault suite: hooks that misbehave, end to end through the built `hookgate signal` (the engine in
// the CLI's own process, and through a running `hookgate daemon`). Each must end with the outcome
// the decision table gives, within its timeout plus the kill grace, and leave no process behind.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cgroupFallbackNote, cgroupSupport } from '../../electron/core/runner/cgroup';
import type { HookInput } from '../../electron/shared/config';
import { runCli } from '../helpers/cli';
import { startDaemon, stopAll, type Daemon, type HostEnv } from '../helpers/daemon';
import { FaultLog } from './helpers/faultLog';
import { faultEnv, removeHomes, signalJson, writeConfig } from './helpers/homes';
import { killMarked, markedProcesses, MARK_VAR, newMark } from './helpers/procs';

// A hook that dies on SIGTERM is seen to die of it however late node-pty tells of the exit (its group
// is looked at in /proc: PtyProcess.stop). The grace stays generous: the cases' time bounds are
// timeout + grace, and 200 processes take a while to be scheduled and die on a CI machine busy with
// the rest of the suite.
const GRACE_MS = 2000;
/** A hook run's own duration may exceed timeout + grace by this much (pty start, group polling, a loaded 2-core CI machine). */
const RUN_SLACK_MS = 2500;
/** The whole CLI (Node start-up, the engine, history) on a loaded machine: generous, it only proves nothing hangs. */
const CLI_SLACK_MS = 20_000;
const EXIT = { proceed: 0, skip: 75, fail: 1 } as const;

interface HookFault {
  name: string;
  script: string;
  onError: HookInput['onError'];
  timeoutSec: number;
  outcome: string;
  decision: keyof typeof EXIT;
  exitCode?: number | null;
  signal?: string | null;
  killedWith?: string | null;
  /** Runs only where hook runs get a cgroup (this process has one to manage); skipped elsewhere, with the reason. */
  needsCgroup?: boolean;
}

const T = 1; // hook timeout, seconds

/** Processes that leave the hook's process group: started, then waited for, so none is caught while still in it. */
function escapeFaults(): HookFault[] {
  const ready = (start: string, then: string): string =>
    `#!/bin/bash\nREADY="$(mktemp -u)"; export READY\n${start}\nwhile [ ! -e "$READY" ]; do sleep 0.01; done\nrm -f "$READY"\n${then}\n`;
  const escapes: [string, string][] = [
    ['coreutils timeout', `timeout 600 sh -c 'trap "" HUP; touch "$READY"; exec sleep 600' &`],
    ['set -m', `set -m\n(trap '' HUP; touch "$READY"; exec sleep 600) &\nset +m`],
    ['setpgid via python3', `python3 -c 'import os, signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN); os.setpgid(0, 0); open(os.environ["READY"], "w").close(); time.sleep(600)' &`],
    ['setpgid via perl', `perl -e '$SIG{HUP} = "IGNORE"; setpgrp(0, 0); open(my $f, ">", $ENV{READY}); close $f; sleep 600' &`],
    ['setsid nohup', `setsid nohup sh -c 'touch "$READY"; exec sleep 600' >/dev/null 2>&1 &`],
  ];
  const faults: HookFault[] = [];
  for (const [how, start] of escapes) {
    faults.push({ name: `escapes: ${how}, then exits 0`, script: ready(start, 'exit 0'), onError: 'ON_ERROR_FATAL', timeoutSec: 30, outcome: 'ok', decision: 'proceed', exitCode: 0 });
  }
  // The old documented limit: a child that clears its environment (no cookie) and starts a new
  // session (not the hook's), ignoring TERM: only the run's cgroup holds it. Marked on its command line.
  const cleared = `env -i READY="$READY" setsid bash -c 'trap "" TERM HUP; touch "$READY"; exec -a "sleep-$0" sleep 600' "$${MARK_VAR}" >/dev/null 2>&1 &`;
  faults.push({ name: 'escapes: env -i and setsid, then exits 0', script: ready(cleared, 'exit 0'), onError: 'ON_ERROR_FATAL', timeoutSec: 30, outcome: 'ok', decision: 'proceed', exitCode: 0, needsCgroup: true });
  faults.push({ name: 'escapes: env -i and setsid, then hangs', script: ready(cleared, 'sleep 600'), onError: 'ON_ERROR_CANCEL', timeoutSec: 3, outcome: 'timeout', decision: 'skip', needsCgroup: true });
  // Timing out with an escaped child (python3 alone needs seconds to start on a loaded machine: not here).
  faults.push({ name: 'escapes: setsid nohup, then hangs', script: ready(escapes[4]![1], 'sleep 600'), onError: 'ON_ERROR_CANCEL', timeoutSec: 3, outcome: 'timeout', decision: 'skip' });
  faults.push({ name: 'escapes: timeout, then hangs', script: ready(escapes[0]![1], 'sleep 600'), onError: 'ON_ERROR_FATAL', timeoutSec: 3, outcome: 'timeout', decision: 'fail' });
  return faults;
}
const FAULTS: HookFault[] = [
  { name: 'hangs (sleep 600)', script: 'sleep 600', onError: 'ON_ERROR_FATAL', timeoutSec: T, outcome: 'timeout', decision: 'fail', killedWith: 'SIGTERM'},
  {
    name: 'ignores SIGTERM (and HUP, INT) in a loop',
    script: "trap '' TERM HUP INT\nwhile :; do sleep 1; done",
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: T,
    outcome: 'timeout',
    decision: 'skip',
    killedWith: 'SIGKILL',
  },
  {
    name: 'fork-bomb-lite: 200 children ignoring SIGTERM, then hangs',
    script: "trap '' TERM HUP\nfor i in $(seq 200); do sleep 600 & done\nwait",
    onError: 'ON_ERROR_FATAL',
    timeoutSec: T,
    outcome: 'timeout',
    decision: 'fail',
    killedWith: 'SIGKILL',
  },
  {
    name: 'fork-bomb-lite: 20 subshells × 5 grandchildren ignoring SIGTERM, exits 0 leaving them',
    script: "for i in $(seq 20); do ( trap '' TERM HUP; for j in 1 2 3 4 5; do sleep 600 & done; wait ) & done\nsleep 0.3\nexit 0",
    onError: 'ON_ERROR_FATAL',
    timeoutSec: 10,
    outcome: 'ok',
    decision: 'proceed',
    exitCode: 0,
  },
  {
    name: 'closes its pty (stdin, stdout, stderr), then hangs',
    script: 'echo closing\nexec 0<&- 1>&- 2>&-\nsleep 600',
    onError: 'ON_ERROR_FATAL',
    timeoutSec: T,
    outcome: 'timeout',
    decision: 'fail',
    killedWith: 'SIGTERM',
  },
  {
    name: 'closes its pty, then exits 7',
    script: 'echo closing\nexec 0<&- 1>&- 2>&-\nsleep 0.3\nexit 7',
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 10,
    outcome: 'failed',
    decision: 'skip',
    exitCode: 7,
  },
  {
    name: 'silences itself (exec </dev/null >/dev/null 2>&1), works 0.3 s, exits 0',
    script: 'echo silencing\nexec </dev/null >/dev/null 2>&1\nsleep 0.3\nexit 0',
    onError: 'ON_ERROR_FATAL',
    timeoutSec: 10,
    outcome: 'ok',
    decision: 'proceed',
    exitCode: 0,
  },
  {
    name: 'prints 2 MB of binary garbage, exits 0',
    script: 'head -c 2000000 /dev/urandom\nexit 0',
    onError: 'ON_ERROR_FATAL',
    timeoutSec: 10,
    outcome: 'ok',
    decision: 'proceed',
    exitCode: 0,
  },
  {
    name: 'prints 2 MB of binary garbage, exits 3',
    script: 'head -c 2000000 /dev/urandom\nexit 3',
    onError: 'ON_ERROR_FATAL',
    timeoutSec: 10,
    outcome: 'failed',
    decision: 'fail',
    exitCode: 3,
  },
  {
    name: 'prints 4 MB without a newline, exits 1',
    script: "head -c 4000000 /dev/zero | tr '\\0' x\nexit 1",
    onError: 'ON_ERROR_FATAL',
    timeoutSec: 10,
    outcome: 'failed',
    decision: 'fail',
    exitCode: 1,
  },
  {
    name: 'prints without newlines forever',
    script: 'while :; do printf xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done',
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: T,
    outcome: 'timeout',
    decision: 'skip',
  },
  { name: 'exits by SIGSEGV', script: 'ulimit -c 0\nkill -SEGV $$', onError: 'ON_ERROR_FATAL', timeoutSec: 10, outcome: 'failed', decision: 'fail', exitCode: null, signal: 'SIGSEGV'},
  { name: 'exits by SIGKILL', script: 'kill -KILL $$', onError: 'ON_ERROR_CANCEL', timeoutSec: 10, outcome: 'failed', decision: 'skip', exitCode: null, signal: 'SIGKILL'},
  {
    name: 'exits by SIGTERM, leaving a child that ignores it',
    script: "(trap '' TERM HUP; sleep 600) &\nsleep 0.1\nkill -TERM $$",
    onError: 'ON_ERROR_IGNORE',
    timeoutSec: 10,
    outcome: 'failed',
    decision: 'proceed',
    exitCode: null,
    signal: 'SIGTERM',
  },
  { name: 'stops itself (SIGSTOP)', script: 'kill -STOP $$\necho never', onError: 'ON_ERROR_FATAL', timeoutSec: T, outcome: 'timeout', decision: 'fail'},
  // Escapes from the process group (issue #16): each starts a process that leaves the group, ignores
  // SIGHUP, and says it has left (the hook waits for that) — ended with the run all the same.
  ...escapeFaults(),
];

const THROUGH_HOST = FAULTS.filter((f) => /ignores SIGTERM|fork-bomb|closes its pty, then hangs|binary garbage, exits 3|SIGKILL|escapes: (setsid|timeout|env -i)/.test(f.name));
/** Why a case that needs a run cgroup cannot run here (null: it can). */
const noCgroup = cgroupSupport() ? null : `skipped: hook runs get no cgroup here (${cgroupFallbackNote() ?? 'not Linux'})`;
const log = new FaultLog('hooks');
log.plan(FAULTS.length + THROUGH_HOST.length);

function setUp(env: HostEnv, f: HookFault, mark: string): void {
  const cwd = path.join(env.HOOKGATE_HOME, 'cwd');
  fs.mkdirSync(cwd, { recursive: true });
  writeConfig(env.HOOKGATE_HOME, [{ id: 'fault', name: f.name.slice(0, 60), script: f.script, onError: f.onError, timeoutSec: f.timeoutSec, env: { [MARK_VAR]: mark }, cwd }], { killGraceMs: GRACE_MS });
}

async function checkFault(f: HookFault, env: HostEnv, mark: string, via: 'cli' | 'daemon'): Promise<void> {
  try {
    const { cli, ms, json } = await signalJson(env, 'snapshot-start', [], { local: via === 'cli' });
    expect(json, `stdout: ${cli.stdout.slice(0, 500)}\nstderr: ${cli.stderr.slice(-2000)}`).not.toBeNull();
    const run = json!.hookRuns.find((r) => r.id.startsWith('run'))!;
    expect(run, JSON.stringify(json)).toBeDefined();
    expect({ outcome: run.outcome, decision: json!.decision, code: cli.code }).toEqual({ outcome: f.outcome, decision: f.decision, code: EXIT[f.decision] });
    if (f.exitCode !== undefined) expect(run.exitCode).toBe(f.exitCode);
    if (f.signal !== undefined) expect(run.signal).toBe(f.signal);
    if (f.killedWith !== undefined) expect(run.killedWith).toBe(f.killedWith);
    const bound = f.timeoutSec * 1000 + GRACE_MS;
    expect(run.durationMs, 'the run ended within timeout + grace').toBeLessThan(bound + RUN_SLACK_MS);
    expect(ms, 'the CLI answered').toBeLessThan(bound + CLI_SLACK_MS);
    // Nothing of the hook survives the answer (zombies aside).
    expect(markedProcesses(mark)).toEqual([]);
    // What a user reads: a short, plain reason, and a history that parses with this run in it.
    expect(run.reason.length).toBeLessThanOrEqual(500);
    expect(run.reason).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const hist = await runCli(['history', '--json', '--limit', '5'], { env: { ...env } });
    expect(hist.code, hist.stderr).toBe(0);
    const ops = JSON.parse(hist.stdout) as { id: string; hookRuns: { id: string; outcome: string }[] }[];
    expect(ops.find((o) => o.id === json!.operationId)?.hookRuns.map((r) => [r.id, r.outcome])).toContainEqual([run.id, f.outcome]);
    if (run.logFile) {
      const show = await runCli(['history', 'show', run.id], { env: { ...env } });
      expect(show.code, show.stderr).toBe(0);
    }
  } finally {
    killMarked(mark);
  }
}

afterAll(async () => {
  await stopAll();
  removeHomes();
});

describe('fault: hooks that misbehave, through `hookgate signal` with the engine in the CLI', () => {
  for (const f of FAULTS) {
    if (f.needsCgroup && noCgroup) {
      it.skip(`${f.name} — ${noCgroup}`, () => {});
      log.skip(`${f.name} (engine in the CLI)`, noCgroup);
      continue;
    }
    it.concurrent(`${f.name}: ${f.outcome}, ${f.decision}, nothing left running`, async () => {
      const env = faultEnv();
      const mark = newMark();
      setUp(env, f, mark);
      await log.check(`${f.name} (engine in the CLI)`, `outcome ${f.outcome}, decision ${f.decision} (exit ${EXIT[f.decision]}), within timeout + grace, no process left, history and log readable`, () =>
        checkFault(f, env, mark, 'cli'),
      );
    });
  }
});

describe('fault: hooks that misbehave, through a running hookgate daemon', () => {
  let env: HostEnv;
  let daemon: Daemon;
  beforeAll(async () => {
    env = faultEnv();
    writeConfig(env.HOOKGATE_HOME, [], { killGraceMs: GRACE_MS });
    daemon = await startDaemon(env);
  });

  for (const f of THROUGH_HOST) {
    if (f.needsCgroup && noCgroup) {
      it.skip(`${f.name} — ${noCgroup}`, () => {});
      log.skip(`${f.name} (through the daemon)`, noCgroup);
      continue;
    }
    it(`${f.name}: ${f.outcome}, ${f.decision}, nothing left running, the daemon lives on`, async () => {
      const mark = newMark();
      setUp(env, f, mark);
      await log.check(`${f.name} (through the daemon)`, `same checks, hook run by the daemon; the daemon still answers afterwards`, async () => {
        await checkFault(f, env, mark, 'daemon');
        expect(daemon.proc.exitCode).toBeNull();
        const status = await runCli(['status'], { env: { ...env } });
        expect(status.code, status.stderr).toBe(0);
        expect(status.stdout).toContain(String(daemon.pid));
      });
    });
  }
});
