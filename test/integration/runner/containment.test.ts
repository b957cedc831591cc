// Hook processes that leave the process group (coreutils timeout, job control, setpgid, setsid) are
// still ended with the run: at its normal end, on timeout and on cancel. Real shells, real escapes;
// each escape signals that it has left the group before the hook goes on, so none is caught early.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { cgroupSupport } from '../../../electron/core/runner/cgroup';
import { RUN_COOKIE_VAR, RunContainment } from '../../../electron/core/runner/containment';
import { escapeTests, hookScript as escapeScript, killSurvivors, survivors } from './escapes';
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
  escapeTests(() => ({ sb, mark }), {});

  // Where this process has a cgroup to manage, the run's cgroup finds it (cgroup.test.ts).
  it.skipIf(cgroupSupport() !== null)('documented limit without a cgroup: a process that clears its environment AND starts a new session is not found', async () => {
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
