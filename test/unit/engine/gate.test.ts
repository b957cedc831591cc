import { describe, expect, it } from 'vitest';
import { classifyOutcome, decisionForFailure, describeResult, isFailure, retryDelayMs } from '../../../electron/core/engine/gate';
import { hooksFor, globMatch } from '../../../electron/core/engine/scope';
import { exitCodeFor, EXIT_CODE_PRESETS } from '../../../electron/core/engine/exitCodes';
import { hookSchema } from '../../../electron/shared/config';

const base = { exitCode: 0, signal: null, timedOut: false, cancelled: false, spawnError: null };

describe('hook outcome', () => {
  it('exit 0 is ok, a listed warning exit is a warning and never a failure', () => {
    expect(classifyOutcome(base, [])).toBe('ok');
    expect(classifyOutcome({ ...base, exitCode: 3 }, [3])).toBe('warning');
    expect(isFailure('warning')).toBe(false);
  });
  it('non-zero exit, timeout, kill, cancel, render and spawn errors are failures', () => {
    expect(classifyOutcome({ ...base, exitCode: 1 }, [3])).toBe('failed');
    expect(classifyOutcome({ ...base, exitCode: null, signal: 'SIGKILL' }, [])).toBe('failed');
    expect(classifyOutcome({ ...base, timedOut: true, exitCode: null }, [])).toBe('timeout');
    expect(classifyOutcome({ ...base, cancelled: true }, [])).toBe('cancelled');
    expect(classifyOutcome({ ...base, spawnError: 'not found' }, [])).toBe('spawn-error');
    for (const o of ['failed', 'timeout', 'cancelled', 'spawn-error', 'render-error'] as const) expect(isFailure(o)).toBe(true);
  });
});

describe('the decision table', () => {
  it('IGNORE goes on, CANCEL skips, FATAL fails, RETRY_* waits', () => {
    expect(decisionForFailure('ON_ERROR_IGNORE')).toBeNull();
    expect(decisionForFailure('ON_ERROR_CANCEL')).toBe('skip');
    expect(decisionForFailure('ON_ERROR_FATAL')).toBe('fail');
    expect(decisionForFailure('ON_ERROR_RETRY_1MINUTE')).toBe('wait');
    expect(decisionForFailure('ON_ERROR_RETRY_10MINUTES')).toBe('wait');
    expect(decisionForFailure('ON_ERROR_RETRY_EXPONENTIAL_BACKOFF')).toBe('wait');
  });
  it('exponential backoff starts at 10 s, doubles, and is capped at 1 h', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs('ON_ERROR_RETRY_EXPONENTIAL_BACKOFF', a))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs('ON_ERROR_RETRY_EXPONENTIAL_BACKOFF', 20)).toBe(3_600_000);
    expect(retryDelayMs('ON_ERROR_RETRY_1MINUTE', 5)).toBe(60_000);
    expect(retryDelayMs('ON_ERROR_RETRY_10MINUTES', 1)).toBe(600_000);
  });
  it('a still-waiting gate answers the caller with the skip code', () => {
    expect(exitCodeFor('wait', EXIT_CODE_PRESETS.borgmatic)).toBe(75);
    expect(exitCodeFor('skip', EXIT_CODE_PRESETS.systemd)).toBe(1);
    expect(exitCodeFor('fail', EXIT_CODE_PRESETS.systemd)).toBe(255);
    expect(exitCodeFor('fail', EXIT_CODE_PRESETS.duplicati)).toBe(5);
  });
  it('describes how a hook ended, in words', () => {
    expect(describeResult({ ...base, exitCode: 1, durationMs: 230 }, 120)).toBe('exited 1 after 0.2 s');
    expect(describeResult({ ...base, exitCode: null, timedOut: true, durationMs: 4000, killedWith: 'SIGKILL' }, 1)).toBe('timed out after 1 s (stopped with SIGKILL)');
  });
});

describe('which hooks run', () => {
  const hook = (id: string, extra: object = {}) => hookSchema.parse({ id, name: id, conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0', ...extra });
  it('keeps the user order and drops disabled, unsubscribed and out-of-scope hooks', () => {
    const hooks = [
      hook('b'),
      hook('a', { scope: { plans: ['laptop-*'], repos: [] } }),
      hook('off', { enabled: false }),
      hook('end', { conditions: ['CONDITION_SNAPSHOT_END'] }),
      hook('nas', { scope: { plans: [], repos: ['nas'] } }),
    ];
    expect(hooksFor(hooks, 'CONDITION_SNAPSHOT_START', 'laptop-home', 'b2').map((h) => h.id)).toEqual(['b', 'a']);
    expect(hooksFor(hooks, 'CONDITION_SNAPSHOT_START', 'desk', 'nas').map((h) => h.id)).toEqual(['b', 'nas']);
  });
  it('globs match * and ? and nothing else specially', () => {
    expect(globMatch('home-*', 'home-docs')).toBe(true);
    expect(globMatch('h?me', 'home')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('[x]', '[x]')).toBe(true);
  });
});
