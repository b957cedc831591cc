// Go's strconv as text/template and fmt use it: number literals (ParseInt/ParseUint/ParseFloat with
// Go's syntax, underscores and base prefixes), quoting (Quote, QuoteRune, Unquote) and float
// formatting (FormatFloat with 'e', 'f', 'g', 'b', 'x'). Floats are formatted from their exact
// binary value so rounding is Go's round-half-even, not JavaScript's toFixed (which rounds ties up).

export class NumError extends Error {
  constructor(
    readonly func: string,
    readonly num: string,
    readonly reason: 'invalid syntax' | 'value out of range',
  ) {
    super(`strconv.${func}: parsing ${quote(num)}: ${reason}`);
  }
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

function lower(c: string): string {
  return c.toLowerCase();
}

/** Go's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]!))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]!) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  if (code >= 65 && code <= 90) return code - 65 + 10;
  return 99;
}

/** strconv.ParseUint(s, 0, 64). */
export function parseUint(s0: string): bigint {
  const fn = 'ParseUint';
  if (s0 === '') throw new NumError(fn, s0, 'invalid syntax');
  let s = s0;
  let base = 10;
  if (s[0] === '0') {
    if (s.length >= 3 && lower(s[1]!) === 'b') {
      base = 2;
      s = s.slice(2);
    } else if (s.length >= 3 && lower(s[1]!) === 'o') {
      base = 8;
      s = s.slice(2);
    } else if (s.length >= 3 && lower(s[1]!) === 'x') {
      base = 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let n = 0n;
  let underscores = false;
  const b = BigInt(base);
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) throw new NumError(fn, s0, 'invalid syntax');
    n = n * b + BigInt(d);
    if (n > UINT64_MAX) throw new NumError(fn, s0, 'value out of range');
  }
  if (underscores && !underscoreOK(s0)) throw new NumError(fn, s0, 'invalid syntax');
  return n;
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s0: string): bigint {
  const fn = 'ParseInt';
  if (s0 === '') throw new NumError(fn, s0, 'invalid syntax');
  let s = s0;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  let un: bigint;
  try {
    un = parseUint(s);
  } catch (e) {
    if (e instanceof NumError) throw new NumError(fn, s0, e.reason);
    throw e;
  }
  const v = neg ? -un : un;
  if (v > INT64_MAX || v < INT64_MIN) throw new NumError(fn, s0, 'value out of range');
  return v;
}

/** strconv.ParseFloat(s, 64) with Go's literal syntax (decimal, hex with p exponent, underscores, inf/nan). */
export function parseFloat64(s0: string): number {
  const fn = 'ParseFloat';
  let s = s0;
  let sign = 1;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    sign = -1;
    s = s.slice(1);
  }
  const ls = s.toLowerCase();
  if (ls === 'inf' || ls === 'infinity') return sign * Infinity;
  if (ls === 'nan') return NaN;
  if (s0 !== '' && s.includes('_') && !underscoreOK(s0)) throw new NumError(fn, s0, 'invalid syntax');
  const t = s.replace(/_/g, '');
  let v: number;
  if (/^0[xX]/.test(t)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(t);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new NumError(fn, s0, 'invalid syntax');
    const intDigits = m[1]!;
    const fracDigits = m[2] ?? '';
    const mant = BigInt('0x' + (intDigits + fracDigits || '0'));
    const exp = parseInt(m[3]!, 10) - 4 * fracDigits.length;
    v = Number(mant) * Math.pow(2, exp);
    if (!Number.isFinite(v) && mant !== 0n) {
      // Rescale in two steps so an in-range result is not lost to an intermediate overflow.
      v = Number(mant) * Math.pow(2, exp / 2) * Math.pow(2, exp - exp / 2);
    }
  } else {
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t)) throw new NumError(fn, s0, 'invalid syntax');
    v = Number(t);
  }
  if (!Number.isFinite(v)) throw new NumError(fn, s0, 'value out of range');
  return sign * v;
}

// ---- Unicode classes as Go's strconv sees them ----

const printRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const graphicSpaceRe = /^\p{Zs}$/u;

