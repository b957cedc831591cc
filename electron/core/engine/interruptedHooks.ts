// Hook runs a killed host (or CLI) left behind, as history: when an engine opens, what those runs
// left running is ended (runner/leftovers.ts) and each run is recorded as "interrupted", so the
// history says what happened to it instead of never mentioning it.
import { z } from 'zod';
import { CONDITIONS } from '../../shared/conditions';
import type { HookRunRecord } from '../../shared/history';
import { endLeftoverRuns, type LeftoverRun } from '../runner/leftovers';

/** What the engine writes beside a running hook's record: enough to record the run later. */
export const leftoverLabelSchema = z.object({
  runId: z.string(),
  operationId: z.string(),
  hookId: z.string(),
  hookName: z.string(),
  condition: z.enum(CONDITIONS as [string, ...string[]]),
  attempt: z.number().int(),
  /** The history's log file name, null for a run that keeps none. */
  logFile: z.string().nullable(),
  /** A test run (the editor's "Test") is ended but not recorded. */
  record: z.boolean(),
});
export type LeftoverLabel = z.infer<typeof leftoverLabelSchema>;

/** Ends the leftovers of runs whose host is gone; returns the history records of those runs and a line for the log each. */
export async function endInterruptedHooks(runDir: string, graceMs: number, logBytes: (logFile: string) => number): Promise<{ records: HookRunRecord[]; notes: string[] }> {
  const runs = await endLeftoverRuns(runDir, graceMs);
  const records: HookRunRecord[] = [];
  const notes: string[] = [];
  for (const run of runs) {
    const label = leftoverLabelSchema.safeParse(run.record.label);
    const name = label.success ? `hook "${label.data.hookName}"` : 'a hook';
    notes.push(`${name} was still running when Hookgate (pid ${run.record.owner.pid}) stopped; ${leftoverWords(run)}`);
    if (!label.success || !label.data.record) continue;
    records.push(interruptedRecord(label.data, run, logBytes));
  }
  return { records, notes };
}

function interruptedRecord(l: LeftoverLabel, run: LeftoverRun, logBytes: (logFile: string) => number): HookRunRecord {
  const now = new Date();
  const started = Date.parse(run.record.startedAt);
  return {
    type: 'hookRun',
    id: l.runId,
    operationId: l.operationId,
    hookId: l.hookId,
    hookName: l.hookName,
    condition: l.condition,
    attempt: l.attempt,
    startedAt: run.record.startedAt,
    endedAt: now.toISOString(),
    durationMs: Number.isFinite(started) ? Math.max(0, now.getTime() - started) : 0,
    outcome: 'interrupted',
    exitCode: null,
    signal: null,
    killedWith: run.killedWith === 'SIGINT' ? 'SIGTERM' : run.killedWith,
    reason: `Hookgate stopped while this hook ran (it was killed or crashed); ${leftoverWords(run)}`,
    logFile: l.logFile,
    logBytes: l.logFile ? logBytes(l.logFile) : 0,
    logTruncated: false,
  };
}

function leftoverWords(run: LeftoverRun): string {
  if (run.processes === 0) return 'nothing of it was left running';
  const n = run.processes === 1 ? '1 process' : `${run.processes} processes`;
  return `${n} it left running ${run.processes === 1 ? 'was' : 'were'} ended when Hookgate started again${run.killedWith === 'SIGKILL' ? ' (with SIGKILL: SIGTERM was ignored)' : ''}`;
}
