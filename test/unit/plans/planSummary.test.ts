// Issue "Plans": a plan's status in the user's terms from the history's per-plan figures — a skip
// is not a success, an end never reported is not one either, and overdue plans are stale.
import { describe, expect, it } from 'vitest';
import { emptyConfig, type Config } from '../../../electron/shared/config';
import { HistoryIndex } from '../../../electron/core/history/historyIndex';
import { planSummaries, planSummary, setPlan, parseDuration, describeSpan, formatDuration } from '../../../electron/core/plans';
import type { OperationRecord } from '../../../electron/shared/history';
import { op } from '../history/records';

const NOW = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

function indexOf(...ops: OperationRecord[]): HistoryIndex {
  const index = new HistoryIndex(() => null);
  ops.forEach((o, i) => index.applyOperation(o, i + 1));
  return index;
}

function config(plans: { id: string; staleAfterSec?: number | null; name?: string; createdAt?: string }[] = []): Config {
  let c = emptyConfig();
  for (const p of plans) c = setPlan(c, p.id, { staleAfterSec: p.staleAfterSec ?? null, ...(p.name ? { name: p.name } : {}) }, { origin: 'user', now: new Date(p.createdAt ?? hoursAgo(1000)) }).config;
  return c;
}

function summary(c: Config, index: HistoryIndex, id: string, hold: Config['hold'] = null) {
  return planSummary(id, { config: c, stats: index.planStats.all(), hold, now: NOW })!;
}

describe('plan status', () => {
  it('a successful backup is "backed up", with its snapshot, size and when', () => {
    const index = indexOf(op({ plan: 'nas', startedAt: hoursAgo(3), endedAt: hoursAgo(2), status: 'success', decision: 'proceed', snapshotId: 'abc123', dataAdded: 5_000_000 } as Partial<OperationRecord>));
    const s = summary(config([{ id: 'nas' }]), index, 'nas');
    expect(s).toMatchObject({ status: 'backed-up', reason: 'backup succeeded 2 h ago', lastSuccess: { snapshotId: 'abc123', dataAdded: 5_000_000, at: hoursAgo(2) }, operations: 1 });
  });

  it('a skip is "skipped" with the hook\'s reason, and never counts as a success', () => {
    const index = indexOf(op({ plan: 'nas', startedAt: hoursAgo(1), endedAt: hoursAgo(1), status: 'skipped', decision: 'skip', reason: 'battery at 15 %' }));
    const s = summary(config([{ id: 'nas' }]), index, 'nas');
    expect(s).toMatchObject({ status: 'skipped', reason: 'skipped: battery at 15 %', lastSuccess: null, lastAttempt: { status: 'skipped', reason: 'battery at 15 %' } });
  });

  it('skips for longer than the plan allows make it stale, naming how long', () => {
    const index = indexOf(
      op({ plan: 'nas', startedAt: hoursAgo(80), endedAt: hoursAgo(79), status: 'success' }),
      op({ plan: 'nas', startedAt: hoursAgo(2), endedAt: hoursAgo(2), status: 'skipped', decision: 'skip', reason: 'on battery' }),
    );
    const s = summary(config([{ id: 'nas', staleAfterSec: 2 * 86_400 }]), index, 'nas');
    expect(s.status).toBe('stale');
    expect(s.reason).toBe('no backup has succeeded for 3 days (last run skipped: on battery)');
    // Within the limit it is what it was.
    expect(summary(config([{ id: 'nas', staleAfterSec: 4 * 86_400 }]), index, 'nas').status).toBe('skipped');
  });

  it('a failure stays "failed" when also overdue, and says both', () => {
    const index = indexOf(op({ plan: 'nas', startedAt: hoursAgo(60), endedAt: hoursAgo(60), status: 'error', error: 'restic: repository is locked' }));
    const s = summary(config([{ id: 'nas', staleAfterSec: 86_400, createdAt: hoursAgo(100) }]), index, 'nas');
    expect(s).toMatchObject({ status: 'failed' });
    expect(s.reason).toMatch(/^restic: repository is locked; no backup has succeeded in the \d+ days Hookgate has known it$/);
  });

  it('an operation that ended without a report is said so, not as a success or a failure', () => {
    const index = indexOf(op({ plan: 'nas', startedAt: hoursAgo(2), endedAt: hoursAgo(1), status: 'error', endedWithoutReport: true, reason: 'borgmatic (pid 4242) exited at 11:00 without reporting the end' } as Partial<OperationRecord>));
    expect(summary(config(), index, 'nas')).toMatchObject({ status: 'ended-without-report', reason: 'borgmatic (pid 4242) exited at 11:00 without reporting the end', lastSuccess: null });
  });

  it('running and waiting come first; a hold comes before the last outcome', () => {
    const running = indexOf(op({ plan: 'nas', startedAt: hoursAgo(0.25), status: 'running', decision: 'proceed' }));
    expect(summary(config(), running, 'nas')).toMatchObject({ status: 'running', reason: 'backup running for 15 min' });
    const waiting = indexOf(op({ plan: 'nas', startedAt: hoursAgo(1), status: 'waiting', decision: 'wait', reason: 'battery at 15 %', nextAttemptAt: new Date(NOW.getTime() + 600_000).toISOString() }));
    expect(summary(config(), waiting, 'nas')).toMatchObject({ status: 'waiting', reason: 'battery at 15 %; checking again in 10 min' });
    const done = indexOf(op({ plan: 'nas', startedAt: hoursAgo(2), endedAt: hoursAgo(2), status: 'success' }));
    expect(summary(config(), done, 'nas', { since: hoursAgo(1), until: null })).toMatchObject({ status: 'held', reason: 'all backups are held until resumed' });
  });

  it('a configured plan with no operations is "never run"; the list has config plans first, then plans only the history names', () => {
    const index = indexOf(op({ plan: 'legacy', startedAt: hoursAgo(5), endedAt: hoursAgo(5), status: 'success' }), op({ plan: 'old', startedAt: hoursAgo(50), endedAt: hoursAgo(50), status: 'success' }));
    const c = config([{ id: 'new', name: 'New laptop backup' }]);
    const all = planSummaries({ config: c, stats: index.planStats.all(), hold: null, now: NOW });
    expect(all.map((s) => [s.plan.id, s.plan.name, s.status, s.plan.origin])).toEqual([
      ['new', 'New laptop backup', 'never-run', 'user'],
      ['legacy', 'legacy', 'backed-up', 'signal'],
      ['old', 'old', 'backed-up', 'signal'],
    ]);
  });

  it('hooks that apply: enabled, with a scope that takes the plan', () => {
    const c = config([{ id: 'nas' }]);
    const hook = (id: string, plans: string[], enabled = true) => ({ id, name: id.toUpperCase(), enabled, conditions: ['CONDITION_SNAPSHOT_START' as const], scope: { plans, repos: [] }, script: 'true', onError: 'ON_ERROR_CANCEL' as const, timeoutSec: 60, warnExitCodes: [], env: {}, cwd: null, guard: false, alsoAfterSkip: false });
    c.hooks = [hook('all', []), hook('nas-only', ['na?']), hook('other', ['media']), hook('off', [], false)];
    expect(summary(c, indexOf(), 'nas').hooks).toEqual([{ id: 'all', name: 'ALL' }, { id: 'nas-only', name: 'NAS-ONLY' }]);
  });
});

