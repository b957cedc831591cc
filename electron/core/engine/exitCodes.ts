// How a decision becomes an exit status the calling tool understands.
import type { Decision } from '../../shared/history';

export const EXIT_CODE_PRESETS = {
  /** borgmatic treats 75 from a before hook as a soft failure: the backup is skipped quietly. */
  borgmatic: { proceed: 0, skip: 75, fail: 1 },
  /** systemd ExecCondition=: 1–254 skips the unit quietly, 255 fails it. */
  systemd: { proceed: 0, skip: 1, fail: 255 },
  duplicati: { proceed: 0, skip: 1, fail: 5 },
} as const;

export type ExitCodePreset = keyof typeof EXIT_CODE_PRESETS;
export interface ExitCodes {
  proceed: number;
  skip: number;
  fail: number;
}

export function isExitCodePreset(name: string): name is ExitCodePreset {
  return Object.hasOwn(EXIT_CODE_PRESETS, name);
}

/** A still-waiting gate (the caller did not wait) counts as skip. */
export function exitCodeFor(decision: Decision, codes: ExitCodes): number {
  return decision === 'wait' ? codes.skip : codes[decision];
}
