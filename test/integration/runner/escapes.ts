// The ways a hook's child leaves its process group, shared by the containment tests of each way of
// finding a run's processes (/proc, ps). Survivors are looked up in /proc with plain reads (the fault
// suite's helpers), not through the runner's procInfo, so a test that takes /proc away from the runner
// still sees them.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runHookProcess, type HookProcessOptions } from '../../../electron/core/runner';
import { killMarked, markedProcesses, MARK_VAR } from '../../faults/helpers/procs';
import type { Sandbox } from './fixtures';

// The fault suite's marker: every descendant inherits it, and one that clears its environment carries
// it on its command line (`exec -a sleep-$MARK …`).
export { MARK_VAR };
export const survivors = markedProcesses;
export const killSurvivors = killMarked;

export const has = (cmd: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export interface Escape {
  name: string;
  needs: string;
  start: string;
  /** Found only through the hook's session or its tree: neither cookie nor process group leads to it. */
  noCookie?: boolean;
}

/**
 * Each escape starts a process that leaves the hook's process group, ignores SIGHUP (so the pty's
 * hangup does not end it) and touches $READY once it has left; the hook waits for that.
 */
export const ESCAPES: Escape[] = [
  { name: 'coreutils timeout (own process group)', needs: 'timeout', start: `timeout 600 sh -c 'trap "" HUP; touch "$READY"; exec sleep 600' &` },
  { name: 'set -m (job control: a group per job)', needs: 'bash', start: `set -m\n(trap '' HUP; touch "$READY"; exec sleep 600) &\nset +m` },
  { name: 'setpgid via python3', needs: 'python3', start: `python3 -c 'import os, signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN); os.setpgid(0, 0); open(os.environ["READY"], "w").close(); time.sleep(600)' &` },
  { name: 'setpgid via perl', needs: 'perl', start: `perl -e '$SIG{HUP} = "IGNORE"; setpgrp(0, 0); open(my $f, ">", $ENV{READY}); close $f; sleep 600' &` },
  { name: 'setsid nohup (new session)', needs: 'setsid', start: `setsid nohup sh -c 'touch "$READY"; exec sleep 600' >/dev/null 2>&1 &` },
  {
    name: 'env -i and setpgid (no cookie, same session)',
    needs: 'python3',
    start: `env -i READY="$READY" python3 -c 'import os, signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN); os.setpgid(0, 0); open(os.environ["READY"], "w").close(); time.sleep(600)' MARK &`,
    noCookie: true,
  },
];

/** A hook that starts `start`, waits until the escape has left the group, says so, then does `then`. */
export function hookScript(start: string, then: string, mark: string): string {
  return `#!/bin/bash\nREADY="$(mktemp -u)"; export READY\n${start.replaceAll('MARK', mark)}\nwhile [ ! -e "$READY" ]; do sleep 0.01; done\nrm -f "$READY"\necho "escaped: $!"\n${then}\n`;
}

/**
 * Registers the escape tests — each escape ended at the run's end, on timeout and on cancel, and what
 * a stop must also reach — for one way of finding a run's processes (`how` goes to runHookProcess).
 */
export function escapeTests(ctx: () => { sb: Sandbox; mark: string }, how: Partial<HookProcessOptions> & { orphansWithoutCookie?: boolean }): void {
  const { orphansWithoutCookie = true, ...options } = how;
  const hookScriptFor = (start: string, then: string): string => hookScript(start, then, ctx().mark);
  const withMark = (): Partial<HookProcessOptions> => ({ ...options, env: { ...ctx().sb.options('').env, [MARK_VAR]: ctx().mark } });
  for (const e of ESCAPES) {
    describe.runIf(has(e.needs))(e.name, () => {
      it.skipIf(e.noCookie === true && !orphansWithoutCookie)('is ended when the hook exits on its own', async () => {
        const r = await runHookProcess(ctx().sb.options(hookScriptFor(e.start, 'exit 0'), { ...withMark(), killGraceMs: 1000 }));
        expect(r.output).toContain('escaped:');
        expect(r).toMatchObject({ exitCode: 0, timedOut: false });
        expect(['SIGTERM', 'SIGKILL']).toContain(r.leftoversKilledWith);
        expect(survivors(ctx().mark)).toEqual([]);
      });

      // The timeout counts from the spawn; python3 alone takes seconds to start on a loaded machine.
      it('is ended on timeout', async () => {
        const r = await runHookProcess(ctx().sb.options(hookScriptFor(e.start, 'sleep 600'), { ...withMark(), timeoutMs: e.needs === 'python3' ? 15_000 : 4000, killGraceMs: 1000 }));
        expect(r.output).toContain('escaped:');
        expect(r.timedOut).toBe(true);
        // SIGTERM ends all of them; on a loaded machine one may not be scheduled within the grace.
        expect(['SIGTERM', 'SIGKILL']).toContain(r.killedWith);
        expect(survivors(ctx().mark)).toEqual([]);
      });

      it('is ended on cancel', async () => {
        const ac = new AbortController();
        let seen = '';
        const r = await runHookProcess(
          ctx().sb.options(hookScriptFor(e.start, 'sleep 600'), {
            ...withMark(),
            killGraceMs: 1000,
            signal: ac.signal,
            onData: (d) => {
              seen += d;
              if (seen.includes('escaped:')) ac.abort();
            },
          }),
        );
        expect(r.cancelled).toBe(true);
        expect(['SIGTERM', 'SIGKILL']).toContain(r.killedWith);
        expect(survivors(ctx().mark)).toEqual([]);
      });
    });
  }

  it('escalates to SIGKILL for an escaped process that ignores SIGTERM', async () => {
    const start = `setsid sh -c 'trap "" TERM HUP; touch "$READY"; while :; do sleep 1; done' >/dev/null 2>&1 &`;
    const r = await runHookProcess(ctx().sb.options(hookScriptFor(start, 'exit 0'), { ...withMark(), killGraceMs: 300 }));
    expect(r).toMatchObject({ exitCode: 0, leftoversKilledWith: 'SIGKILL' });
    expect(survivors(ctx().mark)).toEqual([]);
  });

  it('ends what an escaped process forks while it is being stopped', async () => {
    // On SIGTERM the escaped process starts another one before it goes: that one is found and ended too.
    const start = `setsid sh -c 'trap "setsid sleep 600 & exit 0" TERM; trap "" HUP; touch "$READY"; while :; do sleep 0.05; done' >/dev/null 2>&1 &`;
    const r = await runHookProcess(ctx().sb.options(hookScriptFor(start, 'exit 0'), { ...withMark(), killGraceMs: 500 }));
    expect(r.exitCode).toBe(0);
    expect(survivors(ctx().mark)).toEqual([]);
  });
}
