// A CommandRunner that answers from recorded outputs instead of running anything.
import fs from 'node:fs';
import path from 'node:path';
import { CommandError, commandLine, type CommandRunner, type RunOptions } from '../../../electron/core/system/commandRunner';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/system');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export type Answer =
  | string
  | { missing: true }
  | { timeout: true }
  | { exit: number; stdout?: string; stderr?: string }
  | { hang: true }
  | ((options: RunOptions | undefined) => string | Promise<string>);

export interface FakeRunner {
  run: CommandRunner;
  calls: { line: string; options: RunOptions | undefined }[];
  answers: Map<string, Answer>;
}

/**
 * Answers by exact command line (`nmcli -t -f STATE,CONNECTIVITY general`); a command without an
 * answer behaves as not installed, so a test states every command it expects.
 */
export function fakeRunner(answers: Record<string, Answer>): FakeRunner {
  const map = new Map(Object.entries(answers));
  const calls: FakeRunner['calls'] = [];
  const run: CommandRunner = async (file, args, options) => {
    const line = commandLine(path.basename(file), args);
    calls.push({ line, options });
    const a = map.get(line) ?? { missing: true };
    if (typeof a === 'string') return a;
    if (typeof a === 'function') return a(options);
    if ('missing' in a) throw new CommandError(line, 'missing', 'not found');
    if ('timeout' in a) throw new CommandError(line, 'timeout', `timed out after ${options?.timeoutMs} ms`);
    if ('hang' in a) return new Promise<string>(() => {});
    throw new CommandError(line, 'exit', `exited ${a.exit}`, a.exit, a.stdout ?? '', a.stderr ?? '');
  };
  return { run, calls, answers: map };
}
