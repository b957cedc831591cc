// text/template's built-in functions, ported from Go's funcs.go: and/or (short-circuit, handled by
// the executor), not, len, index, slice, call, print/printf/println, html, js, urlquery and the
// comparisons with Go's kind rules (an int never equals a float64; int and uint compare by value).
import { sprint, sprintf, sprintln, toArg, type Arg } from './printf';
import { compareGoStrings, decodeRune, encodeRune } from './bytes';
import { isPrint } from './strconv';
import {
  GoError,
  T,
  Value,
  assignableTo,
  boolValue,
  canBeNilKind,
  comparableType,
  goEqual,
  implementsIface,
  indexValue,
  indirect,
  indirectInterface,
  intValue,
  isIntKind,
  isUintKind,
  isValid,
  lenOf,
  mapIndex,
  stringValue,
  wrapInt,
  zeroValue,
  type FuncSig,
  type GoType,
} from './value';

export interface Builtin {
  name: string;
  sig: FuncSig;
  call(args: Value[]): Value;
}

const RV = T.reflectValue;
const RV_SLICE = RV.sliceOf();
const ANY_SLICE = T.any.sliceOf();

function sig(params: GoType[], results: GoType[], variadic = false): FuncSig {
  return { params, variadic, results };
}

/** Go's isTrue: the truth of a value as if/with/and/or/not see it; ok is false for values with no truth. */
export function isTrue(v: Value): [boolean, boolean] {
  if (!isValid(v)) return [false, true];
  const k = v.kind;
  switch (k) {
    case 'array':
    case 'map':
    case 'slice':
    case 'string':
      return [lenOf(v) > 0, true];
    case 'bool':
      return [v.v as boolean, true];
    case 'complex128': {
      const c = v.v as { re: number; im: number };
      return [c.re !== 0 || c.im !== 0, true];
    }
    case 'func':
    case 'ptr':
    case 'interface':
      return [v.v !== null, true];
    case 'float32':
    case 'float64':
      return [(v.v as number) !== 0, true];
    case 'struct':
      return [true, true];
  }
  if (isIntKind(k) || isUintKind(k)) return [(v.v as bigint) !== 0n, true];
  return [false, false];
}

export function truth(v: Value): boolean {
  return isTrue(indirectInterface(v))[0];
}

function implementsErrorOrStringer(t: GoType): boolean {
  return implementsIface(t, T.error) || hasStringer(t);
}

function hasStringer(t: GoType): boolean {
  if (t.kind === 'ptr') return !!(t.elem!.methods.get('String') ?? t.methods.get('String'));
  if (t.kind === 'interface') return !!t.ifaceMethods?.includes('String');
  const m = t.methods.get('String');
  return !!m && !m.ptrRecv;
}

/**
 * Go's printableValue: what the executor hands fmt for `{{ x }}` — pointers followed, a value whose
 * pointer has String/Error printed through it, and funcs refused.
 */
export function printableValue(v: Value): [Arg | string, boolean] {
  if (v.kind === 'ptr') v = indirect(v)[0];
  if (!isValid(v)) return ['<no value>', true];
  if (!implementsErrorOrStringer(v.t)) {
    const pt = v.t.ptrTo();
    if (v.addressable && implementsErrorOrStringer(pt)) v = new Value(pt, v.v);
    else if (v.kind === 'func') return [null, false];
  }
  return [toArg(v), true];
}

// ---- the comparison rules of funcs.go ----

type BasicKind = 'invalid' | 'bool' | 'complex' | 'int' | 'float' | 'string' | 'uint';

const errBadComparisonType = 'invalid type for comparison';

function basicKind(v: Value): [BasicKind, string | null] {
  const k = v.kind;
  if (k === 'bool') return ['bool', null];
  if (isIntKind(k)) return ['int', null];
  if (isUintKind(k)) return ['uint', null];
  if (k === 'float32' || k === 'float64') return ['float', null];
  if (k === 'complex128') return ['complex', null];
  if (k === 'string') return ['string', null];
  return ['invalid', errBadComparisonType];
}

function isNilForEq(v: Value): boolean {
  if (!isValid(v)) return true;
  return canBeNilKind(v.kind) && v.v === null;
}

function canCompare(a: Value, b: Value): boolean {
  return a.kind === b.kind || !isValid(a) || !isValid(b);
}

function sv(v: Value, verb = 'v'): string {
  return sprintf('%' + verb, [toArg(v)]);
}

