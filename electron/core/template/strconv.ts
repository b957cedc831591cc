// Go's strconv as text/template and fmt use it, on Go byte strings (see bytes.ts): number literals (ParseInt/ParseUint/ParseFloat with
// Go's syntax, underscores and base prefixes), quoting (Quote, QuoteRune, Unquote) and float
// formatting (FormatFloat with 'e', 'f', 'g', 'b', 'x'). Floats are formatted from their exact
// binary value so rounding is Go's round-half-even, not JavaScript's toFixed (which rounds ties up).

import { RUNE_ERROR, decodeRune, encodeRune, validUtf8 } from './bytes';

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
    out.push('\\', String.fromCharCode(r));
    return;
  }
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) {
      out.push(String.fromCharCode(r));
      return;
    }
  } else if (isPrint(r) || (graphicOnly && isGraphic(r))) {
    out.push(encodeRune(r));
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
    return;
  }
  if (!validRune(r)) r = 0xfffd;
  if (r < 0x10000) out.push('\\u', hexPad(r, 4));
  else out.push('\\U', hexPad(r, 8));
}

/** Go's appendQuotedWith over the bytes of s: a byte that is not valid UTF-8 prints as \xNN. */
function quoteWith(s: string, quoteChar: number, asciiOnly: boolean, graphicOnly: boolean): string {
  const q = String.fromCharCode(quoteChar);
  const out: string[] = [q];
  for (let i = 0; i < s.length; ) {
    let r = s.charCodeAt(i);
    let width = 1;
    if (r >= 0x80) {
      const rw = decodeRune(s, i);
      r = rw >> 3;
      width = rw & 7;
    }
    if (width === 1 && r === RUNE_ERROR) {
      const b = s.charCodeAt(i);
      out.push('\\x', lowerhex[b >> 4]!, lowerhex[b & 0xf]!);
    } else appendEscapedRune(out, r, quoteChar, asciiOnly, graphicOnly);
    i += width;
  }
  out.push(q);
  return out.join('');
}

/** strconv.Quote (of a Go byte string; the result is one too). */
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
  for (let i = 0; i < s.length; ) {
    const rw = decodeRune(s, i);
    const r = rw >> 3;
    const wid = rw & 7;
    i += wid;
    if (wid > 1) {
      if (r === 0xfeff) return false;
      continue;
    }
    if (r === RUNE_ERROR) return false;
    if ((r < 0x20 && r !== 9) || r === 0x60 || r === 0x7f) return false;
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
 * strconv.UnquoteChar on a Go byte string: the first character or escape of s. multibyte says the
 * value is a rune to encode as UTF-8 (a \x or octal escape is a single byte, possibly not UTF-8).
 */
export function unquoteChar(s: string, quoteChar: string): { value: number; multibyte: boolean; tail: string } {
  const c = s[0];
  if (c === undefined) throw new SyntaxError_();
  if (c === quoteChar && (quoteChar === "'" || quoteChar === '"')) throw new SyntaxError_();
  if (s.charCodeAt(0) >= 0x80) {
    const rw = decodeRune(s, 0);
    return { value: rw >> 3, multibyte: true, tail: s.slice(rw & 7) };
  }
  if (c !== '\\') return { value: s.charCodeAt(0), multibyte: false, tail: s.slice(1) };
  if (s.length <= 1) throw new SyntaxError_();
  const e = s[1]!;
  let rest = s.slice(2);
  const one = (value: number) => ({ value, multibyte: false, tail: rest });
  switch (e) {
    case 'a':
      return one(7);
    case 'b':
      return one(8);
    case 'f':
      return one(12);
    case 'n':
      return one(10);
    case 'r':
      return one(13);
    case 't':
      return one(9);
    case 'v':
      return one(11);
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
      if (e === 'x') return one(v);
      if (!validRune(v)) throw new SyntaxError_();
      return { value: v, multibyte: true, tail: rest };
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
      return one(v);
    }
    case '\\':
      return one(0x5c);
    case "'":
    case '"':
      if (e !== quoteChar) throw new SyntaxError_();
      return one(e.charCodeAt(0));
    default:
      throw new SyntaxError_();
  }
}

/** strconv.Unquote for "…", `…` and '…', on a Go byte string (the value is one too). */
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
  // Go finds the first closing quote; a string with one inside (escaped) takes the slow path below.
  const end = body.indexOf(q);
  if (end < 0 && !body.includes('\\') && !body.includes('\n')) {
    if (q === '"' && validUtf8(body)) return body;
    if (q === "'") {
      const rw = decodeRune(body, 0);
      if ((rw & 7) === body.length && body.length > 0 && !((rw >> 3) === RUNE_ERROR && (rw & 7) === 1)) return body;
    }
  }
  let rest = body;
  const out: string[] = [];
  while (rest.length > 0) {
    if (rest[0] === '\n') throw new SyntaxError_();
    const { value, multibyte, tail } = unquoteChar(rest, q);
    out.push(value < 0x80 || !multibyte ? String.fromCharCode(value) : encodeRune(value));
    rest = tail;
    if (q === "'") break;
  }
  if (rest.length !== 0 || (out.length === 0 && q === "'")) throw new SyntaxError_();
  return out.join('');
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
