// Runs the small OS tools the fact sources read (nmcli, pmset, powershell, netsh) — always through
// execFile, never a shell, and always with a short timeout: a fact that takes longer is unknown.
import { execFile } from 'node:child_process';

/** A source never waits longer than this for one command (the whole read is bounded by the provider). */
export const COMMAND_TIMEOUT_MS = 800;

const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface RunOptions {
  timeoutMs?: number;
  /** Replaces the child's environment (default: the parent's). */
  env?: NodeJS.ProcessEnv;
}

/** Runs `file args…` and resolves with its standard output; rejects with a CommandError. Injectable for tests. */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<string>;

export type CommandFailure = 'missing' | 'timeout' | 'exit' | 'other';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly command: string,
    readonly failure: CommandFailure,
    detail: string,
    readonly exitCode: number | null = null,
    readonly stdout = '',
    readonly stderr = '',
  ) {
    super(`${command}: ${detail}`);
  }
}

/** `file a b` for messages; arguments with spaces are quoted so the line can be pasted into a terminal. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/[\s"']/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');
}

/** The real runner: node's execFile, no shell, killed with SIGKILL at the timeout. */
export const execFileRunner: CommandRunner = (file, args, options = {}) => {
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
  const line = commandLine(file, args);
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        windowsHide: true,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        env: options.env ?? process.env,
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number; signal?: string };
        if (e.code === 'ENOENT') return reject(new CommandError(line, 'missing', 'not found', null, stdout, stderr));
        if (e.killed && e.signal === 'SIGKILL') {
          return reject(new CommandError(line, 'timeout', `timed out after ${timeoutMs} ms`, null, stdout, stderr));
        }
        if (typeof e.code === 'number') {
          const said = firstLine(stderr) || firstLine(stdout);
          return reject(new CommandError(line, 'exit', `exited ${e.code}${said ? `: ${said}` : ''}`, e.code, stdout, stderr));
        }
        reject(new CommandError(line, 'other', e.message, null, stdout, stderr));
      },
    );
  });
};

// PowerShell 5.1 (powershell.exe, always installed) can load WinRT types; PowerShell 7 cannot.
export const POWERSHELL = 'powershell.exe';

/** Arguments for powershell.exe: the script base64-encoded (UTF-16LE), so no quoting can break it. */
export function encodedPowerShellArgs(script: string): string[] {
  return ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
}

/**
 * The parent's environment with messages in English: nmcli translates values such as
 * "yes (guessed)", and the parsers match the English words. The character set is kept
 * (LC_ALL moves to LC_CTYPE) so SSIDs with non-ASCII names come through intact.
 */
export function untranslatedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, LC_MESSAGES: 'C', LANGUAGE: '' };
  const ctype = env.LC_ALL || env.LC_CTYPE || env.LANG;
  delete out.LC_ALL;
  if (ctype) out.LC_CTYPE = ctype;
  return out;
}
