// The API contract table: one schema per method and event, validated the way the host does.
import { describe, expect, it } from 'vitest';
import { API_EVENT_NAMES, API_EVENTS, API_METHOD_NAMES, API_METHODS, ipcChannel, isApiMethod } from '../../../electron/shared/api';

describe('the API table', () => {
  it('names every method and event the host, the CLI and the UI need', () => {
    expect(API_METHOD_NAMES).toEqual(
      expect.arrayContaining(['signal', 'command.output', 'command.end', 'hooks.list', 'hooks.add', 'hooks.edit', 'hooks.remove', 'hooks.move', 'hooks.setEnabled', 'hooks.test', 'history.list', 'history.get', 'history.log', 'hold.set', 'hold.resume', 'status', 'waiting.list', 'waiting.resolve', 'hookRun.cancel', 'facts.get', 'plans.list', 'plans.get', 'plans.set', 'plans.discover', 'plans.connect', 'plans.disconnect']),
    );
    expect([...API_EVENT_NAMES].sort()).toEqual(['decision', 'hold', 'hookEnd', 'hookStart', 'operation', 'output']);
    for (const m of API_METHOD_NAMES) {
      expect(API_METHODS[m].request.safeParse, m).toBeTypeOf('function');
      expect(API_METHODS[m].response.safeParse, m).toBeTypeOf('function');
    }
    expect(Object.keys(API_EVENTS)).toEqual(API_EVENT_NAMES);
    expect(isApiMethod('toString')).toBe(false);
    expect(ipcChannel('call', 'signal')).toBe('hookgate:call:signal');
  });

  it('a signal takes the Backrest name or the CLI short form, and rejects unknown fields', () => {
    const s = API_METHODS.signal.request;
    expect(s.parse({ condition: 'snapshot-start' }).condition).toBe('CONDITION_SNAPSHOT_START');
    expect(s.parse({ condition: 'CONDITION_PRUNE_ERROR', plan: 'p', wait: true, maxWaitMs: 1000 })).toMatchObject({ condition: 'CONDITION_PRUNE_ERROR', wait: true });
    expect(s.safeParse({ condition: 'snapshot-begin' }).error?.issues[0]?.message).toContain('unknown condition "snapshot-begin"');
    expect(s.safeParse({ condition: 'snapshot-start', rm: true }).success).toBe(false);
    expect(s.safeParse({ condition: 'snapshot-start', maxWaitMs: -1 }).success).toBe(false);
  });

  it('hold.set wants an ISO time with an offset, or null', () => {
    const s = API_METHODS['hold.set'].request;
    expect(s.safeParse({ until: null }).success).toBe(true);
    expect(s.safeParse({ until: '2030-01-01T08:00:00Z' }).success).toBe(true);
    expect(s.safeParse({ until: 'tomorrow' }).success).toBe(false);
    expect(s.safeParse({}).success).toBe(false);
  });

  it('waiting.resolve knows only run-now and skip', () => {
    const s = API_METHODS['waiting.resolve'].request;
    expect(s.safeParse({ operationId: 'op-1', action: 'run-now' }).success).toBe(true);
    expect(s.safeParse({ operationId: 'op-1', action: 'proceed' }).success).toBe(false);
  });
});