/** Go's strconv.IsPrint / unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x20) return false;
  if (r < 0x7f) return true;
  if (r < 0xa1) return false;
  if (r === 0xad) return false;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  if (r > 0x10ffff) return false;
  return printRe.test(String.fromCodePoint(r));
}

export function isGraphic(r: number): boolean {
  return isPrint(r) || (r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff) && graphicSpaceRe.test(String.fromCodePoint(r)));
}

const lowerhex = '0123456789abcdef';

function hexPad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function appendEscapedRune(out: string[], r: number, quoteChar: number, asciiOnly: boolean, graphicOnly: boolean): void {
  if (r === quoteChar || r === 0x5c) {
    out.push('\\', String.fromCodePoint(r));
    return;
  }
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) {
      out.push(String.fromCodePoint(r));
      return;
    }
  } else if (isPrint(r) || (graphicOnly && isGraphic(r))) {
    out.push(String.fromCodePoint(r));
    return;
  }
  switch (r) {
    case 7:
      out.push('\\a');
      return;
    case 8:
      out.push('\\b');
      return;
    case 12:
      out.push('\\f');
      return;
    case 10:
      out.push('\\n');
      return;
    case 13:
      out.push('\\r');
      return;
    case 9:
      out.push('\\t');
      return;
    case 11:
      out.push('\\v');
      return;
  }
  if (r < 0x20 || r === 0x7f) {
    out.push('\\x', lowerhex[r >> 4]!, lowerhex[r & 0xf]!);
  } else if (r >= 0xd800 && r <= 0xdfff) {
    // A lone surrogate has no UTF-8 form; Go would see the replacement character.
    out.push('\\ufffd');
  } else if (r < 0x10000) {
    out.push('\\u', hexPad(r, 4));
  } else {
    out.push('\\U', hexPad(r, 8));
  }
}

function quoteWith(s: string, quoteChar: number, asciiOnly: boolean, graphicOnly: boolean): string {
  const q = String.fromCharCode(quoteChar);
  const out: string[] = [q];
  for (const ch of s) appendEscapedRune(out, ch.codePointAt(0)!, quoteChar, asciiOnly, graphicOnly);
  out.push(q);
  return out.join('');
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true, false);
}

function validRune(r: number): boolean {
  return r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
}

/** strconv.QuoteRune (runes outside Unicode become U+FFFD, as Go does). */
export function quoteRune(r: number, asciiOnly = false): string {
  if (!validRune(r)) r = 0xfffd;
  const out: string[] = ["'"];
  appendEscapedRune(out, r, 0x27, asciiOnly, false);
  out.push("'");
  return out.join('');
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x60 || r === 0xfeff) return false;
    if (r < 0x20 && r !== 9) return false;
    if (r === 0x7f) return false;
    if (r >= 0xd800 && r <= 0xdfff) return false;
  }
  return true;
}

export class SyntaxError_ extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function unhex(c: string): number {
  const d = digitValue(c);
  return d < 16 ? d : -1;
}

/**
 * strconv.UnquoteChar: decodes the first character or escape of s. Bytes that Go would keep raw
 * (\x80–\xff, octal above \177) cannot live in a JavaScript string; they become U+FFFD.
 */
export function unquoteChar(s: string, quoteChar: string): { value: number; tail: string } {
  const c = s[0];
  if (c === undefined) throw new SyntaxError_();
  if (c === quoteChar && (quoteChar === "'" || quoteChar === '"')) throw new SyntaxError_();
  if (c !== '\\') {
    const cp = s.codePointAt(0)!;
    return { value: cp, tail: s.slice(cp > 0xffff ? 2 : 1) };
  }
  if (s.length <= 1) throw new SyntaxError_();
  const e = s[1]!;
  let rest = s.slice(2);
  switch (e) {
    case 'a':
      return { value: 7, tail: rest };
    case 'b':
      return { value: 8, tail: rest };
    case 'f':
      return { value: 12, tail: rest };
    case 'n':
      return { value: 10, tail: rest };
    case 'r':
      return { value: 13, tail: rest };
    case 't':
      return { value: 9, tail: rest };
    case 'v':
      return { value: 11, tail: rest };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (rest.length < n) throw new SyntaxError_();
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(rest[j]!);
        if (x < 0) throw new SyntaxError_();
        v = v * 16 + x;
      }
      rest = rest.slice(n);
      if (e === 'x') return { value: v < 0x80 ? v : 0xfffd, tail: rest };
      if (!validRune(v)) throw new SyntaxError_();
      return { value: v, tail: rest };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = e.charCodeAt(0) - 48;
      if (rest.length < 2) throw new SyntaxError_();
      for (let j = 0; j < 2; j++) {
        const x = rest.charCodeAt(j) - 48;
        if (x < 0 || x > 7) throw new SyntaxError_();
        v = (v << 3) | x;
      }
      rest = rest.slice(2);
      if (v > 255) throw new SyntaxError_();
      return { value: v < 0x80 ? v : 0xfffd, tail: rest };
    }
    case '\\':
      return { value: 0x5c, tail: rest };
    case "'":
    case '"':
      if (e !== quoteChar) throw new SyntaxError_();
      return { value: e.charCodeAt(0), tail: rest };
    default:
      throw new SyntaxError_();
  }
}

