import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../electron/main/appSettings';
import { applyPlanActivity, noticeForOperation, staleNotices, type PlanActivity } from '../../../electron/main/notificationPolicy';
import { op, T0 } from './operationFixture';

const defaults = DEFAULT_APP_SETTINGS.notifications;
const none = new Set<string>();
const DAY = 86_400_000;

describe('notification policy', () => {
  it('tells about a failed operation, with its reason, once', () => {
    const failed = op({ id: 'op1', status: 'failed', decision: 'fail', reason: 'hook "mount" exited 1: /mnt/backup not mounted' });
    const n = noticeForOperation(failed, defaults, none, T0);
    expect(n).toMatchObject({ title: 'Backup laptop failed', body: 'hook "mount" exited 1: /mnt/backup not mounted', operationId: 'op1', category: 'failed' });
    expect(noticeForOperation(failed, defaults, new Set([n!.key]), T0)).toBeNull();
  });

  it('tells about a backup that failed after the gate let it run', () => {
    const n = noticeForOperation(op({ id: 'op2', status: 'error', reason: '', error: 'restic exited 1' }), defaults, none, T0);
    expect(n?.body).toBe('restic exited 1');
  });

  it('tells once when a gate waits for the user, not on every retry', () => {
    const w = op({ id: 'w', status: 'waiting', decision: 'wait', reason: 'not on AC', nextAttemptAt: new Date(2026, 10, 26, 14, 5).toISOString(), attempts: 1 });
    const n = noticeForOperation(w, defaults, none, new Date(2026, 10, 26, 14, 4).getTime());
    expect(n).toMatchObject({ title: 'Backup laptop is waiting', body: 'not on AC. It tries again at 14:05. Run it now or skip it from Hookgate.' });
    expect(noticeForOperation({ ...w, attempts: 2 }, defaults, new Set([n!.key]), T0)).toBeNull();
    const dotted = noticeForOperation({ ...w, id: 'w2', reason: 'Not on AC power.', nextAttemptAt: null }, defaults, none, T0);
    expect(dotted?.body).toBe('Not on AC power. Run it now or skip it from Hookgate.');
  });

  it('stays quiet on skips unless the setting asks', () => {
    const s = op({ id: 's', status: 'skipped', decision: 'skip', reason: 'battery 15 %' });
    expect(noticeForOperation(s, defaults, none, T0)).toBeNull();
    expect(noticeForOperation(s, { ...defaults, onSkip: true }, none, T0)).toMatchObject({ title: 'Backup laptop skipped', body: 'battery 15 %' });
  });

  it('stays quiet on success, on runs in progress, and on failures when turned off', () => {
    expect(noticeForOperation(op({ id: 'a', status: 'success' }), defaults, none, T0)).toBeNull();
    expect(noticeForOperation(op({ id: 'b', status: 'running' }), defaults, none, T0)).toBeNull();
    expect(noticeForOperation(op({ id: 'c', status: 'failed' }), { ...defaults, onFailure: false }, none, T0)).toBeNull();
  });
});

describe('staleness', () => {
  const on = { ...defaults, staleAfterDays: 3 };

  function activityOf(...ops: ReturnType<typeof op>[]): Record<string, PlanActivity> {
    return ops.reduce<Record<string, PlanActivity>>((a, o) => applyPlanActivity(a, o), {});
  }

  it('is off by default', () => {
    const a = activityOf(op({ id: 'a', status: 'failed', startedAt: new Date(T0 - 30 * DAY).toISOString() }));
    expect(staleNotices(a, defaults, {}, T0)).toEqual([]);
  });

  it('tells when no backup of a plan succeeded for N days', () => {
    const a = activityOf(
      op({ id: 'ok', status: 'success', startedAt: new Date(T0 - 4 * DAY).toISOString(), endedAt: new Date(T0 - 4 * DAY).toISOString() }),
      op({ id: 'skip', status: 'skipped', startedAt: new Date(T0 - DAY).toISOString() }),
      op({ id: 'fresh', plan: 'work', status: 'success', startedAt: new Date(T0 - DAY).toISOString(), endedAt: new Date(T0 - DAY).toISOString() }),
    );
    const notices = staleNotices(a, on, {}, T0);
    expect(notices.map((n) => [n.plan, n.title, n.body])).toEqual([['laptop', 'No backup of laptop for 3 days', 'The last successful backup of laptop was 4 days ago.']]);
  });

  it('counts from when a plan was first seen if it never succeeded', () => {
    const a = activityOf(op({ id: 'f', status: 'failed', startedAt: new Date(T0 - 5 * DAY).toISOString() }));
    expect(staleNotices(a, on, {}, T0)[0]?.body).toBe('No backup of laptop has succeeded since Hookgate first saw it.');
    expect(staleNotices(a, on, {}, T0 - 3 * DAY)).toEqual([]);
  });

  it('tells at most once every N days', () => {
    const a = activityOf(op({ id: 'f', status: 'failed', startedAt: new Date(T0 - 10 * DAY).toISOString() }));
    expect(staleNotices(a, on, { laptop: T0 - DAY }, T0)).toEqual([]);
    expect(staleNotices(a, on, { laptop: T0 - 3 * DAY }, T0)).toHaveLength(1);
  });

  it('counts only backups: a succeeding prune does not make a plan fresh', () => {
    const a = activityOf(
      op({ id: 'b', status: 'failed', startedAt: new Date(T0 - 5 * DAY).toISOString() }),
      op({ id: 'p', kind: 'prune', status: 'success', startedAt: new Date(T0 - DAY).toISOString() }),
    );
    expect(staleNotices(a, on, {}, T0)).toHaveLength(1);
  });
});
