// The Go value model the engine executes over: a small reflect. Every value carries its Go type,
// because text/template's behaviour depends on it — an int and a float64 compare differently, a nil
// *v1.Repo is not a missing map key, and error messages name types ("nil pointer evaluating
// *v1.Repo.Id"). Raw representations: bool → boolean; every integer kind → bigint (int64 counters
// stay exact); float → number; string → a Go byte string (bytes.ts); slice → array | null (nil); array → array;
// map → Map | null (string keys as byte strings); struct → record by field name (or an opaque object, e.g. time.Time);
// pointer → the pointee's raw object | null; interface → the dynamic Value | null; func → a JS function.
import { compareGoStrings } from './bytes';

export type Kind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr'
  | 'float32'
  | 'float64'
  | 'complex128'
  | 'string'
  | 'array'
  | 'slice'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'interface'
  | 'func';

export interface JsonTag {
  name: string;
  omitEmpty: boolean;
}

export interface Field {
  name: string;
  type: GoType;
  /** The encoding/json tag: a name and omitempty, or 'omit' for `json:"-"`. */
  json?: JsonTag | 'omit';
}

export interface FuncSig {
  params: GoType[];
  variadic: boolean;
  results: GoType[];
}

/**
 * An error returned by (or a panic recovered from) a Go function or method. text/template turns it
 * into "error calling NAME: MESSAGE".
 */
export class GoError extends Error {
  override name = 'GoError';
}

export interface Method {
  name: string;
  sig: FuncSig;
  /** Declared on *T: callable only through a pointer or an addressable T. */
  ptrRecv: boolean;
  /** recv is a *T for pointer receivers, a T otherwise. Throws GoError for an error result. */
  call(recv: Value, args: Value[]): Value;
}

const INT_KINDS = new Set<Kind>(['int', 'int8', 'int16', 'int32', 'int64']);
const UINT_KINDS = new Set<Kind>(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);
const BITS: Partial<Record<Kind, number>> = {
  int: 64,
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
  uintptr: 64,
};

export function isIntKind(k: Kind): boolean {
  return INT_KINDS.has(k);
}
export function isUintKind(k: Kind): boolean {
  return UINT_KINDS.has(k);
}

export class GoType {
  fields: Field[] = [];
  readonly fieldIndex = new Map<string, number>();
  readonly methods = new Map<string, Method>();
  elem?: GoType;
  key?: GoType;
  len?: number;
  sig?: FuncSig;
  /** Method names of an interface type (empty for interface {}). */
  ifaceMethods?: string[];
  /** Raw zero value for structs whose representation is not a field record (time.Time). */
  zeroRaw?: () => unknown;
  /** Hidden fields (Go's unexported ones): fmt and templates see only methods. */
  opaque = false;
  private ptrType?: GoType;
  private sliceType?: GoType;

  constructor(
    readonly kind: Kind,
    /** What reflect.Type.String() gives: "int", "[]string", "*v1.Repo", "interface {}". */
    readonly name: string,
  ) {}

  toString(): string {
    return this.name;
  }

  setFields(fields: Field[]): this {
    this.fields = fields;
    this.fieldIndex.clear();
    fields.forEach((f, i) => this.fieldIndex.set(f.name, i));
    return this;
  }

  addMethod(m: Method): this {
    this.methods.set(m.name, m);
    return this;
  }

  ptrTo(): GoType {
    if (!this.ptrType) {
      this.ptrType = new GoType('ptr', '*' + this.name);
      this.ptrType.elem = this;
    }
    return this.ptrType;
  }

  sliceOf(): GoType {
    if (!this.sliceType) {
      this.sliceType = new GoType('slice', '[]' + this.name);
      this.sliceType.elem = this;
    }
    return this.sliceType;
  }
}

const mapTypes = new Map<string, GoType>();
export function mapOf(key: GoType, elem: GoType): GoType {
  const name = `map[${key.name}]${elem.name}`;
  let t = mapTypes.get(name);
  if (!t) {
    t = new GoType('map', name);
    t.key = key;
    t.elem = elem;
    mapTypes.set(name, t);
  }
  return t;
}

