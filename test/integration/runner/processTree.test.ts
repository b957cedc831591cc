// The macOS way of finding a hook's processes — process listings from `ps` (processTree.ts) — run
// on Linux with procps' ps: every escape from the process group is ended at the run's end, on
// timeout and on cancel. To be sure the listing is what finds them, the runner's /proc readers
// (procInfo.ts) answer as on a machine without /proc; the test itself still looks in /proc.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runHookProcess } from '../../../electron/core/runner';
import { RunContainment } from '../../../electron/core/runner/containment';
import { escapeTests, has, killSurvivors, survivors } from './escapes';
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

describe.runIf(linux && has('ps'))('runHookProcess with ps listings (the macOS way): processes that left the group end with the run', () => {
  // Without a cookie, a child that left the group is found through the hook's tree; once the hook
  // has exited it is an orphan, found only if a look while the hook ran saw it (a quick hook gets
  // none): the runMembers unit tests pin that, so that case is not run here.
  escapeTests(() => ({ sb, mark }), { processLookup: 'ps', orphansWithoutCookie: false });

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

  it('remembers what a look saw: a child that cleared its environment and left the session is still the run’s once its parent is gone', async () => {
    const ready = path.join(sb.dir, 'ready');
    // The parent starts the child, says so, and waits; the child has no cookie, no group, no session of the hook's.
    const c = new RunContainment(undefined, { lookup: 'ps' }); // made before the spawn, as runHookProcess does
    const parent = spawn('bash', ['-c', `env -i setsid bash -c 'exec -a sleep-${mark} sleep 600' & touch "${ready}"; wait`], { stdio: 'ignore' });
    c.started(parent.pid!);
    try {
      while (!fs.existsSync(ready)) await new Promise((r) => setTimeout(r, 10));
      // `ready` is touched once the child is started, not once it has become `sleep-…`: wait for that.
      const deadline = Date.now() + 10_000;
      let [child] = survivors(mark).filter((p) => p.cmd.startsWith('sleep-'));
      while (!child && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        [child] = survivors(mark).filter((p) => p.cmd.startsWith('sleep-'));
      }
      expect(child).toBeDefined();
      await c.look(); // the tree as it stands: parent → child
      const exited = new Promise((r) => parent.once('exit', r));
      parent.kill('SIGKILL');
      await exited;
      c.mainExited();
      // The child is an orphan now (its parent pid is 1 or a subreaper's), found only because it was seen.
      expect(await c.members()).toEqual([child!.pid]);
      // A fresh run that never looked while the parent lived cannot find it: the limit the README states.
      const blind = new RunContainment(undefined, { lookup: 'ps' });
      blind.started(parent.pid!);
      expect(await blind.members()).toEqual([]);
      blind.close();
    } finally {
      c.close();
      parent.kill('SIGKILL');
    }
  });
});