function incompatible(a: Value, b: Value): GoError {
  return new GoError(`incompatible types for comparison: ${a.t.name} and ${b.t.name}`);
}

function eq(arg1: Value, rest: Value[]): boolean {
  arg1 = indirectInterface(arg1);
  if (rest.length === 0) throw new GoError('missing argument for comparison');
  const [k1] = basicKind(arg1);
  for (let arg of rest) {
    arg = indirectInterface(arg);
    const [k2] = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') t = (arg1.v as bigint) >= 0n && arg1.v === arg.v;
      else if (k1 === 'uint' && k2 === 'int') t = (arg.v as bigint) >= 0n && arg1.v === arg.v;
      else if (isValid(arg1) && isValid(arg)) throw incompatible(arg1, arg);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
        case 'int':
        case 'string':
        case 'uint':
          t = arg1.v === arg.v;
          break;
        case 'complex': {
          const a = arg1.v as { re: number; im: number };
          const b = arg.v as { re: number; im: number };
          t = a.re === b.re && a.im === b.im;
          break;
        }
        default:
          if (!canCompare(arg1, arg)) {
            throw new GoError(`non-comparable types ${sv(arg1, 's')}: ${arg1.t.name}, ${arg.t.name}: ${sv(arg)}`);
          }
          if (isNilForEq(arg1) || isNilForEq(arg)) t = isNilForEq(arg) === isNilForEq(arg1);
          else {
            if (!comparableType(arg.t)) throw new GoError(`non-comparable type ${sv(arg, 's')}: ${arg.t.name}`);
            t = goEqual(arg1, arg);
          }
      }
    }
    if (t) return true;
  }
  return false;
}

function lt(arg1: Value, arg2: Value): boolean {
  arg1 = indirectInterface(arg1);
  const [k1, e1] = basicKind(arg1);
  if (e1) throw new GoError(e1);
  arg2 = indirectInterface(arg2);
  const [k2, e2] = basicKind(arg2);
  if (e2) throw new GoError(e2);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return (arg1.v as bigint) < 0n || (arg1.v as bigint) < (arg2.v as bigint);
    if (k1 === 'uint' && k2 === 'int') return (arg2.v as bigint) >= 0n && (arg1.v as bigint) < (arg2.v as bigint);
    throw incompatible(arg1, arg2);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new GoError(errBadComparisonType);
    case 'string':
      return compareGoStrings(arg1.v as string, arg2.v as string) < 0;
    default:
      return (arg1.v as number | bigint) < (arg2.v as number | bigint);
  }
}

function le(a: Value, b: Value): boolean {
  return lt(a, b) || eq(a, [b]);
}

// ---- index, slice, len, call ----

function intLike(t: GoType): boolean {
  return isIntKind(t.kind) || isUintKind(t.kind);
}

function prepareArg(value: Value, argType: GoType): Value {
  if (!isValid(value)) {
    if (!canBeNilKind(argType.kind)) throw new GoError(`value is nil; should be of type ${argType.name}`);
    value = zeroValue(argType);
  }
  if (assignableTo(value.t, argType)) return value;
  if (intLike(value.t) && intLike(argType)) return new Value(argType, wrapInt(argType.kind, value.v as bigint));
  throw new GoError(`value has type ${value.t.name}; should be ${argType.name}`);
}

function indexArg(index: Value, cap: number): number {
  let x: bigint;
  if (isIntKind(index.kind) || isUintKind(index.kind)) x = index.v as bigint;
  else if (!isValid(index)) throw new GoError('cannot index slice/array with nil');
  else throw new GoError(`cannot index slice/array with type ${index.t.name}`);
  if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
  return Number(x);
}

function index(item: Value, indexes: Value[]): Value {
  item = indirectInterface(item);
  if (!isValid(item)) throw new GoError('index of untyped nil');
  for (let idx of indexes) {
    idx = indirectInterface(idx);
    let isNil: boolean;
    [item, isNil] = indirect(item);
    if (isNil) throw new GoError('index of nil pointer');
    switch (item.kind) {
      case 'array':
      case 'slice':
      case 'string': {
        const n = lenOf(item);
        const x = indexArg(idx, n);
        if (x === n) throw new GoError(`reflect: ${item.kind} index out of range`);
        item = indexValue(item, x);
        break;
      }
      case 'map': {
        const key = prepareArg(idx, item.t.key!);
        const x = mapIndex(item, key);
        item = isValid(x) ? x : zeroValue(item.t.elem!);
        break;
      }
      default:
        throw new GoError(`can't index item of type ${item.t.name}`);
    }
  }
  return item;
}

