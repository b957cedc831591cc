// Hook CRUD as pure functions over a Config: each returns a new Config or throws an error that
// says what was wrong. The CLI and (later) the host's API both go through these.
import { randomBytes } from 'node:crypto';
import { hookSchema, type Config, type Hook, type HookInput } from '../../shared/config';
import { ConfigError } from './configError';
import { describeIssue, fieldPath } from './describeIssues';

/** No hook matches, or a name matches several: the message says which and what to use instead. */
export class HookLookupError extends Error {
  override name = 'HookLookupError';
}

/** A hook to add: like HookInput, but the id may be left out (a fresh one is assigned). */
export type NewHookInput = Omit<HookInput, 'id'> & { id?: string };

/** By id; else by unique name, case-sensitive first, then case-insensitive. */
export function findHook(config: Config, idOrName: string): Hook {
  return config.hooks[findHookIndex(config, idOrName)]!;
}

export function findHookIndex(config: Config, idOrName: string): number {
  const byId = config.hooks.findIndex((h) => h.id === idOrName);
  if (byId >= 0) return byId;
  const pick = (matches: number[]): number | null => {
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const ids = matches.map((i) => config.hooks[i]!.id).join(', ');
      throw new HookLookupError(`ambiguous: ${matches.length} hooks are named "${idOrName}" (ids ${ids}); use the id`);
    }
    return null;
  };
  const exact = pick(indexesWhere(config.hooks, (h) => h.name === idOrName));
  if (exact !== null) return exact;
  const lower = idOrName.toLowerCase();
  const folded = pick(indexesWhere(config.hooks, (h) => h.name.toLowerCase() === lower));
  if (folded !== null) return folded;
  const n = config.hooks.length;
  throw new HookLookupError(`no hook with the id or name "${idOrName}" (${n === 0 ? 'there are no hooks yet' : `${n} hook${n === 1 ? '' : 's'}: see "hookgate hooks list"`})`);
}

function indexesWhere<T>(items: T[], pred: (t: T) => boolean): number[] {
  const out: number[] = [];
  items.forEach((t, i) => pred(t) && out.push(i));
  return out;
}

/** `Battery ≥ 40 %!` → `battery-40`; empty → `hook`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'hook';
}

function randomSuffix(len = 4): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(len);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** A fresh id: the name's slug and 4 random characters, e.g. `battery-k3x9`. */
export function newHookId(name: string, taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const id = `${slugify(name)}-${randomSuffix()}`;
    if (!taken.has(id)) return id;
  }
}

function parseHook(input: unknown, label: string): Hook {
  const r = hookSchema.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.map((i) => describeIssue(i, input));
    throw new ConfigError(`${label}: ${lines.join('; ')}`, null, fieldPath(r.error.issues[0]!.path));
  }
  return r.data;
}

function label(input: { name?: unknown; id?: unknown }): string {
  return typeof input.name === 'string' && input.name ? `hook "${input.name}"` : typeof input.id === 'string' ? `hook ${input.id}` : 'hook';
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The hook (other than `except`) already named `name`, compared as lookups compare (trimmed, any
 * case): two hooks with one name would make every verb that takes a name ambiguous.
 */
export function hookNamed(config: Config, name: string, except = -1): Hook | null {
  const folded = name.trim().toLowerCase();
  return config.hooks.find((h, i) => i !== except && h.name.trim().toLowerCase() === folded) ?? null;
}

/** The name taken error: says by which hook and asks for another name. */
function nameTaken(config: Config, name: string, owner: Hook): ConfigError {
  return new ConfigError(`a hook named "${owner.name}" already exists (${owner.id}): choose another name for this one (e.g. "${freeHookName(config, name.trim())}")`, null, 'name');
}

/** `base` if no hook has that name, else `base-2`, `base-3`, … (a name to suggest; `sep` joins the number). */
export function freeHookName(config: Config, base: string, sep = '-'): string {
  if (!hookNamed(config, base)) return base;
  for (let i = 2; ; i++) if (!hookNamed(config, `${base}${sep}${i}`)) return `${base}${sep}${i}`;
}

/** Appends a hook; assigns a fresh id when it has none; rejects an id or a name already in use. */
export function addHook(config: Config, input: NewHookInput | HookInput): Config {
  const taken = new Set(config.hooks.map((h) => h.id));
  const given = withoutUndefined(input) as NewHookInput;
  if (given.id !== undefined && taken.has(given.id)) {
    throw new ConfigError(`${label(given)}: id "${given.id}" is already used by hook "${config.hooks.find((h) => h.id === given.id)!.name}"`, null, 'id');
  }
  const id = given.id ?? newHookId(typeof given.name === 'string' ? given.name : 'hook', taken);
  const hook = parseHook({ ...given, id }, label(given));
  const owner = hookNamed(config, hook.name);
  if (owner) throw nameTaken(config, hook.name, owner);
  return { ...config, hooks: [...config.hooks, hook] };
}

/** Changes the given fields of one hook (a field set to undefined is left as it was). */
export function editHook(config: Config, idOrName: string, patch: Partial<HookInput>): Config {
  const index = findHookIndex(config, idOrName);
  const old = config.hooks[index]!;
  const changes = withoutUndefined(patch);
  if (changes.id !== undefined && changes.id !== old.id && config.hooks.some((h) => h.id === changes.id)) {
    throw new ConfigError(`hook "${old.name}": id "${changes.id}" is already used by another hook`, null, 'id');
  }
  const hook = parseHook({ ...old, ...changes }, `hook "${old.name}"`);
  // Only a rename is checked: a config that already has two of a name stays editable otherwise.
  const owner = hook.name !== old.name ? hookNamed(config, hook.name, index) : null;
  if (owner) throw nameTaken(config, hook.name, owner);
  const hooks = [...config.hooks];
  hooks[index] = hook;
  return { ...config, hooks };
}

export function removeHook(config: Config, idOrName: string): Config {
  const index = findHookIndex(config, idOrName);
  return { ...config, hooks: config.hooks.filter((_, i) => i !== index) };
}

export function setHookEnabled(config: Config, idOrName: string, enabled: boolean): Config {
  const index = findHookIndex(config, idOrName);
  const hooks = [...config.hooks];
  hooks[index] = { ...hooks[index]!, enabled };
  return { ...config, hooks };
}

/** Moves a hook to `toIndex` (0-based) in the running order. */
export function moveHook(config: Config, idOrName: string, toIndex: number): Config {
  const index = findHookIndex(config, idOrName);
  const n = config.hooks.length;
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= n) {
    throw new ConfigError(`cannot move hook "${config.hooks[index]!.name}" to position ${toIndex + 1}: there ${n === 1 ? 'is 1 hook' : `are ${n} hooks`} (positions 1–${n})`, null, 'position');
  }
  const hooks = [...config.hooks];
  const [hook] = hooks.splice(index, 1);
  hooks.splice(toIndex, 0, hook!);
  return { ...config, hooks };
}
