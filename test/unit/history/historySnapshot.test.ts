// The index snapshot beside a large history: a restart starts from it, yet the JSONL stays the
// source of truth — a stale, replaced or damaged snapshot is ignored and rebuilt, and lines
// appended after it was taken are read. `snapshotMinBytes: 1` makes every history "large".
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../electron/core/history';
import { serializeRecord } from '../../../electron/core/history/historyStore';
import { hookgatePaths, type HookgatePaths } from '../../../electron/core/paths';
import { engineSettingsSchema, type EngineSettings } from '../../../electron/shared/config';
import type { HistoryRecord, OperationRecord } from '../../../electron/shared/history';
import { tempHome } from '../../helpers/cli';
import { minutesAgo, op, run } from './records';

const DEFAULTS = engineSettingsSchema.parse({});

function setup(text: string): HookgatePaths {
  const paths = hookgatePaths(tempHome());
  fs.mkdirSync(paths.logsDir, { recursive: true });
  fs.writeFileSync(paths.historyFile, text);
  return paths;
}

const snapshotOf = (paths: HookgatePaths) => `${paths.historyFile}.idx`;

async function open(paths: HookgatePaths, settings: Partial<EngineSettings> = {}, log: (m: string) => void = () => {}): Promise<HistoryStore> {
  return HistoryStore.open(paths, { ...DEFAULTS, ...settings }, { log, snapshotMinBytes: 1 });
}

function lines(records: HistoryRecord[], rev0 = 1000): string {
  return records.map((r, i) => serializeRecord(r, rev0 + i) + '\n').join('');
}

/** What a user can see of a store: every operation with its runs, the problems, lookups. */
function view(store: HistoryStore, runIds: string[] = []) {
  return {
    ops: store.list({ limit: 10_000 }),
    problems: store.problems,
    runs: runIds.map((id) => store.getHookRun(id)),
    open: store.findOpen('documents', 'usb'),
  };
}

/** A history with the cases a snapshot must carry: revisions, runs before their operation, a run
 * whose operation never came, a corrupt line, a record of an older format (no revision, other key
 * order), extra fields of a newer version, non-ASCII text. */
function richHistory(): { text: string; ops: OperationRecord[]; runIds: string[] } {
  const a = op({ startedAt: minutesAgo(50), reason: 'Akku bei 80 % — läuft' });
  const b = op({ startedAt: minutesAgo(40), plan: 'photos' });
  const c = op({ startedAt: minutesAgo(30) });
  const ghost = op({ startedAt: minutesAgo(20) });
  const d = op({ startedAt: minutesAgo(10), status: 'skipped' });
  const r1 = run(a, { reason: 'Batterie à 80 %' });
  const r2 = run(a, { condition: 'CONDITION_SNAPSHOT_END' });
  const r3 = run(b);
  const orphan = run(ghost);
  const early = run(c);
  const text =
    lines([a, r1, b, r3, early, c, r2, orphan]) +
    'this is not json\n' +
    lines([{ ...a, status: 'success', decision: 'proceed' }, { ...r2, outcome: 'warning' }], 5000) +
    // An older writer: no revision, fields in another order.
    JSON.stringify(Object.assign({ status: d.status }, d)) +
    '\n' +
    JSON.stringify(Object.assign({ outcome: 'failed' }, run(d, { id: 'run-old-format', outcome: 'failed' }))) +
    '\n' +
    serializeRecord({ ...c, newerField: { nested: [1, 2] } } as unknown as HistoryRecord, 9000) +
    '\n';
  return { text, ops: [a, b, c, d], runIds: [r1.id, r2.id, r3.id, orphan.id, early.id, 'run-old-format'] };
}

