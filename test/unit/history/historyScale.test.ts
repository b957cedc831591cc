// 10,000 operations and 40,000 hook runs, as issue 8's benchmark sizes them. Correctness at that
// size is asserted; the timings are printed for the record (no timed assertions: CI machines vary).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../electron/core/history';
import { serializeRecord } from '../../../electron/core/history/historyStore';
import { hookgatePaths } from '../../../electron/core/paths';
import { engineSettingsSchema } from '../../../electron/shared/config';
import type { OperationRecord } from '../../../electron/shared/history';
import { tempHome } from '../../helpers/cli';
import { op, run } from './records';

const OPS = 10_000;
const RUNS_PER_OP = 4;

/** Each operation as the engine writes it: gating, running (after START), then its final state. */
function writeHistory(file: string): OperationRecord[] {
  const t0 = Date.now() - OPS * 600_000;
  const ops: OperationRecord[] = [];
  const fd = fs.openSync(file, 'w', 0o600);
  let chunk: string[] = [];
  let rev = Date.now() * 1000;
  const line = (rec: Parameters<typeof serializeRecord>[0]) => serializeRecord(rec, ++rev);
  for (let i = 0; i < OPS; i++) {
    const startedAt = new Date(t0 + i * 600_000).toISOString();
    const o = op({ startedAt, plan: `plan-${i % 5}`, command: ['restic', 'backup', '/home/alice'] });
    chunk.push(line(o));
    for (let j = 0; j < RUNS_PER_OP; j++) {
      if (j === 1) chunk.push(line({ ...o, status: 'running', decision: 'proceed', reason: 'Battery at 80%' }));
      chunk.push(line(run(o, { condition: j === 0 ? 'CONDITION_SNAPSHOT_START' : 'CONDITION_SNAPSHOT_END' })));
    }
    const final = { ...o, status: 'success' as const, decision: 'proceed' as const, endedAt: startedAt, reason: 'Battery at 80%', snapshotId: 'a1b2c3d4', exitCode: 0 };
    chunk.push(line(final));
    ops.push(final);
    if (chunk.length > 2000) {
      fs.writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  fs.writeSync(fd, chunk.join('\n') + '\n');
  fs.closeSync(fd);
  return ops;
}

describe('a history of 10,000 operations and 40,000 hook runs', () => {
  it('opens without rewriting the file, serves the newest page, and pages through all of it exactly once', async () => {
    const paths = hookgatePaths(tempHome());
    fs.mkdirSync(paths.historyDir, { recursive: true });
    const ops = writeHistory(paths.historyFile);
    const size = fs.statSync(paths.historyFile).size;
    const ino = fs.statSync(paths.historyFile).ino;

    const t0 = performance.now();
    const store = await HistoryStore.open(paths, engineSettingsSchema.parse({}), { log: () => {} });
    const t1 = performance.now();
    const page = store.list({ limit: 50 });
    const t2 = performance.now();
    const next = store.list({ limit: 50, before: page[49]!.id });
    const t3 = performance.now();
    console.log(
      `history scale: ${(size / 1e6).toFixed(1)} MB, open ${(t1 - t0).toFixed(0)} ms, newest page of 50 ${(t2 - t1).toFixed(1)} ms, next page ${(t3 - t2).toFixed(1)} ms`,
    );

    expect(store.problems).toEqual([]);
    expect(fs.statSync(paths.historyFile).ino).toBe(ino);
    expect(page.map((o) => o.id)).toEqual(ops.slice(-50).reverse().map((o) => o.id));
    expect(page[0]).toMatchObject({ status: 'success', decision: 'proceed', snapshotId: 'a1b2c3d4' });
    expect(page.every((o) => o.hookRuns.length === RUNS_PER_OP)).toBe(true);
    expect(next[0]!.id).toBe(ops[OPS - 51]!.id);

    const seen = new Set<string>();
    let before: string | undefined;
    for (;;) {
      const p = store.list({ limit: 500, before });
      if (p.length === 0) break;
      for (const o of p) seen.add(o.id);
      before = p[p.length - 1]!.id;
    }
    expect(seen.size).toBe(OPS);
    expect(store.findOpen('plan-1', 'usb')).toBeNull();
    expect(store.loadedFromSnapshot).toBe(false);
    store.close();

    // A restart starts from the snapshot the first open left, and shows the same.
    const t4 = performance.now();
    const again = await HistoryStore.open(paths, engineSettingsSchema.parse({}), { log: () => {} });
    const t5 = performance.now();
    const pageAgain = again.list({ limit: 50 });
    const t6 = performance.now();
    console.log(`history scale: reopen from the snapshot ${(t5 - t4).toFixed(0)} ms, newest page of 50 ${(t6 - t5).toFixed(1)} ms`);
    expect(again.loadedFromSnapshot).toBe(true);
    expect(again.problems).toEqual([]);
    expect(pageAgain).toEqual(page);
    expect(again.list({ limit: 50, before: page[49]!.id })).toEqual(next);
    expect(again.list({ limit: OPS }).length).toBe(OPS);
    expect(again.list({ limit: OPS, plan: 'plan-3' }).length).toBe(OPS / 5);
    expect(again.getHookRun(page[3]!.hookRuns[1]!.id)).toEqual(page[3]!.hookRuns[1]);
    expect(fs.statSync(paths.historyFile).ino).toBe(ino);
    expect(fs.statSync(paths.historyFile).size).toBe(size);
    again.close();
  });
});
