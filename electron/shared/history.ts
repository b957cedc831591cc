// History records: append-only JSONL. An operation is appended again each time it changes;
// the last line for an id wins.
import { z } from 'zod';
import { CONDITIONS, OPERATION_KINDS } from './conditions';

export const DECISIONS = ['proceed', 'skip', 'fail', 'wait'] as const;
export type Decision = (typeof DECISIONS)[number];

export const TRIGGERS = ['manual', 'scheduled', 'unknown'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/**
 * gating: START hooks running; waiting: a retry decision, START will be evaluated again;
 * running: the gate said proceed, the backup tool is working; then one of the final states.
 */
export const OPERATION_STATUSES = ['gating', 'waiting', 'running', 'success', 'warning', 'error', 'skipped', 'failed'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** interrupted: the host (or CLI) running the hook was killed mid-run; the next start ended what it left and recorded it. */
export const HOOK_OUTCOMES = ['ok', 'warning', 'failed', 'timeout', 'cancelled', 'render-error', 'spawn-error', 'interrupted'] as const;
export type HookOutcome = (typeof HOOK_OUTCOMES)[number];

export const operationRecordSchema = z
  .object({
    type: z.literal('operation'),
    id: z.string(),
    kind: z.enum(OPERATION_KINDS),
    plan: z.string(),
    repo: z.string(),
    task: z.string(),
    trigger: z.enum(TRIGGERS),
    /** The wrapped command for `hookgate run`, else null. */
    command: z.array(z.string()).nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    status: z.enum(OPERATION_STATUSES),
    decision: z.enum(DECISIONS).nullable(),
    reason: z.string(),
    attempts: z.number().int(),
    /** When status is waiting: the time START is evaluated again. */
    nextAttemptAt: z.string().nullable(),
    snapshotId: z.string().nullable(),
    error: z.string().nullable(),
    exitCode: z.number().int().nullable(),
  })
  .loose();

export const hookRunRecordSchema = z
  .object({
    type: z.literal('hookRun'),
    id: z.string(),
    operationId: z.string(),
    hookId: z.string(),
    hookName: z.string(),
    condition: z.enum(CONDITIONS as [string, ...string[]]),
    attempt: z.number().int(),
    startedAt: z.string(),
    endedAt: z.string(),
    durationMs: z.number(),
    outcome: z.enum(HOOK_OUTCOMES),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    /** Which signal ended a timed-out or cancelled run: SIGTERM, or SIGKILL after the grace. */
    killedWith: z.string().nullable(),
    reason: z.string(),
    /** File name of the log, relative to the history's logs folder. */
    logFile: z.string().nullable(),
    logBytes: z.number().int(),
    logTruncated: z.boolean(),
  })
  .loose();

export type OperationRecord = z.infer<typeof operationRecordSchema>;
export type HookRunRecord = z.infer<typeof hookRunRecordSchema>;
export type HistoryRecord = OperationRecord | HookRunRecord;

/** An operation with its hook runs, as `hookgate history --json` prints it. */
export interface OperationWithRuns extends OperationRecord {
  hookRuns: HookRunRecord[];
}
