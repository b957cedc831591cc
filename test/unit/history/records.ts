// Builders of history records for the tests: a complete, valid record with the fields that matter overridden.
import { newId } from '../../../electron/core/history';
import type { HookRunRecord, OperationRecord } from '../../../electron/shared/history';

export function op(over: Partial<OperationRecord> = {}): OperationRecord {
  const startedAt = over.startedAt ?? new Date().toISOString();
  return {
    type: 'operation',
    id: newId('op'),
    kind: 'snapshot',
    plan: 'documents',
    repo: 'usb',
    task: 'backup',
    trigger: 'scheduled',
    command: null,
    startedAt,
    endedAt: null,
    status: 'gating',
    decision: null,
    reason: '',
    attempts: 1,
    nextAttemptAt: null,
    snapshotId: null,
    error: null,
    exitCode: null,
    ...over,
  };
}

export function run(operation: OperationRecord, over: Partial<HookRunRecord> = {}): HookRunRecord {
  const id = over.id ?? newId('run');
  return {
    type: 'hookRun',
    id,
    operationId: operation.id,
    hookId: 'battery-ab12',
    hookName: 'Battery',
    condition: 'CONDITION_SNAPSHOT_START',
    attempt: 1,
    startedAt: operation.startedAt,
    endedAt: operation.startedAt,
    durationMs: 120,
    outcome: 'ok',
    exitCode: 0,
    signal: null,
    killedWith: null,
    reason: 'Battery at 80%',
    logFile: `${id}.log`,
    logBytes: 16,
    logTruncated: false,
    ...over,
  };
}

/** `n` minutes before now, as ISO. */
export function minutesAgo(n: number): string {
  return new Date(Date.now() - n * 60_000).toISOString();
}
