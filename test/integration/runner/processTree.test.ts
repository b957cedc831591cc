// The macOS way of finding a hook's processes — process listings from `ps` (processTree.ts) — run
// on Linux with procps' ps: every escape from the process group is ended at the run's end, on
// timeout and on cancel. To be sure the listing is what finds them, the runner's /proc readers
// (procInfo.ts) answer as on a machine without /proc; the test itself still looks in /proc.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { RunContainment } from '../../../electron/core/runner/containment';
import { ESCAPES, has, hookScript as escapeScript, killSurvivors, MARK_VAR, survivors } from './escapes';
import { makeSandbox, type Sandbox } from './fixtures';

vi.mock('../../../electron/core/runner/procInfo', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../electron/core/runner/procInfo')>();
  return {
    ...real,
    readProcStat: () => null,
    environHas: () => false,
    listPids: () => [],
    taskCount: () => null,
    lastPid: () => null,
    forkCount: () => null,
    isOwnThread: () => false,
    ownStartTicks: () => null,
  };
});

const linux = process.platform === 'linux';

let sb: Sandbox;
let mark: string;
beforeEach(() => {
  sb = makeSandbox();
  mark = `m${randomBytes(6).toString('hex')}`;
});
afterEach(() => {
  killSurvivors(mark);
  sb.cleanup();
});

const hookScript = (start: string, then: string): string => escapeScript(start, then, mark);
const env = (): Record<string, string> => ({ ...sb.options('').env, [MARK_VAR]: mark });

describe.runIf(linux && has('ps'))('runHookProcess with ps listings (the macOS way): processes that left the group end with the run', () => {
  for (const e of ESCAPES) {
    describe.runIf(has(e.needs))(e.name, () => {
      // Without a cookie, a child that left the group is found through the hook's tree; once the
      // hook has exited it is an orphan, found only if a look while the hook ran saw it (a quick
      // hook gets none): the runMembers unit tests pin that.
      it.skipIf(e.noCookie)('is ended when the hook exits on its own', async () => {
        const r = await runHookProcess(sb.options(hookScript(e.start, 'exit 0'), { env: env(), killGraceMs: 1000, processLookup: 'ps' }));
        expect(r.output).toContain('escaped:');
        expect(r).toMatchObject({ exitCode: 0, timedOut: false });
        expect(['SIGTERM', 'SIGKILL']).toContain(r.leftoversKilledWith);
        expect(survivors(mark)).toEqual([]);
      });

      it('is ended on timeout', async () => {
        const r = await runHookProcess(sb.options(hookScript(e.start, 'sleep 600'), { env: env(), timeoutMs: e.needs === 'python3' ? 15_000 : 4000, killGraceMs: 1000, processLookup: 'ps' }));
        expect(r.output).toContain('escaped:');
        expect(r.timedOut).toBe(true);
        expect(['SIGTERM', 'SIGKILL']).toContain(r.killedWith);
        expect(survivors(mark)).toEqual([]);
      });

      it('is ended on cancel', async () => {
        const ac = new AbortController();
        let seen = '';
        const r = await runHookProcess(
          sb.options(hookScript(e.start, 'sleep 600'), {
            env: env(),
            killGraceMs: 1000,
            signal: ac.signal,
            processLookup: 'ps',
            onData: (d) => {
              seen += d;
              if (seen.includes('escaped:')) ac.abort();
            },
          }),
        );
        expect(r.cancelled).toBe(true);
        expect(['SIGTERM', 'SIGKILL']).toContain(r.killedWith);
        expect(survivors(mark)).toEqual([]);
      });
    });
  }

  it('escalates to SIGKILL for an escaped process that ignores SIGTERM', async () => {
    const start = `setsid sh -c 'trap "" TERM HUP; touch "$READY"; while :; do sleep 1; done' >/dev/null 2>&1 &`;
    const r = await runHookProcess(sb.options(hookScript(start, 'exit 0'), { env: env(), killGraceMs: 300, processLookup: 'ps' }));
    expect(r).toMatchObject({ exitCode: 0, leftoversKilledWith: 'SIGKILL' });
    expect(survivors(mark)).toEqual([]);
  });

  it('ends what an escaped process forks while it is being stopped', async () => {
    const start = `setsid sh -c 'trap "setsid sleep 600 & exit 0" TERM; trap "" HUP; touch "$READY"; while :; do sleep 0.05; done' >/dev/null 2>&1 &`;
    const r = await runHookProcess(sb.options(hookScript(start, 'exit 0'), { env: env(), killGraceMs: 500, processLookup: 'ps' }));
    expect(r.exitCode).toBe(0);
    expect(survivors(mark)).toEqual([]);
  });

  it('a hook that started nothing ends with nothing to end', async () => {
    const r = await runHookProcess(sb.options('exit 0\n', { processLookup: 'ps' }));
    expect(r).toMatchObject({ exitCode: 0, leftoversKilledWith: null, killedWith: null });
  });

  it('never counts the process that runs the hook', async () => {
    const c = new RunContainment(undefined, { lookup: 'ps' });
    c.started(process.pid); // ourselves: never a member
    expect(await c.members()).toEqual([]);
    c.close();
  });
});
