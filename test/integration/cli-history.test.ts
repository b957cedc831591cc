// `hookgate history …` end to end: the real built CLI reading a history written the way the
// engine writes it (HistoryStore appends into a temp HOOKGATE_HOME).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../electron/core/history';
import { hookgatePaths } from '../../electron/core/paths';
import { engineSettingsSchema } from '../../electron/shared/config';
import type { HookRunRecord, OperationRecord, OperationWithRuns } from '../../electron/shared/history';
import { CLI, runCli, tempHome } from '../helpers/cli';
import { op, run } from '../unit/history/records';

const LOG = Buffer.concat([Buffer.from('\x1b[1;31mBattery at 15%\x1b[0m\r\n'), Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from('no newline at the end')]);

interface Recorded {
  home: string;
  skipped: OperationRecord;
  proceeded: OperationRecord;
  failed: OperationRecord;
  batteryRun: HookRunRecord;
}

async function recordHistory(): Promise<Recorded> {
  const home = tempHome();
  const now = Date.now();
  const minutesAgo = (n: number) => new Date(now - n * 60_000).toISOString();
  const store = await HistoryStore.open(hookgatePaths(home), engineSettingsSchema.parse({}), { log: () => {} });
  const skipped = op({ startedAt: minutesAgo(30), plan: 'documents', repo: 'b2' });
  const batteryRun = run(skipped, { outcome: 'failed', exitCode: 1, reason: 'Battery at 15%', durationMs: 230, hookName: 'Battery', logBytes: LOG.length });
  await store.appendOperation(skipped);
  fs.writeFileSync(store.logPathFor(batteryRun.id), LOG);
  await store.appendHookRun(batteryRun);
  await store.appendOperation({ ...skipped, status: 'skipped', decision: 'skip', reason: 'Battery at 15%', endedAt: minutesAgo(29.9) });

  const proceeded = op({ startedAt: minutesAgo(20), plan: 'photos', repo: 'usb', command: ['restic', 'backup', '/home/alice/Pictures'] });
  await store.appendOperation({ ...proceeded, status: 'success', decision: 'proceed', reason: 'all START hooks passed', endedAt: minutesAgo(18), snapshotId: '4f2a9c1e', exitCode: 0 });
  await store.appendHookRun(run(proceeded, { condition: 'CONDITION_SNAPSHOT_START', logFile: null, logBytes: 0 }));
  await store.appendHookRun(run(proceeded, { condition: 'CONDITION_SNAPSHOT_END', startedAt: minutesAgo(18), logFile: null, logBytes: 0 }));

  const failed = op({ startedAt: minutesAgo(10), plan: 'documents', repo: 'b2' });
  await store.appendOperation({ ...failed, status: 'failed', decision: 'fail', reason: 'disk not mounted', error: 'hook "Mounted" failed', endedAt: minutesAgo(9) });
  return { home, skipped, proceeded, failed, batteryRun };
}

function hg(home: string, args: string[]) {
  return runCli(['history', ...args], { env: { HOOKGATE_HOME: home } });
}