function basic(kind: Kind, name = kind as string): GoType {
  return new GoType(kind, name);
}

/** The predeclared types, and the few library types text/template itself knows. */
export const T = {
  invalid: basic('invalid', '<invalid>'),
  bool: basic('bool'),
  int: basic('int'),
  int8: basic('int8'),
  int16: basic('int16'),
  int32: basic('int32'),
  int64: basic('int64'),
  uint: basic('uint'),
  uint8: basic('uint8'),
  uint16: basic('uint16'),
  uint32: basic('uint32'),
  uint64: basic('uint64'),
  uintptr: basic('uintptr'),
  float32: basic('float32'),
  float64: basic('float64'),
  complex128: basic('complex128'),
  string: basic('string'),
  any: Object.assign(new GoType('interface', 'interface {}'), { ifaceMethods: [] as string[] }),
  error: Object.assign(new GoType('interface', 'error'), { ifaceMethods: ['Error'] }),
  /** Builtins take reflect.Value parameters: the argument arrives as it is, even when invalid. */
  reflectValue: new GoType('struct', 'reflect.Value'),
};

/** A Go value: its type, its raw representation, and whether it is addressable (reached through a pointer or a slice). */
export class Value {
  constructor(
    readonly t: GoType,
    readonly v: any, // eslint-disable-line @typescript-eslint/no-explicit-any
    readonly addressable = false,
  ) {}

  get kind(): Kind {
    return this.t.kind;
  }
}

/** The zero reflect.Value: no value at all (a missing map key, nil data). */
export const INVALID = new Value(T.invalid, undefined);

export function isValid(v: Value): boolean {
  return v.t !== T.invalid;
}

// ---- constructors ----

export function boolValue(b: boolean): Value {
  return new Value(T.bool, b);
}
export function intValue(n: bigint | number, t: GoType = T.int): Value {
  return new Value(t, typeof n === 'bigint' ? n : BigInt(n));
}
export function floatValue(n: number): Value {
  return new Value(T.float64, n);
}
export function stringValue(s: string): Value {
  return new Value(T.string, s);
}

/** Wraps v in the interface type t (v's own interface wrapper, if any, is dropped). */
export function boxInterface(v: Value, t: GoType = T.any): Value {
  if (!isValid(v)) return new Value(t, null);
  if (v.kind === 'interface') return new Value(t, v.v);
  return new Value(t, v);
}

/** Truncates an integer to the width of its kind, as a Go conversion or reflect.SetInt does. */
export function wrapInt(kind: Kind, n: bigint): bigint {
  const bits = BITS[kind];
  if (!bits) return n;
  return isUintKind(kind) ? BigInt.asUintN(bits, n) : BigInt.asIntN(bits, n);
}

export function zeroRaw(t: GoType): unknown {
  switch (t.kind) {
    case 'bool':
      return false;
    case 'float32':
    case 'float64':
      return 0;
    case 'complex128':
      return { re: 0, im: 0 };
    case 'string':
      return '';
    case 'array':
      return Array.from({ length: t.len ?? 0 }, () => zeroRaw(t.elem!));
    case 'struct': {
      if (t.zeroRaw) return t.zeroRaw();
      const o: Record<string, unknown> = {};
      for (const f of t.fields) o[f.name] = zeroRaw(f.type);
      return o;
    }
    case 'slice':
    case 'map':
    case 'ptr':
    case 'interface':
    case 'func':
      return null;
    default:
      if (isIntKind(t.kind) || isUintKind(t.kind)) return 0n;
      return undefined;
  }
}

export function zeroValue(t: GoType): Value {
  return new Value(t, zeroRaw(t));
}

// ---- reflect-like accessors ----

export function canBeNilKind(k: Kind): boolean {
  return k === 'func' || k === 'interface' || k === 'map' || k === 'ptr' || k === 'slice';
}

export function isNil(v: Value): boolean {
  return v.v === null || v.v === undefined;
}

