// A small, strict flag parser: unknown flags and missing values are errors that say which.

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  /** `string` takes a value (`--plan X` or `--plan=X`); `boolean` takes none. */
  type: 'string' | 'boolean';
  /** May be given more than once; the values are collected in order. */
  multiple?: boolean;
  /** One-letter alias, e.g. `q` for `--quiet`. */
  short?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  /** Flag values by long name: string, string[] (multiple), or true. */
  flags: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
  /** Everything after a bare `--`, untouched (`hookgate run -- restic backup …`). */
  rest: string[] | null;
}

/**
 * Parses `argv` against `specs`. A lone `-` is a positional (stdin). With `stopAtPositional`,
 * the first positional ends flag parsing (the rest are positionals).
 */
export function parseArgs(argv: string[], specs: FlagSpecs, opts: { command: string; stopAtPositional?: boolean } = { command: 'hookgate' }): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  let rest: string[] | null = null;
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  const set = (name: string, value: string | boolean) => {
    const spec = specs[name]!;
    if (spec.multiple) {
      const prev = flags[name];
      flags[name] = [...(Array.isArray(prev) ? prev : []), value as string];
    } else if (flags[name] !== undefined) {
      throw new UsageError(`${opts.command}: --${name} given twice`);
    } else {
      flags[name] = value;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = specs[name];
      if (!spec) throw new UsageError(`${opts.command}: unknown flag --${name}`);
      if (spec.type === 'boolean') {
        if (eq >= 0) throw new UsageError(`${opts.command}: --${name} takes no value`);
        set(name, true);
      } else {
        let value: string | undefined;
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
          value = argv[i + 1];
          if (value === undefined || (value.startsWith('--') && value.length > 2)) {
            throw new UsageError(`${opts.command}: --${name} needs a value`);
          }
          i++;
        }
        set(name, value);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const letters = arg.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const name = byShort.get(letters[j]!);
        if (!name) throw new UsageError(`${opts.command}: unknown flag -${letters[j]}`);
        const spec = specs[name]!;
        if (spec.type === 'boolean') set(name, true);
        else {
          const value = j < letters.length - 1 ? letters.slice(j + 1) : argv[++i];
          if (value === undefined) throw new UsageError(`${opts.command}: -${letters[j]} needs a value`);
          set(name, value);
          break;
        }
      }
      continue;
    }
    positionals.push(arg);
    if (opts.stopAtPositional) {
      positionals.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, positionals, rest };
}

export function stringFlag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function listFlag(p: ParsedArgs, name: string): string[] {
  const v = p.flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function boolFlag(p: ParsedArgs, name: string): boolean {
  return p.flags[name] === true;
}

/** `90s`, `2m`, `1h30m`, `500ms` or plain seconds (`90`, `1.5`) → milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(parseFloat(t) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    const n = parseFloat(m[1]!);
    total += n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
    matched = re.lastIndex;
  }
  if (t === '' || matched !== t.length) {
    throw new UsageError(`invalid ${what} "${text}": use e.g. 90s, 2m, 1h30m or plain seconds`);
  }
  return Math.round(total);
}

/** An integer flag in [min, max], with an error naming the flag. */
export function parseIntFlag(text: string, flag: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${flag}: "${text}" is not a whole number`);
  const n = parseInt(text, 10);
  if (n < min || n > max) throw new UsageError(`--${flag}: ${n} is outside ${min}–${max}`);
  return n;
}
