// A bound on how deep a config may nest. Hookgate's own fields are a few levels deep; fields it does
// not know are kept as they are when it saves, and copying or writing a value thousands of levels
// deep overflows the stack. Checked without recursion, so the check itself cannot overflow.
import { ConfigError } from './configError';
import { fieldPath } from './describeIssues';

export const MAX_CONFIG_DEPTH = 64;

/** The path to the first value nested deeper than `max` objects/arrays, or null. */
export function tooDeepAt(value: unknown, max = MAX_CONFIG_DEPTH): (string | number)[] | null {
  type Entry = { value: unknown; depth: number; parent: Entry | null; key: string | number | null };
  const stack: Entry[] = [{ value, depth: 0, parent: null, key: null }];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.value === null || typeof e.value !== 'object') continue;
    if (e.depth >= max) {
      const path: (string | number)[] = [];
      for (let at: Entry | null = e; at && at.key !== null; at = at.parent) path.unshift(at.key);
      return path;
    }
    const entries: [string | number, unknown][] = Array.isArray(e.value) ? e.value.map((v, i) => [i, v]) : Object.entries(e.value);
    for (const [key, child] of entries) stack.push({ value: child, depth: e.depth + 1, parent: e, key });
  }
  return null;
}

/** Throws a ConfigError naming the file and the field when `value` nests deeper than Hookgate keeps. */
export function checkConfigDepth(value: unknown, file: string): void {
  const at = tooDeepAt(value);
  if (!at) return;
  const shown = at.length > 6 ? `${fieldPath(at.slice(0, 5))}…` : fieldPath(at);
  throw new ConfigError(
    `${file}: ${shown} is nested more than ${MAX_CONFIG_DEPTH} levels deep; Hookgate keeps fields it does not know when it saves, but not that deep — flatten or remove it in the file (it is unchanged)`,
    file,
  );
}
