// Short ids for people: the shortest prefix of an id no other id shares (as git abbreviates
// commits), and the way back from such a prefix to the one id it names.

/** Never shorter than this many characters after the "op-"/"run-" kind prefix: still readable, rarely outgrown. */
export const MIN_SHORT_CHARS = 6;

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function kindLength(id: string): number {
  const dash = id.indexOf('-');
  return dash >= 0 && dash < 8 ? dash + 1 : 0;
}

/** For each id of `all`, the length of its shortest unique prefix (at least the kind and MIN_SHORT_CHARS). */
export function shortPrefixLengths(all: readonly string[]): Map<string, number> {
  const sorted = [...new Set(all)].sort();
  const out = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) {
    const id = sorted[i]!;
    const shared = Math.max(i > 0 ? commonPrefix(sorted[i - 1]!, id) : 0, i + 1 < sorted.length ? commonPrefix(id, sorted[i + 1]!) : 0);
    out.set(id, Math.min(id.length, Math.max(shared + 1, kindLength(id) + MIN_SHORT_CHARS)));
  }
  return out;
}

/**
 * The short forms of `ids`, all of one length (a table column reads better so): the longest any of
 * them needs among `all` to be unique.
 */
export function shortIds(ids: readonly string[], all: readonly string[]): Map<string, string> {
  const lengths = shortPrefixLengths([...all, ...ids]);
  const width = Math.max(0, ...ids.map((id) => lengths.get(id) ?? id.length));
  return new Map(ids.map((id) => [id, id.slice(0, Math.max(width, lengths.get(id) ?? id.length))]));
}

export type PrefixMatch = { kind: 'one'; id: string } | { kind: 'none' } | { kind: 'many'; ids: string[] };

/** The id `text` names: itself, or the one id it is a prefix of (with or without the kind prefix, e.g. "op-"). */
export function matchPrefix(text: string, all: Iterable<string>, kinds: readonly string[] = ['op-', 'run-']): PrefixMatch {
  const candidates = new Set<string>();
  const forms = [text, ...kinds.filter((k) => !text.startsWith(k)).map((k) => k + text)];
  for (const id of all) {
    if (id === text) return { kind: 'one', id };
    if (forms.some((f) => id.startsWith(f))) candidates.add(id);
  }
  if (candidates.size === 0) return { kind: 'none' };
  if (candidates.size === 1) return { kind: 'one', id: [...candidates][0]! };
  return { kind: 'many', ids: [...candidates].sort() };
}
