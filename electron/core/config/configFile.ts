// Reading a config file's text into a usable Config, salvaging what can be salvaged, and
// validating a Config before it is written.
import { configSchema, emptyConfig, type Config } from '../../shared/config';
import { ConfigError } from './configError';
import { formatByteSize } from '../../shared/byteSize';
import { describeIssue, fieldPath } from './describeIssues';
import { findJsonSyntaxError } from './jsonSyntax';

/** Bigger than any sane config (scripts are capped at 4 MiB each); refuse before parsing. */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024 * 1024;

export interface ParsedConfigFile {
  /** What the app works with: the file's config, with invalid hooks and settings left out. */
  config: Config;
  /** One line per thing that was wrong, each naming the file and the field. */
  problems: string[];
  /**
   * The file was used exactly as it is. When false, saving would lose something the user wrote,
   * so the file must be moved aside before it is replaced.
   */
  clean: boolean;
  /** Nothing of the file could be used (not JSON, not an object, an unknown version, unreadable). */
  unusable?: boolean;
  /** The file starts with a UTF-8 byte order mark (accepted, and kept when the file is rewritten). */
  bom?: boolean;
  /**
   * Hooks left out as invalid: the gates they would have run in fail instead of going on without
   * them (conditions null: not readable, so every START gate fails).
   */
  invalidHooks?: InvalidHook[];
}

export interface InvalidHook {
  name: string;
  conditions: string[] | null;
  problem: string;
}

/** How a problem that made the whole file unusable ends: what was done about it. */
export const KEPT_EMPTY = 'the file is kept as is; starting with an empty config';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function parseConfigText(text: string, file: string): ParsedConfigFile {
  // Windows editors (Notepad) write a byte order mark; JSON.parse refuses it. Accepted and kept.
  if (text.charCodeAt(0) === 0xfeff) return { ...parseConfigText(text.slice(1), file), bom: true };
  if (text.length > MAX_CONFIG_FILE_BYTES) {
    return { config: emptyConfig(), problems: [`${file}: is ${formatByteSize(text.length)}, more than the ${formatByteSize(MAX_CONFIG_FILE_BYTES)} a config may be — ${KEPT_EMPTY}`], clean: false, unusable: true };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const where = findJsonSyntaxError(text);
    const what = where ? `${where.what} at line ${where.line}, column ${where.column}` : (err as Error).message;
    return { config: emptyConfig(), problems: [`${file}: not valid JSON: ${what} — ${KEPT_EMPTY}`], clean: false, unusable: true };
  }
  return parseConfigValue(raw, file);
}

export function parseConfigValue(raw: unknown, file: string): ParsedConfigFile {
  if (!isPlainObject(raw)) {
    return { config: emptyConfig(), problems: [`${file}: expected a JSON object at the top level — ${KEPT_EMPTY}`], clean: false, unusable: true };
  }
  const first = configSchema.safeParse(raw);
  if (first.success) return dropDuplicateIds(first.data, file, [], true);

  // Salvage: a broken hook is left out, a broken setting falls back to its default, a broken
  // hold is no hold. Anything else (the file's shape, its version) makes the file unusable.
  const badHooks = new Map<number, string[]>();
  const badPlans = new Map<number, string[]>();
  const problems: string[] = [];
  const salvaged: Record<string, unknown> = { ...raw };
  const settings = isPlainObject(raw.settings) ? { ...raw.settings } : null;
  const fatal: string[] = [];
  for (const issue of first.error.issues) {
    const [top, second] = issue.path;
    const line = describeIssue(issue, raw);
    if (top === 'hooks' && typeof second === 'number' && Array.isArray(raw.hooks)) {
      badHooks.set(second, [...(badHooks.get(second) ?? []), line]);
    } else if (top === 'plans' && typeof second === 'number' && Array.isArray(raw.plans)) {
      badPlans.set(second, [...(badPlans.get(second) ?? []), line]);
    } else if (top === 'settings' && typeof second === 'string' && settings) {
      delete settings[second];
      problems.push(`${file}: ${line} — using the default until the file is fixed`);
    } else if (top === 'hold' && issue.path.length > 0) {
      salvaged.hold = null;
      problems.push(`${file}: ${line} — ignoring the hold until the file is fixed`);
    } else {
      fatal.push(line);
    }
  }
  if (fatal.length > 0) {
    return { config: emptyConfig(), problems: [`${file}: ${fatal.join('; ')} — ${KEPT_EMPTY}`], clean: false, unusable: true };
  }
  if (settings) salvaged.settings = settings;
  const invalidHooks: InvalidHook[] = [];
  if (badHooks.size > 0) {
    const hooks = raw.hooks as unknown[];
    salvaged.hooks = hooks.filter((_, i) => !badHooks.has(i));
    for (const [i, lines] of [...badHooks].sort((a, b) => a[0] - b[0]).reverse()) {
      const h = hooks[i];
      const name = isPlainObject(h) && typeof h.name === 'string' ? ` "${h.name}"` : '';
      const problem = `${file}: ${lines.join('; ')} — hook${name} (hooks[${i}]) is invalid: the gates it would run in fail until the file is fixed; the file is kept as is`;
      problems.unshift(problem);
      // A hook switched off fails nothing; one whose conditions cannot be read fails every gate.
      if (isPlainObject(h) && h.enabled === false) continue;
      const conds = isPlainObject(h) && Array.isArray(h.conditions) && h.conditions.every((c) => typeof c === 'string') ? (h.conditions as string[]) : null;
      invalidHooks.unshift({ name: name ? name.slice(2, -1) : `hooks[${i}]`, conditions: conds, problem });
    }
  }
  if (badPlans.size > 0) {
    // A broken plan does not take the hooks with it: it is left out, and its operations still show under its id.
    const plans = raw.plans as unknown[];
    salvaged.plans = plans.filter((_, i) => !badPlans.has(i));
    for (const [i, lines] of [...badPlans].sort((a, b) => a[0] - b[0])) {
      const p = plans[i];
      const name = isPlainObject(p) && typeof p.name === 'string' ? ` "${p.name}"` : '';
      problems.push(`${file}: ${lines.join('; ')} — plan${name} (plans[${i}]) is left out until the file is fixed; the file is kept as is`);
    }
  }
  const second = configSchema.safeParse(salvaged);
  if (!second.success) {
    const lines = second.error.issues.map((i) => describeIssue(i, salvaged));
    return { config: emptyConfig(), problems: [`${file}: ${lines.join('; ')} — ${KEPT_EMPTY}`], clean: false, unusable: true };
  }
  return { ...dropDuplicateIds(second.data, file, problems, false), ...(invalidHooks.length ? { invalidHooks } : {}) };
}

