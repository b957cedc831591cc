// Issue "The CLI tells the truth", item 1: END after a skip or a hold is opt-in per hook
// (`alsoAfterSkip`), as in Backrest — a monitoring ping on END must not say "success" while no
// backup ran. SNAPSHOT_SKIPPED fires as before. The real CLI, real hooks in real ptys.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

function setup(startScript: string) {
  const home = tempHome();
  const mark = path.join(home, 'marks');
  writeHooks(home, [
    { id: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: startScript },
    markerHook('skipped', ['CONDITION_SNAPSHOT_SKIPPED'], mark),
    // The healthchecks shape: pings success on END when .Error is empty. Not opted in.
    markerHook('ping', ['CONDITION_SNAPSHOT_END'], mark, { script: '#!/bin/sh\necho "ping {{ if .Error }}fail{{ else }}success{{ end }}" >> "$MARK"\n' }),
    // Cleanup (an unmount): opted in, runs after a skip too.
    markerHook('unmount', ['CONDITION_SNAPSHOT_END'], mark, { alsoAfterSkip: true, script: '#!/bin/sh\necho "unmount" >> "$MARK"\n' }),
  ]);
  return { home, mark, env: { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' } };
}

describe('END after a skip is opt-in (alsoAfterSkip)', () => {
  it('a START hook that skips: SKIPPED fires, the opted-in END hook runs, the monitoring END hook does not ping success', async () => {
    const t = setup('#!/bin/sh\necho "Battery at 15%"\nexit 1\n');
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(readMarks(t.mark)).toEqual(['CONDITION_SNAPSHOT_SKIPPED |', 'unmount']);
  });

  it('a hold: no START hooks, SKIPPED and only the opted-in END hook', async () => {
    const t = setup('#!/bin/sh\necho "START must not run during a hold" >> "$MARK"\n');
    expect((await runCli(['hold', '1h'], { env: t.env })).code).toBe(0);
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(r.stdout).toMatch(/hookgate: skip — held by user until/);
    expect(readMarks(t.mark)).toEqual(['CONDITION_SNAPSHOT_SKIPPED |', 'unmount']);
  });

  it('a tool that reports a skip itself (signal snapshot-skipped): the same rule', async () => {
    const t = setup('exit 0');
    const r = await runCli(['signal', 'snapshot-skipped', '--plan', 'laptop'], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readMarks(t.mark)).toEqual(['CONDITION_SNAPSHOT_SKIPPED |', 'unmount']);
  });

  it('a backup that ran: every END hook runs, the ping says success', async () => {
    const t = setup('exit 0');
    expect((await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: t.env })).code).toBe(0);
    const r = await runCli(['signal', 'snapshot-success', '--plan', 'laptop'], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readMarks(t.mark)).toEqual(['ping success', 'unmount']);
  });

  it('hooks add --also-after-skip sets it, show says it, edit --no-also-after-skip clears it', async () => {
    const home = tempHome();
    const env = { HOOKGATE_HOME: home };
    const add = await runCli(['hooks', 'add', '--name', 'unmount', '--condition', 'snapshot-end', '--script', '-', '--also-after-skip'], { env, input: 'umount /mnt/backup\n' });
    expect(add.code, add.stderr).toBe(0);
    const show = await runCli(['hooks', 'show', 'unmount'], { env });
    expect(show.stdout).toMatch(/after a skip: +yes/);
    expect((await runCli(['hooks', 'edit', 'unmount', '--no-also-after-skip'], { env })).code).toBe(0);
    const json = JSON.parse((await runCli(['hooks', 'show', 'unmount', '--json'], { env })).stdout);
    expect(json.alsoAfterSkip).toBe(false);
  });
});
