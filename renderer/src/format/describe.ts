// Decisions, outcomes and times in plain words, as the tray shows them at a glance.
import type { HookRunRecord, OperationRecord } from '../../../electron/shared/history';
import { formatByteSize } from '../../../electron/shared/byteSize';

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
  interrupted: 'bad',
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
    case 'interrupted':
      return { text: 'interrupted (Hookgate stopped)', tone };
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

type Behaviour = 'ON_ERROR_IGNORE' | 'ON_ERROR_CANCEL' | 'ON_ERROR_FATAL' | 'ON_ERROR_RETRY_1MINUTE' | 'ON_ERROR_RETRY_10MINUTES' | 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF';

/** The behaviour as a choice in the editor: "Skip the backup". */
export const BEHAVIOUR_CHOICES: Record<Behaviour, string> = {
  ON_ERROR_IGNORE: 'Go on (only record it)',
  ON_ERROR_CANCEL: 'Skip the backup',
  ON_ERROR_FATAL: 'Fail the backup',
  ON_ERROR_RETRY_1MINUTE: 'Wait, try again in 1 minute',
  ON_ERROR_RETRY_10MINUTES: 'Wait, try again in 10 minutes',
  ON_ERROR_RETRY_EXPONENTIAL_BACKOFF: 'Wait, try again later and later',
};

/** The behaviour in a hook list's words: "skips the backup when it fails". */
export function behaviourInWords(b: Behaviour): string {
  switch (b) {
    case 'ON_ERROR_IGNORE':
      return 'only records a failure';
    case 'ON_ERROR_CANCEL':
      return 'skips the backup when it fails';
    case 'ON_ERROR_FATAL':
      return 'fails the backup when it fails';
    case 'ON_ERROR_RETRY_1MINUTE':
      return 'holds the backup, retrying every minute, while it fails';
    case 'ON_ERROR_RETRY_10MINUTES':
      return 'holds the backup, retrying every 10 minutes, while it fails';
    case 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF':
      return 'holds the backup, retrying less and less often, while it fails';
  }
}

/** "all backups", "only nas, media", "only laptop · repo b2". */
export function scopeInWords(scope: { plans: string[]; repos: string[] }): string {
  if (!scope.plans.length && !scope.repos.length) return 'all backups';
  const parts: string[] = [];
  if (scope.plans.length) parts.push(`only ${scope.plans.join(', ')}`);
  if (scope.repos.length) parts.push(`${scope.plans.length ? '' : 'only '}repo ${scope.repos.join(', ')}`);
  return parts.join(' · ');
}

// ---- plans, in the user's words -------------------------------------------------------------------

export type PlanStatusName = 'backed-up' | 'skipped' | 'failed' | 'running' | 'waiting' | 'held' | 'stale' | 'never-run' | 'ended-without-report';

/** The status word and tone of a plan (the same words as the CLI's `hookgate plans`). */
export const PLAN_STATUS: Record<PlanStatusName, { word: string; tone: Tone }> = {
  'backed-up': { word: 'Backed up', tone: 'ok' },
  skipped: { word: 'Skipped', tone: 'warn' },
  failed: { word: 'Failed', tone: 'bad' },
  running: { word: 'Running', tone: 'busy' },
  waiting: { word: 'Waiting', tone: 'warn' },
  held: { word: 'Held', tone: 'muted' },
  stale: { word: 'Stale', tone: 'bad' },
  'never-run': { word: 'Never run', tone: 'muted' },
  'ended-without-report': { word: 'Ended without a report', tone: 'bad' },
};

/** An absolute time for a title or a history row: "Today 10:42", "Yesterday 18:03", "Mon 30 Nov 2026, 09:15". */
export function formatWhen(iso: string, now = Date.now()): string {
  const t = new Date(iso);
  if (!Number.isFinite(t.getTime())) return '';
  const time = t.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const day = dayLabel(iso, now);
  return day === 'Today' || day === 'Yesterday' ? `${day} ${time}` : `${day}, ${time}`;
}