describe('hookgate history', () => {
  it('an empty history says so; --json is an empty array', async () => {
    const home = tempHome();
    expect((await hg(home, [])).stdout).toBe('no operations recorded yet\n');
    const json = await hg(home, ['--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('lists operations newest first as a table, and as OperationWithRuns with --json; filters by plan and decision; pages with --limit/--before', async () => {
    const h = await recordHistory();
    const table = await hg(h.home, []);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID\s+WHEN\s+PLAN\s+REPO\s+KIND\s+DECISION\s+STATUS\s+REASON\s+DURATION$/);
    expect(rows[1]).toMatch(/^op-[0-9a-z]{6,}\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+documents\s+b2\s+snapshot\s+fail\s+failed\s+disk not mounted\s+1m$/);
    expect(rows[2]).toMatch(/\s+photos\s+usb\s+snapshot\s+proceed\s+success\s+all START hooks passed\s+2m$/);
    expect(rows[3]).toMatch(/\s+documents\s+b2\s+snapshot\s+skip\s+skipped\s+Battery at 15%\s+6\.0 s$/);

    const all = JSON.parse((await hg(h.home, ['--json'])).stdout) as OperationWithRuns[];
    expect(all.map((o) => o.id)).toEqual([h.failed.id, h.proceeded.id, h.skipped.id]);
    expect(all[2]).toMatchObject({ plan: 'documents', repo: 'b2', kind: 'snapshot', decision: 'skip', status: 'skipped', reason: 'Battery at 15%', startedAt: h.skipped.startedAt });
    expect(all[2]!.hookRuns).toEqual([h.batteryRun]);
    expect(all[1]!.hookRuns.map((r) => r.condition)).toEqual(['CONDITION_SNAPSHOT_START', 'CONDITION_SNAPSHOT_END']);

    const ids = async (args: string[]) => (JSON.parse((await hg(h.home, [...args, '--json'])).stdout) as OperationWithRuns[]).map((o) => o.id);
    expect(await ids(['--plan', 'documents'])).toEqual([h.failed.id, h.skipped.id]);
    expect(await ids(['--decision', 'skip'])).toEqual([h.skipped.id]);
    expect(await ids(['--limit', '1'])).toEqual([h.failed.id]);
    expect(await ids(['--limit', '1', '--before', h.failed.id])).toEqual([h.proceeded.id]);
    expect(await ids(['--text', 'mounted'])).toEqual([h.failed.id]);
  });

  it('the ID column shows short prefixes history show takes, with or without "op-"', async () => {
    const h = await recordHistory();
    const rows = (await hg(h.home, [])).stdout.trimEnd().split('\n').slice(1);
    const shown = rows.map((r) => r.split(/\s+/)[0]!);
    expect(shown).toHaveLength(3);
    // Made within a few milliseconds, these ids share a long start; each shown prefix is still unique.
    for (const [i, full] of [h.failed.id, h.proceeded.id, h.skipped.id].entries()) {
      expect(full.startsWith(shown[i]!), `${shown[i]} of ${full}`).toBe(true);
      expect(shown[i]!.length).toBeLessThan(full.length);
      const byPrefix = await hg(h.home, ['show', shown[i]!, '--json']);
      expect(byPrefix.stderr).toBe('');
      expect((JSON.parse(byPrefix.stdout) as OperationWithRuns).id).toBe(full);
      const withoutKind = await hg(h.home, ['show', shown[i]!.slice(3), '--json']);
      expect((JSON.parse(withoutKind.stdout) as OperationWithRuns).id).toBe(full);
    }
    const common = await hg(h.home, ['show', 'op-']);
    expect(common.code).toBe(2);
    expect(common.stderr).toMatch(/^hookgate history show: "op-" is the start of 3 operations: op-.*— give more of the id\n$/);
  });

  it('history show last, and last --plan P: the newest operation (of that plan)', async () => {
    const h = await recordHistory();
    const last = await hg(h.home, ['show', 'last']);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain(`operation:    ${h.failed.id} (snapshot)`);
    const photos = await hg(h.home, ['show', 'last', '--plan', 'photos', '--json']);
    expect((JSON.parse(photos.stdout) as OperationWithRuns).id).toBe(h.proceeded.id);
    const byPlan = await hg(h.home, ['show', '--plan', 'photos', '--json']);
    expect((JSON.parse(byPlan.stdout) as OperationWithRuns).id).toBe(h.proceeded.id);
    const none = await hg(h.home, ['show', 'last', '--plan', 'music']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('hookgate history show: no operations recorded yet for plan "music"\n');
    const both = await hg(h.home, ['show', h.failed.id, '--plan', 'photos']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--plan goes with last/);
  });

  it('a backup that failed after its gate let it through shows why it failed, not the gate\'s "power ok"', async () => {
    const h = await recordHistory();
    const store = await HistoryStore.open(hookgatePaths(h.home), engineSettingsSchema.parse({}), { log: () => {} });
    const broke = op({ startedAt: new Date().toISOString(), plan: 'laptop', repo: 'nas', command: ['restic', 'backup', '/home'] });
    await store.appendOperation({
      ...broke,
      status: 'error',
      decision: 'proceed',
      reason: 'power ok',
      error: 'restic exited 1: Fatal: unable to open repository\nFatal: wrong password or no key found',
      endedAt: new Date().toISOString(),
      exitCode: 1,
    });
    store.close();
    const rows = (await hg(h.home, [])).stdout.split('\n');
    expect(rows[1]).toMatch(/\s+laptop\s+nas\s+snapshot\s+proceed\s+error\s+Fatal: wrong password or no key found\s+\d+ ms$/);
    expect(rows[1]).not.toContain('power ok');
    const shown = (await hg(h.home, ['show', 'last'])).stdout;
    expect(shown).toContain('decision:     proceed — power ok\n');
    expect(shown).toContain('reason:       restic exited 1: Fatal: unable to open repository\n              Fatal: wrong password or no key found\n');
  });

  it('history show RUN-ID prints the log bytes exactly as recorded', async () => {
    const h = await recordHistory();
    // stdout as bytes (runCli decodes it as UTF-8)
    const out = execFileSync(process.execPath, [CLI, 'history', 'show', h.batteryRun.id], { env: { PATH: process.env.PATH, HOOKGATE_HOME: h.home } });
    expect(Buffer.compare(out, LOG)).toBe(0);
  });

  it('history show OPERATION-ID prints the operation and its hook runs; --json prints it as JSON', async () => {
    const h = await recordHistory();
    const text = await hg(h.home, ['show', h.proceeded.id]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`operation:    ${h.proceeded.id} (snapshot)`);
    expect(text.stdout).toContain('decision:     proceed');
    expect(text.stdout).toContain('snapshot:     4f2a9c1e');
    expect(text.stdout).toContain('command:      restic backup /home/alice/Pictures');
    expect(text.stdout).toMatch(/hook runs \(show a log with "hookgate history show RUN-ID"\):\n {2}RUN\s+CONDITION\s+HOOK/);
    expect(text.stdout).toMatch(/SNAPSHOT_START\s+Battery\s+1\s+ok\s+0\s+120 ms\s+Battery at 80%/);
    const json = JSON.parse((await hg(h.home, ['show', h.skipped.id, '--json'])).stdout) as OperationWithRuns;
    expect(json.id).toBe(h.skipped.id);
    expect(json.hookRuns).toEqual([h.batteryRun]);
    expect(JSON.parse((await hg(h.home, ['show', h.batteryRun.id, '--json'])).stdout)).toEqual(h.batteryRun);
  });

  it('refuses ../ and other non-plain ids, unknown ids and bad flags with exit 2', async () => {
    const h = await recordHistory();
    const cases: [string[], RegExp][] = [
      [['show', '../x'], /not a valid id: "\.\.\/x"/],
      [['show', '../../etc/passwd'], /not a valid id/],
      [['show', 'a/b'], /not a valid id/],
      [['show', '..'], /not a valid id/],
      [['show', 'run-nothing-like-it'], /no operation or hook run with the id run-nothing-like-it/],
      [['show'], /expected one ID/],
      [['show', 'a', 'b'], /expected one ID/],
      [['--decision', 'maybe'], /--decision: unknown decision "maybe" \(one of proceed, skip, fail, wait\)/],
      [['--limit', 'ten'], /--limit: "ten" is not a whole number/],
      [['--before', 'yesterday-ish'], /--before: "yesterday-ish" is neither an operation id nor an ISO time/],
      [['--colour'], /unknown flag --colour/],
    ];
    const results = await Promise.all(cases.map(([args]) => hg(h.home, args)));
    for (const [i, [args, message]] of cases.entries()) {
      expect({ args, code: results[i]!.code }).toEqual({ args, code: 2 });
      expect(results[i]!.stderr).toMatch(message);
      expect(results[i]!.stdout).toBe('');
    }
  });

  it('a torn last line left by a crash is repaired on the next read and reported once', async () => {
    const h = await recordHistory();
    const file = hookgatePaths(h.home).historyFile;
    fs.appendFileSync(file, '{"type":"operation","id":"op-torn","kind":"snaps');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const first = await hg(h.home, ['--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toHaveLength(3);
    expect(first.stderr).toMatch(/^hookgate: history: .*history\.jsonl: the last line was cut short \(\d+ bytes, a crash while writing\?\); removed it\n$/);
    expect(fs.readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    const second = await hg(h.home, []);
    expect(second.stderr).toBe('');
  });
});

describe('the history files', () => {
  it('live in HOOKGATE_HOME/history with user-only permissions', async () => {
    const h = await recordHistory();
    const paths = hookgatePaths(h.home);
    expect(fs.statSync(paths.historyDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(paths.logsDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(paths.historyFile).mode & 0o777).toBe(0o600);
    expect(path.dirname(paths.logsDir)).toBe(paths.historyDir);
  });
});