/** reflect.Value.Elem for pointers and interfaces (the zero Value when nil). */
export function elem(v: Value): Value {
  if (v.kind === 'interface') return v.v === null ? INVALID : (v.v as Value);
  if (v.kind === 'ptr') return v.v === null ? INVALID : new Value(v.t.elem!, v.v, true);
  throw new Error(`elem of ${v.t.name}`);
}

/** text/template's indirect: through pointers and interfaces to the end; true when it stops at a nil. */
export function indirect(v: Value): [Value, boolean] {
  while (v.kind === 'ptr' || v.kind === 'interface') {
    if (v.v === null) return [v, true];
    v = elem(v);
  }
  return [v, false];
}

/** The concrete value inside an interface value (the zero Value for a nil interface). */
export function indirectInterface(v: Value): Value {
  if (v.kind !== 'interface') return v;
  return v.v === null ? INVALID : (v.v as Value);
}

export function field(v: Value, i: number): Value {
  const f = v.t.fields[i]!;
  return new Value(f.type, (v.v as Record<string, unknown>)[f.name], v.addressable);
}

export function lenOf(v: Value): number {
  switch (v.kind) {
    case 'string':
      return (v.v as string).length; // a Go byte string: its length is len's
    case 'slice':
    case 'array':
      return v.v === null ? 0 : (v.v as unknown[]).length;
    case 'map':
      return v.v === null ? 0 : (v.v as Map<unknown, unknown>).size;
  }
  throw new Error(`len of ${v.t.name}`);
}

export function indexValue(v: Value, i: number): Value {
  if (v.kind === 'string') return new Value(T.uint8, BigInt((v.v as string).charCodeAt(i)));
  const raw = (v.v as unknown[])[i];
  return new Value(v.t.elem!, raw, v.kind === 'slice' || v.addressable);
}

export function mapIndex(m: Value, key: Value): Value {
  if (m.v === null) return INVALID;
  const map = m.v as Map<unknown, unknown>;
  const k = mapKeyRaw(key);
  if (!map.has(k)) return INVALID;
  return new Value(m.t.elem!, map.get(k));
}

/** The JavaScript Map key for a Go map key value. */
export function mapKeyRaw(key: Value): unknown {
  if (key.kind === 'interface') return key.v === null ? null : mapKeyRaw(key.v as Value);
  return key.v;
}

export function mapEntries(m: Value): Array<[Value, Value]> {
  if (m.v === null) return [];
  const out: Array<[Value, Value]> = [];
  for (const [k, e] of m.v as Map<unknown, unknown>) out.push([keyValue(m.t.key!, k), new Value(m.t.elem!, e)]);
  return out;
}

function keyValue(t: GoType, raw: unknown): Value {
  if (t.kind === 'interface') return new Value(t, raw as Value | null);
  return new Value(t, raw);
}

// ---- methods and assignability ----

/** The method callable on v by name, honouring Go's method sets (pointer methods need a pointer or an addressable value). */
export function methodByName(v: Value, name: string): Method | undefined {
  if (v.kind === 'ptr') return v.t.elem!.methods.get(name) ?? v.t.methods.get(name);
  if (v.kind === 'interface') {
    if (v.v === null || !v.t.ifaceMethods?.includes(name)) return undefined;
    return methodByName(v.v as Value, name);
  }
  const m = v.t.methods.get(name);
  if (!m || (m.ptrRecv && !v.addressable)) return undefined;
  return m;
}

export const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** Calls m with the receiver Go would pass: the pointer for pointer receivers, the value otherwise. */
export function callMethod(m: Method, recv: Value, args: Value[]): Value {
  if (recv.kind === 'interface') recv = recv.v as Value;
  if (m.ptrRecv) {
    if (recv.kind !== 'ptr') recv = new Value(recv.t.ptrTo(), recv.v);
    return m.call(recv, args);
  }
  if (recv.kind === 'ptr') {
    if (recv.v === null) throw new GoError(NIL_DEREF);
    recv = elem(recv);
  }
  return m.call(recv, args);
}

function hasMethodInSet(t: GoType, name: string): boolean {
  if (t.kind === 'ptr') return t.elem!.methods.has(name) || t.methods.has(name);
  if (t.kind === 'interface') return !!t.ifaceMethods?.includes(name);
  const m = t.methods.get(name);
  return !!m && !m.ptrRecv;
}

