// borgmatic: Hookgate's signals as commands in its hooks (before_backup, after_backup, the prune
// and check pairs, on_error), added as lines into the user's YAML where the lists are — not by
// re-serialising the document, which would move the user's comments. borgmatic pastes its
// `{error}` raw into the shell, so the error is never passed on: on_error itself says "failed".
import YAML, { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { shellCommand } from './shellWords';

/** The hooks Hookgate adds: borgmatic hook name → the hookgate condition it signals. */
const BORGMATIC_HOOKS: [key: string, condition: string][] = [
  ['before_backup', 'snapshot-start'],
  ['after_backup', 'snapshot-success'],
  ['before_prune', 'prune-start'],
  ['after_prune', 'prune-success'],
  ['before_check', 'check-start'],
  ['after_check', 'check-success'],
  ['on_error', 'snapshot-error'],
];

/** What borgmatic's error is reported as: on_error runs only after a failure, so that is the error. */
export const BORGMATIC_ERROR_TEXT = 'borgmatic reported an error (its log says which)';

const BORGMATIC_COMMENT = '# Added by Hookgate: "hookgate plans disconnect ID" takes it out again.';

function borgmaticCommands(bin: string, id: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, cond] of BORGMATIC_HOOKS) {
    const words = [bin, 'signal', cond, '--plan', id];
    if (key === 'on_error') words.push('--error', BORGMATIC_ERROR_TEXT);
    out.set(key, shellCommand(words));
  }
  return out;
}

function lineStart(text: string, off: number): number {
  return text.lastIndexOf('\n', off - 1) + 1;
}
function lineEnd(text: string, off: number): number {
  const i = text.indexOf('\n', off);
  return i < 0 ? text.length : i + 1;
}
function column(text: string, off: number): number {
  return off - lineStart(text, off);
}