function slice(item: Value, indexes: Value[]): Value {
  item = indirectInterface(item);
  if (!isValid(item)) throw new GoError('slice of untyped nil');
  if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  switch (item.kind) {
    case 'string':
      if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
      cap = lenOf(item);
      break;
    case 'array':
    case 'slice':
      cap = lenOf(item);
      break;
    default:
      throw new GoError(`can't slice item of type ${item.t.name}`);
  }
  const idx = [0, lenOf(item), 0];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, cap)));
  if (idx[0]! > idx[1]!) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  // A Go string is bytes: a cut may split a character, and the halves join back into it.
  if (item.kind === 'string') return new Value(item.t, (item.v as string).slice(idx[0], idx[1]));
  const raw = ((item.v as unknown[] | null) ?? []).slice(idx[0], idx[1]);
  const t = item.kind === 'array' ? item.t.elem!.sliceOf() : item.t;
  return new Value(t, raw);
}

function length(item: Value): Value {
  const [v, isNil] = indirect(item);
  if (isNil) throw new GoError('len of nil pointer');
  if (!isValid(v)) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  switch (v.kind) {
    case 'array':
    case 'map':
    case 'slice':
    case 'string':
      return intValue(lenOf(v));
  }
  throw new GoError(`len of type ${v.t.name}`);
}

/** A Go func value a template can `call`: raw is (args) => Value, type carries the signature. */
function call(fn: Value, args: Value[]): Value {
  fn = indirectInterface(fn);
  if (!isValid(fn)) throw new GoError('call of nil');
  const typ = fn.t;
  if (typ.kind !== 'func' || !typ.sig) throw new GoError(`non-function of type ${typ.name}`);
  if (fn.v === null) throw new GoError(`call of nil`);
  const s = typ.sig;
  if (!goodFunc(s)) throw new GoError(`function called with ${s.results.length} args; should be 1 or 2`);
  const numIn = s.params.length;
  let dddType: GoType | undefined;
  if (s.variadic) {
    if (args.length < numIn - 1) throw new GoError(`wrong number of args: got ${args.length} want at least ${numIn - 1}`);
    dddType = s.params[numIn - 1]!.elem;
  } else if (args.length !== numIn) throw new GoError(`wrong number of args: got ${args.length} want ${numIn}`);
  const argv = args.map((a, i) => {
    a = indirectInterface(a);
    const argType = !s.variadic || i < numIn - 1 ? s.params[i]! : dddType!;
    try {
      return prepareArg(a, argType);
    } catch (e) {
      if (e instanceof GoError) throw new GoError(`arg ${i}: ${e.message}`);
      throw e;
    }
  });
  return (fn.v as (a: Value[]) => Value)(argv);
}

export function goodFunc(s: FuncSig): boolean {
  return s.results.length === 1 || (s.results.length === 2 && s.results[1] === T.error);
}

// ---- escapers ----

const REPLACEMENT = encodeRune(0xfffd);

/** template.HTMLEscapeString, byte by byte. */
function htmlEscape(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    let r: string;
    switch (s[i]) {
      case '\0':
        r = REPLACEMENT;
        break;
      case '"':
        r = '&#34;';
        break;
      case "'":
        r = '&#39;';
        break;
      case '&':
        r = '&amp;';
        break;
      case '<':
        r = '&lt;';
        break;
      case '>':
        r = '&gt;';
        break;
      default:
        continue;
    }
    out += s.slice(last, i) + r;
    last = i + 1;
  }
  return out + s.slice(last);
}