export function implementsIface(t: GoType, iface: GoType): boolean {
  return (iface.ifaceMethods ?? []).every((n) => hasMethodInSet(t, n));
}

/** Go's AssignableTo, for the types this engine has (identical types, or an interface the type implements). */
export function assignableTo(vt: GoType, t: GoType): boolean {
  if (vt === t || vt.name === t.name) return true;
  if (t.kind === 'interface') return implementsIface(vt, t);
  return false;
}

export function comparableType(t: GoType): boolean {
  switch (t.kind) {
    case 'slice':
    case 'map':
    case 'func':
      return false;
    case 'array':
      return comparableType(t.elem!);
    case 'struct':
      return t.opaque || t.fields.every((f) => comparableType(f.type));
  }
  return true;
}

/** Go's == on two values of comparable types (interfaces compare their dynamic values). */
export function goEqual(a: Value, b: Value): boolean {
  if (a.kind === 'interface' && b.kind === 'interface') {
    if (a.v === null || b.v === null) return a.v === b.v;
    return goEqual(a.v as Value, b.v as Value);
  }
  if (a.kind === 'interface') return a.v !== null && goEqual(a.v as Value, b);
  if (b.kind === 'interface') return b.v !== null && goEqual(a, b.v as Value);
  if (a.t.name !== b.t.name) return false;
  return rawEqual(a.t, a.v, b.v);
}

function rawEqual(t: GoType, x: unknown, y: unknown): boolean {
  switch (t.kind) {
    case 'struct': {
      if (t.opaque) return t.methods.get('Equal') ? opaqueEqual(t, x, y) : x === y;
      const a = x as Record<string, unknown>;
      const b = y as Record<string, unknown>;
      return t.fields.every((f) => rawEqual(f.type, a[f.name], b[f.name]));
    }
    case 'array':
      return (x as unknown[]).every((e, i) => rawEqual(t.elem!, e, (y as unknown[])[i]));
    case 'interface':
      if (x === null || y === null) return x === y;
      return goEqual(x as Value, y as Value);
    case 'complex128': {
      const a = x as { re: number; im: number };
      const b = y as { re: number; im: number };
      return a.re === b.re && a.im === b.im;
    }
    case 'slice':
    case 'map':
    case 'func':
      throw new GoError(`runtime error: comparing uncomparable type ${t.name}`);
  }
  return x === y;
}

function opaqueEqual(_t: GoType, x: unknown, y: unknown): boolean {
  // Opaque structs (time.Time) compare their hidden fields; their raw objects hold exactly those.
  return JSON.stringify(x) === JSON.stringify(y);
}

// ---- fmtsort: the order Go prints and ranges maps in ----

function compareRaw(t: GoType, a: unknown, b: unknown): number {
  switch (t.kind) {
    case 'string':
      return compareGoStrings(a as string, b as string);
    case 'bool':
      return a === b ? 0 : a ? 1 : -1;
    case 'float32':
    case 'float64': {
      const x = a as number;
      const y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
      // NaNs sort first.
      if (Number.isNaN(x) && !Number.isNaN(y)) return -1;
      if (!Number.isNaN(x) && Number.isNaN(y)) return 1;
      return 0;
    }
    case 'interface': {
      if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
      const x = a as Value;
      const y = b as Value;
      if (x.t.name !== y.t.name) return compareGoStrings(x.t.name, y.t.name);
      return compareRaw(x.t, x.v, y.v);
    }
    case 'struct': {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const f of t.fields) {
        const c = compareRaw(f.type, x[f.name], y[f.name]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < x.length; i++) {
        const c = compareRaw(t.elem!, x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

/** Map entries in fmtsort order: numbers, strings and bools by value; nil first. */
export function sortedMapEntries(m: Value): Array<[Value, Value]> {
  const entries = mapEntries(m);
  const kt = m.t.key!;
  entries.sort((a, b) => compareRaw(kt, a[0].v, b[0].v));
  return entries;
}
