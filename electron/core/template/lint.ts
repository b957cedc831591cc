// The hook editor's lint: variables that can carry text from outside (an error message, a plan or
// repository name, backup paths…) written into a shell script without `.ShellEscape` can break out
// of their quotes and run commands. Works on the parse tree, so `{{ if .Error }}` (no output),
// `{{ .ShellEscape .Error }}`, `{{ .Error | .ShellEscape }}` and `{{ range .Plan.Paths }}{{ . }}`
// are told apart the way the executor would see them.
import { splitShebang } from '../runner/shebang';
import { editorPosition, goString, jsString } from './bytes';
import { TemplateError } from './errors';
import type { ActionNode, CommandNode, ListNode, Node, PipeNode } from './nodes';
import { Template } from './template';

export interface TemplateLintWarning {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  col: number;
  /** The variable as written in the template, e.g. `.Plan.Id` or `.` inside a range over `.Plan.Paths`. */
  variable: string;
  message: string;
}

/** Field paths whose values come from outside Hookgate, and what they carry. */
const OUTSIDE_TEXT: readonly { path: readonly string[]; what: string }[] = [
  { path: ['Error'], what: 'an error message' },
  { path: ['Plan', 'Id'], what: 'a plan name' },
  { path: ['Plan', 'Paths'], what: 'backup paths' },
  { path: ['Repo', 'Id'], what: 'a repository name' },
  { path: ['Task'], what: 'a task description' },
  { path: ['SnapshotId'], what: 'a snapshot id' },
];

/** Interpreters that read the script as POSIX-ish shell, where ShellEscape's quoting is right. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'yash']);

/** True when the script runs in a shell: no `#!` line (the default shell) or a `#!` naming one. */
export function isShellScript(script: string): boolean {
  const { argv } = splitShebang(script);
  if (!script.startsWith('#!')) return true;
  if (!argv) return false;
  let words = argv.map((w) => w.split(/[\\/]/).pop() ?? w);
  if (words[0] === 'env') words = words.slice(1).filter((w) => !w.startsWith('-'));
  return words.length > 0 && SHELLS.has(words[0]!);
}

/** A value of outside text: what it was written as, and what it carries. */
interface Taint {
  variable: string;
  what: string;
  pos: number;
}

interface Scope {
  /** Set when `.` is outside text (inside `range`/`with` over such a variable). */
  dot: Taint | null;
  /** `$name` → the outside text it was assigned. */
  vars: Map<string, Taint>;
}

/**
 * Where a field or variable starts: Go puts a chained `.Plan.Id` at its last segment (`.Id`),
 * but the editor marks the whole name.
 */
function startOf(node: Node & { ident: string[] }): number {
  const text = node.tree.text;
  const written = node.toString();
  const last = node.ident.length > 1 ? '.' + node.ident[node.ident.length - 1] : written;
  const start = node.pos - (written.length - last.length);
  return start >= 0 && text.startsWith(written, start) ? start : node.pos;
}

function outsideField(ident: readonly string[]): { path: readonly string[]; what: string } | null {
  return OUTSIDE_TEXT.find((o) => o.path.length <= ident.length && o.path.every((p, i) => ident[i] === p)) ?? null;
}

/** The first outside-text value an argument of a pipeline refers to, if any. */
function taintOf(node: Node, scope: Scope): Taint | null {
  switch (node.type) {
    case 'field': {
      const o = outsideField(node.ident);
      return o ? { variable: node.toString(), what: o.what, pos: startOf(node) } : null;
    }
    case 'variable': {
      const [name, ...rest] = node.ident;
      if (name === '$') {
        const o = outsideField(rest);
        return o ? { variable: node.toString(), what: o.what, pos: startOf(node) } : null;
      }
      const t = scope.vars.get(name!);
      return t ? { ...t, variable: node.toString(), pos: startOf(node) } : null;
    }
    case 'dot':
      return scope.dot ? { ...scope.dot, variable: '.', pos: node.pos } : null;
    case 'chain':
      return taintOf(node.node, scope);
    case 'pipe':
      return pipeTaint(node, scope);
    case 'command':
      return commandTaint(node, scope);
    default:
      return null;
  }
}

function isShellEscape(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'field') return node.ident[node.ident.length - 1] === 'ShellEscape';
  if (node.type === 'variable') return node.ident[node.ident.length - 1] === 'ShellEscape';
  return false;
}

