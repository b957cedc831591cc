// Go strings are byte sequences, not text. Inside the engine every Go string — template text, data,
// every value a pipeline makes — is a "byte string": a JavaScript string whose code units are the
// bytes (0–255), so `slice "héllo" 0 2` is the two bytes "h\xc3", len counts bytes and comparisons
// compare bytes, exactly as in Go. Text crosses into the engine once (goString: UTF-8 encoding) and
// out of it once (jsString: decoding, where an invalid byte can only become U+FFFD). ASCII is the same
// in both forms, so the common path costs one scan.

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function isAscii(s: string): boolean {
  return ASCII_ONLY.test(s);
}

/** JavaScript text as a Go string: its UTF-8 bytes (a lone surrogate becomes U+FFFD's bytes). */
export function goString(s: string): string {
  if (ASCII_ONLY.test(s)) return s;
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (i > run) out += s.slice(run, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    out += encodeRune(c);
    run = i + 1;
  }
  return out + s.slice(run);
}

/**
 * A Go string as JavaScript text, for output and messages. A byte that is not part of valid UTF-8
 * has no JavaScript form and becomes U+FFFD (one per byte, as Go's range over a string sees it).
 */
export function jsString(b: string): string {
  if (ASCII_ONLY.test(b)) return b;
  let out = '';
  let run = 0;
  for (let i = 0; i < b.length; ) {
    const c = b.charCodeAt(i);
    if (c < 0x80) {
      i++;
      continue;
    }
    if (i > run) out += b.slice(run, i);
    const rw = decodeRune(b, i);
    out += String.fromCodePoint(rw >> 3);
    i += rw & 7;
    run = i;
  }
  return out + b.slice(run);
}

/** The bytes of a Go string. */
export function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Bytes as a Go string. */
export function fromBytes(b: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...Array.prototype.slice.call(b, i, i + 8192));
  return out;
}

export const RUNE_ERROR = 0xfffd;

/**
 * utf8.DecodeRuneInString(s[i:]): the rune and its width packed as (rune << 3) | width. An invalid
 * or incomplete sequence is RuneError with width 1; past the end, RuneError with width 0.
 */
export function decodeRune(s: string, i: number): number {
  const n = s.length;
  if (i >= n) return RUNE_ERROR << 3;
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return (b0 << 3) | 1;
  const bad = (RUNE_ERROR << 3) | 1;
  if (b0 < 0xc2 || b0 > 0xf4) return bad;
  const b1 = i + 1 < n ? s.charCodeAt(i + 1) : -1;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 === 0xe0) lo = 0xa0;
  else if (b0 === 0xed) hi = 0x9f;
  else if (b0 === 0xf0) lo = 0x90;
  else if (b0 === 0xf4) hi = 0x8f;
  if (b1 < lo || b1 > hi) return bad;
  if (b0 < 0xe0) return ((((b0 & 0x1f) << 6) | (b1 & 0x3f)) << 3) | 2;
  const b2 = i + 2 < n ? s.charCodeAt(i + 2) : -1;
  if (b2 < 0x80 || b2 > 0xbf) return bad;
  if (b0 < 0xf0) return ((((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f)) << 3) | 3;
  const b3 = i + 3 < n ? s.charCodeAt(i + 3) : -1;
  if (b3 < 0x80 || b3 > 0xbf) return bad;
  return ((((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) << 3) | 4;
}

/** utf8.DecodeLastRuneInString(s[:end]), packed as decodeRune packs it. */
export function decodeLastRune(s: string, end: number): number {
  if (end <= 0) return RUNE_ERROR << 3;
  const last = s.charCodeAt(end - 1);
  if (last < 0x80) return (last << 3) | 1;
  // Back up to the start of a rune: at most 4 bytes.
  const lim = Math.max(end - 4, 0);
  let start = end - 1;
  while (start > lim && (s.charCodeAt(start) & 0xc0) === 0x80) start--;
  const rw = decodeRune(s, start);
  if (start + (rw & 7) !== end) return (RUNE_ERROR << 3) | 1;
  return rw;
}

/** utf8.EncodeRune: the bytes of rune r (an invalid rune or a surrogate is RuneError's). */
export function encodeRune(r: number): string {
  if (r >= 0 && r < 0x80) return String.fromCharCode(r);
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  if (r < 0x10000) return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  return String.fromCharCode(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/** utf8.RuneCountInString. */
export function runeCount(s: string): number {
  if (ASCII_ONLY.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; n++) {
    if (s.charCodeAt(i) < 0x80) i++;
    else i += decodeRune(s, i) & 7;
  }
  return n;
}

/** utf8.ValidString. */
export function validUtf8(s: string): boolean {
  for (let i = 0; i < s.length; ) {
    if (s.charCodeAt(i) < 0x80) {
      i++;
      continue;
    }
    const rw = decodeRune(s, i);
    if (rw >> 3 === RUNE_ERROR && (rw & 7) === 1) return false;
    i += rw & 7;
  }
  return true;
}

/** Go's string comparison: byte by byte, which on byte strings is code-unit order. */
export function compareGoStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 1-based line and UTF-16 column (as an editor counts) of byte offset pos in the Go string text. */
export function editorPosition(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos);
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line, col: jsString(before.slice(lineStart)).length + 1 };
}
