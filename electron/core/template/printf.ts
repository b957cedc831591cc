// Go's fmt over engine values: Sprint, Sprintln and Sprintf with Go's verbs, flags, width,
// precision and argument indexes, its printing of composite values ([a b], map[k:v], {f g},
// &{…}, <nil>), its Stringer/error handling and its error forms (%!d(string=x), %!v(MISSING),
// %!(EXTRA …)). Ported from fmt/print.go and fmt/format.go so the output matches byte for byte.
import { bytesOf, decodeRune, encodeRune, fromBytes, runeCount } from './bytes';
import { canBackquote, formatFloat, quote, quoteRune, quoteToASCII, isPrint } from './strconv';
import {
  GoError,
  INVALID,
  Value,
  callMethod,
  elem,
  field,
  indexValue,
  isIntKind,
  isUintKind,
  isValid,
  lenOf,
  methodByName,
  sortedMapEntries,
} from './value';

/** A fmt operand: a concrete value, or null for a nil interface. */
export type Arg = Value | null;

/** Turns a template value into what fmt receives through an `any` parameter. */
export function toArg(v: Value): Arg {
  if (!isValid(v)) return null;
  if (v.kind === 'interface') return v.v === null ? null : toArg(v.v as Value);
  // A value passed as `any` is a copy: never addressable.
  return v.addressable ? new Value(v.t, v.v, false) : v;
}

const ldigits = '0123456789abcdefx';
const udigits = '0123456789ABCDEFX';

// Stand-ins for pointer addresses, which a template cannot observe meaningfully: stable per object.
const fakeAddresses = new WeakMap<object, bigint>();
let nextAddress = 0xc000010000n;
function addressOf(raw: unknown): bigint {
  if (raw === null || raw === undefined) return 0n;
  if (typeof raw !== 'object' && typeof raw !== 'function') return 0xc000008000n;
  let a = fakeAddresses.get(raw);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x30n;
    fakeAddresses.set(raw, a);
  }
  return a;
}

function stringMethod(v: Value, name: 'String' | 'Error') {
  const m = methodByName(v.addressable ? new Value(v.t, v.v, false) : v, name);
  if (!m || m.sig.params.length !== 0 || m.sig.results.length !== 1 || m.sig.results[0]!.kind !== 'string') return undefined;
  return m;
}

class Printer {
  out: string[] = [];
  // fmt flags
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  prec = 0;
  // pp state
  arg: Arg = null;
  value: Value = INVALID;
  erroring = false;
  panicking = false;
  reordered = false;
  goodArgNum = true;

  clearflags(): void {
    this.widPresent = this.precPresent = this.minus = this.plus = this.sharp = this.space = this.zero = this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
  }