/** Commands whose result never carries the text itself: quoting, counting, comparing, formatting numbers. */
function sanitizes(cmd: CommandNode): boolean {
  const first = cmd.args[0];
  if (isShellEscape(first)) return true;
  if (first?.type === 'identifier') return ['len', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'not'].includes(first.ident);
  if (first?.type === 'field') return ['IsError', 'FormatSizeBytes', 'FormatDuration', 'FormatTime', 'EventName'].includes(first.ident[first.ident.length - 1]!);
  return false;
}

function commandTaint(cmd: CommandNode, scope: Scope): Taint | null {
  if (sanitizes(cmd)) return null;
  for (const a of cmd.args) {
    const t = taintOf(a, scope);
    if (t) return t;
  }
  return null;
}

/**
 * What a pipeline's result carries: each command after `|` gets the previous result as its last
 * argument, so `.Error | .ShellEscape` is clean and `.ShellEscape .Error | printf "%s"` too.
 */
function pipeTaint(pipe: PipeNode, scope: Scope): Taint | null {
  let carried: Taint | null = null;
  for (const cmd of pipe.cmds) carried = sanitizes(cmd) ? null : (commandTaint(cmd, scope) ?? carried);
  return carried;
}

/** Where a range or with over outside text puts `.` (and a declared `$x`). */
function branchScope(pipe: PipeNode, scope: Scope): Scope {
  const t = pipeTaint(pipe, scope);
  const vars = new Map(scope.vars);
  if (pipe.decl.length) {
    const last = pipe.decl[pipe.decl.length - 1]!;
    if (t) vars.set(last.ident[0]!, t);
    else vars.delete(last.ident[0]!);
  }
  return { dot: t, vars };
}

function walkList(list: ListNode | null, scope: Scope, out: Taint[]): void {
  if (!list) return;
  for (const n of list.nodes) walk(n, scope, out);
}

function walk(node: Node, scope: Scope, out: Taint[]): void {
  switch (node.type) {
    case 'action':
      return action(node, scope, out);
    case 'if':
      walkList(node.list, { dot: scope.dot, vars: new Map(scope.vars) }, out);
      return walkList(node.elseList, { dot: scope.dot, vars: new Map(scope.vars) }, out);
    case 'range':
    case 'with':
      walkList(node.list, branchScope(node.pipe, scope), out);
      return walkList(node.elseList, { dot: scope.dot, vars: new Map(scope.vars) }, out);
    case 'list':
      return walkList(node, scope, out);
    default:
      return;
  }
}

function action(node: ActionNode, scope: Scope, out: Taint[]): void {
  const t = pipeTaint(node.pipe, scope);
  if (node.pipe.decl.length) {
    // `{{ $p := .Plan.Id }}` prints nothing; `$p` carries the text on.
    for (const v of node.pipe.decl) {
      if (t) scope.vars.set(v.ident[0]!, t);
      else scope.vars.delete(v.ident[0]!);
    }
    return;
  }
  if (t) out.push(t);
}

/**
 * Warnings for outside-text variables written unescaped into a shell script. A script that does not
 * parse, or that runs in another interpreter, has none (its parse errors are reported elsewhere).
 */
export function lintHookScript(script: string, name = 'hook'): TemplateLintWarning[] {
  if (!isShellScript(script)) return [];
  let t: Template;
  try {
    t = new Template(goString(name), goString(script));
  } catch (e) {
    if (e instanceof TemplateError) return [];
    throw e;
  }
  const found: Taint[] = [];
  for (const tree of t.trees.values()) walkList(tree.root, { dot: null, vars: new Map() }, found);
  found.sort((a, b) => a.pos - b.pos);
  const text = t.text;
  return found.map((f) => {
    // The tree holds Go byte strings (bytes.ts); the editor counts UTF-16 units.
    const variable = jsString(f.variable);
    const escaped = variable === '.' ? '{{ $.ShellEscape . }}' : `{{ .ShellEscape ${variable} }}`;
    return {
      ...editorPosition(text, f.pos),
      variable,
      message: `${variable} is ${f.what} from outside, written into the shell script unquoted: it can break out and run commands. Write ${escaped}.`,
    };
  });
}
