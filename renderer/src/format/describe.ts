// Decisions, outcomes and times in plain words, as the tray shows them at a glance.
import type { HookRunRecord, OperationRecord } from '../../../electron/shared/history';

/** "2.3 s", "1 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "just now", "5 min ago", "3 h ago", or a date for older times. */
export function formatAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const d = now - t;
  if (d < 45_000) return 'just now';
  if (d < 3600_000) return `${Math.round(d / 60_000)} min ago`;
  if (d < 24 * 3600_000) return `${Math.round(d / 3600_000)} h ago`;
  return new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "in 42 s", "in 3 min" — for a next attempt or a timeout. */
export function formatIn(ms: number): string {
  if (ms <= 0) return 'now';
  return `in ${formatDuration(Math.ceil(ms / 1000) * 1000)}`;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'busy';

const STATUS_WORDS: Record<OperationRecord['status'], { word: string; tone: Tone }> = {
  gating: { word: 'Checking', tone: 'busy' },
  waiting: { word: 'Waiting', tone: 'warn' },
  running: { word: 'Running', tone: 'busy' },
  success: { word: 'Done', tone: 'ok' },
  warning: { word: 'Done with warnings', tone: 'warn' },
  error: { word: 'Failed', tone: 'bad' },
  skipped: { word: 'Skipped', tone: 'muted' },
  failed: { word: 'Failed', tone: 'bad' },
};

/** The one line that says what happened to an operation: "Skipped: battery at 15 %". */
export function operationLine(op: Pick<OperationRecord, 'status' | 'reason' | 'decision'>): { text: string; tone: Tone } {
  const s = STATUS_WORDS[op.status];
  const reason = op.reason.trim();
  if (op.status === 'gating' && !reason) return { text: 'Checking: its hooks are running', tone: s.tone };
  if (op.status === 'running' && op.decision === 'proceed') return { text: reason ? `Running: ${reason}` : 'Running: hooks said go', tone: s.tone };
  return { text: reason ? `${s.word}: ${reason}` : s.word, tone: s.tone };
}

const OUTCOME_TONES: Record<HookRunRecord['outcome'], Tone> = {
  ok: 'ok',
  warning: 'warn',
  failed: 'bad',
  timeout: 'bad',
  cancelled: 'muted',
  'render-error': 'bad',
  'spawn-error': 'bad',
};

/** "exited 0", "exited 3 (warning)", "timed out (killed with SIGTERM)". */
export function outcomeText(run: Pick<HookRunRecord, 'outcome' | 'exitCode' | 'signal' | 'killedWith'>): { text: string; tone: Tone } {
  const tone = OUTCOME_TONES[run.outcome];
  const exit = run.exitCode !== null ? `exited ${run.exitCode}` : run.signal ? `killed by ${run.signal}` : '';
  switch (run.outcome) {
    case 'ok':
      return { text: exit || 'ok', tone };
    case 'warning':
      return { text: `${exit || 'warning'} (warning)`, tone };
    case 'failed':
      return { text: exit || 'failed', tone };
    case 'timeout':
      return { text: `timed out${run.killedWith ? ` (stopped with ${run.killedWith})` : ''}`, tone };
    case 'cancelled':
      return { text: `cancelled${run.killedWith ? ` (stopped with ${run.killedWith})` : ''}`, tone };
    case 'render-error':
      return { text: 'template did not render', tone };
    case 'spawn-error':
      return { text: 'could not start', tone };
  }
}

/** "Failed: hook `mount` exited 1" when no reason was given by the hook. */
export function hookRunLine(run: HookRunRecord): string {
  const o = outcomeText(run);
  return run.reason.trim() ? `${run.hookName}: ${o.text} — ${run.reason.trim()}` : `${run.hookName}: ${o.text}`;
}

/** "snapshot of laptop → nas". */
export function operationTitle(op: Pick<OperationRecord, 'kind' | 'plan' | 'repo'>): string {
  const where = [op.plan, op.repo].filter(Boolean).join(' → ');
  return where ? `${op.kind} · ${where}` : op.kind;
}

/** How long an operation took (or has run so far). */
export function operationDuration(op: Pick<OperationRecord, 'startedAt' | 'endedAt'>, now = Date.now()): string {
  const end = op.endedAt ? Date.parse(op.endedAt) : now;
  // A clock that ticks every few seconds can lag behind an operation that just started.
  return formatDuration(Math.max(0, end - Date.parse(op.startedAt)));
}