  write(s: string): void {
    this.out.push(s);
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.out.push((this.zero ? '0' : ' ').repeat(n));
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.out.push(s);
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.out.push(s);
    } else {
      this.out.push(s);
      this.writePadding(width);
    }
  }

  fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + encodeRune(Number(u)) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmtInteger(v: bigint, base: number, isSigned: boolean, verb: string, digits: string): void {
    const negative = isSigned && v < 0n;
    let u = negative ? -v : v;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = '';
    const b = BigInt(base);
    if (u === 0n) s = digits[0]!;
    while (u > 0n) {
      s = digits[Number(u % b)]! + s;
      u /= b;
    }
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  truncateString(s: string): string {
    if (this.precPresent) {
      let n = this.prec;
      for (let i = 0; i < s.length; ) {
        n--;
        if (n < 0) return s.slice(0, i);
        i += s.charCodeAt(i) < 0x80 ? 1 : decodeRune(s, i) & 7;
      }
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncateString(s));
  }

  fmtSbx(bytes: Uint8Array, digits: string): void {
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    const parts: string[] = [];
    if (this.sharp) parts.push('0', digits[16]!);
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        parts.push(' ');
        if (this.sharp) parts.push('0', digits[16]!);
      }
      const c = bytes[i]!;
      parts.push(digits[c >> 4]!, digits[c & 0xf]!);
    }
    this.out.push(parts.join(''));
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncateString(s);
    if (this.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  /** c is the argument as Go's uint64: a negative int arrives as 2^64 + c, far outside Unicode. */
  fmtC(c: bigint): void {
    let r = c > 0x10ffffn ? 0xfffd : Number(c);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(encodeRune(r));
  }

  fmtQc(c: bigint): void {
    const r = c > 0x10ffffn ? 0xfffd : Number(c);
    this.pad(quoteRune(r, this.plus));
  }

  fmtFloatBase(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] === '-' || num[0] === '+') {
      // keep sign
    } else num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      switch (verb) {
        case 'v':
        case 'g':
        case 'G':
        case 'x':
          digits = prec;
          if (digits === -1) digits = 6;
      }
      let tail = '';
      let body = num;
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < body.length; i++) {
        const ch = body[i]!;
        if (ch === '.') hasDecimalPoint = true;
        else if (ch === 'p' || ch === 'P') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else if ((ch === 'e' || ch === 'E') && verb !== 'x' && verb !== 'X') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (ch !== '0') sawNonzeroDigit = true;
          if (sawNonzeroDigit) digits--;
        }
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.out.push(num[0]!);
        this.writePadding(this.wid - num.length);
        this.out.push(num.slice(1));
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // ---- pp ----

  badVerb(verb: string): void {
    this.erroring = true;
    this.out.push('%!', verb, '(');
    if (this.arg !== null) {
      this.out.push(this.arg.t.name, '=');
      this.printArg(this.arg, 'v');
    } else if (isValid(this.value)) {
      this.out.push(this.value.t.name, '=');
      this.printValue(this.value, 'v', 0);
    } else this.out.push('<nil>');
    this.out.push(')');
    this.erroring = false;
  }

  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb);
  }

  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(v, 16, false, 'v', ldigits);
    this.sharp = sharp;
  }

  fmtIntegerVerb(v: bigint, isSigned: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !isSigned) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, isSigned, verb, ldigits);
        return;
      case 'd':
        return this.fmtInteger(v, 10, isSigned, verb, ldigits);
      case 'b':
        return this.fmtInteger(v, 2, isSigned, verb, ldigits);
      case 'o':
      case 'O':
        return this.fmtInteger(v, 8, isSigned, verb, ldigits);
      case 'x':
        return this.fmtInteger(v, 16, isSigned, verb, ldigits);
      case 'X':
        return this.fmtInteger(v, 16, isSigned, verb, udigits);
      // Go hands these the value as uint64: a negative int is 2^64 + v (U+FFFFFFFFFFFFFFFF, U+FFFD).
      case 'c':
        return this.fmtC(BigInt.asUintN(64, v));
      case 'q':
        return this.fmtQc(BigInt.asUintN(64, v));
      case 'U':
        return this.fmtUnicode(BigInt.asUintN(64, v));
      default:
        this.badVerb(verb);
    }
  }

  fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.fmtFloatBase(v, 'g', -1);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        return this.fmtFloatBase(v, verb, -1);
      case 'f':
      case 'e':
      case 'E':
        return this.fmtFloatBase(v, verb, 6);
      case 'F':
        return this.fmtFloatBase(v, 'f', 6);
      default:
        this.badVerb(verb);
    }
  }

  fmtComplex(c: { re: number; im: number }, verb: string): void {
    if ('vbgGxXfFeE'.includes(verb)) {
      const oldPlus = this.plus;
      this.out.push('(');
      this.fmtFloat(c.re, verb);
      this.plus = true;
      this.fmtFloat(c.im, verb);
      this.out.push('i)');
      this.plus = oldPlus;
    } else this.badVerb(verb);
  }

  fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        return this.fmtS(v);
      case 'x':
        return this.fmtSbx(bytesOf(v), ldigits);
      case 'X':
        return this.fmtSbx(bytesOf(v), udigits);
      case 'q':
        return this.fmtQ(v);
      default:
        this.badVerb(verb);
    }
  }

  fmtBytes(bytes: Uint8Array, verb: string, typeString: string, isNilSlice: boolean): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.out.push(typeString);
          if (isNilSlice) {
            this.out.push('(nil)');
            return;
          }
          this.out.push('{');
          bytes.forEach((c, i) => {
            if (i > 0) this.out.push(', ');
            this.fmt0x64(BigInt(c), true);
          });
          this.out.push('}');
        } else {
          this.out.push('[');
          bytes.forEach((c, i) => {
            if (i > 0) this.out.push(' ');
            this.fmtInteger(BigInt(c), 10, false, verb, ldigits);
          });
          this.out.push(']');
        }
        return;
      case 's':
        return this.fmtS(fromBytes(bytes));
      case 'x':
        return this.fmtSbx(bytes, ldigits);
      case 'X':
        return this.fmtSbx(bytes, udigits);
      case 'q':
        return this.fmtQ(fromBytes(bytes));
    }
  }

  fmtPointer(value: Value, verb: string): void {
    let u: bigint;
    switch (value.kind) {
      case 'func':
      case 'map':
      case 'ptr':
      case 'slice':
        u = addressOf(value.v);
        break;
      default:
        this.badVerb(verb);
        return;
    }
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.out.push('(', value.t.name, ')(');
          if (u === 0n) this.out.push('nil');
          else this.fmt0x64(u, true);
          this.out.push(')');
        } else if (u === 0n) this.pad('<nil>');
        else this.fmt0x64(u, !this.sharp);
        return;
      case 'p':
        return this.fmt0x64(u, !this.sharp);
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        return this.fmtIntegerVerb(u, false, verb);
      default:
        this.badVerb(verb);
    }
  }

  /** Calls String()/Error() the way fmt does, turning a panic into Go's %!v(PANIC=…) text. */
  callStringer(arg: Value, name: 'String' | 'Error', verb: string): void {
    const m = stringMethod(arg, name)!;
    let s: string;
    try {
      s = callMethod(m, arg, []).v as string;
    } catch (e) {
      if (arg.kind === 'ptr' && arg.v === null) {
        this.out.push('<nil>');
        return;
      }
      if (this.panicking || !(e instanceof GoError)) throw e;
      const saved = this.saveFlags();
      this.clearflags();
      this.out.push('%!', verb, '(PANIC=', name, ' method: ', e.message, ')');
      this.restoreFlags(saved);
      return;
    }
    this.fmtString(s, verb);
  }

  saveFlags(): unknown[] {
    return [this.widPresent, this.precPresent, this.minus, this.plus, this.sharp, this.space, this.zero, this.plusV, this.sharpV, this.wid, this.prec];
  }

  restoreFlags(f: unknown[]): void {
    [this.widPresent, this.precPresent, this.minus, this.plus, this.sharp, this.space, this.zero, this.plusV, this.sharpV, this.wid, this.prec] = f as [
      boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, number, number,
    ];
  }

  handleMethods(verb: string): boolean {
    if (this.erroring || this.arg === null) return false;
    if (this.sharpV) return false;
    if (verb === 'v' || verb === 's' || verb === 'x' || verb === 'X' || verb === 'q') {
      const arg = this.arg;
      if (stringMethod(arg, 'Error')) {
        this.callStringer(arg, 'Error', verb);
        return true;
      }
      if (stringMethod(arg, 'String')) {
        this.callStringer(arg, 'String', verb);
        return true;
      }
    }
    return false;
  }

  printArg(arg: Arg, verb: string): void {
    this.arg = arg;
    this.value = INVALID;
    if (arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(arg.t.name);
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    if (!this.handleMethods(verb)) this.printValue(arg, verb, 0);
  }

  printValue(value: Value, verb: string, depth: number): void {
    if (depth > 0 && isValid(value)) {
      this.arg = toArg(value);
      if (this.arg !== null && this.handleMethods(verb)) return;
    }
    this.arg = null;
    this.value = value;
    const k = value.kind;
    if (k === 'invalid') {
      if (depth === 0) this.out.push('<invalid reflect.Value>');
      else if (verb === 'v') this.out.push('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (k === 'bool') return this.fmtBool(value.v as boolean, verb);
    if (isIntKind(k)) return this.fmtIntegerVerb(value.v as bigint, true, verb);
    if (isUintKind(k)) return this.fmtIntegerVerb(value.v as bigint, false, verb);
    switch (k) {
      case 'float32':
      case 'float64':
        return this.fmtFloat(value.v as number, verb);
      case 'complex128':
        return this.fmtComplex(value.v as { re: number; im: number }, verb);
      case 'string':
        return this.fmtString(value.v as string, verb);
      case 'map': {
        if (this.sharpV) {
          this.out.push(value.t.name);
          if (value.v === null) {
            this.out.push('(nil)');
            return;
          }
          this.out.push('{');
        } else this.out.push('map[');
        sortedMapEntries(value).forEach(([key, val], i) => {
          if (i > 0) this.out.push(this.sharpV ? ', ' : ' ');
          this.printValue(key, verb, depth + 1);
          this.out.push(':');
          this.printValue(val, verb, depth + 1);
        });
        this.out.push(this.sharpV ? '}' : ']');
        return;
      }
      case 'struct': {
        if (this.sharpV) this.out.push(value.t.name);
        this.out.push('{');
        value.t.fields.forEach((f, i) => {
          if (i > 0) this.out.push(this.sharpV ? ', ' : ' ');
          if (this.plusV || this.sharpV) this.out.push(f.name, ':');
          this.printValue(field(value, i), verb, depth + 1);
        });
        this.out.push('}');
        return;
      }
      case 'interface': {
        const inner = elem(value);
        if (!isValid(inner)) {
          if (this.sharpV) this.out.push(value.t.name, '(nil)');
          else this.out.push('<nil>');
        } else this.printValue(inner, verb, depth + 1);
        return;
      }
      case 'array':
      case 'slice': {
        if ((verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') && value.t.elem!.kind === 'uint8') {
          const raw = (value.v as bigint[] | null) ?? [];
          this.fmtBytes(Uint8Array.from(raw.map(Number)), verb, value.t.name, value.v === null);
          return;
        }
        if (this.sharpV) {
          this.out.push(value.t.name);
          if (value.kind === 'slice' && value.v === null) {
            this.out.push('(nil)');
            return;
          }
          this.out.push('{');
          for (let i = 0; i < lenOf(value); i++) {
            if (i > 0) this.out.push(', ');
            this.printValue(indexValue(value, i), verb, depth + 1);
          }
          this.out.push('}');
        } else {
          this.out.push('[');
          for (let i = 0; i < lenOf(value); i++) {
            if (i > 0) this.out.push(' ');
            this.printValue(indexValue(value, i), verb, depth + 1);
          }
          this.out.push(']');
        }
        return;
      }
      case 'ptr':
        if (depth === 0 && value.v !== null) {
          const a = elem(value);
          if (a.kind === 'array' || a.kind === 'slice' || a.kind === 'struct' || a.kind === 'map') {
            this.out.push('&');
            this.printValue(a, verb, depth + 1);
            return;
          }
        }
        return this.fmtPointer(value, verb);
      case 'func':
        return this.fmtPointer(value, verb);
    }
    this.out.push('?', value.t.name, '?');
  }

  doPrint(args: Arg[]): void {
    let prevString = false;
    args.forEach((arg, i) => {
      const isString = arg !== null && arg.kind === 'string';
      if (i > 0 && !isString && !prevString) this.out.push(' ');
      this.printArg(arg, 'v');
      prevString = isString;
    });
  }

  doPrintln(args: Arg[]): void {
    args.forEach((arg, i) => {
      if (i > 0) this.out.push(' ');
      this.printArg(arg, 'v');
    });
    this.out.push('\n');
  }

  doPrintf(format: string, a: Arg[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.out.push(format.slice(lasti, i));
      if (i >= end) break;
      i++;
      this.clearflags();
      simple: for (; i < end; i++) {
        const c = format[i]!;
        switch (c) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = !this.minus;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            this.zero = false;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(a[argNum]!, c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i < end && format[i] === '*') {
        i++;
        [this.wid, this.widPresent, argNum] = intFromArg(a, argNum);
        if (!this.widPresent) this.out.push('%!(BADWIDTH)');
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        [this.wid, this.widPresent, i] = parsenum(format, i, end);
        if (afterIndex && this.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === '*') {
          i++;
          [this.prec, this.precPresent, argNum] = intFromArg(a, argNum);
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.out.push('%!(BADPREC)');
          afterIndex = false;
        } else {
          [this.prec, this.precPresent, i] = parsenum(format, i, end);
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.out.push('%!(NOVERB)');
        break;
      }
      // The verb is a rune; a byte that is not UTF-8 is U+FFFD, and printed as such.
      const rw = decodeRune(format, i);
      const verb = encodeRune(rw >> 3);
      i += rw & 7;
      if (verb === '%') this.out.push('%');
      else if (!this.goodArgNum) this.out.push('%!', verb, '(BADINDEX)');
      else if (argNum >= a.length) this.out.push('%!', verb, '(MISSING)');
      else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum]!, verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.clearflags();
      this.out.push('%!(EXTRA ');
      a.slice(argNum).forEach((arg, j) => {
        if (j > 0) this.out.push(', ');
        if (arg === null) this.out.push('<nil>');
        else {
          this.out.push(arg.t.name, '=');
          this.printArg(arg, 'v');
        }
      });
      this.out.push(')');
    }
  }

  argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format.slice(i));
    if (ok && 0 <= index && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let newi = start;
  for (; newi < end && s[newi]! >= '0' && s[newi]! <= '9'; newi++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(newi) - 48);
    isnum = true;
  }
  return [num, isnum, newi];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const [width, ok, newi] = parsenum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(a: Arg[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < a.length) {
    const v = a[argNum];
    if (v && (isIntKind(v.kind) || isUintKind(v.kind))) {
      const n = v.v as bigint;
      if (n >= -(1n << 63n) && n < 1n << 63n) {
        num = Number(n);
        isInt = true;
      }
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, newArgNum];
}

/** fmt.Sprint. */
export function sprint(args: Arg[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.out.join('');
}

/** fmt.Sprintln. */
export function sprintln(args: Arg[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.out.join('');
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: Arg[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.out.join('');
}
