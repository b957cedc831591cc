// --exit-codes PRESET, --skip-code N, --fail-code N → the codes a caller understands.
import { EXIT_CODE_PRESETS, isExitCodePreset, type ExitCodes } from '../core/engine/exitCodes';
import { parseIntFlag, stringFlag, UsageError, type FlagSpecs, type ParsedArgs } from './argParser';

export const EXIT_CODE_FLAGS: FlagSpecs = {
  'exit-codes': { type: 'string' },
  'skip-code': { type: 'string' },
  'fail-code': { type: 'string' },
};

export function exitCodesFrom(p: ParsedArgs): ExitCodes {
  const preset = stringFlag(p, 'exit-codes') ?? 'borgmatic';
  if (!isExitCodePreset(preset)) {
    throw new UsageError(`--exit-codes: unknown preset "${preset}" (borgmatic, systemd or duplicati)`);
  }
  const codes: ExitCodes = { ...EXIT_CODE_PRESETS[preset] };
  const skip = stringFlag(p, 'skip-code');
  const fail = stringFlag(p, 'fail-code');
  // 0 tells the tool to go ahead: a skip or a failure answered with it would run the backup.
  for (const [flag, text] of [['skip-code', skip], ['fail-code', fail]] as const) {
    if (text !== undefined && /^\s*[-+]?0+\s*$/.test(text)) {
      throw new UsageError(`--${flag}: 0 means "proceed" to the backup tool; a ${flag === 'skip-code' ? 'skip' : 'failure'} needs a code from 1 to 255`);
    }
  }
  if (skip !== undefined) codes.skip = parseIntFlag(skip, 'skip-code', 1, 255);
  if (fail !== undefined) codes.fail = parseIntFlag(fail, 'fail-code', 1, 255);
  return codes;
}