/** "Today", "Yesterday", or the date with its year: "Mon 30 Nov 2026". */
export function dayLabel(iso: string, now = Date.now()): string {
  const t = new Date(iso);
  const start = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((start(new Date(now)) - start(t)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return t.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** "1.2 GiB": binary units, as restic prints them and as the CLI and healthchecks say the same size. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  return formatByteSize(n, 1, 0);
}

/** The last non-empty line of a (maybe multi-line) reason or error. */
export function lastLine(text: string | null | undefined): string {
  const lines = (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

const KIND_DONE: Record<string, string> = { snapshot: 'Backed up', prune: 'Pruned', check: 'Checked', forget: 'Forgot old snapshots' };
const KIND_NOUN: Record<string, string> = { snapshot: 'backup', prune: 'prune', check: 'check', forget: 'forget' };

/** The noun of an operation kind: "backup", "prune". */
export function kindNoun(kind: string): string {
  return KIND_NOUN[kind] ?? kind;
}

/**
 * What happened to one operation, about the backup (not the hooks): "Backed up · snapshot 4f2a9c1e ·
 * 12 MiB added", "Failed: repository is locked", "Skipped: battery at 15 %".
 */
export function outcomeOf(op: OperationRecord): { word: string; detail: string; tone: Tone } {
  const extra = op as OperationRecord & { endedWithoutReport?: boolean; dataAdded?: number | null };
  const reason = lastLine(op.reason);
  if (extra.endedWithoutReport) return { word: 'Ended without a report', detail: reason, tone: 'bad' };
  switch (op.status) {
    case 'gating':
      return { word: 'Checking', detail: 'its hooks are running', tone: 'busy' };
    case 'waiting':
      return { word: 'Waiting', detail: plainReason(reason), tone: 'warn' };
    case 'running':
      return { word: 'Running', detail: op.command ? op.command.join(' ') : '', tone: 'busy' };
    case 'success':
    case 'warning': {
      const parts: string[] = [];
      if (op.snapshotId) parts.push(`snapshot ${op.snapshotId.slice(0, 8)}`);
      if (typeof extra.dataAdded === 'number') parts.push(`${formatBytes(extra.dataAdded)} added`);
      if (op.status === 'warning') parts.push(lastLine(op.error) || 'with warnings');
      return { word: op.status === 'warning' ? `${KIND_DONE[op.kind] ?? 'Done'}, with warnings` : (KIND_DONE[op.kind] ?? 'Done'), detail: parts.join(' · '), tone: op.status === 'warning' ? 'warn' : 'ok' };
    }
    case 'skipped':
      return { word: /^held by user/.test(reason) ? 'Held' : 'Skipped', detail: reason, tone: /^held by user/.test(reason) ? 'muted' : 'warn' };
    case 'error':
    case 'failed':
      // The gate failed it: the hook's reason; the backup itself failed: the tool's own error line.
      return { word: 'Failed', detail: op.decision === 'fail' ? plainReason(reason) || plainReason(op.error ?? '') : lastLine(op.error) || plainReason(reason), tone: 'bad' };
  }
}

/**
 * A reason as a user reads it: the engine's detail `hook "mount" (CONDITION_SNAPSHOT_START): exited 1
 * after 0.2 s: not mounted: /mnt/backup` becomes `mount: not mounted: /mnt/backup`, and a leading
 * word that repeats the status beside it ("skipped: …" next to Skipped) goes.
 */
export function plainReason(text: string, statusWord = ''): string {
  let t = lastLine(text);
  const hook = /^hook "([^"]+)" \(CONDITION_[A-Z_]+\): [^:]*?(?:: (.+))?$/.exec(t);
  if (hook) t = hook[2] ? `${hook[1]}: ${hook[2]}` : `${hook[1]} ${/exited \d+|timed out|was cancelled|could not start/.exec(t)?.[0] ?? 'failed'}`;
  const word = statusWord.trim().toLowerCase();
  if (word && t.toLowerCase().startsWith(`${word}: `)) t = t.slice(word.length + 2);
  return t;
}
