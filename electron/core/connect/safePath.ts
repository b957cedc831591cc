// The hookgate command goes into files other programs parse (unit files, rsnapshot's tab-separated
// config, shell lines): it must be an absolute path of plain characters, or the wiring is refused.
import path from 'node:path';

export class WiringError extends Error {
  override name = 'WiringError';
}

export function safeCommandPath(bin: string, where: string): string {
  if (!path.isAbsolute(bin)) {
    throw new WiringError(`the hookgate command was not found on PATH (got "${bin}"); ${where} needs its absolute path: install the hookgate command or set HOOKGATE_BIN`);
  }
  if (!plainPath(bin)) {
    throw new WiringError(`the hookgate command's path "${bin}" has characters ${where} cannot carry safely (spaces, quotes, % or $); set HOOKGATE_BIN to a plain path`);
  }
  return bin;
}

/** Characters a shell line, a unit file and a tab-separated config all take as they are. */
export function plainPath(p: string): boolean {
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(p);
}
