// The public face of Hookgate's Go text/template engine: render templates exactly as Go does over
// Backrest's hook variables or plain JSON data, and check them for the editor.
import type { SystemFacts } from '../../shared/systemFacts';
import { bytesOf, goString, jsString } from './bytes';
import { TemplateError } from './errors';
import { hookVars as buildHookVars, systemVarsFromFacts as mapFacts, type HookVarsInput } from './hookvars';
import { jsonToGoValue as toGo } from './json';
import { Template, parseOptions } from './template';
import { INVALID, Value } from './value';

export { TemplateError } from './errors';
export type { HookVarsInput } from './hookvars';
export { parseJson, JsonNumber, JsonSyntaxError } from './json';
export { measureRender } from './bench';

export interface TemplateDiagnostic {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  col: number;
  /** Go's message, e.g. `template: hook:3: unexpected "}" in operand`. */
  message: string;
}

const DEFAULT_NAME = 'template';
const CACHE_LIMIT = 256;
const cache = new Map<string, Template>();

/** The parsed template for (name, text) (Go byte strings), parsed once and kept (least recently used goes first). */
function parsed(name: string, text: string): Template {
  const key = name + '\0' + text;
  let t = cache.get(key);
  if (t) {
    cache.delete(key);
    cache.set(key, t);
    return t;
  }
  t = new Template(name, text);
  cache.set(key, t);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return t;
}

/** Parse errors of a template with positions, without executing it (Go stops at the first). */
export function checkTemplate(text: string, name: string = DEFAULT_NAME): TemplateDiagnostic[] {
  try {
    parsed(goString(name), goString(text));
    return [];
  } catch (e) {
    if (e instanceof TemplateError) return [{ line: e.line ?? 1, col: e.col ?? 1, message: e.message }];
    throw e;
  }
}

function toValue(data: unknown): Value {
  if (data instanceof Value) return data;
  if (data === null || data === undefined) return INVALID;
  return toGo(data);
}

/** Backrest's RenderTemplateOrDefault: only U+0020 counts as blank (a "\n" template is not). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

/**
 * Renders text over data (a value from hookVars/jsonToGoValue, or plain JSON-shaped data) exactly as
 * Go's text/template does, as text: bytes of the output that are not UTF-8 (see renderTemplateBytes)
 * become U+FFFD. Throws TemplateError (kind "parse" or "exec") with Go's message.
 */
export function renderTemplate(
  text: string,
  data: unknown,
  opts: { name?: string; options?: string[]; exec?: string; defaultTemplate?: string } = {},
): string {
  return jsString(renderToGoString(text, data, opts));
}

/**
 * renderTemplate's output as the exact bytes Go's Execute writes: a template that cuts a character
 * (`slice .Plan.Id 0 1`) or writes "\xff" gives bytes that are not UTF-8, and text cannot hold them.
 */
export function renderTemplateBytes(
  text: string,
  data: unknown,
  opts: { name?: string; options?: string[]; exec?: string; defaultTemplate?: string } = {},
): Uint8Array {
  return bytesOf(renderToGoString(text, data, opts));
}

function renderToGoString(text: string, data: unknown, opts: { name?: string; options?: string[]; exec?: string; defaultTemplate?: string }): string {
  const source = opts.defaultTemplate !== undefined && isBlank(text) ? opts.defaultTemplate : text;
  return renderGoString(goString(source), toValue(data), { ...opts, name: goString(opts.name ?? DEFAULT_NAME), exec: opts.exec === undefined ? undefined : goString(opts.exec) });
}

/**
 * The engine's own form of renderTemplate: text, names and the result are Go byte strings (bytes.ts),
 * so output that is not valid UTF-8 (a cut character, a "\xff" literal) is kept byte for byte.
 */
export function renderGoString(text: string, data: Value, opts: { name?: string; options?: string[]; exec?: string } = {}): string {
  const missingKey = parseOptions(opts.options ?? []);
  return parsed(opts.name ?? DEFAULT_NAME, text).execute(data, { missingKey, exec: opts.exec });
}

/** encoding/json decoding into interface{}: objects → map[string]interface{} (sorted), numbers → float64. */
export function jsonToGoValue(json: unknown): unknown {
  return toGo(json);
}

/** The Go value of Backrest's HookVars plus Hookgate's fields; throws TemplateError naming a bad input field. */
export function hookVars(input: HookVarsInput): unknown {
  return buildHookVars(input);
}

type HookVarsArg = HookVarsInput | (() => HookVarsInput);

/** Renders a hook script over its hook variables, as text (see renderHookScriptBytes). */
export function renderHookScript(script: string, vars: HookVarsArg, opts: { options?: string[]; defaultTemplate?: string } = {}): string {
  return isPlainScript(script, opts) ? script : jsString(renderHookGoString(script, vars, opts));
}

/**
 * A hook script as it is to run: the exact bytes Go's Execute writes (a template that cuts a
 * character gives a byte that is not UTF-8, and the script must get that byte, not U+FFFD); a plain
 * script is returned as itself, its text, the same every run.
 */
export function renderHookScriptBytes(script: string, vars: HookVarsArg, opts: { options?: string[]; defaultTemplate?: string } = {}): string | Uint8Array {
  return isPlainScript(script, opts) ? script : bytesOf(renderHookGoString(script, vars, opts));
}

/**
 * Text without an action renders as itself whatever the data (so the data is not even made, when
 * passed as a function): most hooks are plain scripts.
 */
function isPlainScript(script: string, opts: { defaultTemplate?: string }): boolean {
  return !script.includes('{{') && (opts.defaultTemplate === undefined || !isBlank(script));
}

function renderHookGoString(script: string, vars: HookVarsArg, opts: { options?: string[]; defaultTemplate?: string }): string {
  return renderToGoString(script, buildHookVars(typeof vars === 'function' ? vars() : vars), opts);
}

/** The shared SystemFacts as the Go-named .System variables (unknown stays null, i.e. nil). */
export function systemVarsFromFacts(facts: SystemFacts): NonNullable<HookVarsInput['System']> {
  return mapFacts(facts);
}
