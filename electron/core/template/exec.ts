// The executor, ported from Go's text/template/exec.go: walking the tree, evaluating pipelines,
// fields, methods and functions over Go values, with Go's rules for missing keys, nil pointers,
// argument types and variables, and Go's error texts naming the template, line, column and action.
// Follows current Go where it grew since 1.19: range over integers, `range $x = …` assigning.
// Guards Go does not need: a template depth, an output size and a step budget.
import { editorPosition, jsString } from './bytes';
import { TemplateError } from './errors';
import { BUILTINS, goodFunc, isTrue, printableValue, truth } from './funcs';
import type {
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
} from './nodes';
import type { Tree } from './parse';
import { sprint, toArg } from './printf';
import { quote } from './strconv';
import {
  GoError,
  GoType,
  INVALID,
  T,
  Value,
  assignableTo,
  boolValue,
  callMethod,
  canBeNilKind,
  elem,
  field,
  floatValue,
  indexValue,
  indirect,
  indirectInterface,
  intValue,
  isIntKind,
  isUintKind,
  isValid,
  lenOf,
  mapIndex,
  methodByName,
  sortedMapEntries,
  stringValue,
  wrapInt,
  zeroValue,
  type FuncSig,
} from './value';

export type MissingKey = 'invalid' | 'zero' | 'error';

export interface ExecLimits {
  /** Nesting of {{template}} calls (Go: 100000, 1000 on wasm; a JavaScript stack takes less). */
  maxDepth: number;
  /** Output size in bytes. */
  maxOutput: number;
  /** Nodes walked and loop iterations, so an empty {{range 1000000000000}} cannot hang. */
  maxSteps: number;
}

// 10 million steps is about a second; a hook template needing more is a runaway loop.
export const DEFAULT_LIMITS: ExecLimits = { maxDepth: 1000, maxOutput: 64 * 1024 * 1024, maxSteps: 10_000_000 };

/** Go's missingValType: "no final argument" in a pipeline. */
const MISSING = new Value(new GoType('struct', 'template.missingValType'), {});

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();

interface Variable {
  name: string;
  value: Value;
}

interface Callable {
  sig: FuncSig;
  call(args: Value[]): Value;
}