describe('the index snapshot of a large history', () => {
  it('is written on the first open, and a reopen from it shows exactly what a full read shows', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    const first = await open(paths);
    expect(first.loadedFromSnapshot).toBe(false);
    expect(fs.existsSync(snapshotOf(paths))).toBe(true);
    const full = view(first, h.runIds);
    first.close();

    const second = await open(paths);
    expect(second.loadedFromSnapshot).toBe(true);
    expect(view(second, h.runIds)).toEqual(full);
    expect(full.ops.map((o) => o.id)).toEqual([h.ops[3]!.id, h.ops[2]!.id, h.ops[1]!.id, h.ops[0]!.id]);
    expect(full.ops[3]).toMatchObject({ status: 'success', reason: 'Akku bei 80 % — läuft' });
    expect(full.ops[0]).toMatchObject({ status: 'skipped', hookRuns: [{ id: 'run-old-format', outcome: 'failed' }] });
    expect((full.ops[1] as unknown as { newerField: unknown }).newerField).toEqual({ nested: [1, 2] });
    expect(full.runs[1]).toMatchObject({ outcome: 'warning' });
    expect(full.runs[3]).not.toBeNull(); // the orphan
    expect(full.open).toMatchObject({ id: h.ops[2]!.id });
    expect(full.problems).toEqual([expect.stringMatching(/line 9: not valid JSON/)]);
    // The file itself is never rewritten for a snapshot.
    expect(fs.readFileSync(paths.historyFile, 'utf8')).toBe(h.text);
    second.close();
  });

  it('sees records another process appended after the snapshot was taken, a newer state of a known operation included', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    (await open(paths)).close();
    const later = op({ startedAt: minutesAgo(1) });
    const laterRun = run(later);
    fs.appendFileSync(paths.historyFile, lines([later, laterRun, { ...h.ops[2]!, status: 'failed', error: 'disk full' }], 20_000));

    const store = await open(paths);
    expect(store.loadedFromSnapshot).toBe(true);
    expect(store.list({ limit: 1 })[0]).toMatchObject({ id: later.id, hookRuns: [{ id: laterRun.id }] });
    expect(store.get(h.ops[2]!.id)).toMatchObject({ status: 'failed', error: 'disk full' });
    expect(store.list({ limit: 100 })).toHaveLength(5);
    store.close();
  });

  it('appends and refreshes after a start from the snapshot work as after a full read', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    (await open(paths)).close();
    const store = await open(paths);
    const other = await open(paths);
    const r = run(h.ops[0]!, { id: h.runIds[0]!, outcome: 'failed' });
    await store.appendHookRun(r); // a new state of a run only in the snapshot's table
    expect(store.getHookRun(r.id)).toMatchObject({ outcome: 'failed' });
    expect(store.get(h.ops[0]!.id)!.hookRuns.filter((x) => x.id === r.id)).toHaveLength(1);
    await other.refresh();
    expect(other.getHookRun(r.id)).toMatchObject({ outcome: 'failed' });
    expect(view(other, h.runIds)).toEqual(view(store, h.runIds));
    store.close();
    other.close();
  });

  it('is ignored and rebuilt when the file was replaced (another inode), shrank or was rewritten in place', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    (await open(paths)).close();

    // Replaced by a different history (as a compaction or a restore would).
    const other = op({ startedAt: minutesAgo(5) });
    fs.writeFileSync(`${paths.historyFile}.new`, lines([other]));
    fs.renameSync(`${paths.historyFile}.new`, paths.historyFile);
    let store = await open(paths);
    expect(store.loadedFromSnapshot).toBe(false);
    expect(store.list().map((o) => o.id)).toEqual([other.id]);
    store.close();
    store = await open(paths); // rebuilt for the new file
    expect(store.loadedFromSnapshot).toBe(true);
    store.close();

    // Same inode, rewritten in place from the start with other content, longer than before.
    const fd = fs.openSync(paths.historyFile, 'r+');
    const replacement = lines([op({ startedAt: minutesAgo(3) }), op({ startedAt: minutesAgo(2) })], 50_000);
    fs.writeSync(fd, replacement, 0);
    fs.ftruncateSync(fd, Buffer.byteLength(replacement));
    fs.closeSync(fd);
    store = await open(paths);
    expect(store.loadedFromSnapshot).toBe(false);
    expect(store.list()).toHaveLength(2);
    store.close();

    // Same inode, truncated to nothing.
    fs.truncateSync(paths.historyFile, 0);
    store = await open(paths);
    expect(store.loadedFromSnapshot).toBe(false);
    expect(store.list()).toEqual([]);
    store.close();
  });

  it('a same-size edit in the middle of the file (past the bytes it is checked against) is noticed by the file\'s mtime', async () => {
    const records: OperationRecord[] = [];
    for (let i = 0; i < 400; i++) records.push(op({ startedAt: minutesAgo(1000 - i), status: 'success' }));
    const paths = setup(lines(records));
    (await open(paths)).close();
    const text = fs.readFileSync(paths.historyFile, 'utf8');
    const at = text.indexOf(records[40]!.id);
    expect(at).toBeGreaterThan(4096);
    expect(at).toBeLessThan(text.length - 64 * 1024 - 1000);
    const edited = text.slice(0, at) + text.slice(at).replace('"status":"success"', '"status":"warning"');
    expect(edited.length).toBe(text.length);
    fs.writeFileSync(paths.historyFile, edited, { flag: 'r+' });
    fs.utimesSync(paths.historyFile, new Date(), new Date(Date.now() + 5000));
    const store = await open(paths);
    expect(store.loadedFromSnapshot).toBe(false);
    expect(store.get(records[40]!.id)!.status).toBe('warning');
    store.close();
  });

  it('a damaged snapshot (a flipped byte, cut short, garbage, another version) is ignored and rebuilt', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    const first = await open(paths);
    const full = view(first, h.runIds);
    first.close();
    const good = fs.readFileSync(snapshotOf(paths));
    const header = good.subarray(0, good.indexOf(0x0a)).toString();
    const flipped = Buffer.from(good);
    flipped[Math.floor((good.indexOf(0x0a) + good.length) / 2)]! ^= 0x01;
    const damaged = [
      flipped,
      good.subarray(0, good.length - 10),
      Buffer.from('garbage'),
      Buffer.alloc(0),
      Buffer.concat([Buffer.from(header.replace('"v":1', '"v":99')), good.subarray(header.length)]),
    ];
    for (const bytes of damaged) {
      fs.writeFileSync(snapshotOf(paths), bytes);
      const store = await open(paths);
      expect(store.loadedFromSnapshot).toBe(false);
      expect(view(store, h.runIds)).toEqual(full);
      store.close();
      const again = await open(paths);
      expect(again.loadedFromSnapshot).toBe(true);
      expect(view(again, h.runIds)).toEqual(full);
      again.close();
    }
  });

  it('a torn last line after the snapshot is repaired, and the snapshot still serves', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    (await open(paths)).close();
    const appended = lines([op({ startedAt: minutesAgo(1) })], 98_000);
    fs.appendFileSync(paths.historyFile, appended + serializeRecord(op(), 99_000).slice(0, 40));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(paths.historyFile, old, old);
    const logs: string[] = [];
    const store = await open(paths, {}, (m) => logs.push(m));
    expect(logs).toEqual([expect.stringMatching(/last line was cut short \(40 bytes/)]);
    expect(fs.readFileSync(paths.historyFile, 'utf8')).toBe(h.text + appended);
    expect(store.loadedFromSnapshot).toBe(true);
    expect(store.list()).toHaveLength(5);
    store.close();
  });

  it('a compaction leaves a snapshot of the compacted file, and a restart from it keeps what retention kept', async () => {
    const records: HistoryRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const o = op({ startedAt: minutesAgo(100 - i), status: 'success' });
      records.push(o, run(o));
    }
    const paths = setup(lines(records));
    const logs: string[] = [];
    const store = await open(paths, { historyMaxOperations: 10 }, (m) => logs.push(m));
    expect(logs).toEqual([expect.stringMatching(/compacted/)]);
    const kept = view(store);
    expect(kept.ops).toHaveLength(10);
    store.close();
    const again = await open(paths, { historyMaxOperations: 10 });
    expect(again.loadedFromSnapshot).toBe(true);
    expect(view(again)).toEqual(kept);
    again.close();
  });

  it('a small history has no snapshot (by default below 4 MiB)', async () => {
    const h = richHistory();
    const paths = setup(h.text);
    const store = await HistoryStore.open(paths, DEFAULTS, { log: () => {} });
    expect(store.loadedFromSnapshot).toBe(false);
    expect(fs.existsSync(snapshotOf(paths))).toBe(false);
    expect(view(store, h.runIds).ops).toHaveLength(4);
  });

  it('hook runs of a store started from its snapshot are read from the file it was taken of, even after another process compacted it', async () => {
    const records: HistoryRecord[] = [];
    const ops: OperationRecord[] = [];
    for (let i = 0; i < 30; i++) {
      const o = op({ startedAt: minutesAgo(100 - i), status: 'success' });
      ops.push(o);
      records.push(o, run(o, { reason: `run of ${i}` }));
    }
    const paths = setup(lines(records));
    (await open(paths)).close();
    const reader = await open(paths);
    expect(reader.loadedFromSnapshot).toBe(true);
    // Another process compacts the file under the reader (a new file renamed over it).
    const compactor = await open(paths, { historyMaxOperations: 5 });
    expect(compactor.list({ limit: 100 })).toHaveLength(5);
    // The reader has not refreshed: its runs still come from the file it indexed.
    expect(reader.get(ops[0]!.id)!.hookRuns[0]!.reason).toBe('run of 0');
    await reader.refresh();
    expect(reader.list({ limit: 100 })).toHaveLength(5);
    expect(reader.get(ops[29]!.id)!.hookRuns[0]!.reason).toBe('run of 29');
    reader.close();
    compactor.close();
  });
});
