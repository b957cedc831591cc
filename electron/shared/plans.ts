// Plans: the backups a user knows ("the borgmatic job to the NAS"), as first-class objects. The
// config keeps each plan's identity, where it lives, how Hookgate is wired into it and what is
// expected of it; `plans.list` adds what happened (status, reason, last attempt, last success).
// Types are inferred from the schemas.
import { z } from 'zod';
import { connectionSchema } from './discovery';
import { OPERATION_STATUSES, DECISIONS } from './history';

export const PLAN_TOOLS = ['borgmatic', 'restic', 'systemd', 'backintime', 'rsnapshot', 'backrest', 'vorta', 'cron', 'other'] as const;
export type PlanTool = (typeof PLAN_TOOLS)[number];

/**
 * What a plan's last operations amount to, in the user's terms. `ended-without-report`: the tool
 * said START but never END (it exited, or ran past the plan's max duration), or an END that cannot
 * say how the run went (rsnapshot without a logfile) — an unknown outcome, never counted as a success.
 */
export const PLAN_STATUSES = ['backed-up', 'skipped', 'failed', 'running', 'waiting', 'held', 'stale', 'never-run', 'ended-without-report'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** The status words as a user reads them (tray, CLI table). */
export const PLAN_STATUS_WORDS: Record<PlanStatus, string> = {
  'backed-up': 'Backed up',
  skipped: 'Skipped',
  failed: 'Failed',
  running: 'Running',
  waiting: 'Waiting',
  held: 'Held',
  stale: 'Stale',
  'never-run': 'Never run',
  'ended-without-report': 'Ended without a report',
};

/** How a plan came to be: a signal for an unknown plan id, the user, or "Find and connect". */
export const PLAN_ORIGINS = ['signal', 'user', 'connect'] as const;
export type PlanOrigin = (typeof PLAN_ORIGINS)[number];

export const DEFAULT_PLAN_MAX_DURATION_SEC = 6 * 3600;
const MAX_SEC = 366 * 24 * 3600;

/** The same as a signal's `--plan`: any text a tool sends (it is how operations name their plan). */
export const planIdSchema = z.string().min(1).max(500);

/** Where a plan lives: a config file, a systemd unit, a Back In Time profile, a crontab line. */
export const planSourceSchema = z
  .object({
    path: z.string().optional(),
    unit: z.string().optional(),
    profile: z.string().optional(),
    line: z.number().int().optional(),
    /** One line a user recognises ("~/.config/borgmatic/config.yaml", "restic-b2.timer"). */
    description: z.string(),
  })
  .loose();

/** What Hookgate changed to wire the plan's tool ("Find and connect", electron/shared/discovery.ts). */
export const planConnectionSchema = connectionSchema;

export const planSchema = z
  .object({
    id: planIdSchema,
    name: z.string().trim().min(1, 'must not be empty').max(200),
    tool: z.enum(PLAN_TOOLS).default('other'),
    source: planSourceSchema.nullable().default(null),
    connection: planConnectionSchema.nullable().default(null),
    /** Stale when no success for this long (null: never stale). */
    staleAfterSec: z.number().int().min(60).max(MAX_SEC).nullable().default(null),
    /** How long one run may take before Hookgate stops waiting for its END (the CLI asks for at least a minute). */
    maxDurationSec: z.number().int().min(1).max(MAX_SEC).default(DEFAULT_PLAN_MAX_DURATION_SEC),
    /** A healthchecks-style ping URL: `/start`, the URL itself on success, `/fail` with the reason. */
    healthchecksUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .nullable()
      .default(null),
    origin: z.enum(PLAN_ORIGINS).default('user'),
    createdAt: z.string().nullable().default(null),
  })
  // Fields written by a newer Hookgate (or by "Find and connect") are kept when this version rewrites the file.
  .loose();

/** What `plans.set` may change; null clears a setting. */
export const planPatchSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    tool: z.enum(PLAN_TOOLS),
    source: planSourceSchema.nullable(),
    staleAfterSec: z.number().int().min(60).max(MAX_SEC).nullable(),
    maxDurationSec: z.number().int().min(1).max(MAX_SEC),
    healthchecksUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).nullable(),
  })
  .partial()
  .strict();

export const planAttemptSchema = z.object({
  operationId: z.string(),
  at: z.string(),
  endedAt: z.string().nullable(),
  status: z.enum(OPERATION_STATUSES),
  decision: z.enum(DECISIONS).nullable(),
  reason: z.string(),
});

export const planSuccessSchema = z
  .object({
    operationId: z.string(),
    /** When the successful run ended. */
    at: z.string(),
    snapshotId: z.string().nullable(),
    /** Bytes the snapshot added, where the tool says (restic's data_added). */
    dataAdded: z.number().nullable(),
  })
  .loose();

export const planSummarySchema = z.object({
  plan: planSchema,
  status: z.enum(PLAN_STATUSES),
  /** Why, in plain words ("battery at 15 %", "no success for 3 days"). */
  reason: z.string(),
  lastAttempt: planAttemptSchema.nullable(),
  lastSuccess: planSuccessSchema.nullable(),
  /** The next run the tool says it will make (a timer's OnCalendar, a cron line), where known. */
  nextRun: z.object({ at: z.string(), source: z.string() }).nullable(),
  /** Enabled hooks whose scope includes this plan. */
  hooks: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Operations of this plan in the history. */
  operations: z.number().int(),
});

export type PlanSource = z.infer<typeof planSourceSchema>;
export type PlanConnection = z.infer<typeof planConnectionSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type PlanPatch = z.infer<typeof planPatchSchema>;
export type PlanAttempt = z.infer<typeof planAttemptSchema>;
export type PlanSuccess = z.infer<typeof planSuccessSchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;

// ---- what an operation record carries for plans ---------------------------------------------------
// Kept as extra fields of the (loose) operation record rather than in its schema: the history's fast
// line check covers only plain field types, and these are read where plans are summarised.

/** A process as the host can recognise it again: a reused pid has another start time. */
export const operationCallerSchema = z
  .object({
    pid: z.number().int().positive(),
    /** Start time in clock ticks since boot (/proc/PID/stat field 22); null where /proc is not there. */
    startTicks: z.number().int().nullable(),
    /** Its command line, shortened, for messages ("borgmatic --verbosity 1"). */
    command: z.string(),
  })
  .loose();
export type OperationCaller = z.infer<typeof operationCallerSchema>;

export interface OperationPlanFields {
  /** The process that sent START (`hookgate signal`'s parent), watched while the operation is open. */
  caller?: OperationCaller | null;
  /**
   * The tool never reported the end (its process exited, the plan's max duration passed): the
   * outcome is unknown, never a success. The operation's reason says which.
   */
  endedWithoutReport?: boolean;
  /** Bytes the backup added, where the tool says (restic's data_added). */
  dataAdded?: number | null;
}

/** Whether an operation ended without its tool reporting the end. */
export function endedWithoutReport(op: object): boolean {
  return (op as OperationPlanFields).endedWithoutReport === true;
}

/** The caller recorded on an operation, if valid. */
export function callerOf(op: object): OperationCaller | null {
  const r = operationCallerSchema.safeParse((op as OperationPlanFields).caller);
  return r.success ? r.data : null;
}