function dropDuplicateIds(config: Config, file: string, problems: string[], clean: boolean): ParsedConfigFile {
  const seen = new Map<string, number>();
  const kept = [];
  for (const [i, hook] of config.hooks.entries()) {
    const firstAt = seen.get(hook.id);
    if (firstAt !== undefined) {
      problems.push(`${file}: hooks[${i}].id: "${hook.id}" is already the id of hooks[${firstAt}] — hook "${hook.name}" (hooks[${i}]) is left out until the file is fixed; the file is kept as is`);
      clean = false;
      continue;
    }
    seen.set(hook.id, i);
    kept.push(hook);
  }
  const seenPlans = new Map<string, number>();
  const plans = [];
  for (const [i, plan] of config.plans.entries()) {
    const firstAt = seenPlans.get(plan.id);
    if (firstAt !== undefined) {
      problems.push(`${file}: plans[${i}].id: "${plan.id}" is already the id of plans[${firstAt}] — plan "${plan.name}" (plans[${i}]) is left out until the file is fixed; the file is kept as is`);
      clean = false;
      continue;
    }
    seenPlans.set(plan.id, i);
    plans.push(plan);
  }
  let out = kept.length === config.hooks.length ? config : { ...config, hooks: kept };
  if (plans.length !== config.plans.length) out = { ...out, plans };
  return { config: out, problems, clean };
}

/**
 * Validates a config about to be written; throws a ConfigError naming `file` and every offending
 * field. Returns the parsed config (defaults filled in, unknown fields kept).
 */
export function validateConfig(candidate: unknown, file: string | null): Config {
  const prefix = file ? `${file}: ` : '';
  const r = configSchema.safeParse(candidate);
  if (!r.success) {
    const lines = r.error.issues.map((i) => describeIssue(i, candidate));
    throw new ConfigError(`${prefix}${lines.join('; ')}`, file, fieldPath(r.error.issues[0]!.path));
  }
  const seen = new Map<string, number>();
  for (const [i, hook] of r.data.hooks.entries()) {
    const firstAt = seen.get(hook.id);
    if (firstAt !== undefined) {
      throw new ConfigError(`${prefix}hooks[${i}].id: "${hook.id}" is already the id of hooks[${firstAt}]`, file, `hooks[${i}].id`);
    }
    seen.set(hook.id, i);
  }
  const seenPlans = new Map<string, number>();
  for (const [i, plan] of r.data.plans.entries()) {
    const firstAt = seenPlans.get(plan.id);
    if (firstAt !== undefined) {
      throw new ConfigError(`${prefix}plans[${i}].id: "${plan.id}" is already the id of plans[${firstAt}]`, file, `plans[${i}].id`);
    }
    seenPlans.set(plan.id, i);
  }
  return r.data;
}

/** Serialises a config the way it is stored: two-space JSON with a final newline. */
export function serializeConfig(config: Config): string {
  return JSON.stringify(config, null, 2) + '\n';
}
