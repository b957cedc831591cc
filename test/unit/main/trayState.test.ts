import { describe, expect, it } from 'vitest';
import { applyStalePlans, applyTrayEvent, EMPTY_TRAY_MODEL, trayState, type TrayModel } from '../../../electron/main/trayState';
import { describeOperation, timeAgo, trayTooltip, TOOLTIP_MAX, clockTime } from '../../../electron/main/trayTooltip';
import type { ApiEvent, ApiEventData } from '../../../electron/shared/api';
import { op, T0 } from './operationFixture';

type Ev = { [E in ApiEvent]: [E, ApiEventData<E>] }[ApiEvent];

function fold(events: Ev[], model: TrayModel = EMPTY_TRAY_MODEL): TrayModel {
  return events.reduce((m, [e, d]) => applyTrayEvent(m, e, d), model);
}

const MIN = 60_000;

describe('tray state from engine events', () => {
  it('warns while a plan is stale by its own stale-after, until one of its backups succeeds', () => {
    const done = fold([['operation', op({ id: 'a', plan: 'media', status: 'success', endedAt: new Date(T0 - MIN).toISOString() })]]);
    const stale = applyStalePlans(done, [
      { plan: { id: 'nas', name: 'Laptop to NAS' }, status: 'stale', reason: 'no backup has succeeded for 3 days (last run skipped: on battery)' },
      { plan: { id: 'media', name: 'media' }, status: 'backed-up', reason: 'backup succeeded 1 min ago' },
    ]);
    expect(trayState(stale, T0)).toBe('warning');
    expect(trayTooltip(stale, T0)).toContain('Laptop to NAS: no backup has succeeded for 3 days');
    const again = fold([['operation', op({ id: 'b', plan: 'nas', status: 'success', endedAt: new Date(T0).toISOString() })]], stale);
    expect(trayState(again, T0)).toBe('ok');
  });

  it('is idle before any operation', () => {
    expect(trayState(EMPTY_TRAY_MODEL, T0)).toBe('idle');
  });

  it('is running while a gate runs its hooks, and shows the outcome after', () => {
    const gating = fold([['operation', op({ id: 'a', status: 'gating', endedAt: null, decision: null })]]);
    expect(trayState(gating, T0)).toBe('running');
    const done = fold([['operation', op({ id: 'a', status: 'success' })]], gating);
    expect(trayState(done, T0)).toBe('ok');
  });

  it('maps each final status to its icon', () => {
    const cases = [
      ['success', 'ok'],
      ['warning', 'warning'],
      ['skipped', 'skipped'],
      ['error', 'failed'],
      ['failed', 'failed'],
    ] as const;
    for (const [status, state] of cases) {
      expect(trayState(fold([['operation', op({ id: 'x', status })]]), T0), status).toBe(state);
    }
  });

  it('counts a waiting gate as running', () => {
    const m = fold([['operation', op({ id: 'w', status: 'waiting', endedAt: null, decision: 'wait', nextAttemptAt: new Date(T0 + MIN).toISOString() })]]);
    expect(trayState(m, T0)).toBe('running');
  });

  it('is held while a hold is in force, and not after it expires', () => {
    const until = new Date(T0 + 60 * MIN).toISOString();
    const m = fold([
      ['operation', op({ id: 'a', status: 'success' })],
      ['hold', { hold: { since: new Date(T0).toISOString(), until } }],
    ]);
    expect(trayState(m, T0 + MIN)).toBe('held');
    expect(trayState(m, T0 + 61 * MIN)).toBe('ok');
    expect(trayState(fold([['hold', { hold: null }]], m), T0 + MIN)).toBe('ok');
  });

  it('shows a run in progress even while held (the hold only stops new backups)', () => {
    const m = fold([
      ['hold', { hold: { since: new Date(T0).toISOString(), until: null } }],
      ['operation', op({ id: 'r', status: 'running', endedAt: null })],
    ]);
    expect(trayState(m, T0)).toBe('running');
  });

  it("keeps a plan's failure visible when another plan succeeds later", () => {
    const m = fold([
      ['operation', op({ id: 'a', plan: 'work', status: 'failed', endedAt: new Date(T0).toISOString() })],
      ['operation', op({ id: 'b', plan: 'laptop', status: 'success', endedAt: new Date(T0 + MIN).toISOString() })],
    ]);
    expect(trayState(m, T0 + 2 * MIN)).toBe('failed');
    const fixed = fold([['operation', op({ id: 'c', plan: 'work', status: 'success', endedAt: new Date(T0 + 2 * MIN).toISOString() })]], m);
    expect(trayState(fixed, T0 + 3 * MIN)).toBe('ok');
  });

  it('ignores an older record arriving after a newer outcome (history seeding)', () => {
    const m = fold([
      ['operation', op({ id: 'new', status: 'skipped', endedAt: new Date(T0 + 10 * MIN).toISOString() })],
      ['operation', op({ id: 'old', status: 'failed', endedAt: new Date(T0).toISOString() })],
    ]);
    expect(trayState(m, T0 + 11 * MIN)).toBe('skipped');
  });

  it('leaves the model alone for output and hook events', () => {
    const m = fold([['operation', op({ id: 'a', status: 'success' })]]);
    expect(applyTrayEvent(m, 'output', { runId: 'r', operationId: 'a', data: 'x' })).toBe(m);
  });
});