function canBeNil(t: GoType): boolean {
  return canBeNilKind(t.kind) || t === T.reflectValue;
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

/** What fmt's %v prints for a reflect.Value in an error message. */
function fmtValue(v: Value): string {
  if (!isValid(v)) return '<invalid reflect.Value>';
  return sprint([toArg(v)]);
}

/**
 * Go's Tree.ErrorContext: "NAME:LINE:COL" (COL a 0-based byte offset, as Go counts) and the node's
 * text, as Go byte strings; line and col (UTF-16) for an editor.
 */
export function errorContext(n: Node): { location: string; context: string; line: number; col: number } {
  const text = n.tree.text.slice(0, n.pos);
  const byteCol = text.length - (text.lastIndexOf('\n') + 1);
  const { line, col } = editorPosition(n.tree.text, n.pos);
  return { location: `${n.tree.parseName}:${line}:${byteCol}`, context: n.toString(), line, col };
}

export class ExecState {
  private node: Node | null = null;
  private vars: Variable[];
  private depth = 0;
  private out: string[] = [];
  private outLen = 0;
  private steps = 0;

  constructor(
    private tmplName: string,
    private readonly trees: ReadonlyMap<string, Tree>,
    private readonly missingKey: MissingKey,
    private readonly limits: ExecLimits,
    dot: Value,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  /** The output, as the bytes Go would write (a Go byte string). */
  run(dot: Value, root: ListNode): string {
    this.walk(dot, root);
    return this.out.join('');
  }

  // ---- errors and bookkeeping ----

  private at(n: Node): void {
    this.node = n;
  }

  /** Throws Go's error for msg (a Go byte string, as everything here), decoded for its reader. */
  errorf(msg: string): never {
    const name = this.tmplName;
    if (!this.node) throw new TemplateError('exec', jsString(`template: ${name}: ${msg}`));
    const { location, context, line, col } = errorContext(this.node);
    throw new TemplateError('exec', jsString(`template: ${location}: executing ${quote(name)} at <${context}>: ${msg}`), line, col);
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps) this.errorf(`execution stopped after ${this.limits.maxSteps} steps (a runaway loop?)`);
  }

  private write(s: string): void {
    this.outLen += s.length;
    if (this.outLen > this.limits.maxOutput) this.errorf(`output exceeds the limit of ${this.limits.maxOutput} bytes`);
    this.out.push(s);
  }

  private push(name: string, value: Value): void {
    this.vars.push({ name, value });
  }

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: Value): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  private varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  private walk(dot: Value, node: Node): void {
    this.at(node);
    this.step();
    switch (node.type) {
      case 'action': {
        // Variables declared here persist until the enclosing {{end}}; a declaration prints nothing.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
        return this.walkIfOrWith(false, dot, node.pipe, node.list, node.elseList);
      case 'with':
        return this.walkIfOrWith(true, dot, node.pipe, node.list, node.elseList);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.write(node.text);
        return;
    }
    this.errorf(`unknown node: ${node.toString()}`);
  }

  private walkIfOrWith(isWith: boolean, dot: Value, pipe: PipeNode, list: ListNode, elseList: ListNode | null): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, pipe);
      const [t, ok] = isTrue(indirectInterface(val));
      if (!ok) this.errorf(`if/with can't use ${fmtValue(val)}`);
      if (t) this.walk(isWith ? val : dot, list);
      else if (elseList) this.walk(dot, elseList);
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: Value, r: RangeNode): void {
    this.at(r);
    const outer = this.mark();
    try {
      const [val] = indirect(this.evalPipeline(dot, r.pipe));
      const mark = this.mark();
      const decl = r.pipe.decl;
      const oneIteration = (index: Value, el: Value) => {
        this.at(r); // a runaway loop is reported at the range
        this.step();
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : el);
          else this.setTopVar(1, el);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, el);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(el, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
      };
      const k = val.kind;
      let ran = false;
      if (isIntKind(k) || isUintKind(k)) {
        if (decl.length > 1) this.errorf(`can't use ${fmtValue(val)} to iterate over more than one variable`);
        const n = val.v as bigint;
        for (let i = 0n; i < n; i++) {
          ran = true;
          oneIteration(INVALID, new Value(val.t, i));
        }
      } else if (k === 'array' || k === 'slice') {
        const n = lenOf(val);
        for (let i = 0; i < n; i++) {
          ran = true;
          oneIteration(intValue(i), indexValue(val, i));
        }
      } else if (k === 'map') {
        for (const [key, v] of sortedMapEntries(val)) {
          ran = true;
          oneIteration(key, v);
        }
      } else if (k !== 'invalid') {
        // An invalid value is likely a nil map, etc. and acts like an empty map.
        this.errorf(`range can't iterate over ${fmtValue(val)}`);
      }
      if (!ran && r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: Value, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.trees.get(t.name);
    if (!tmpl || !tmpl.root) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth >= this.limits.maxDepth) this.errorf(`exceeded maximum template depth (${this.limits.maxDepth})`);
    // Variables declared by the pipeline persist.
    dot = this.evalPipeline(dot, t.pipe);
    const saved = { name: this.tmplName, vars: this.vars };
    this.depth++;
    this.tmplName = tmpl.name;
    // No dynamic scoping: template invocations inherit no variables.
    this.vars = [{ name: '$', value: dot }];
    try {
      this.walk(dot, tmpl.root);
    } finally {
      this.depth--;
      this.tmplName = saved.name;
      this.vars = saved.vars;
    }
  }

  // ---- evaluation ----

  private evalPipeline(dot: Value, pipe: PipeNode | null): Value {
    if (!pipe) return INVALID;
    this.at(pipe);
    let value = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value); // previous value is this one's final arg.
      // If the object has type interface{}, dig down one level to the thing inside.
      if (value.kind === 'interface' && (value.t.ifaceMethods ?? []).length === 0) value = indirectInterface(value);
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, value);
      else this.push(variable.ident[0]!, value);
    }
    return value;
  }

  private notAFunction(args: Node[], final: Value): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${args[0]!.toString()}`);
  }

  private evalCommand(dot: Value, cmd: CommandNode, final: Value): Value {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        // Parenthesized pipeline. The arguments are all inside the pipeline; final must be absent.
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return boolValue(first.value);
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return stringValue(first.text);
    }
    this.errorf(`can't evaluate command ${quote(first.toString())}`);
  }

  /** A number with no type from context: its syntax decides, as for Go's untyped constants. */
  private idealConstant(c: NumberNode): Value {
    this.at(c);
    if (c.isComplex) return new Value(T.complex128, c.complex);
    if (c.isFloat && !isHexInt(c.text) && c.text[0] !== "'" && /[.eEpP]/.test(c.text)) return floatValue(c.float64);
    if (c.isInt) return intValue(c.int64);
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return INVALID;
  }

  private evalFieldNode(dot: Value, f: FieldNode, args: Node[] | null, final: Value): Value {
    this.at(f);
    return this.evalFieldChain(dot, dot, f, f.ident, args, final);
  }

  private evalChainNode(dot: Value, chain: ChainNode, args: Node[] | null, final: Value): Value {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${chain.toString()}`);
    // (pipe).Field1.Field2 has pipe as .Node, fields as .Field. Eval the pipeline, then the fields.
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: Value, v: VariableNode, args: Node[] | null, final: Value): Value {
    // $x.Field has $x as the first ident, Field as the second. Eval the var, then the fields.
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? [], final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: Value, receiver: Value, node: Node, ident: string[], args: Node[] | null, final: Value): Value {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i]!, node, null, MISSING, receiver);
    // Now if it's a method, it gets the arguments.
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver);
  }

  private evalFunction(dot: Value, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Value): Value {
    this.at(node);
    const name = node.ident;
    const fn = BUILTINS.get(name);
    if (!fn) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, fn, true, cmd, name, args, final);
  }

  /** .Field or .Method args…: a method first, then a struct field or a map key. */
  private evalField(dot: Value, fieldName: string, node: Node, args: Node[] | null, final: Value, receiver: Value): Value {
    if (!isValid(receiver)) {
      // Treat an invalid value as a missing map key.
      if (this.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return INVALID;
    }
    const typ = receiver.t;
    const [r, isNil] = indirect(receiver);
    if (r.kind === 'interface' && isNil) {
      // Calling a method on a nil interface can't work.
      this.errorf(`nil pointer evaluating ${typ.name}.${fieldName}`);
    }
    // Unless it's an interface, an addressable T also offers *T's methods.
    const m = methodByName(r, fieldName);
    if (m) {
      const recv = r;
      return this.evalCall(dot, { sig: m.sig, call: (argv) => callMethod(m, recv, argv) }, false, node, fieldName, args, final);
    }
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    switch (r.kind) {
      case 'struct': {
        const i = r.t.fieldIndex.get(fieldName);
        if (i !== undefined && !r.t.opaque) {
          if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
          return field(r, i);
        }
        break;
      }
      case 'map': {
        // If it's a map, attempt to use the field name as a key.
        const kt = r.t.key!;
        if (assignableTo(T.string, kt)) {
          if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
          const result = mapIndex(r, kt.kind === 'interface' ? new Value(kt, stringValue(fieldName)) : stringValue(fieldName));
          if (!isValid(result)) {
            if (this.missingKey === 'zero') return zeroValue(r.t.elem!);
            if (this.missingKey === 'error') this.errorf(`map has no entry for key ${quote(fieldName)}`);
          }
          return result;
        }
        break;
      }
      case 'ptr': {
        const et = r.t.elem!;
        // If there's no such field, say "can't evaluate" instead of "nil pointer evaluating".
        if (et.kind === 'struct' && (!et.fieldIndex.has(fieldName) || et.opaque)) break;
        if (isNil) this.errorf(`nil pointer evaluating ${typ.name}.${fieldName}`);
        break;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ.name}`);
  }

  /** Calls a builtin or a method with arguments evaluated against its Go signature. */
  private evalCall(dot: Value, fn: Callable, isBuiltin: boolean, node: Node, name: string, args0: Node[] | null, final: Value): Value {
    const args = args0 ? args0.slice(1) : []; // Zeroth arg is function name/node; not passed to function.
    const s = fn.sig;
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    let numFixed = args.length;
    if (s.variadic) {
      numFixed = s.params.length - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${s.params.length - 1} got ${args.length}`);
    } else if (numIn !== s.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${s.params.length} got ${numIn}`);
    }
    if (!goodFunc(s)) this.errorf(`can't call method/function ${quote(name)} with ${s.results.length} results`);

    // Special case for builtin and/or, which short-circuit.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      const argType = s.params[0]!;
      let v = INVALID;
      for (const arg of args) {
        v = this.evalArg(dot, argType, arg);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, argType);
      return v;
    }

    const argv: Value[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, s.params[i]!, args[i]!));
    if (s.variadic) {
      const argType = s.params[s.params.length - 1]!.elem!;
      for (; i < args.length; i++) argv.push(this.evalArg(dot, argType, args[i]!));
    }
    if (final !== MISSING) {
      let t = s.params[s.params.length - 1]!;
      if (s.variadic) t = numIn - 1 < numFixed ? s.params[numIn - 1]! : t.elem!;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      if (e instanceof GoError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  /** Go's validateType: v must be assignable to typ, with one dereference or address-of allowed. */
  private validateType(value: Value, typ: GoType | null): Value {
    if (!isValid(value)) {
      if (typ === null) return INVALID;
      if (canBeNil(typ)) return typ === T.reflectValue ? INVALID : zeroValue(typ);
      this.errorf(`invalid value; expected ${typ.name}`);
    }
    if (typ === T.reflectValue) return value;
    if (typ && !assignableTo(value.t, typ)) {
      if (value.kind === 'interface' && value.v !== null) {
        value = elem(value);
        if (assignableTo(value.t, typ)) return value;
      }
      if (value.kind === 'ptr' && assignableTo(value.t.elem!, typ)) {
        value = elem(value);
        if (!isValid(value)) this.errorf(`dereference of nil pointer of type ${typ.name}`);
      } else if (assignableTo(value.t.ptrTo(), typ) && value.addressable) {
        value = new Value(value.t.ptrTo(), value.v);
      } else {
        this.errorf(`wrong type for value; expected ${typ.name}; got ${value.t.name}`);
      }
    }
    return value;
  }

  private evalArg(dot: Value, typ: GoType | null, n: Node): Value {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ && canBeNil(typ)) return typ === T.reflectValue ? INVALID : zeroValue(typ);
        this.errorf(`cannot assign nil to ${typ?.name ?? '<nil>'}`);
        break;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    if (!typ) this.errorf(`can't handle ${n.toString()} for arg of type <nil>`);
    const k = typ.kind;
    if (k === 'bool') return this.evalBool(typ, n);
    if (k === 'complex128') {
      if (n.type === 'number' && n.isComplex) return new Value(typ, n.complex);
      this.errorf(`expected complex; found ${n.toString()}`);
    }
    if (k === 'float32' || k === 'float64') {
      if (n.type === 'number' && n.isFloat) return new Value(typ, n.float64);
      this.errorf(`expected float; found ${n.toString()}`);
    }
    if (isIntKind(k)) {
      if (n.type === 'number' && n.isInt) return new Value(typ, wrapInt(k, n.int64));
      this.errorf(`expected integer; found ${n.toString()}`);
    }
    if (isUintKind(k)) {
      if (n.type === 'number' && n.isUint) return new Value(typ, wrapInt(k, n.uint64));
      this.errorf(`expected unsigned integer; found ${n.toString()}`);
    }
    if (k === 'interface' && (typ.ifaceMethods ?? []).length === 0) return this.evalEmptyInterface(dot, n);
    if (typ === T.reflectValue) return this.evalEmptyInterface(dot, n);
    if (k === 'string') {
      if (n.type === 'string') return new Value(typ, n.text);
      this.errorf(`expected string; found ${n.toString()}`);
    }
    this.errorf(`can't handle ${n.toString()} for arg of type ${typ.name}`);
  }

  private evalBool(typ: GoType, n: Node): Value {
    this.at(n);
    if (n.type === 'bool') return new Value(typ, n.value);
    this.errorf(`expected bool; found ${n.toString()}`);
  }

  private evalEmptyInterface(dot: Value, n: Node): Value {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return boolValue(n.value);
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldNode(dot, n, null, MISSING);
      case 'identifier':
        return this.evalFunction(dot, n, n, null, MISSING);
      case 'nil':
        this.errorf("evalEmptyInterface: nil (can't happen)");
        break;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return stringValue(n.text);
      case 'variable':
        return this.evalVariableNode(dot, n, null, MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
    }
    this.errorf(`can't handle assignment of ${n.toString()} to empty interface argument`);
  }

  private printValue(n: Node, v: Value): void {
    this.at(n);
    const [iface, ok] = printableValue(v);
    if (!ok) this.errorf(`can't print ${n.toString()} of type ${v.t.name}`);
    this.write(typeof iface === 'string' ? iface : sprint([iface]));
  }
}
