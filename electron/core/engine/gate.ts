// The decision table of PRODUCT.md, as pure functions: what a hook run's result means,
// what the first failing hook's behaviour decides, and how long a retry waits.
import type { ErrorBehaviour } from '../../shared/conditions';
import type { Decision, HookOutcome } from '../../shared/history';

export interface ProcessResultLike {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  spawnError: string | null;
}

/** A run's outcome: warning exit codes never fail; anything but exit 0 does. */
export function classifyOutcome(result: ProcessResultLike, warnExitCodes: readonly number[]): HookOutcome {
  if (result.spawnError) return 'spawn-error';
  if (result.timedOut) return 'timeout';
  if (result.cancelled) return 'cancelled';
  if (result.exitCode === 0) return 'ok';
  if (result.exitCode !== null && warnExitCodes.includes(result.exitCode)) return 'warning';
  return 'failed';
}

export function isFailure(outcome: HookOutcome): boolean {
  return outcome !== 'ok' && outcome !== 'warning';
}

/**
 * What a failing hook's behaviour decides for a START event: null means "record it and go on"
 * (IGNORE); anything else stops the later hooks.
 */
export function decisionForFailure(behaviour: ErrorBehaviour): Exclude<Decision, 'proceed'> | null {
  switch (behaviour) {
    case 'ON_ERROR_IGNORE':
      return null;
    case 'ON_ERROR_CANCEL':
      return 'skip';
    case 'ON_ERROR_FATAL':
      return 'fail';
    case 'ON_ERROR_RETRY_1MINUTE':
    case 'ON_ERROR_RETRY_10MINUTES':
    case 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF':
      return 'wait';
  }
}

export const EXPONENTIAL_BASE_MS = 10_000;
export const EXPONENTIAL_CAP_MS = 3_600_000;

/** The wait before START is evaluated again, after `attempt` (1-based) asked to retry. */
export function retryDelayMs(behaviour: ErrorBehaviour, attempt: number): number {
  switch (behaviour) {
    case 'ON_ERROR_RETRY_1MINUTE':
      return 60_000;
    case 'ON_ERROR_RETRY_10MINUTES':
      return 600_000;
    case 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF':
      return Math.min(EXPONENTIAL_BASE_MS * 2 ** Math.max(0, attempt - 1), EXPONENTIAL_CAP_MS);
    default:
      throw new Error(`${behaviour} is not a retry behaviour`);
  }
}

/** "exited 1", "timed out after 1 s (killed with SIGKILL)", … — the hook-run part of a reason. */
export function describeResult(
  r: ProcessResultLike & { durationMs: number; killedWith?: string | null },
  timeoutSec: number,
): string {
  const after = `after ${formatSeconds(r.durationMs)}`;
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  if (r.timedOut) return `timed out after ${formatSeconds(timeoutSec * 1000)}${r.killedWith ? ` (stopped with ${r.killedWith})` : ''}`;
  if (r.cancelled) return `cancelled ${after}${r.killedWith ? ` (stopped with ${r.killedWith})` : ''}`;
  if (r.signal) return `killed by ${r.signal} ${after}`;
  // No process status at all (a template that did not render never started one): never "exited null".
  if (r.exitCode === null) return `ended without an exit status ${after}`;
  return `exited ${r.exitCode} ${after}`;
}

export function formatSeconds(ms: number): string {
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toString()} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
