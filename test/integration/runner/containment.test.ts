// Hook processes that leave the process group (coreutils timeout, job control, setpgid, setsid) are
// still ended with the run: at its normal end, on timeout and on cancel. Real shells, real escapes;
// each escape signals that it has left the group before the hook goes on, so none is caught early.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { RUN_COOKIE_VAR, RunContainment } from '../../../electron/core/runner/containment';
import { ESCAPES, has, hookScript as escapeScript, killSurvivors, MARK_VAR, survivors } from './escapes';
import { makeSandbox, type Sandbox } from './fixtures';

const linux = process.platform === 'linux';
const hookScript = (start: string, then: string): string => escapeScript(start, then, mark);

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

describe.runIf(linux)('runHookProcess: processes that leave the process group end with the run', () => {
  for (const e of ESCAPES) {
    describe.runIf(has(e.needs))(e.name, () => {
      it('is ended when the hook exits on its own', async () => {
        const r = await runHookProcess(sb.options(hookScript(e.start, 'exit 0'), { env: { ...sb.options('').env, [MARK_VAR]: mark }, killGraceMs: 1000 }));
        expect(r.output).toContain('escaped:');
        expect(r).toMatchObject({ exitCode: 0, timedOut: false });
        expect(['SIGTERM', 'SIGKILL']).toContain(r.leftoversKilledWith);
        expect(survivors(mark)).toEqual([]);
      });

      // The timeout counts from the spawn; python3 alone takes seconds to start on a loaded machine.
      it('is ended on timeout', async () => {
        const r = await runHookProcess(sb.options(hookScript(e.start, 'sleep 600'), { env: { ...sb.options('').env, [MARK_VAR]: mark }, timeoutMs: e.needs === 'python3' ? 15_000 : 4000, killGraceMs: 1000 }));
        expect(r.output).toContain('escaped:');
        expect(r.timedOut).toBe(true);
        // SIGTERM ends all of them; on a loaded machine one may not be scheduled within the grace.
        expect(['SIGTERM', 'SIGKILL']).toContain(r.killedWith);
        expect(survivors(mark)).toEqual([]);
      });

      it('is ended on cancel', async () => {
        const ac = new AbortController();
        let seen = '';
        const r = await runHookProcess(
          sb.options(hookScript(e.start, 'sleep 600'), {
            env: { ...sb.options('').env, [MARK_VAR]: mark },
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
        expect(survivors(mark)).toEqual([]);
      });
    });
  }

  it('escalates to SIGKILL for an escaped process that ignores SIGTERM', async () => {
    const start = `setsid sh -c 'trap "" TERM HUP; touch "$READY"; while :; do sleep 1; done' >/dev/null 2>&1 &`;
    const r = await runHookProcess(sb.options(hookScript(start, 'exit 0'), { env: { ...sb.options('').env, [MARK_VAR]: mark }, killGraceMs: 300 }));
    expect(r).toMatchObject({ exitCode: 0, leftoversKilledWith: 'SIGKILL' });
    expect(survivors(mark)).toEqual([]);
  });

  it('ends what an escaped process forks while it is being stopped', async () => {
    // On SIGTERM the escaped process starts another one before it goes: that one is found and ended too.
    const start = `setsid sh -c 'trap "setsid sleep 600 & exit 0" TERM; trap "" HUP; touch "$READY"; while :; do sleep 0.05; done' >/dev/null 2>&1 &`;
    const r = await runHookProcess(sb.options(hookScript(start, 'exit 0'), { env: { ...sb.options('').env, [MARK_VAR]: mark }, killGraceMs: 500 }));
    expect(r.exitCode).toBe(0);
    expect(survivors(mark)).toEqual([]);
  });

  it('documented limit: a process that clears its environment AND starts a new session is not found', async () => {
    const start = `env -i READY="$READY" setsid bash -c 'trap "" HUP; touch "$READY"; exec -a sleep-MARK sleep 600' >/dev/null 2>&1 &`;
    const r = await runHookProcess(sb.options(hookScript(start, 'exit 0'), { killGraceMs: 300 }));
    expect(r.exitCode).toBe(0);
    const left = survivors(mark);
    expect(left.map((p) => p.cmd)).toEqual([`sleep-${mark} 600`]);
  });

  it('finds nothing, cheaply, for a hook that started nothing', () => {
    const c = new RunContainment();
    c.started(process.pid); // a running process we know: ourselves, never a member
    expect(c.members()).toEqual([]);
    expect(c.env).toEqual({ [RUN_COOKIE_VAR]: c.cookie });
    expect(c.cookie).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the run folder holds no record of a finished run', async () => {
    const r = await runHookProcess(sb.options('exit 0\n', { leftoverLabel: { what: 'test' } }));
    expect(r.exitCode).toBe(0);
    expect(fs.readdirSync(sb.runDir).filter((n) => n.startsWith('running-'))).toEqual([]);
    expect(path.isAbsolute(sb.runDir)).toBe(true);
  });
});