/** strconv.Unquote for "…", `…` and '…'. */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new SyntaxError_();
  const q = s[0]!;
  if (q !== s[n - 1]) throw new SyntaxError_();
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError_();
    return body.includes('\r') ? body.replace(/\r/g, '') : body;
  }
  if (q !== '"' && q !== "'") throw new SyntaxError_();
  if (body.includes('\n')) throw new SyntaxError_();
  if (!body.includes('\\') && !body.includes(q)) {
    if (q === '"') return body;
    if (q === "'" && [...body].length === 1) return body;
  }
  let rest = body;
  const out: string[] = [];
  while (rest.length > 0) {
    const { value, tail } = unquoteChar(rest, q);
    out.push(String.fromCodePoint(value));
    rest = tail;
    if (q === "'" && rest.length !== 0) throw new SyntaxError_();
  }
  if (q === "'" && out.length === 0) throw new SyntaxError_();
  return out.join('');
}

// ---- strings as Go's bytes ----

/** Number of UTF-8 bytes of s (Go's len). */
export function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Number of runes (code points) of s (utf8.RuneCountInString). */
export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes back to a string; invalid sequences become U+FFFD (a JavaScript string cannot hold them). */
export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Compares two strings in Go's byte (UTF-8) order, which is code point order. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const cx = a.codePointAt(i)!;
      const cy = b.codePointAt(i)!;
      return cx < cy ? -1 : cx > cy ? 1 : 0;
    }
  }
  return a.length - b.length;
}

// ---- float formatting ----

/** Decimal digits d (no leading zeros, empty for zero) with value 0.d × 10^dp. */
interface Decimal {
  d: string;
  dp: number;
}

function trimZeros(d: Decimal): Decimal {
  let end = d.d.length;
  while (end > 0 && d.d[end - 1] === '0') end--;
  return end === d.d.length ? d : { d: d.d.slice(0, end), dp: end === 0 ? 0 : d.dp };
}

const f64buf = new DataView(new ArrayBuffer(8));

function float64Bits(v: number): bigint {
  f64buf.setFloat64(0, v);
  return f64buf.getBigUint64(0);
}

/** mantissa and binary exponent as strconv sees them (mant with its implicit bit, exp unbiased). */
function decompose(v: number): { neg: boolean; mant: bigint; exp: number; special: boolean } {
  const bits = float64Bits(v);
  const neg = bits >> 63n === 1n;
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0x7ff) return { neg, mant, exp, special: true };
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  exp += -1023;
  return { neg, mant, exp, special: false };
}

/** The exact decimal expansion of |v| (always finite for a binary float). */
function exactDecimal(v: number): Decimal {
  if (v === 0) return { d: '', dp: 0 };
  const { mant, exp } = decompose(v);
  // |v| = mant × 2^(exp-52)
  const e = exp - 52;
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    dp = digits.length + e;
  }
  return trimZeros({ d: digits, dp });
}

/** The shortest digits that read back as v (JavaScript and Go agree on these). */
function shortestDecimal(v: number): Decimal {
  if (v === 0) return { d: '', dp: 0 };
  const s = Math.abs(v).toExponential();
  const ei = s.indexOf('e');
  const mant = s.slice(0, ei).replace('.', '');
  const exp = parseInt(s.slice(ei + 1), 10);
  return trimZeros({ d: mant, dp: exp + 1 });
}

/** Rounds to nd digits, ties to even (Go's decimal.Round on an exact value). */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const next = a.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = next >= 5;
  if (!up) return trimZeros({ d: a.d.slice(0, nd), dp: a.d.length === 0 ? 0 : a.dp });
  // Round up: add one at position nd-1, carrying.
  const ds = a.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && ds[i] === '9') {
    ds[i] = '0';
    i--;
  }
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  ds[i] = String.fromCharCode(ds[i]!.charCodeAt(0) + 1);
  return trimZeros({ d: ds.join(''), dp: a.dp });
}

