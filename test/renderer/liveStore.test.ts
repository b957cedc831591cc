// The window's live store: operations and running hooks from the host's events, output handed to
// taps, a bounded tail for a terminal opened late.
import { describe, expect, it } from 'vitest';
import { LIVE_TAIL_BYTES, LiveStore } from '../../renderer/src/live/liveStore';
import { fakeApi, hookRun, noStatus, operation } from './fakeApi';

const start = (id: string) => ({ id, operationId: 'op-1', hookId: 'h', hookName: 'h', condition: 'CONDITION_SNAPSHOT_START' as const, attempt: 1, startedAt: new Date().toISOString(), timeoutSec: 60 });

describe('LiveStore', () => {
  it('keeps only the newest output of a run for a late terminal, however much it prints', () => {
    const api = fakeApi({});
    const store = new LiveStore(api);
    api.emit('hookStart', start('r1'));
    const chunk = 'x'.repeat(64 * 1024 - 1) + '\n';
    for (let i = 0; i < 1600; i++) api.emit('output', { runId: 'r1', operationId: 'op-1', data: chunk }); // 100 MB
    api.emit('output', { runId: 'r1', operationId: 'op-1', data: 'the end\n' });
    const { tail, off } = store.tap('r1', () => {});
    expect(tail.length).toBeLessThanOrEqual(LIVE_TAIL_BYTES + chunk.length);
    expect(tail.endsWith('the end\n')).toBe(true);
    off();
  });

  it('follows operations and runs, and forgets the tails of old ended runs', async () => {
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [{ ...operation({ id: 'op-0' }), hookRuns: [] }], hasMore: false }) });
    const store = new LiveStore(api);
    await store.load();
    api.emit('operation', operation({ id: 'op-1', status: 'gating', decision: null, reason: '', endedAt: null }));
    expect(store.getSnapshot().operations.map((o) => o.op.id)).toEqual(['op-1', 'op-0']);
    for (let i = 0; i < 10; i++) {
      api.emit('hookStart', start(`r${i}`));
      api.emit('output', { runId: `r${i}`, operationId: 'op-1', data: `out ${i}` });
      api.emit('hookEnd', hookRun({ id: `r${i}`, operationId: 'op-1' }));
    }
    expect(store.getSnapshot().running).toEqual([]);
    expect(store.getSnapshot().operations[0]!.runs).toHaveLength(10);
    expect(store.hasTail('r9')).toBe(true);
    expect(store.hasTail('r0')).toBe(false);
    api.emit('operation', operation({ id: 'op-1', status: 'waiting', decision: 'wait', reason: 'offline', endedAt: null }));
    expect(store.getSnapshot().waiting.map((o) => o.id)).toEqual(['op-1']);
    api.emit('operation', operation({ id: 'op-1', status: 'skipped', decision: 'skip', reason: 'skipped by user while waiting' }));
    expect(store.getSnapshot().waiting).toEqual([]);
  });
});
