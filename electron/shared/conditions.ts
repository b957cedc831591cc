// Backrest's hook conditions and error behaviours, with their proto numbers, and the
// short forms the CLI accepts (`snapshot-start` for CONDITION_SNAPSHOT_START).

export const CONDITION_NUMBERS = {
  CONDITION_UNKNOWN: 0,
  CONDITION_ANY_ERROR: 1,
  CONDITION_SNAPSHOT_START: 2,
  CONDITION_SNAPSHOT_END: 3,
  CONDITION_SNAPSHOT_ERROR: 4,
  CONDITION_SNAPSHOT_WARNING: 5,
  CONDITION_SNAPSHOT_SUCCESS: 6,
  CONDITION_SNAPSHOT_SKIPPED: 7,
  CONDITION_PRUNE_START: 100,
  CONDITION_PRUNE_ERROR: 101,
  CONDITION_PRUNE_SUCCESS: 102,
  CONDITION_CHECK_START: 200,
  CONDITION_CHECK_ERROR: 201,
  CONDITION_CHECK_SUCCESS: 202,
  CONDITION_FORGET_START: 300,
  CONDITION_FORGET_ERROR: 301,
  CONDITION_FORGET_SUCCESS: 302,
} as const;

export type ConditionName = keyof typeof CONDITION_NUMBERS;
/** The conditions a hook may subscribe to (all but UNKNOWN). */
export type Condition = Exclude<ConditionName, 'CONDITION_UNKNOWN'>;

export const CONDITIONS = (Object.keys(CONDITION_NUMBERS) as ConditionName[]).filter(
  (c): c is Condition => c !== 'CONDITION_UNKNOWN',
);

export const ERROR_BEHAVIOURS = [
  'ON_ERROR_IGNORE',
  'ON_ERROR_CANCEL',
  'ON_ERROR_FATAL',
  'ON_ERROR_RETRY_1MINUTE',
  'ON_ERROR_RETRY_10MINUTES',
  'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF',
] as const;
export type ErrorBehaviour = (typeof ERROR_BEHAVIOURS)[number];

/** Backrest's proto numbers for error behaviours (used when importing a Backrest config). */
export const ERROR_BEHAVIOUR_NUMBERS: Record<ErrorBehaviour, number> = {
  ON_ERROR_IGNORE: 0,
  ON_ERROR_CANCEL: 1,
  ON_ERROR_FATAL: 2,
  ON_ERROR_RETRY_1MINUTE: 100,
  ON_ERROR_RETRY_10MINUTES: 101,
  ON_ERROR_RETRY_EXPONENTIAL_BACKOFF: 103,
};

export const OPERATION_KINDS = ['snapshot', 'prune', 'check', 'forget'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

function shortForm(name: string, prefix: string): string {
  return name.slice(prefix.length).toLowerCase().replace(/_/g, '-');
}

/** `CONDITION_SNAPSHOT_START` → `snapshot-start`. */
export function conditionShortName(c: ConditionName): string {
  return shortForm(c, 'CONDITION_');
}

/** Accepts `CONDITION_SNAPSHOT_START`, `snapshot-start`, `snapshot_start` (any case); null when unknown. */
export function parseCondition(text: string): Condition | null {
  const t = text.trim().toUpperCase().replace(/-/g, '_');
  const name = t.startsWith('CONDITION_') ? t : `CONDITION_${t}`;
  return (CONDITIONS as string[]).includes(name) ? (name as Condition) : null;
}

/** Accepts `ON_ERROR_CANCEL`, `cancel`, `retry-1minute`, … (any case); null when unknown. */
export function parseErrorBehaviour(text: string): ErrorBehaviour | null {
  const t = text.trim().toUpperCase().replace(/-/g, '_');
  const name = t.startsWith('ON_ERROR_') ? t : `ON_ERROR_${t}`;
  return (ERROR_BEHAVIOURS as readonly string[]).includes(name) ? (name as ErrorBehaviour) : null;
}

export function errorBehaviourShortName(b: ErrorBehaviour): string {
  return shortForm(b, 'ON_ERROR_');
}

/** The operation kind a condition belongs to (ANY_ERROR belongs to none). */
export function conditionKind(c: Condition): OperationKind | null {
  const m = /^CONDITION_(SNAPSHOT|PRUNE|CHECK|FORGET)_/.exec(c);
  return m ? (m[1]!.toLowerCase() as OperationKind) : null;
}

export function isStartCondition(c: Condition): boolean {
  return c.endsWith('_START');
}

export function startConditionOf(kind: OperationKind): Condition {
  return `CONDITION_${kind.toUpperCase()}_START` as Condition;
}

/** What each condition means, in a line (CLI help, the hook editor). */
export const CONDITION_MEANINGS: Record<Condition, string> = {
  CONDITION_ANY_ERROR: 'any operation failed',
  CONDITION_SNAPSHOT_START: 'before a backup; its hooks decide whether it runs',
  CONDITION_SNAPSHOT_END: 'after a backup ran, whatever its result (after a skip too only when the hook says "also after a skip")',
  CONDITION_SNAPSHOT_ERROR: 'a backup failed',
  CONDITION_SNAPSHOT_WARNING: 'a backup finished with warnings (e.g. unreadable files)',
  CONDITION_SNAPSHOT_SUCCESS: 'a backup finished cleanly',
  CONDITION_SNAPSHOT_SKIPPED: 'a backup was skipped by a START hook or a hold',
  CONDITION_PRUNE_START: 'before a prune; its hooks decide whether it runs',
  CONDITION_PRUNE_ERROR: 'a prune failed',
  CONDITION_PRUNE_SUCCESS: 'a prune finished',
  CONDITION_CHECK_START: 'before a check; its hooks decide whether it runs',
  CONDITION_CHECK_ERROR: 'a check failed',
  CONDITION_CHECK_SUCCESS: 'a check finished',
  CONDITION_FORGET_START: 'before a forget; its hooks decide whether it runs',
  CONDITION_FORGET_ERROR: 'a forget failed',
  CONDITION_FORGET_SUCCESS: 'a forget finished',
};

export const ERROR_BEHAVIOUR_MEANINGS: Record<ErrorBehaviour, string> = {
  ON_ERROR_IGNORE: 'record the failure and go on',
  ON_ERROR_CANCEL: 'skip the operation quietly and stop later hooks',
  ON_ERROR_FATAL: 'fail the operation (error hooks fire) and stop later hooks',
  ON_ERROR_RETRY_1MINUTE: 'wait and evaluate the gate again in 1 minute',
  ON_ERROR_RETRY_10MINUTES: 'wait and evaluate the gate again in 10 minutes',
  ON_ERROR_RETRY_EXPONENTIAL_BACKOFF: 'wait 10 s, then double each time (at most 1 hour)',
};