function yamlScalar(s: string): string {
  // A plain scalar when YAML reads it back as the same string, else double-quoted.
  const plain = /^[^\s#:'"{}[\],&*!|>%@`-][^#]*$/.test(s) && !/:\s/.test(s) && !/\s$/.test(s);
  return plain ? s : JSON.stringify(s);
}

function parse(text: string): Document.Parsed {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw new Error(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc;
}

/** The indentation step the file uses (the column of the first nested key), 4 when there is none. */
function indentUnit(doc: Document.Parsed, text: string): number {
  if (isMap(doc.contents)) {
    for (const p of doc.contents.items) {
      if (isMap(p.value) && p.value.items[0] && isScalar(p.value.items[0].key) && p.value.items[0].key.range) {
        const c = column(text, p.value.items[0].key.range[0]);
        if (c > 0) return c;
      }
    }
  }
  return 4;
}

interface Insert {
  at: number;
  text: string;
}

/** The text with Hookgate's commands in its hooks; unchanged when they are all there. */
export function wireBorgmatic(text: string, bin: string, id: string): string {
  const doc = parse(text);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new Error('the file is not a YAML mapping (borgmatic expects keys like location: or source_directories:)');
  const unit = indentUnit(doc, text);
  const cmds = borgmaticCommands(bin, id);
  // borgmatic 1.7 keeps hooks in a `hooks:` section (next to `location:`); 1.8 and later at the top level.
  const sectioned = root !== null && (root.has('location') || root.has('hooks'));
  let hooksMap: YAMLMap | null = null;
  if (sectioned) {
    const h = (root as YAMLMap).get('hooks', true) as Node | undefined;
    if (h && !isMap(h) && !(isScalar(h) && h.value === null)) throw new Error('its hooks: is not a mapping');
    hooksMap = h && isMap(h) ? h : null;
  } else {
    hooksMap = root as YAMLMap | null;
  }
  const inserts: Insert[] = [];
  const missing: [string, string][] = [];
  for (const [key, cmd] of cmds) {
    const pair = hooksMap?.items.find((p) => isScalar(p.key) && p.key.value === key);
    const value = pair?.value as Node | null | undefined;
    if (!pair) {
      missing.push([key, cmd]);
      continue;
    }
    if (isSeq(value) && !value.flow) {
      if (value.items.some((it) => isScalar(it) && it.value === cmd)) continue;
      const items = value.items.filter((it): it is Node => !!it && !!(it as Node).range);
      if (!items.length) throw new Error(`its ${key}: list cannot be edited in place`);
      const first = items[0]!.range![0];
      const dash = text.lastIndexOf('-', first - 1);
      const dashCol = column(text, dash);
      const line = `${' '.repeat(dashCol)}- ${yamlScalar(cmd)}\n`;
      // The START gate runs before the user's own before_ commands (a skip should not first mount a disk).
      if (key.startsWith('before_')) inserts.push({ at: lineStart(text, dash), text: line });
      else inserts.push({ at: lineEnd(text, items[items.length - 1]!.range![1] - 1), text: line });
    } else if (value === null || value === undefined || (isScalar(value) && value.value === null)) {
      const keyNode = pair.key as Node;
      const keyCol = column(text, keyNode.range![0]);
      inserts.push({ at: lineEnd(text, keyNode.range![0]), text: `${' '.repeat(keyCol + unit)}- ${yamlScalar(cmd)}\n` });
    } else {
      throw new Error(`its ${key}: is not a list of commands Hookgate can add to (write it as "- command" lines)`);
    }
  }
  let out = text;
  if (missing.length) {
    if (hooksMap && hooksMap.items.length) {
      const firstKey = hooksMap.items[0]!.key as Node;
      const keyCol = column(text, firstKey.range![0]);
      const last = hooksMap.items[hooksMap.items.length - 1]!;
      const end = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
      // At the top level (borgmatic 1.8+) the added keys get the marking comment; inside hooks: they join the user's.
      const mark = sectioned ? '' : `${BORGMATIC_COMMENT.replace('ID', id)}\n`;
      const block = mark + missing.map(([k, c]) => `${' '.repeat(keyCol)}${k}:\n${' '.repeat(keyCol + unit)}- ${yamlScalar(c)}\n`).join('');
      inserts.push({ at: lineEnd(text, Math.max(0, end - 1)), text: block });
    } else {
      const base = sectioned ? unit : 0;
      const head = sectioned ? 'hooks:\n' : '';
      const block = `${BORGMATIC_COMMENT.replace('ID', id)}\n${head}${missing.map(([k, c]) => `${' '.repeat(base)}${k}:\n${' '.repeat(base + unit)}- ${yamlScalar(c)}\n`).join('')}`;
      // A `hooks:` with nothing under it is replaced; otherwise the block goes at the end.
      const emptyHooks = sectioned && root ? (root as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === 'hooks') : undefined;
      if (emptyHooks) {
        const k = emptyHooks.key as Node;
        const s = lineStart(text, k.range![0]);
        const e = lineEnd(text, k.range![0]);
        out = `${text.slice(0, s)}${text.slice(e)}`;
        inserts.length = 0; // nothing else referred to the (empty) hooks section
      }
      const sep = out === '' || out.endsWith('\n') ? '' : '\n';
      out = `${out}${sep}${out.trim() ? '\n' : ''}${block}`;
      out = applyInserts(out, inserts);
      checkWired(out, bin, id);
      return out;
    }
  }
  out = applyInserts(out, inserts);
  if (out !== text) checkWired(out, bin, id);
  return out;
}

/** Inserts from the end backwards; at one offset, the one added first ends up first. */
function applyInserts(text: string, inserts: Insert[]): string {
  let out = text;
  const order = inserts.map((ins, i) => ({ ...ins, i })).sort((a, b) => b.at - a.at || b.i - a.i);
  for (const ins of order) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return out;
}

/** The edit must read back as borgmatic will read it: every command in its list, nothing else broken. */
function checkWired(text: string, bin: string, id: string): void {
  const doc = parse(text);
  const js = (doc.toJS() ?? {}) as Record<string, unknown>;
  const hooks = (js.location !== undefined || js.hooks !== undefined ? js.hooks : js) as Record<string, unknown> | undefined;
  for (const [key, cmd] of borgmaticCommands(bin, id)) {
    const list = hooks?.[key];
    if (!Array.isArray(list) || !list.includes(cmd)) throw new Error(`could not add Hookgate's ${key} command in place (the edit did not read back)`);
  }
}

/**
 * Takes Hookgate's commands (and the comment and keys it added) out of a file something else has
 * changed since; null when none of them is in it.
 */
export function unwireBorgmatic(text: string, bin: string, id: string): string | null {
  const ours = new Set([...borgmaticCommands(bin, id).values()].map((c) => `- ${yamlScalar(c)}`));
  const lines = text.split('\n');
  const kept: string[] = [];
  let removed = false;
  for (const l of lines) {
    if (ours.has(l.trim()) || l.trim() === BORGMATIC_COMMENT.replace('ID', id)) {
      removed = true;
      continue;
    }
    kept.push(l);
  }
  if (!removed) return null;
  // Keys Hookgate's commands were the only items of are left empty: take them out.
  const indent = (l: string) => l.length - l.trimStart().length;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = kept.length - 1; i >= 0; i--) {
      const l = kept[i]!;
      if (!/^\s*[a-z_]+:\s*$/.test(l)) continue;
      let j = i + 1;
      while (j < kept.length && kept[j]!.trim() === '') j++;
      if (j >= kept.length || indent(kept[j]!) <= indent(l)) kept.splice(i, 1);
    }
  }
  const out = kept.join('\n').replace(/\n\n\n+$/, '\n').replace(/\n+$/, text.endsWith('\n') ? '\n' : '');
  try {
    parse(out);
  } catch {
    return null;
  }
  return out;
}