/** template.JSEscapeString: ASCII specials escaped, other bytes looked at as runes (a byte that is not UTF-8 is U+FFFD, printable, so kept). */
function jsEscape(s: string): string {
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80 && c !== 0x5c && c !== 0x27 && c !== 0x22 && c !== 0x3c && c !== 0x3e && c !== 0x26 && c !== 0x3d) continue;
    out.push(s.slice(last, i));
    if (c < 0x80) {
      switch (c) {
        case 0x5c:
          out.push('\\\\');
          break;
        case 0x27:
          out.push("\\'");
          break;
        case 0x22:
          out.push('\\"');
          break;
        case 0x3c:
          out.push('\\u003C');
          break;
        case 0x3e:
          out.push('\\u003E');
          break;
        case 0x26:
          out.push('\\u0026');
          break;
        case 0x3d:
          out.push('\\u003D');
          break;
        default:
          out.push('\\u00' + HEX_UPPER[c >> 4] + HEX_UPPER[c & 0xf]);
      }
    } else {
      const rw = decodeRune(s, i);
      const r = rw >> 3;
      const size = rw & 7;
      if (isPrint(r)) out.push(s.slice(i, i + size));
      else out.push('\\u' + r.toString(16).toUpperCase().padStart(4, '0'));
      i += size - 1;
    }
    last = i + 1;
  }
  if (last === 0) return s;
  out.push(s.slice(last));
  return out.join('');
}

const HEX_UPPER = '0123456789ABCDEF';

/** url.QueryEscape, byte by byte. */
function urlQueryEscape(s: string): string {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i);
    const c = s[i]!;
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || c === '-' || c === '_' || c === '.' || c === '~') out.push(c);
    else if (c === ' ') out.push('+');
    else out.push('%' + HEX_UPPER[b >> 4] + HEX_UPPER[b & 0xf]);
  }
  return out.join('');
}

/** Go's evalArgs: one plain string as is, else fmt.Sprint of the printable forms. */
function evalArgs(args: Value[]): string {
  if (args.length === 1) {
    const a = indirectInterface(args[0]!);
    if (a.t === T.string) return a.v as string;
  }
  const printable = args.map((a) => {
    const [p, ok] = printableValue(indirectInterface(a));
    if (!ok) return toArg(a);
    return typeof p === 'string' ? stringValue(p) : p;
  });
  return sprint(printable);
}

// ---- the table ----

function b(name: string, s: FuncSig, fn: (args: Value[]) => Value): [string, Builtin] {
  return [name, { name, sig: s, call: fn }];
}

const unreachable = (): Value => {
  throw new Error('and/or are evaluated by the executor');
};

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  b('and', sig([RV, RV_SLICE], [RV], true), unreachable),
  b('or', sig([RV, RV_SLICE], [RV], true), unreachable),
  b('not', sig([RV], [T.bool]), (a) => boolValue(!truth(a[0]!))),
  b('len', sig([RV], [T.int, T.error]), (a) => length(a[0]!)),
  b('index', sig([RV, RV_SLICE], [RV, T.error], true), (a) => index(a[0]!, a.slice(1))),
  b('slice', sig([RV, RV_SLICE], [RV, T.error], true), (a) => slice(a[0]!, a.slice(1))),
  b('call', sig([RV, RV_SLICE], [RV, T.error], true), (a) => call(a[0]!, a.slice(1))),
  b('html', sig([ANY_SLICE], [T.string], true), (a) => stringValue(htmlEscape(evalArgs(a)))),
  b('js', sig([ANY_SLICE], [T.string], true), (a) => stringValue(jsEscape(evalArgs(a)))),
  b('urlquery', sig([ANY_SLICE], [T.string], true), (a) => stringValue(urlQueryEscape(evalArgs(a)))),
  b('print', sig([ANY_SLICE], [T.string], true), (a) => stringValue(sprint(a.map(toArg)))),
  b('printf', sig([T.string, ANY_SLICE], [T.string], true), (a) => stringValue(sprintf(a[0]!.v as string, a.slice(1).map(toArg)))),
  b('println', sig([ANY_SLICE], [T.string], true), (a) => stringValue(sprintln(a.map(toArg)))),
  b('eq', sig([RV, RV_SLICE], [T.bool, T.error], true), (a) => boolValue(eq(a[0]!, a.slice(1)))),
  b('ne', sig([RV, RV], [T.bool, T.error]), (a) => boolValue(!eq(a[0]!, [a[1]!]))),
  b('lt', sig([RV, RV], [T.bool, T.error]), (a) => boolValue(lt(a[0]!, a[1]!))),
  b('le', sig([RV, RV], [T.bool, T.error]), (a) => boolValue(le(a[0]!, a[1]!))),
  b('gt', sig([RV, RV], [T.bool, T.error]), (a) => boolValue(!le(a[0]!, a[1]!))),
  b('ge', sig([RV, RV], [T.bool, T.error]), (a) => boolValue(!lt(a[0]!, a[1]!))),
]);

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTINS.keys());

