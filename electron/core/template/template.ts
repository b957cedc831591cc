// A parsed template set, as Go's template.Template: the main tree plus every {{define}}/{{block}},
// executable by name, with Go's options ("missingkey=…"). Names, text and output are Go byte strings
// (bytes.ts); errors are decoded for their reader.
import { jsString } from './bytes';
import { TemplateError } from './errors';
import { DEFAULT_LIMITS, ExecState, type ExecLimits, type MissingKey } from './exec';
import { BUILTIN_NAMES } from './funcs';
import { ParseFail, Tree, parseFailPosition } from './parse';
import { quote } from './strconv';
import { INVALID, Value, isValid } from './value';

export class Template {
  readonly trees = new Map<string, Tree>();

  /** Parses text (a Go byte string); throws TemplateError (kind "parse") with Go's message and the position. */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {
    const t = new Tree(name, BUILTIN_NAMES);
    try {
      t.parse(text, this.trees);
    } catch (e) {
      if (e instanceof ParseFail) {
        const { line, col } = parseFailPosition(text, e);
        throw new TemplateError('parse', jsString(e.message), line, col);
      }
      if (e instanceof RangeError) throw new TemplateError('parse', jsString(`template: ${name}: too deeply nested to parse`));
      throw e;
    }
  }

  /**
   * Executes the template (or the {{define}}d one named exec) over data; the output is the bytes Go
   * writes, as a Go byte string. Go's Execute takes an interface{}: an interface value is looked
   * through, nil data is the invalid value.
   */
  execute(data: Value, opts: { missingKey?: MissingKey; exec?: string; limits?: Partial<ExecLimits> } = {}): string {
    const execName = opts.exec ?? this.name;
    const tree = this.trees.get(execName);
    if (!tree) {
      if (opts.exec !== undefined) throw new TemplateError('exec', jsString(`template: no template ${quote(execName)} associated with template ${quote(this.name)}`));
      throw new TemplateError('exec', jsString(`template: ${quote(this.name)} is an incomplete or empty template`));
    }
    let dot = data;
    if (isValid(dot) && dot.kind === 'interface') dot = dot.v === null ? INVALID : (dot.v as Value);
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const state = new ExecState(execName, this.trees, opts.missingKey ?? 'invalid', limits, dot);
    try {
      return state.run(dot, tree.root!);
    } catch (e) {
      if (e instanceof RangeError) throw new TemplateError('exec', jsString(`template: ${execName}: too deeply nested to execute (stack overflow)`));
      throw e;
    }
  }
}

/** Go's Template.Option: "missingkey=default|invalid|zero|error". */
export function parseOptions(options: readonly string[]): MissingKey {
  let mk: MissingKey = 'invalid';
  for (const opt of options) {
    if (opt === '') throw new TemplateError('parse', 'empty option string');
    const eq = opt.indexOf('=');
    if (eq >= 0 && opt.slice(0, eq) === 'missingkey') {
      const v = opt.slice(eq + 1);
      if (v === 'invalid' || v === 'default') {
        mk = 'invalid';
        continue;
      }
      if (v === 'zero' || v === 'error') {
        mk = v;
        continue;
      }
    }
    throw new TemplateError('parse', `unrecognized option: ${opt}`);
  }
  return mk;
}