describe('per-plan figures in the history index', () => {
  it('follow operations as they change, and recount when a success is rewritten', () => {
    const index = new HistoryIndex(() => null);
    const a = op({ plan: 'nas', startedAt: hoursAgo(10), status: 'running' });
    index.applyOperation(a, 1);
    index.applyOperation({ ...a, status: 'success', endedAt: hoursAgo(9) }, 2);
    const b = op({ plan: 'nas', kind: 'prune', startedAt: hoursAgo(5), status: 'success', endedAt: hoursAgo(5) });
    index.applyOperation(b, 3);
    let s = index.planStats.all().find((x) => x.plan === 'nas')!;
    expect([s.operations, s.last?.op.id, s.lastSnapshotSuccess?.op.id, s.first?.op.id]).toEqual([2, b.id, a.id, a.id]);
    // A success rewritten as a failure (a later revision) is no longer the last success.
    index.applyOperation({ ...a, status: 'error', endedAt: hoursAgo(9) }, 4);
    s = index.planStats.all().find((x) => x.plan === 'nas')!;
    expect([s.operations, s.lastSnapshotSuccess, s.lastSnapshot?.op.id]).toEqual([2, null, a.id]);
  });
});

describe('durations', () => {
  it('are read as people write them and said in the unit that reads naturally', () => {
    expect([parseDuration('2d'), parseDuration('4h'), parseDuration('1d12h'), parseDuration('90m'), parseDuration('1w'), parseDuration('3'), parseDuration('x')]).toEqual([172_800, 14_400, 129_600, 5400, 604_800, null, null]);
    expect([describeSpan(30), describeSpan(600), describeSpan(4 * 3600), describeSpan(3 * 86_400), describeSpan(21 * 86_400)]).toEqual(['30 s', '10 min', '4 h', '3 days', '3 weeks']);
    expect([formatDuration(172_800), formatDuration(14_400), formatDuration(5400), formatDuration(61)]).toEqual(['2d', '4h', '90m', '61s']);
  });
});
