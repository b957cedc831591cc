// Decisions and outcomes in plain words, as the tray window shows them at a glance.
import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration, formatIn, hookRunLine, operationLine, outcomeOf, outcomeText, plainReason } from '../../renderer/src/format/describe';
import type { HookRunRecord } from '../../electron/shared/history';

const run = (over: Partial<HookRunRecord>): HookRunRecord => ({
  type: 'hookRun', id: 'r1', operationId: 'o1', hookId: 'mount', hookName: 'mount', condition: 'CONDITION_SNAPSHOT_START', attempt: 1,
  startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:00:01Z', durationMs: 1000, outcome: 'ok', exitCode: 0, signal: null,
  killedWith: null, reason: '', logFile: null, logBytes: 0, logTruncated: false, ...over,
});

describe('operationLine', () => {
  it('says the decision and the reason', () => {
    expect(operationLine({ status: 'skipped', decision: 'skip', reason: 'battery at 15 %' })).toEqual({ text: 'Skipped: battery at 15 %', tone: 'muted' });
    expect(operationLine({ status: 'failed', decision: 'fail', reason: 'hook `mount` exited 1' })).toEqual({ text: 'Failed: hook `mount` exited 1', tone: 'bad' });
    expect(operationLine({ status: 'waiting', decision: 'wait', reason: 'offline' }).text).toBe('Waiting: offline');
    expect(operationLine({ status: 'success', decision: 'proceed', reason: '' }).text).toBe('Done');
    expect(operationLine({ status: 'gating', decision: null, reason: '' }).text).toBe('Checking: its hooks are running');
  });
});

describe('outcomeText', () => {
  it('names exit codes, warnings, timeouts and cancels', () => {
    expect(outcomeText(run({ outcome: 'failed', exitCode: 1 }))).toEqual({ text: 'exited 1', tone: 'bad' });
    expect(outcomeText(run({ outcome: 'warning', exitCode: 3 })).text).toBe('exited 3 (warning)');
    expect(outcomeText(run({ outcome: 'timeout', exitCode: null, signal: 'SIGTERM', killedWith: 'SIGKILL' })).text).toBe('timed out (stopped with SIGKILL)');
    expect(outcomeText(run({ outcome: 'cancelled', exitCode: null, killedWith: 'SIGTERM' })).text).toBe('cancelled (stopped with SIGTERM)');
    expect(outcomeText(run({ outcome: 'render-error', exitCode: null })).text).toBe('template did not render');
    expect(hookRunLine(run({ outcome: 'failed', exitCode: 1, reason: 'not mounted' }))).toBe('mount: exited 1 — not mounted');
  });
});

describe('times', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(2300)).toBe('2.3 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
    expect(formatIn(90_000)).toBe('in 1 min 30 s');
    expect(formatIn(-5)).toBe('now');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatAgo('2026-01-01T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2026-01-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
  });
});

describe('outcomes about the backup, not the hooks', () => {
  const op = (over: Record<string, unknown>) =>
    ({ type: 'operation', id: 'o', kind: 'snapshot', plan: 'laptop', repo: 'nas', task: '', trigger: 'scheduled', command: null, startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:00Z', status: 'success', decision: 'proceed', reason: '3 of 3 hooks passed', attempts: 1, nextAttemptAt: null, snapshotId: null, error: null, exitCode: null, ...over }) as never;

  it('a success names its snapshot and the data added, never a hook count', () => {
    expect(outcomeOf(op({ snapshotId: '4f2a9c1e77', dataAdded: 12_400_000 }))).toEqual({ word: 'Backed up', detail: 'snapshot 4f2a9c1e · 12 MiB added', tone: 'ok' });
    expect(outcomeOf(op({})).detail).not.toMatch(/hooks/);
  });

  it('a failed backup says the tool’s error line; a gate that failed it says the hook’s reason in plain words', () => {
    expect(outcomeOf(op({ status: 'error', error: 'scanning…\nFatal: unable to create lock in backend: repository is already locked' })).detail).toBe('Fatal: unable to create lock in backend: repository is already locked');
    expect(outcomeOf(op({ status: 'failed', decision: 'fail', reason: 'not mounted: /mnt/backup', error: 'hook "mount" (CONDITION_SNAPSHOT_START): exited 1 after 0.2 s: not mounted: /mnt/backup' })).detail).toBe('not mounted: /mnt/backup');
    expect(outcomeOf(op({ status: 'skipped', decision: 'skip', reason: 'held by user until resumed' })).word).toBe('Held');
    expect(outcomeOf(op({ status: 'failed', endedWithoutReport: true, reason: 'borgmatic (pid 42) exited at 10:42 without reporting the end' })).word).toBe('Ended without a report');
  });

  it('plainReason drops condition names and a word that repeats the status', () => {
    expect(plainReason('hook "mount" (CONDITION_SNAPSHOT_START): exited 1 after 0.2 s: not mounted: /mnt/backup')).toBe('mount: not mounted: /mnt/backup');
    expect(plainReason('skipped: battery at 15 %', 'Skipped')).toBe('battery at 15 %');
    expect(plainReason('line one\nbattery at 15 %')).toBe('battery at 15 %');
  });
});
