// A history operation record with sensible defaults, for the tray's pure-logic tests.
import type { OperationRecord } from '../../../electron/shared/history';

export const T0 = Date.parse('2026-11-26T10:00:00Z');

export function op(over: Partial<OperationRecord> & { id: string }): OperationRecord {
  return {
    type: 'operation',
    kind: 'snapshot',
    plan: 'laptop',
    repo: 'local',
    task: '',
    trigger: 'scheduled',
    command: null,
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0 + 1000).toISOString(),
    status: 'success',
    decision: 'proceed',
    reason: '',
    attempts: 1,
    nextAttemptAt: null,
    snapshotId: null,
    error: null,
    exitCode: null,
    ...over,
  };
}
