// Which program runs a hook script: its `#!` line, else the platform's shell — checked before anything
// is spawned, so that "interpreter not found" is a spawn error with context, not a mysterious exit 1.
import path from 'node:path';
import { executableProblem, resolveExecutable, type ExecutableLookup, type ExecutableLookupOptions } from './executable';
import { splitShebang } from './shebang';

/** Scripts without a `#!` line, as Backrest runs them. */
const POSIX_DEFAULT_INTERPRETER = ['sh'];
/** The script file is the last argument, so it follows `-File`. */
const WINDOWS_DEFAULT_INTERPRETER = ['powershell.exe', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File'];

export interface Interpreter {
  /** argv before the script path; argv[0] is resolved to an absolute path. */
  argv: string[];
  /** PowerShell runs only `.ps1` files with -File, cmd only `.bat`/`.cmd`: the temp script's name must say so. */
  scriptSuffix: string;
}

export interface InterpreterContext {
  env: Record<string, string>;
  cwd: string;
  platform?: NodeJS.Platform;
}

export function interpreterForScript(script: string, ctx: InterpreterContext): { interpreter: Interpreter } | { error: string } {
  const platform = ctx.platform ?? process.platform;
  const shebang = splitShebang(script);
  if (shebang.error) return { error: `bad interpreter line: ${shebang.error}` };
  const fromShebang = shebang.argv !== null;
  const argv = shebang.argv ?? (platform === 'win32' ? WINDOWS_DEFAULT_INTERPRETER : POSIX_DEFAULT_INTERPRETER);
  const where = fromShebang ? 'first line of the script' : 'the default for scripts without a "#!" line';

  const lookup = { PATH: envPath(ctx.env, platform), PATHEXT: ctx.env.PATHEXT, cwd: ctx.cwd, platform };
  const found = resolveRemembered(argv[0], lookup);
  if ('error' in found) return { error: `interpreter "${argv[0]}" ${found.error} (${where})` };

  // `#!/usr/bin/env python3` always finds env; whether python3 exists is what matters to the user.
  const target = envTarget(argv, platform);
  if (target !== null) {
    const t = resolveRemembered(target, lookup);
    if ('error' in t) return { error: `interpreter "${target}" ${t.error} (run by ${argv[0]}, ${where})` };
  }
  return { interpreter: { argv: [found.path, ...argv.slice(1)], scriptSuffix: scriptSuffixFor(argv[0]) } };
}

function envPath(env: Record<string, string>, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env.PATH;
  // Windows environments are case-insensitive: "Path" is the usual spelling.
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key === undefined ? undefined : env[key];
}

/**
 * The program `env` will exec, when that is certain from its arguments; null when argv is not an env
 * invocation or env's options make the lookup different from ours (-i, -C, PATH=…, -P).
 */
export function envTarget(argv: string[], platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32' || path.posix.basename(argv[0]) !== 'env') return null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1] ?? null;
    if (a === '-S' || a === '--split-string') return firstWord(argv[i + 1]);
    if (a.startsWith('--split-string=')) return firstWord(a.slice('--split-string='.length));
    if (a.startsWith('-S')) return firstWord(a.slice(2));
    if (a === '-u' || a === '--unset') {
      i++;
      continue;
    }
    if (a.startsWith('--unset=') || (a.startsWith('-u') && a.length > 2)) continue;
    if (a.startsWith('PATH=') || a === '-i' || a === '-' || a === '--ignore-environment' || a.startsWith('-C') || a.startsWith('--chdir') || a.startsWith('-P')) return null;
    if (a.startsWith('-')) continue; // -v, -0 and friends change nothing about the lookup
    if (a.includes('=')) continue; // NAME=VALUE
    return a;
  }
  return null;
}

// The program in env's -S string; null when the string starts with more options or assignments.
function firstWord(s: string | undefined): string | null {
  const w = s?.trim().split(/\s+/)[0];
  return w && !w.startsWith('-') && !w.includes('=') ? w : null;
}

function scriptSuffixFor(program: string): string {
  const base = path.win32.basename(program).toLowerCase(); // win32 basename splits on both / and \
  if (/^(powershell|pwsh)(\.exe)?$/.test(base)) return '.ps1';
  if (/^cmd(\.exe)?$/.test(base)) return '.bat';
  return '';
}

/**
 * How long a found interpreter is remembered, as a shell hashes the commands it found. Each use
 * still checks the remembered file is an executable; only a new program of the same name earlier in
 * PATH goes unseen, for at most this long. A program that was not found is looked up every time.
 */
const REMEMBER_MS = 10_000;
const REMEMBERED_MAX = 32;
const remembered = new Map<string, { path: string; at: number }>();

function resolveRemembered(command: string, opts: ExecutableLookupOptions): ExecutableLookup {
  const key = [command, opts.PATH ?? '', opts.PATHEXT ?? '', opts.cwd, opts.platform ?? process.platform].join('\0');
  const now = Date.now();
  const hit = remembered.get(key);
  if (hit && now - hit.at < REMEMBER_MS && executableProblem(hit.path, opts.platform ?? process.platform) === null) return { path: hit.path };
  const found = resolveExecutable(command, opts);
  remembered.delete(key);
  if ('path' in found) {
    remembered.set(key, { path: found.path, at: now });
    if (remembered.size > REMEMBERED_MAX) remembered.delete(remembered.keys().next().value!);
  }
  return found;
}

