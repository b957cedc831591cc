// What a hook sees of its event: the template variables (Go names, Backrest's plus ours)
// and the HOOKGATE_* environment variables carrying the same facts.
import type { Condition } from '../../shared/conditions';
import type { SystemFacts } from '../../shared/systemFacts';
import type { OperationRecord } from '../../shared/history';
import type { Hook } from '../../shared/config';
import type { SnapshotStatsVars } from './restic';
import { factsToEnv } from '../system';
import { systemVarsFromFacts } from '../template';

export interface EventContext {
  condition: Condition;
  operation: OperationRecord;
  attempt: number;
  paths: string[];
  snapshotId: string | null;
  snapshotStats: SnapshotStatsVars | null;
  error: string | null;
  facts: SystemFacts;
  now: Date;
}

/** RFC 3339 with the local offset, as Go's time.Now() formats (no fractional seconds). */
export function rfc3339Local(d: Date): string {
  const off = -d.getTimezoneOffset();
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    zone
  );
}

/** The operation's running time so far, in nanoseconds (Go's time.Duration). */
function durationNs(ctx: EventContext): number {
  const started = Date.parse(ctx.operation.startedAt);
  return Number.isFinite(started) ? Math.max(0, ctx.now.getTime() - started) * 1_000_000 : 0;
}

/** The `--vars` shape of the template engine: Backrest's HookVars plus Hookgate's own fields. */
export function templateVars(ctx: EventContext) {
  const op = ctx.operation;
  return {
    Task: op.task,
    Event: ctx.condition,
    Repo: { Id: op.repo },
    Plan: { Id: op.plan, Repo: op.repo, Paths: ctx.paths },
    SnapshotId: ctx.snapshotId ?? '',
    SnapshotStats: ctx.snapshotStats,
    CurTime: rfc3339Local(ctx.now),
    Duration: durationNs(ctx),
    Error: ctx.error ?? '',
    System: systemVarsFromFacts(ctx.facts),
    Attempt: ctx.attempt,
    Trigger: op.trigger,
    Decision: op.decision ?? '',
    Operation: { Id: op.id, Kind: op.kind, Command: op.command ?? [] },
  };
}

/** HOOKGATE_* variables; an unknown fact is an empty string, never a guess. */
export function hookEnv(ctx: EventContext, hook: Hook): Record<string, string> {
  const op = ctx.operation;
  return {
    HOOKGATE: '1',
    HOOKGATE_EVENT: ctx.condition,
    HOOKGATE_HOOK_ID: hook.id,
    HOOKGATE_HOOK_NAME: hook.name,
    HOOKGATE_PLAN: op.plan,
    HOOKGATE_REPO: op.repo,
    HOOKGATE_TASK: op.task,
    HOOKGATE_OPERATION_ID: op.id,
    HOOKGATE_OPERATION_KIND: op.kind,
    HOOKGATE_ATTEMPT: String(ctx.attempt),
    HOOKGATE_TRIGGER: op.trigger,
    HOOKGATE_DECISION: op.decision ?? '',
    HOOKGATE_SNAPSHOT_ID: ctx.snapshotId ?? '',
    HOOKGATE_ERROR: ctx.error ?? '',
    HOOKGATE_PATHS: ctx.paths.join('\n'),
    ...factsToEnv(ctx.facts),
  };
}
