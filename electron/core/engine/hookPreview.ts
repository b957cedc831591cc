// The hook editor's preview: a script rendered as it would be for one event of a sample operation,
// with the facts given (simulated or the machine's), without running anything.
import { conditionKind, type Condition } from '../../shared/conditions';
import type { OperationRecord } from '../../shared/history';
import type { SimulatedFacts, SystemFacts } from '../../shared/systemFacts';
import { applySimulation } from '../system';
import { renderHookScript, TemplateError } from '../template';
import { templateVars } from './hookContext';

export interface HookPreviewInput {
  script: string;
  condition: Condition;
  facts: SystemFacts;
  simulate?: SimulatedFacts;
  /** `.Error` for error events (a sample text when left out). */
  error?: string;
  plan?: string;
  repo?: string;
}

export type HookPreview = { text: string; error: null } | { text: null; error: { message: string; line: number | null; col: number | null } };

export function previewHookScript(input: HookPreviewInput, now = new Date()): HookPreview {
  const isError = /_ERROR$/.test(input.condition);
  const operation: OperationRecord = {
    type: 'operation',
    id: 'op-preview',
    kind: conditionKind(input.condition) ?? 'snapshot',
    plan: input.plan ?? 'laptop',
    repo: input.repo ?? 'nas',
    task: 'backup for plan "laptop"',
    trigger: 'manual',
    command: null,
    startedAt: new Date(now.getTime() - 42_000).toISOString(),
    endedAt: null,
    status: 'gating',
    decision: /_START$/.test(input.condition) ? null : isError ? 'fail' : 'proceed',
    reason: '',
    attempts: 1,
    nextAttemptAt: null,
    snapshotId: null,
    error: null,
    exitCode: null,
  };
  try {
    const text = renderHookScript(
      input.script,
      templateVars({
        condition: input.condition,
        operation,
        attempt: 1,
        paths: ['/home/me/Documents', '/home/me/Pictures'],
        snapshotId: /SUCCESS|END|WARNING/.test(input.condition) ? '5f3c2a1b' : null,
        snapshotStats: null,
        error: isError ? (input.error ?? 'exit status 1: repository is locked') : (input.error ?? null),
        facts: input.simulate ? applySimulation(input.facts, input.simulate) : input.facts,
        now,
      }),
    );
    return { text, error: null };
  } catch (e) {
    if (e instanceof TemplateError) return { text: null, error: { message: e.message, line: e.line ?? null, col: e.col ?? null } };
    throw e;
  }
}
