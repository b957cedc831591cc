import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { HistoryError, HistoryStore, newId } from '../../../electron/core/history';
import { serializeRecord } from '../../../electron/core/history/historyStore';
import { hookgatePaths, type HookgatePaths } from '../../../electron/core/paths';
import { engineSettingsSchema, type EngineSettings } from '../../../electron/shared/config';
import type { HistoryRecord } from '../../../electron/shared/history';
import { tempHome } from '../../helpers/cli';
import { bundleChild, runChild, waitForLine } from '../config/childProcess';
import { minutesAgo, op, run } from './records';

const DEFAULTS = engineSettingsSchema.parse({});

function setup(records: HistoryRecord[] = [], extra = ''): HookgatePaths {
  const paths = hookgatePaths(tempHome());
  fs.mkdirSync(paths.logsDir, { recursive: true });
  if (records.length || extra) fs.writeFileSync(paths.historyFile, records.map((r) => serializeRecord(r) + '\n').join('') + extra);
  return paths;
}

function open(paths: HookgatePaths, settings: Partial<EngineSettings> = {}, log: (m: string) => void = () => {}): Promise<HistoryStore> {
  return HistoryStore.open(paths, { ...DEFAULTS, ...settings }, { log });
}

function lines(paths: HookgatePaths): string[] {
  return fs.readFileSync(paths.historyFile, 'utf8').split('\n').filter(Boolean);
}

/** A file's mtime pushed into the past, so that a torn tail is not mistaken for a write in progress. */
function age(file: string): void {
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(file, old, old);
}

