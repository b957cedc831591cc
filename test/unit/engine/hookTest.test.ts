// The decision a tested hook would give, by PRODUCT.md's table, without running anything.
import { describe, expect, it } from 'vitest';
import { hookTestDecision, testCondition, testOperation } from '../../../electron/core/engine/hookTest';
import { hookSchema, type Hook } from '../../../electron/shared/config';
import type { HookRunRecord } from '../../../electron/shared/history';

const hook = (over: Partial<Hook> = {}): Hook =>
  hookSchema.parse({ id: 'h', name: 'battery', conditions: ['CONDITION_SNAPSHOT_END', 'CONDITION_SNAPSHOT_START'], script: 'exit 0', ...over });
const run = (over: Partial<HookRunRecord> = {}): HookRunRecord => ({
  type: 'hookRun',
  id: 'run-1',
  operationId: 'test-1',
  hookId: 'h',
  hookName: 'battery',
  condition: 'CONDITION_SNAPSHOT_START',
  attempt: 1,
  startedAt: '',
  endedAt: '',
  durationMs: 100,
  outcome: 'ok',
  exitCode: 0,
  signal: null,
  killedWith: null,
  reason: '',
  logFile: null,
  logBytes: 0,
  logTruncated: false,
  ...over,
});
const failed = (reason = 'battery at 15 %') => run({ outcome: 'failed', exitCode: 1, reason });

describe('hookTestDecision', () => {
  const START = 'CONDITION_SNAPSHOT_START' as const;
  const END = 'CONDITION_SNAPSHOT_END' as const;
  it('START: CANCEL skips, FATAL fails, RETRY waits (saying when), IGNORE proceeds', () => {
    expect(hookTestDecision(hook({ onError: 'ON_ERROR_CANCEL' }), START, failed())).toMatchObject({ decision: 'skip', reason: 'battery at 15 %' });
    expect(hookTestDecision(hook({ onError: 'ON_ERROR_FATAL' }), START, failed())).toMatchObject({ decision: 'fail' });
    const wait = hookTestDecision(hook({ onError: 'ON_ERROR_RETRY_1MINUTE' }), START, failed());
    expect(wait).toMatchObject({ decision: 'wait' });
    expect(wait.detail).toContain('a gate would try again after 60 s');
    const ignored = hookTestDecision(hook({ onError: 'ON_ERROR_IGNORE' }), START, failed());
    expect(ignored).toMatchObject({ decision: 'proceed' });
    expect(ignored.detail).toContain('ignored (ON_ERROR_IGNORE)');
  });
  it('after-events: only FATAL changes the outcome; CANCEL stops later hooks of that event only', () => {
    expect(hookTestDecision(hook({ onError: 'ON_ERROR_FATAL' }), END, failed('curl failed'))).toMatchObject({ decision: 'fail', reason: 'curl failed' });
    const cancel = hookTestDecision(hook({ onError: 'ON_ERROR_CANCEL' }), END, failed());
    expect(cancel.decision).toBe('proceed');
    expect(cancel.detail).toContain('stops later hooks of this event only');
  });
  it('a pass or a warning exit proceeds; with no reason of its own the hook is named', () => {
    expect(hookTestDecision(hook(), START, run())).toMatchObject({ decision: 'proceed', reason: 'hook "battery" passed' });
    expect(hookTestDecision(hook({ warnExitCodes: [3] }), START, run({ outcome: 'warning', exitCode: 3 }))).toMatchObject({ decision: 'proceed', reason: 'hook "battery" warning (exit 3)' });
    expect(hookTestDecision(hook({ onError: 'ON_ERROR_CANCEL' }), START, run({ outcome: 'timeout', exitCode: null }))).toMatchObject({ decision: 'skip', reason: 'hook "battery" timeout' });
  });
});

describe('test runs', () => {
  it('run for the hook\'s START condition unless told otherwise', () => {
    expect(testCondition(hook(), undefined)).toBe('CONDITION_SNAPSHOT_START');
    expect(testCondition(hook({ conditions: ['CONDITION_PRUNE_ERROR'] }), undefined)).toBe('CONDITION_PRUNE_ERROR');
    expect(testCondition(hook(), 'CONDITION_SNAPSHOT_END')).toBe('CONDITION_SNAPSHOT_END');
  });
  it('belong to a made-up manual operation of the right kind, plan and repo', () => {
    const op = testOperation(hook(), 'CONDITION_PRUNE_START', { plan: 'docs', repo: 'usb', error: 'x' }, 'test-1');
    expect(op).toMatchObject({ id: 'test-1', kind: 'prune', plan: 'docs', repo: 'usb', trigger: 'manual', status: 'gating', decision: null, error: 'x' });
    expect(testOperation(hook(), 'CONDITION_SNAPSHOT_END', { error: 'x' }, 't')).toMatchObject({ decision: 'proceed', status: 'running', error: 'x' });
  });
});