describe('tray tooltip', () => {
  it('says what was decided, how long ago and why', () => {
    const m = fold([['operation', op({ id: 'a', status: 'skipped', decision: 'skip', reason: 'battery 15 %\n', endedAt: new Date(T0).toISOString() })]]);
    expect(trayTooltip(m, T0 + 4 * MIN)).toBe('Backup laptop skipped 4 min ago: battery 15 %');
  });

  it('says a failure in another plan after the last outcome', () => {
    const m = fold([
      ['operation', op({ id: 'a', plan: 'work', status: 'failed', reason: 'hook "mount" exited 1', endedAt: new Date(T0).toISOString() })],
      ['operation', op({ id: 'b', status: 'success', endedAt: new Date(T0 + 60 * MIN).toISOString() })],
    ]);
    expect(trayTooltip(m, T0 + 180 * MIN)).toBe('Backup laptop succeeded 2 h ago\nBackup work failed 3 h ago: hook "mount" exited 1');
  });

  it('names the hold and the run in progress', () => {
    const m = fold([
      ['hold', { hold: { since: new Date(T0).toISOString(), until: null } }],
      ['operation', op({ id: 'r', kind: 'prune', plan: 'nas', status: 'running', startedAt: new Date(T0).toISOString(), endedAt: null })],
    ]);
    expect(trayTooltip(m, T0 + 2 * MIN)).toBe('Prune nas running, started 2 min ago\nBackups held until you resume');
  });

  it('says when a waiting gate tries again', () => {
    const w = op({ id: 'w', status: 'waiting', endedAt: null, reason: 'not on AC', nextAttemptAt: new Date(T0 + 5 * MIN).toISOString() });
    expect(describeOperation(w, T0 + 3 * MIN)).toBe('Backup laptop waiting, next try in 2 min: not on AC');
  });

  it('has a line before any backup asked', () => {
    expect(trayTooltip(EMPTY_TRAY_MODEL, T0)).toBe('Hookgate: no backup has asked yet');
  });

  it('fits the Windows tooltip limit', () => {
    const m = fold([['operation', op({ id: 'a', plan: 'p'.repeat(100), status: 'failed', reason: 'r'.repeat(200) })]]);
    const t = trayTooltip(m, T0 + MIN);
    expect(t.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(t.endsWith('…')).toBe(true);
  });

  it('counts time in words a user reads at a glance', () => {
    expect(timeAgo(T0, T0 + 10_000)).toBe('just now');
    expect(timeAgo(T0, T0 + 4 * MIN)).toBe('4 min ago');
    expect(timeAgo(T0, T0 + 5 * 60 * MIN)).toBe('5 h ago');
    expect(timeAgo(T0, T0 + 24 * 60 * MIN)).toBe('1 day ago');
    expect(timeAgo(T0, T0 + 72 * 60 * MIN)).toBe('3 days ago');
  });

  it('gives a hold end as a clock time, with "tomorrow" when it is', () => {
    const now = new Date(2026, 10, 26, 22, 15).getTime();
    expect(clockTime(new Date(2026, 10, 26, 23, 15).toISOString(), now)).toBe('23:15');
    expect(clockTime(new Date(2026, 10, 27, 0, 0).toISOString(), now)).toBe('tomorrow 00:00');
  });
});
