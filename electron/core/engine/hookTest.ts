// `hookgate test` and the editor's Test button: one hook run now, with simulated facts, outside
// any real operation — what it needs besides the run itself, and the decision it would give.
import { conditionKind, isStartCondition, type Condition, type ErrorBehaviour } from '../../shared/conditions';
import type { Hook } from '../../shared/config';
import type { Decision, HookRunRecord, OperationRecord } from '../../shared/history';
import type { SimulatedFacts, SystemFacts } from '../../shared/systemFacts';
import { decisionForFailure, isFailure, retryDelayMs } from './gate';

export interface HookTestRequest {
  /** The event to run it for (default: its first START condition, else its first condition). */
  condition?: Condition;
  /** Facts put over the real ones (`battery=15,ac=0`). */
  simulate?: SimulatedFacts;
  /** `.Error` / $HOOKGATE_ERROR. */
  error?: string;
  plan?: string;
  repo?: string;
  paths?: string[];
}

export interface HookTestResult {
  hook: Hook;
  condition: Condition;
  /** The facts the hook saw (real ones with the simulation put over them). */
  facts: SystemFacts;
  /** The `test-…` id its output events carry; no such operation is recorded. */
  operationId: string;
  run: HookRunRecord;
  decision: Decision;
  reason: string;
  /** Which hook decided and how, as a signal's detail says it. */
  detail: string;
  /** The last 64 KiB of its output. */
  output: string;
}

export function testCondition(hook: Hook, asked: Condition | undefined): Condition {
  if (asked) return asked;
  const conditions = hook.conditions as Condition[];
  return conditions.find(isStartCondition) ?? conditions[0]!;
}

/** The operation a test run pretends to belong to: never saved, never announced. */
export function testOperation(hook: Hook, condition: Condition, req: HookTestRequest, id: string): OperationRecord {
  const kind = conditionKind(condition) ?? 'snapshot';
  const plan = req.plan ?? 'default';
  return {
    type: 'operation',
    id,
    kind,
    plan,
    repo: req.repo ?? 'default',
    task: `test of hook "${hook.name}" for plan "${plan}"`,
    trigger: 'manual',
    command: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: isStartCondition(condition) ? 'gating' : 'running',
    // As after a real run: the gate let it proceed; .Error says what went wrong since.
    decision: isStartCondition(condition) ? null : 'proceed',
    reason: '',
    attempts: 1,
    nextAttemptAt: null,
    snapshotId: null,
    error: req.error ?? null,
    exitCode: null,
  };
}

/**
 * What the one run would decide, by PRODUCT.md's table: for a START event the failing hook's
 * behaviour decides (skip, fail, wait); for any other event only FATAL changes the outcome (fail).
 */
export function hookTestDecision(hook: Hook, condition: Condition, run: HookRunRecord): { decision: Decision; reason: string; detail: string } {
  const start = isStartCondition(condition);
  if (!isFailure(run.outcome)) {
    const how = run.outcome === 'warning' ? `warning (exit ${run.exitCode})` : 'passed';
    return { decision: 'proceed', reason: run.reason || `hook "${hook.name}" ${how}`, detail: `hook "${hook.name}" (${condition}): ${how}${run.reason ? `: ${run.reason}` : ''}` };
  }
  const behaviour = hook.onError as ErrorBehaviour;
  const failing = decisionForFailure(behaviour);
  const decision: Decision = failing === null ? 'proceed' : start ? failing : failing === 'fail' ? 'fail' : 'proceed';
  const reason = run.reason || `hook "${hook.name}" ${run.outcome}`;
  let detail = `hook "${hook.name}" (${condition}): ${run.outcome}${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}${run.reason ? `: ${run.reason}` : ''}`;
  if (failing === null) detail += ' — ignored (ON_ERROR_IGNORE)';
  else if (decision === 'wait') detail += ` — a gate would try again after ${Math.round(retryDelayMs(behaviour, 1) / 1000)} s`;
  else if (!start && decision === 'proceed') detail += ` — ${behaviour} stops later hooks of this event only`;
  return { decision, reason, detail };
}
