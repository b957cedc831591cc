// A fast path for validating history lines, derived from the zod schemas themselves. A line of
// the history is parsed whenever a page shows it; zod takes tens of microseconds a record until
// its code is hot (which on a fresh start it is not), a plain type check well under one. The
// check is built only from field types it understands fully — strings, booleans, numbers (safe
// integers), literals, enums, nullable and arrays of those, in a loose object — and accepts only
// what zod would accept, with the same output (known fields in the schema's order, then the
// rest). Anything else, a record it does not accept included, goes to zod, which also words the
// error. If a schema gains a field type not known here, the fast path switches itself off.
import type { z } from 'zod';

type Check = (v: unknown) => boolean;

interface Def {
  type: string;
  checks?: { _zod: { def: { check?: string; format?: string } } }[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
}

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

function fieldCheck(s: z.ZodType): Check | null {
  const def = defOf(s);
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'string':
      return checks.length ? null : (v) => typeof v === 'string';
    case 'boolean':
      return checks.length ? null : (v) => typeof v === 'boolean';
    case 'number': {
      if (checks.length === 0) return (v) => typeof v === 'number' && Number.isFinite(v);
      const c = checks.length === 1 ? checks[0]!._zod.def : null;
      return c?.check === 'number_format' && c.format === 'safeint' ? (v) => Number.isSafeInteger(v) : null;
    }
    case 'literal': {
      const values = def.values;
      return !checks.length && Array.isArray(values) ? (v) => values.includes(v) : null;
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return checks.length || !def.entries ? null : (v) => typeof v === 'string' && values.has(v);
    }
    case 'nullable': {
      const inner = def.innerType && fieldCheck(def.innerType);
      return inner ? (v) => v === null || inner(v) : null;
    }
    case 'array': {
      const el = !checks.length && def.element ? fieldCheck(def.element) : null;
      return el ? (v) => Array.isArray(v) && v.every(el) : null;
    }
    default:
      return null;
  }
}

/** The parsed record as zod's `parse` of `schema` would give it, or null: not sure, ask zod. */
export type FastCheck = (raw: Record<string, unknown>) => Record<string, unknown> | null;

/** A fast check for a loose object schema made of known field types; null when it has others. */
export function fastCheckFor(schema: z.ZodType): FastCheck | null {
  const def = defOf(schema);
  if (def.type !== 'object' || !def.shape || def.checks?.length || !def.catchall || defOf(def.catchall).type !== 'unknown') return null;
  const keys = Object.keys(def.shape);
  const checks: Check[] = [];
  for (const k of keys) {
    const c = fieldCheck(def.shape[k]!);
    if (!c) return null;
    checks.push(c);
  }
  const known = new Set(keys);
  return (raw) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = raw[k];
      if (!checks[i]!(v) || !Object.hasOwn(raw, k)) return null;
      out[k] = v;
    }
    for (const k of Object.keys(raw)) {
      if (known.has(k)) continue;
      if (k === '__proto__') return null;
      out[k] = raw[k];
    }
    return out;
  };
}
