// The tray's tooltip: the last decision, its reason and how long ago, in the words a user reads at
// a glance ("Backup laptop skipped 4 min ago: battery 15 %").
import type { OperationKind } from '../shared/conditions';
import type { Hold } from '../shared/config';
import type { OperationRecord } from '../shared/history';
import { isHeld, newestOpen, stickyFailure, type TrayModel } from './trayState';

/** Windows cuts tray tooltips at 127 characters; the others are not much more generous in practice. */
export const TOOLTIP_MAX = 127;
const REASON_MAX = 80;

const KIND_WORDS: Record<OperationKind, string> = { snapshot: 'Backup', prune: 'Prune', check: 'Check', forget: 'Forget' };

/** "just now", "4 min ago", "3 h ago", "2 days ago". */
export function timeAgo(thenMs: number, nowMs: number): string {
  const s = Math.max(0, (nowMs - thenMs) / 1000);
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${Math.max(1, min)} min ago`;
  const h = Math.round(s / 3600);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(s / 86_400);
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** "in 2 min", "in 1 h" — for the next attempt of a waiting gate. */
function timeUntil(thenMs: number, nowMs: number): string {
  const s = Math.max(0, (thenMs - nowMs) / 1000);
  if (s < 60) return `in ${Math.ceil(s)} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `in ${min} min`;
  return `in ${Math.round(min / 60)} h`;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** "14:00" today, "tomorrow 00:00", else "Mon 3 Dec 09:30" — in local time. */
export function clockTime(iso: string, nowMs: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  const now = new Date(nowMs);
  const dayStart = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((dayStart(d) - dayStart(now)) / 86_400_000);
  if (days === 0) return hm;
  if (days === 1) return `tomorrow ${hm}`;
  const wd = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '');
  return `${wd} ${hm}`;
}

/** The first line of a reason, shortened: tooltips are one glance, the window has the rest. */
export function shortReason(reason: string, max = REASON_MAX): string {
  const line = reason.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "Backup laptop", "Prune nas" — the operation's kind and plan (or repo when there is no plan). */
export function operationTitle(op: Pick<OperationRecord, 'kind' | 'plan' | 'repo'>): string {
  const name = op.plan || op.repo;
  return name ? `${KIND_WORDS[op.kind]} ${name}` : KIND_WORDS[op.kind];
}

const FINAL_VERBS: Partial<Record<OperationRecord['status'], string>> = {
  success: 'succeeded',
  warning: 'finished with warnings',
  error: 'failed',
  failed: 'failed',
  skipped: 'skipped',
};

/** One line about an operation: finished ("… skipped 4 min ago: battery 15 %") or in progress. */
export function describeOperation(op: OperationRecord, nowMs: number): string {
  const title = operationTitle(op);
  const reason = shortReason(op.status === 'error' || op.status === 'failed' ? op.reason || op.error || '' : op.reason);
  const withReason = (s: string) => (reason ? `${s}: ${reason}` : s);
  switch (op.status) {
    case 'gating':
      return `${title}: checking hooks`;
    case 'running':
      return `${title} running, started ${timeAgo(Date.parse(op.startedAt), nowMs)}`;
    case 'waiting': {
      const next = op.nextAttemptAt ? Date.parse(op.nextAttemptAt) : NaN;
      return withReason(`${title} waiting${Number.isNaN(next) ? '' : `, next try ${timeUntil(next, nowMs)}`}`);
    }
    default: {
      const at = Date.parse(op.endedAt ?? op.startedAt);
      return withReason(`${title} ${FINAL_VERBS[op.status] ?? op.status} ${timeAgo(at, nowMs)}`);
    }
  }
}

export function describeHold(hold: Hold, nowMs: number): string {
  return hold.until === null ? 'Backups held until you resume' : `Backups held until ${clockTime(hold.until, nowMs)}`;
}

/** The tooltip: what happens now (a run, a hold), the last outcome, and a failure it would hide. */
export function trayTooltip(model: TrayModel, nowMs: number, max = TOOLTIP_MAX): string {
  const lines: string[] = [];
  const open = newestOpen(model);
  if (open) lines.push(describeOperation(open, nowMs));
  if (model.hold && isHeld(model.hold, nowMs)) lines.push(describeHold(model.hold, nowMs));
  if (model.last) lines.push(describeOperation(model.last, nowMs));
  const failure = stickyFailure(model);
  if (failure && failure.id !== model.last?.id) lines.push(describeOperation(failure, nowMs));
  for (const line of Object.values(model.stale ?? {})) lines.push(shortReason(line));
  if (lines.length === 0) lines.push('Hookgate: no backup has asked yet');
  let text = lines.join('\n');
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text;
}