describe('appending and reading back', () => {
  it('an operation appended again replaces the earlier state; its hook runs come with it, also after reopening', async () => {
    const paths = setup();
    const store = await open(paths);
    const o = op();
    const r1 = run(o, { condition: 'CONDITION_SNAPSHOT_START' });
    const r2 = run(o, { condition: 'CONDITION_SNAPSHOT_END', startedAt: minutesAgo(-1) });
    await store.appendOperation(o);
    await store.appendHookRun(r1);
    await store.appendOperation({ ...o, status: 'success', decision: 'proceed', reason: 'Battery at 80%' });
    await store.appendHookRun(r2);
    for (const s of [store, await open(paths)]) {
      const got = s.get(o.id)!;
      expect(got).toMatchObject({ id: o.id, status: 'success', decision: 'proceed', reason: 'Battery at 80%' });
      expect(got.hookRuns.map((r) => r.id)).toEqual([r1.id, r2.id]);
      expect(s.getHookRun(r2.id)).toEqual(r2);
      expect(s.list()).toHaveLength(1);
    }
    expect(lines(paths)).toHaveLength(4);
    expect(fs.statSync(paths.historyFile).mode & 0o777).toBe(0o600);
  });

  it('mutating a record after appending it (or one returned by list) does not change the history', async () => {
    const paths = setup();
    const store = await open(paths);
    const o = op();
    await store.appendOperation(o);
    o.status = 'failed';
    store.list()[0]!.status = 'skipped';
    expect(store.get(o.id)!.status).toBe('gating');
  });

  it('an invalid record is refused with the field named, and nothing is written', async () => {
    const paths = setup();
    const store = await open(paths);
    const bad = { ...op(), status: 'exploded' } as unknown as Parameters<HistoryStore['appendOperation']>[0];
    await expect(store.appendOperation(bad)).rejects.toThrow(/cannot record operation "op-[a-z0-9]+": status: invalid value "exploded"/);
    expect(fs.existsSync(paths.historyFile)).toBe(false);
  });

  it('each record is one line that starts with its type and id', async () => {
    const paths = setup();
    const store = await open(paths);
    const o = op();
    await store.appendHookRun(run(o, { id: 'run-1' }));
    await store.appendOperation(o);
    const [a, b] = lines(paths);
    expect(a).toMatch(/^\{"type":"hookRun","id":"run-1","operationId":"op-/);
    expect(b).toMatch(/^\{"type":"operation","id":"op-/);
  });

  it('the state with the highest revision wins, wherever its line is (a compaction may reorder lines)', async () => {
    const o = op();
    const paths = setup();
    fs.writeFileSync(
      paths.historyFile,
      serializeRecord({ ...o, status: 'success' }, 300) + '\n' + serializeRecord({ ...o, status: 'running' }, 200) + '\n' + serializeRecord(o, 100) + '\n',
    );
    const store = await open(paths);
    expect(store.get(o.id)!.status).toBe('success');
    expect(store.get(o.id)).not.toHaveProperty('rev');
    // and an append after that outranks it
    await store.appendOperation({ ...o, status: 'failed' });
    expect(store.get(o.id)!.status).toBe('failed');
    expect((await open(paths)).get(o.id)!.status).toBe('failed');
  });

  it('a damaged latest line of an operation gives way to its previous state', async () => {
    const o = op();
    const paths = setup();
    const good = serializeRecord({ ...o, status: 'running' }, 200);
    const damaged = serializeRecord({ ...o, status: 'success' }, 300).slice(0, 90);
    fs.writeFileSync(paths.historyFile, `${good}\n${damaged}\n`);
    const store = await open(paths);
    expect(store.get(o.id)!.status).toBe('running');
    expect(store.problems).toEqual([expect.stringMatching(/line 2: not valid JSON/)]);
  });

  it('a run appended before its operation is attached when the operation arrives', async () => {
    const o = op();
    const r = run(o);
    const paths = setup([r, o]);
    const store = await open(paths);
    expect(store.get(o.id)!.hookRuns.map((x) => x.id)).toEqual([r.id]);
  });
});

describe('surviving damage', () => {
  it('a torn last line (a crash mid-write) is truncated away and logged once; the rest is intact', async () => {
    const a = op();
    const b = op();
    const torn = serializeRecord(op()).slice(0, 57);
    const paths = setup([a, b], torn);
    age(paths.historyFile);
    const log = vi.fn();
    const store = await open(paths, {}, log);
    expect(store.list().map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/the last line was cut short \(57 bytes, a crash while writing\?\); removed it/);
    expect(fs.readFileSync(paths.historyFile, 'utf8')).toBe(serializeRecord(a) + '\n' + serializeRecord(b) + '\n');
    expect(store.problems).toEqual([]);
    const again = vi.fn();
    await open(paths, {}, again);
    expect(again).not.toHaveBeenCalled();
  });

  it('a last record that only lacks its newline is kept and completed', async () => {
    const a = op();
    const b = op();
    const paths = setup([a], serializeRecord(b));
    age(paths.historyFile);
    const store = await open(paths);
    expect(store.get(b.id)).not.toBeNull();
    expect(fs.readFileSync(paths.historyFile, 'utf8').endsWith('\n')).toBe(true);
  });

  it('a corrupt line in the middle is skipped and reported with its line number; the file is not changed', async () => {
    const a = op();
    const b = op();
    const paths = setup([a], `{"type":"operation","id":"x", garbage\n${serializeRecord(b)}\n{"type":"hookRun","id":"r"}\n`);
    const before = fs.readFileSync(paths.historyFile);
    const store = await open(paths);
    expect(store.list().map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
    expect(store.problems).toHaveLength(2);
    expect(store.problems[0]).toMatch(/history\.jsonl: line 2: not valid JSON .*; skipped/);
    expect(store.problems[1]).toMatch(/history\.jsonl: line 4: operationId: is missing \(expected string\)/);
    expect(fs.readFileSync(paths.historyFile).equals(before)).toBe(true);
  });

  it('a record appended after a torn fragment starts on its own line instead of being glued to it', async () => {
    const paths = setup([op()]);
    const store = await open(paths);
    fs.appendFileSync(paths.historyFile, '{"type":"operation","id":"torn-by-a-cras');
    const b = op();
    await store.appendOperation(b);
    const reopened = await open(paths);
    expect(reopened.get(b.id)).not.toBeNull();
    expect(reopened.problems.join('\n')).toMatch(/line 2: not valid JSON/);
  });

  it('an unreadable history is a problem, not a crash', async () => {
    const paths = setup();
    fs.mkdirSync(paths.historyFile);
    const store = await open(paths);
    expect(store.list()).toEqual([]);
    expect(store.problems[0]).toMatch(/history\.jsonl: cannot be read \(EISDIR\)/);
  });
});

describe('retention', () => {
  it('beyond historyMaxOperations plus a margin, the file is compacted to the newest operations and the pruned runs\' logs are deleted', async () => {
    const records: HistoryRecord[] = [];
    const all = Array.from({ length: 30 }, (_, i) => op({ startedAt: minutesAgo(100 - i) }));
    const runs = all.map((o) => run(o));
    all.forEach((o, i) => records.push(o, runs[i]!, { ...o, status: 'success', decision: 'proceed' }));
    const paths = setup(records);
    for (const r of runs) fs.writeFileSync(path.join(paths.logsDir, r.logFile!), `log of ${r.id}\n`);
    const log = vi.fn();
    const store = await open(paths, { historyMaxOperations: 10 }, log);
    const kept = all.slice(20).map((o) => o.id);
    expect(store.list({ limit: 100 }).map((o) => o.id)).toEqual([...kept].reverse());
    expect(store.list({ limit: 100 }).every((o) => o.status === 'success' && o.hookRuns.length === 1)).toBe(true);
    expect(fs.readdirSync(paths.logsDir).sort()).toEqual(runs.slice(20).map((r) => r.logFile!).sort());
    expect(lines(paths)).toHaveLength(20); // one line per operation and per run: superseded lines are gone too
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/compacted .* kept 10 operations, removed 20 operations, 20 hook runs and 20 logs/));
    expect(fs.readdirSync(paths.historyDir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('within the margin the file is left alone', async () => {
    const paths = setup(Array.from({ length: 11 }, (_, i) => op({ startedAt: minutesAgo(20 - i) })));
    const ino = fs.statSync(paths.historyFile).ino;
    const store = await open(paths, { historyMaxOperations: 10 });
    expect(store.list({ limit: 100 })).toHaveLength(11);
    expect(fs.statSync(paths.historyFile).ino).toBe(ino);
  });

  it('operations older than historyMaxDays go once the oldest is past the margin', async () => {
    const old = op({ startedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    const oldRun = run(old);
    const recent = op({ startedAt: minutesAgo(5) });
    const paths = setup([old, oldRun, recent]);
    fs.writeFileSync(path.join(paths.logsDir, oldRun.logFile!), 'x');
    const store = await open(paths, { historyMaxDays: 30 });
    expect(store.list().map((o) => o.id)).toEqual([recent.id]);
    expect(fs.existsSync(path.join(paths.logsDir, oldRun.logFile!))).toBe(false);
  });

  it('a long-running store compacts after appends push it over the limit', async () => {
    const paths = setup();
    const log = vi.fn();
    const store = await open(paths, { historyMaxOperations: 10 }, log);
    for (let i = 0; i < 25; i++) await store.appendOperation(op({ startedAt: minutesAgo(30 - i), status: 'success' }));
    await store.refresh(); // queued after the compaction
    // compacted once, at the 21st operation, down to 10; then 4 more
    expect(log).toHaveBeenCalledTimes(1);
    expect(store.list({ limit: 100 })).toHaveLength(14);
    expect(lines(paths)).toHaveLength(14);
  });

  it('operations still deciding or running are not pruned, and their presence does not make it compact again and again', async () => {
    const paths = setup();
    const log = vi.fn();
    const store = await open(paths, { historyMaxOperations: 10 }, log);
    for (let i = 0; i < 25; i++) await store.appendOperation(op({ startedAt: minutesAgo(30 - i), status: 'gating' }));
    await store.refresh();
    expect(store.list({ limit: 100 })).toHaveLength(25);
    expect(log).not.toHaveBeenCalled();
  });
});

describe('several processes', () => {
  let child: string;
  beforeAll(async () => {
    child = await bundleChild(path.join(import.meta.dirname, 'historyChild.ts'));
  });

  it('refresh reads what another store appended, and notices when another store compacted the file', async () => {
    const paths = setup();
    const a = await open(paths);
    const b = await open(paths, { historyMaxOperations: 10 });
    const o = op();
    await b.appendOperation(o);
    expect(a.get(o.id)).toBeNull();
    await a.refresh();
    expect(a.get(o.id)).not.toBeNull();
    await a.refresh(); // nothing new: no change
    expect(a.list()).toHaveLength(1);

    for (let i = 0; i < 30; i++) await b.appendOperation(op({ startedAt: minutesAgo(-i) }));
    await b.refresh();
    await a.refresh();
    expect(a.list({ limit: 100 }).map((x) => x.id)).toEqual(b.list({ limit: 100 }).map((x) => x.id));
  });

  it('two processes appending at once lose and tear nothing', async () => {
    const paths = setup();
    const [x, y] = await Promise.all([runChild(child, ['append', paths.home, 'x', '150']).done, runChild(child, ['append', paths.home, 'y', '150']).done]);
    expect(x.stderr + y.stderr).toBe('');
    const store = await open(paths);
    expect(store.problems).toEqual([]);
    const ops = store.list({ limit: 1000 });
    expect(ops).toHaveLength(300);
    expect(ops.every((o) => o.status === 'success' && o.hookRuns.length === 1)).toBe(true);
    expect(lines(paths)).toHaveLength(900);
  });

  it('a compaction racing with another process\'s appends loses none of them, and keeps each one\'s last state', async () => {
    const paths = setup();
    const stop = path.join(paths.home, 'stop');
    let compactions = 0;
    const appender = runChild(child, ['append-until', paths.home, 'other', stop]);
    await waitForLine(appender.child, 'started');
    const main = await open(paths, {}, (msg) => {
      if (/compacted/.test(msg)) compactions++;
    });
    // Superseded lines pile up here until the store compacts, twice, while the child appends.
    const mine = op({ plan: 'mine' });
    for (let i = 0; compactions < 2; i++) await main.appendOperation({ ...mine, attempts: i + 1 });
    fs.writeFileSync(stop, '');
    const done = await appender.done;
    expect(done.stderr).toBe('');
    const appended = Number(/appended (\d+)/.exec(done.stdout)![1]);
    const store = await open(paths);
    expect(store.problems).toEqual([]);
    const others = store.list({ limit: 100_000, plan: 'other' });
    expect(others).toHaveLength(appended);
    const broken = others.filter((o) => !(o.status === 'success' && o.hookRuns.length === 1));
    expect(broken).toEqual([]);
    expect(store.get(mine.id)!.attempts).toBe(main.get(mine.id)!.attempts);
  });
});

describe('queries', () => {
  it('findOpen: the newest gating, waiting or running operation of that plan and repo (and kind)', async () => {
    const paths = setup();
    const store = await open(paths);
    const older = op({ startedAt: minutesAgo(10), status: 'waiting' });
    const newer = op({ startedAt: minutesAgo(5), status: 'running' });
    const prune = op({ startedAt: minutesAgo(1), kind: 'prune', status: 'gating' });
    const otherRepo = op({ startedAt: minutesAgo(1), repo: 'b2', status: 'gating' });
    for (const o of [older, newer, prune, otherRepo]) await store.appendOperation(o);
    expect(store.findOpen('documents', 'usb')!.id).toBe(prune.id);
    expect(store.findOpen('documents', 'usb', 'snapshot')!.id).toBe(newer.id);
    await store.appendOperation({ ...newer, status: 'success' });
    expect(store.findOpen('documents', 'usb', 'snapshot')!.id).toBe(older.id);
    await store.appendOperation({ ...older, status: 'skipped' });
    expect(store.findOpen('documents', 'usb', 'snapshot')).toBeNull();
    expect(store.findOpen('photos', 'usb')).toBeNull();
  });

  it('list pages newest first with before (an id or a time), and filters by plan, decision and text', async () => {
    const paths = setup();
    const store = await open(paths);
    const ops = Array.from({ length: 120 }, (_, i) =>
      op({ startedAt: minutesAgo(200 - i), plan: i % 2 ? 'odd' : 'even', decision: i % 3 ? 'proceed' : 'skip', reason: i === 7 ? 'Battery at 15%' : '' }),
    );
    // appended out of order: the list is by start time, not by arrival
    for (const o of [...ops].reverse()) await store.appendOperation(o);
    const newestFirst = [...ops].reverse().map((o) => o.id);
    const page1 = store.list({ limit: 50 });
    const page2 = store.list({ limit: 50, before: page1[49]!.id });
    const page3 = store.list({ limit: 50, before: page2[49]!.id });
    expect([...page1, ...page2, ...page3].map((o) => o.id)).toEqual(newestFirst);
    expect(store.list()).toHaveLength(50);
    expect(store.list({ before: ops[10]!.startedAt, limit: 100 }).map((o) => o.id)).toEqual(newestFirst.slice(110));
    expect(store.list({ plan: 'odd', limit: 1000 }).every((o) => o.plan === 'odd')).toBe(true);
    expect(store.list({ decision: 'skip', limit: 1000 })).toHaveLength(40);
    expect(store.list({ text: 'battery AT 15' }).map((o) => o.id)).toEqual([ops[7]!.id]);
    expect(() => store.list({ before: 'neither-an-id-nor-a-time' })).toThrow(HistoryError);
  });

  it('readLog returns the log bytes exactly; logPathFor is inside the logs folder', async () => {
    const paths = setup();
    const store = await open(paths);
    const o = op();
    const r = run(o);
    await store.appendHookRun(r);
    expect(store.logPathFor(r.id)).toBe(path.join(paths.logsDir, `${r.id}.log`));
    const bytes = Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x72, 0x65, 0x64, 0x0d, 0x0a, 0xff, 0x00, 0xfe]);
    fs.writeFileSync(store.logPathFor(r.id), bytes);
    expect((await store.readLog(r.id)).equals(bytes)).toBe(true);
  });

  it('readLog and logPathFor refuse ids that are not plain ids', async () => {
    const store = await open(setup());
    for (const bad of ['../x', '../../etc/passwd', 'a/b', '..', 'x\0y', '', '.hidden', 'a\\b']) {
      await expect(store.readLog(bad)).rejects.toThrow(HistoryError);
      expect(() => store.logPathFor(bad)).toThrow(/not a valid id/);
    }
    await expect(store.readLog('../x')).rejects.toThrow('not a valid id: "../x" (ids are letters, digits, "-", "_" and ".", without "..")');
  });

  it('readLog: a run without a log reads as empty; an unknown id says so', async () => {
    const paths = setup();
    const store = await open(paths);
    const r = run(op(), { logFile: null });
    await store.appendHookRun(r);
    expect((await store.readLog(r.id)).length).toBe(0);
    await expect(store.readLog('run-unknown')).rejects.toThrow('no hook run with the id run-unknown');
  });

  it('newId: sortable by time, unique, plain', () => {
    const ids = Array.from({ length: 5000 }, () => newId('op'));
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => /^op-[a-z0-9]{16}$/.test(id))).toBe(true);
  });
});

describe('reading the file in again', () => {
  it('never shows an empty history while it reads: lookups during a reload find what was known', async () => {
    const paths = setup(); // no file yet: the store makes it
    const store = await open(paths);
    const mine = op();
    await store.appendOperation(mine);
    // Another process compacts: the same lines and one more, in a new file put in place atomically.
    const theirs = op();
    const tmp = `${paths.historyFile}.other`;
    fs.writeFileSync(tmp, fs.readFileSync(paths.historyFile, 'utf8') + serializeRecord(theirs) + '\n');
    fs.renameSync(tmp, paths.historyFile);
    let done = false;
    const reading = store.refresh().then(() => (done = true));
    let looks = 0;
    let misses = 0;
    while (!done) {
      looks++;
      if (!store.get(mine.id)) misses++;
      await new Promise((r) => setImmediate(r));
    }
    await reading;
    expect(looks).toBeGreaterThan(1);
    expect(misses).toBe(0);
    expect(store.get(theirs.id)).not.toBeNull();
  });

  it('a file it made itself is not read back in whole at the next refresh', async () => {
    const paths = setup();
    const store = await open(paths);
    const first = op();
    await store.appendOperation(first);
    const readFile = vi.spyOn(fs, 'openSync');
    await store.refresh();
    expect(readFile.mock.calls.filter((c) => c[0] === paths.historyFile && c[1] === 'r')).toHaveLength(0);
    readFile.mockRestore();
    expect(store.get(first.id)).not.toBeNull();
  });
});

describe('appendMany', () => {
  it('writes several records in order with one write, the later state winning', async () => {
    const paths = setup();
    const store = await open(paths);
    const o = op({ status: 'gating' });
    const r = run(o);
    const writes = vi.spyOn(fs, 'writeSync');
    await store.appendMany([o, r, { ...o, status: 'running', decision: 'proceed' }]);
    expect(writes.mock.calls.filter((c) => typeof c[0] === 'number')).toHaveLength(1);
    writes.mockRestore();
    expect(lines(paths).map((l) => JSON.parse(l).type)).toEqual(['operation', 'hookRun', 'operation']);
    expect(store.get(o.id)).toMatchObject({ status: 'running', hookRuns: [{ id: r.id }] });
    const reopened = await open(paths);
    expect(reopened.get(o.id)).toMatchObject({ status: 'running', hookRuns: [{ id: r.id }] });
  });

  it('writes nothing when one record is invalid, and says which', async () => {
    const paths = setup();
    const store = await open(paths);
    const o = op();
    await expect(store.appendMany([o, { ...run(o), outcome: 'nope' } as never])).rejects.toThrow(/cannot record hookRun .*outcome/);
    expect(fs.existsSync(paths.historyFile) ? lines(paths) : []).toEqual([]);
  });
});
