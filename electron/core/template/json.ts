// JSON in and out the way Go does it. In: a parser that keeps each number's literal text, so an int64
// counter like 9223372036854775807 survives (JSON.parse would round it), and Go's decoding into
// interface{} (objects → map[string]interface{}, every number → float64). Out: encoding/json's
// Marshal over engine values (struct tags, omitempty, sorted map keys, <>& escaped as \u003c…).
import { formatTime, RFC3339Nano, timeType, type GoTime } from './gotime';
import { compareGoStrings, decodeRune, goString, RUNE_ERROR } from './bytes';
import { formatFloat, parseFloat64 } from './strconv';
import {
  GoError,
  INVALID,
  T,
  Value,
  elem,
  field,
  indexValue,
  isIntKind,
  isUintKind,
  isValid,
  lenOf,
  mapEntries,
  mapOf,
  boxInterface,
} from './value';

/** A JSON number with the exact text it was written with. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toNumber(): number {
    return Number(this.text);
  }
  /** The integer it denotes, or null when it is not a whole number in plain notation. */
  toBigInt(): bigint | null {
    return /^-?(0|[1-9][0-9]*)$/.test(this.text) ? BigInt(this.text) : null;
  }
  toJSON(): number {
    return this.toNumber();
  }
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

/** Parses JSON text; numbers become JsonNumber, lone surrogate escapes become U+FFFD (as Go decodes them). */
export function parseJson(text: string): unknown {
  let i = 0;
  const fail = (msg: string): never => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    const col = i - before.lastIndexOf('\n');
    throw new JsonSyntaxError(`invalid JSON at line ${line}, column ${col}: ${msg}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        obj[k] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== '' && m[0] !== '-') {
      i += m[0].length;
      return new JsonNumber(m[0]);
    }
    return fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string');
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\\') {
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const h = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
            i += 4;
            let cp = parseInt(h, 16);
            if (cp >= 0xd800 && cp <= 0xdbff && text[i] === '\\' && text[i + 1] === 'u') {
              const lo = parseInt(text.slice(i + 2, i + 6), 16);
              if (lo >= 0xdc00 && lo <= 0xdfff) {
                i += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              }
            }
            out += cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : String.fromCodePoint(cp);
            break;
          }
          default:
            fail('bad escape');
        }
        continue;
      }
      if (c < ' ') fail('control character in string');
      const code = c.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdfff) {
        const pair = text.codePointAt(i)!;
        if (pair > 0xffff) {
          out += String.fromCodePoint(pair);
          i += 2;
          continue;
        }
        out += '\ufffd';
        i++;
        continue;
      }
      out += c;
      i++;
    }
    return out;
  };
  const v = value();
  ws();
  if (i < text.length) fail('unexpected data after the value');
  return v;
}

export const jsonMapType = mapOf(T.string, T.any);
export const jsonSliceType = T.any.sliceOf();

function toFloat(x: unknown): number {
  if (x instanceof JsonNumber) return parseFloat64(x.text);
  if (typeof x === 'bigint') return Number(x);
  return x as number;
}

function goValueInner(x: unknown): Value {
  if (x === null || x === undefined) return INVALID;
  if (x instanceof Value) return x;
  if (typeof x === 'boolean') return new Value(T.bool, x);
  if (typeof x === 'string') return new Value(T.string, goString(x));
  if (typeof x === 'number' || typeof x === 'bigint' || x instanceof JsonNumber) return new Value(T.float64, toFloat(x));
  if (Array.isArray(x)) return new Value(jsonSliceType, x.map((e) => boxInterface(goValueInner(e)).v));
  if (typeof x === 'object') {
    const m = new Map<string, unknown>();
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) m.set(goString(k), boxInterface(goValueInner(v)).v);
    return new Value(jsonMapType, m);
  }
  throw new GoError(`cannot use a ${typeof x} as template data`);
}

/**
 * A JSON value (from parseJson or JSON.parse) as Go's encoding/json decodes it into interface{}:
 * objects are map[string]interface{}, arrays []interface{}, numbers float64, null the nil value.
 */
export function jsonToGoValue(json: unknown): Value {
  return goValueInner(json);
}

// ---- encoding/json Marshal ----

const HEX = '0123456789abcdef';

/**
 * encoding/json's string encoding with HTML escaping, of a Go byte string (Go 1.22+: \b and \f as
 * short escapes): a byte that is not UTF-8 is written as \ufffd, U+2028/U+2029 escaped.
 */
export function encodeJsonString(s: string): string {
  const out: string[] = ['"'];
  let start = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    let size = 1;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26) {
        i++;
        continue;
      }
      switch (c) {
        case 0x22:
          rep = '\\"';
          break;
        case 0x5c:
          rep = '\\\\';
          break;
        case 0x08:
          rep = '\\b';
          break;
        case 0x0c:
          rep = '\\f';
          break;
        case 0x0a:
          rep = '\\n';
          break;
        case 0x0d:
          rep = '\\r';
          break;
        case 0x09:
          rep = '\\t';
          break;
        default:
          rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else {
      const rw = decodeRune(s, i);
      const r = rw >> 3;
      size = rw & 7;
      if (r === RUNE_ERROR && size === 1) rep = '\\ufffd';
      else if (r === 0x2028 || r === 0x2029) rep = '\\u202' + HEX[r & 0xf];
      else {
        i += size;
        continue;
      }
    }
    out.push(s.slice(start, i), rep);
    i += size;
    start = i;
  }
  out.push(s.slice(start), '"');
  return out.join('');
}

function encodeFloat(f: number): string {
  if (!Number.isFinite(f)) throw new GoError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  let fmt = 'f';
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) fmt = 'e';
  let s = formatFloat(f, fmt, -1);
  if (fmt === 'e') {
    // clean up e-09 to e-9
    const n = s.length;
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') s = s.slice(0, n - 2) + s[n - 1];
  }
  return s;
}

function isEmptyValue(v: Value): boolean {
  switch (v.kind) {
    case 'array':
    case 'map':
    case 'slice':
    case 'string':
      return lenOf(v) === 0;
    case 'bool':
      return v.v === false;
    case 'float32':
    case 'float64':
      return v.v === 0;
    case 'interface':
    case 'ptr':
      return v.v === null;
  }
  if (isIntKind(v.kind) || isUintKind(v.kind)) return v.v === 0n;
  return false;
}

function base64(bytes: bigint[]): string {
  return Buffer.from(bytes.map(Number)).toString('base64');
}

function encode(v: Value, out: string[]): void {
  if (!isValid(v)) {
    out.push('null');
    return;
  }
  if (v.t === timeType) {
    const t = v.v as GoTime;
    const s = formatTime(t, RFC3339Nano);
    const year = parseInt(formatTime(t, '2006'), 10);
    if (year < 0 || year > 9999 || s.startsWith('-')) throw new GoError('json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]');
    out.push(encodeJsonString(s));
    return;
  }
  const k = v.kind;
  if (k === 'bool') return void out.push(v.v ? 'true' : 'false');
  if (isIntKind(k) || isUintKind(k)) return void out.push(String(v.v));
  switch (k) {
    case 'float32':
    case 'float64':
      out.push(encodeFloat(v.v as number));
      return;
    case 'string':
      out.push(encodeJsonString(v.v as string));
      return;
    case 'interface':
    case 'ptr':
      if (v.v === null) out.push('null');
      else encode(elem(v), out);
      return;
    case 'struct': {
      out.push('{');
      let first = true;
      v.t.fields.forEach((f, i) => {
        if (f.json === 'omit') return;
        const fv = field(v, i);
        if (f.json?.omitEmpty && isEmptyValue(fv)) return;
        if (!first) out.push(',');
        first = false;
        out.push(encodeJsonString(f.json?.name || f.name), ':');
        encode(fv, out);
      });
      out.push('}');
      return;
    }
    case 'map': {
      if (v.v === null) {
        out.push('null');
        return;
      }
      const entries = mapEntries(v).map(([key, val]) => [String(key.kind === 'interface' ? (key.v as Value).v : key.v), val] as const);
      entries.sort((a, b) => compareGoStrings(a[0], b[0]));
      out.push('{');
      entries.forEach(([key, val], i) => {
        if (i > 0) out.push(',');
        out.push(encodeJsonString(key), ':');
        encode(val, out);
      });
      out.push('}');
      return;
    }
    case 'slice':
    case 'array': {
      if (v.v === null) {
        out.push('null');
        return;
      }
      if (k === 'slice' && v.t.elem!.kind === 'uint8') {
        out.push('"', base64(v.v as bigint[]), '"');
        return;
      }
      out.push('[');
      for (let i = 0; i < lenOf(v); i++) {
        if (i > 0) out.push(',');
        encode(indexValue(v, i), out);
      }
      out.push(']');
      return;
    }
  }
  throw new GoError(`json: unsupported type: ${v.t.name}`);
}

/** encoding/json.Marshal; throws GoError for values JSON cannot hold (NaN, funcs, …). */
export function marshalJson(v: Value): string {
  const out: string[] = [];
  encode(v, out);
  return out.join('');
}
