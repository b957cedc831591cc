// node-pty reports the signal that ended a process as a number (and exit code 0); callers want a name.
import os from 'node:os';

const NAMES = new Map<number, string>();
// Aliases share a number (SIGIOT = SIGABRT, SIGPOLL = SIGIO): the first name listed is the usual one.
for (const [name, num] of Object.entries(os.constants.signals)) if (!NAMES.has(num)) NAMES.set(num, name);

/** `9` → `'SIGKILL'`; a number the platform does not name becomes `'SIG<n>'`. */
export function signalName(signal: number): string {
  return NAMES.get(signal) ?? `SIG${signal}`;
}