function fmtE(neg: boolean, d: Decimal, prec: number, fmtChar: string): string {
  const out: string[] = [];
  if (neg) out.push('-');
  out.push(d.d.length === 0 ? '0' : d.d[0]!);
  if (prec > 0) {
    out.push('.');
    let i = 1;
    const m = Math.min(d.d.length, prec + 1);
    if (i < m) {
      out.push(d.d.slice(i, m));
      i = m;
    }
    for (; i <= prec; i++) out.push('0');
  }
  out.push(fmtChar);
  let exp = d.dp - 1;
  if (d.d.length === 0) exp = 0;
  if (exp < 0) {
    out.push('-');
    exp = -exp;
  } else out.push('+');
  out.push(exp < 10 ? '0' + exp : String(exp));
  return out.join('');
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  const out: string[] = [];
  if (neg) out.push('-');
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out.push(d.d.slice(0, m));
    for (let i = m; i < d.dp; i++) out.push('0');
  } else out.push('0');
  if (prec > 0) {
    out.push('.');
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out.push(j >= 0 && j < d.d.length ? d.d[j]! : '0');
    }
  }
  return out.join('');
}

function fmtB(neg: boolean, mant: bigint, exp: number): string {
  exp -= 52;
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : '-'}${Math.abs(exp)}`;
}

function fmtX(prec: number, fmtChar: string, neg: boolean, mant: bigint, exp: number): string {
  if (mant === 0n) exp = 0;
  mant <<= BigInt(60 - 52);
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  const mask64 = (1n << 64n) - 1n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmtChar === 'X' ? '0123456789ABCDEF' : lowerhex;
  const out: string[] = [];
  if (neg) out.push('-');
  out.push('0', fmtChar, String(Number((mant >> 60n) & 1n)));
  mant = (mant << 4n) & mask64;
  if (prec < 0 && mant !== 0n) {
    out.push('.');
    while (mant !== 0n) {
      out.push(hex[Number((mant >> 60n) & 15n)]!);
      mant = (mant << 4n) & mask64;
    }
  } else if (prec > 0) {
    out.push('.');
    for (let i = 0; i < prec; i++) {
      out.push(hex[Number((mant >> 60n) & 15n)]!);
      mant = (mant << 4n) & mask64;
    }
  }
  out.push(fmtChar === 'X' ? 'P' : 'p');
  if (exp < 0) {
    out.push('-');
    exp = -exp;
  } else out.push('+');
  out.push(exp < 10 ? '0' + exp : String(exp));
  return out.join('');
}

/** strconv.FormatFloat(v, fmt, prec, 64). */
export function formatFloat(v: number, fmt: string, prec: number): string {
  const { neg, mant, exp, special } = decompose(v);
  if (special) {
    if (Number.isNaN(v)) return 'NaN';
    return neg ? '-Inf' : '+Inf';
  }
  if (fmt === 'b') return fmtB(neg, mant, exp);
  if (fmt === 'x' || fmt === 'X') return fmtX(prec, fmt, neg, mant, exp);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(v);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(d.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(d.d.length - d.dp, 0);
        break;
      case 'g':
      case 'G':
        prec = d.d.length;
        break;
    }
  } else {
    const exact = exactDecimal(v);
    switch (fmt) {
      case 'e':
      case 'E':
        d = roundDecimal(exact, prec + 1);
        break;
      case 'f':
        d = roundDecimal(exact, exact.dp + prec);
        break;
      default:
        if (prec === 0) prec = 1;
        d = roundDecimal(exact, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, d, prec, fmt);
    case 'f':
      return fmtF(neg, d, prec);
    case 'g':
    case 'G': {
      let eprec = prec;
      if (eprec > d.d.length && d.d.length >= d.dp) eprec = d.d.length;
      if (shortest) eprec = 6;
      const e = d.dp - 1;
      if (e < -4 || e >= eprec) {
        if (prec > d.d.length) prec = d.d.length;
        return fmtE(neg, d, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > d.dp) prec = d.d.length;
      return fmtF(neg, d, Math.max(prec - d.dp, 0));
    }
  }
  return '%' + fmt;
}
