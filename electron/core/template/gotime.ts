// Go's time.Time and time.Duration as template values: the methods templates call (Format with Go's
// reference-time layouts, String, Year, Unix, …) and the printing Backrest's hooks rely on
// (`2024-03-15 02:30:00 +0000 UTC`, `1m23.456789s`). Times carry a fixed offset and a zone name
// ("UTC", or "" for an offset without a name, which Go prints as "+0530").
import { GoError, GoType, T, Value, boolValue, intValue, floatValue, stringValue, type FuncSig, type Method } from './value';

export interface GoTime {
  /** Seconds since the Unix epoch (UTC). */
  sec: number;
  /** 0 ≤ nsec < 1e9. */
  nsec: number;
  /** Seconds east of UTC. */
  offset: number;
  /** "UTC", or "" for a fixed offset without a name. */
  zone: string;
}

/** Seconds from 0001-01-01 (Go's zero time) to the Unix epoch. */
const ZERO_UNIX = -62135596800;

export function zeroTime(): GoTime {
  return { sec: ZERO_UNIX, nsec: 0, offset: 0, zone: 'UTC' };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { year: y + (m <= 2 ? 1 : 0), month: m, day: d };
}

interface Civil {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  min: number;
  sec: number;
  weekday: number;
}

function civil(t: GoTime): Civil {
  const local = t.sec + t.offset;
  const days = floorDiv(local, 86400);
  const secOfDay = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  const yday = days - daysFromCivil(year, 1, 1) + 1;
  return {
    year,
    month,
    day,
    yday,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor((secOfDay % 3600) / 60),
    sec: secOfDay % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

function appendInt(x: number, width: number): string {
  const neg = x < 0;
  const s = String(Math.abs(x));
  return (neg ? '-' : '') + s.padStart(width, '0');
}

type Std =
  | { k: 'text'; s: string }
  | { k: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' | 'day' | 'underDay' | 'zeroDay' }
  | { k: 'underYearDay' | 'zeroYearDay' | 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' }
  | { k: 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { k: 'iso8601TZ' | 'iso8601SecondsTZ' | 'iso8601ShortTZ' | 'iso8601ColonTZ' | 'iso8601ColonSecondsTZ' }
  | { k: 'numTZ' | 'numSecondsTz' | 'numShortTZ' | 'numColonTZ' | 'numColonSecondsTZ' }
  | { k: 'frac'; digits: number; trim: boolean; sep: string };

function isDigitAt(s: string, i: number): boolean {
  return i < s.length && s[i]! >= '0' && s[i]! <= '9';
}

function startsWithLowerCase(s: string): boolean {
  return s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';
}

/** Go's nextStdChunk: the text before the next layout element, the element, and the rest. */
function nextStdChunk(layout: string): [string, Std | null, string] {
  const at = (i: number, w: string) => layout.startsWith(w, i);
  for (let i = 0; i < layout.length; i++) {
    const pre = layout.slice(0, i);
    switch (layout[i]) {
      case 'J':
        if (at(i, 'Jan')) {
          if (at(i, 'January')) return [pre, { k: 'longMonth' }, layout.slice(i + 7)];
          if (!startsWithLowerCase(layout.slice(i + 3))) return [pre, { k: 'month' }, layout.slice(i + 3)];
        }
        break;
      case 'M':
        if (at(i, 'Mon')) {
          if (at(i, 'Monday')) return [pre, { k: 'longWeekDay' }, layout.slice(i + 6)];
          if (!startsWithLowerCase(layout.slice(i + 3))) return [pre, { k: 'weekDay' }, layout.slice(i + 3)];
        }
        if (at(i, 'MST')) return [pre, { k: 'TZ' }, layout.slice(i + 3)];
        break;
      case '0': {
        const n = layout[i + 1];
        if (n !== undefined && n >= '1' && n <= '6') {
          const ks = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const;
          return [pre, { k: ks[n.charCodeAt(0) - 49]! }, layout.slice(i + 2)];
        }
        if (at(i, '002')) return [pre, { k: 'zeroYearDay' }, layout.slice(i + 3)];
        break;
      }
      case '1':
        if (layout[i + 1] === '5') return [pre, { k: 'hour' }, layout.slice(i + 2)];
        return [pre, { k: 'numMonth' }, layout.slice(i + 1)];
      case '2':
        if (at(i, '2006')) return [pre, { k: 'longYear' }, layout.slice(i + 4)];
        return [pre, { k: 'day' }, layout.slice(i + 1)];
      case '_':
        if (layout[i + 1] === '2') {
          if (at(i + 1, '2006')) return [layout.slice(0, i + 1), { k: 'longYear' }, layout.slice(i + 5)];
          return [pre, { k: 'underDay' }, layout.slice(i + 2)];
        }
        if (at(i, '__2')) return [pre, { k: 'underYearDay' }, layout.slice(i + 3)];
        break;
      case '3':
        return [pre, { k: 'hour12' }, layout.slice(i + 1)];
      case '4':
        return [pre, { k: 'minute' }, layout.slice(i + 1)];
      case '5':
        return [pre, { k: 'second' }, layout.slice(i + 1)];
      case 'P':
        if (layout[i + 1] === 'M') return [pre, { k: 'PM' }, layout.slice(i + 2)];
        break;
      case 'p':
        if (layout[i + 1] === 'm') return [pre, { k: 'pm' }, layout.slice(i + 2)];
        break;
      case '-':
        if (at(i, '-070000')) return [pre, { k: 'numSecondsTz' }, layout.slice(i + 7)];
        if (at(i, '-07:00:00')) return [pre, { k: 'numColonSecondsTZ' }, layout.slice(i + 9)];
        if (at(i, '-0700')) return [pre, { k: 'numTZ' }, layout.slice(i + 5)];
        if (at(i, '-07:00')) return [pre, { k: 'numColonTZ' }, layout.slice(i + 6)];
        if (at(i, '-07')) return [pre, { k: 'numShortTZ' }, layout.slice(i + 3)];
        break;
      case 'Z':
        if (at(i, 'Z070000')) return [pre, { k: 'iso8601SecondsTZ' }, layout.slice(i + 7)];
        if (at(i, 'Z07:00:00')) return [pre, { k: 'iso8601ColonSecondsTZ' }, layout.slice(i + 9)];
        if (at(i, 'Z0700')) return [pre, { k: 'iso8601TZ' }, layout.slice(i + 5)];
        if (at(i, 'Z07:00')) return [pre, { k: 'iso8601ColonTZ' }, layout.slice(i + 6)];
        if (at(i, 'Z07')) return [pre, { k: 'iso8601ShortTZ' }, layout.slice(i + 3)];
        break;
      case '.':
      case ',': {
        const ch = layout[i + 1];
        if (ch === '0' || ch === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) return [pre, { k: 'frac', digits: j - (i + 1), trim: ch === '9', sep: layout[i]! }, layout.slice(j)];
        }
        break;
      }
    }
  }
  return [layout, null, ''];
}

/** time.Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const out: string[] = [];
  let c: Civil | undefined;
  const cv = () => (c ??= civil(t));
  while (layout !== '') {
    const [prefix, std, suffix] = nextStdChunk(layout);
    if (prefix !== '') out.push(prefix);
    if (!std) break;
    layout = suffix;
    switch (std.k) {
      case 'year':
        out.push(appendInt(Math.abs(cv().year) % 100, 2));
        break;
      case 'longYear':
        out.push(appendInt(cv().year, 4));
        break;
      case 'month':
        out.push(MONTHS[cv().month - 1]!.slice(0, 3));
        break;
      case 'longMonth':
        out.push(MONTHS[cv().month - 1]!);
        break;
      case 'numMonth':
        out.push(String(cv().month));
        break;
      case 'zeroMonth':
        out.push(appendInt(cv().month, 2));
        break;
      case 'weekDay':
        out.push(DAYS[cv().weekday]!.slice(0, 3));
        break;
      case 'longWeekDay':
        out.push(DAYS[cv().weekday]!);
        break;
      case 'day':
        out.push(String(cv().day));
        break;
      case 'underDay':
        out.push((cv().day < 10 ? ' ' : '') + cv().day);
        break;
      case 'zeroDay':
        out.push(appendInt(cv().day, 2));
        break;
      case 'underYearDay':
        out.push(String(cv().yday).padStart(3, ' '));
        break;
      case 'zeroYearDay':
        out.push(appendInt(cv().yday, 3));
        break;
      case 'hour':
        out.push(appendInt(cv().hour, 2));
        break;
      case 'hour12':
        out.push(String(cv().hour % 12 === 0 ? 12 : cv().hour % 12));
        break;
      case 'zeroHour12':
        out.push(appendInt(cv().hour % 12 === 0 ? 12 : cv().hour % 12, 2));
        break;
      case 'minute':
        out.push(String(cv().min));
        break;
      case 'zeroMinute':
        out.push(appendInt(cv().min, 2));
        break;
      case 'second':
        out.push(String(cv().sec));
        break;
      case 'zeroSecond':
        out.push(appendInt(cv().sec, 2));
        break;
      case 'PM':
        out.push(cv().hour >= 12 ? 'PM' : 'AM');
        break;
      case 'pm':
        out.push(cv().hour >= 12 ? 'pm' : 'am');
        break;
      case 'TZ': {
        if (t.zone !== '') {
          out.push(t.zone);
          break;
        }
        let zone = Math.trunc(t.offset / 60);
        out.push(zone < 0 ? '-' : '+');
        zone = Math.abs(zone);
        out.push(appendInt(Math.floor(zone / 60), 2), appendInt(zone % 60, 2));
        break;
      }
      case 'frac': {
        let digits = String(t.nsec).padStart(9, '0').slice(0, Math.min(std.digits, 9));
        if (std.trim) {
          digits = digits.replace(/0+$/, '');
          if (digits === '') break;
        }
        out.push(std.sep, digits);
        break;
      }
      default: {
        const k = std.k;
        const iso = k.startsWith('iso8601');
        if (t.offset === 0 && iso) {
          out.push('Z');
          break;
        }
        let zone = Math.trunc(t.offset / 60);
        let absoffset = t.offset;
        if (zone < 0) {
          out.push('-');
          zone = -zone;
          absoffset = -absoffset;
        } else out.push('+');
        out.push(appendInt(Math.floor(zone / 60), 2));
        const colon = k === 'iso8601ColonTZ' || k === 'numColonTZ' || k === 'iso8601ColonSecondsTZ' || k === 'numColonSecondsTZ';
        if (colon) out.push(':');
        if (k !== 'numShortTZ' && k !== 'iso8601ShortTZ') out.push(appendInt(zone % 60, 2));
        if (k === 'iso8601SecondsTZ' || k === 'numSecondsTz' || k === 'numColonSecondsTZ' || k === 'iso8601ColonSecondsTZ') {
          if (k === 'numColonSecondsTZ' || k === 'iso8601ColonSecondsTZ') out.push(':');
          out.push(appendInt(absoffset % 60, 2));
        }
      }
    }
  }
  return out.join('');
}

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339Nano = '2006-01-02T15:04:05.999999999Z07:00';

/** time.Time.String (without a monotonic clock reading, which parsed times never have). */
export function timeString(t: GoTime): string {
  return formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST');
}

/**
 * time.Parse(time.RFC3339Nano, s): "Z" is UTC; any other offset becomes a zone without a name, as
 * Go does when the offset is not the local zone's. Returns null when s is not RFC 3339.
 */
export function parseRFC3339(s: string): GoTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) return null;
  const [year, month, day, hour, min, sec] = [1, 2, 3, 4, 5, 6].map((i) => parseInt(m[i]!, 10)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || min > 59 || sec > 59) return null;
  const dim = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > dim) return null;
  const nsec = m[7] ? parseInt(m[7].padEnd(9, '0'), 10) : 0;
  let offset = 0;
  let zone = 'UTC';
  if (!m[8]) {
    const oh = parseInt(m[10]!, 10);
    const om = parseInt(m[11]!, 10);
    if (oh > 23 || om > 59) return null;
    offset = (oh * 3600 + om * 60) * (m[9] === '-' ? -1 : 1);
    zone = '';
  }
  const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  return { sec: local - offset, nsec, offset, zone };
}

// ---- time.Duration ----

const NS = { ns: 1n, us: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };
const INT64_MAX = (1n << 63n) - 1n;

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) out = String(digit) + out;
    v /= 10n;
  }
  if (print) out = '.' + out;
  return [out, v];
}

/** time.Duration.String: "1h2m3.5s", "1.5µs", "0s" (a Go byte string). */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS.s) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < NS.us) {
      prec = 0;
      unit = 'ns';
    } else if (u < NS.ms) {
      prec = 3;
      unit = '\xc2\xb5s'; // µs as the Go byte string (UTF-8) it is
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = String(rest) + frac + unit;
  } else {
    const [frac, rest] = fmtFrac(u, 9);
    u = rest;
    out = String(u % 60n) + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = String(u % 60n) + 'm' + out;
      u /= 60n;
      if (u > 0n) out = String(u) + 'h' + out;
    }
  }
  return (neg ? '-' : '') + out;
}

/** time.ParseDuration ("1m23.456789s", "-1.5h", "300ms"); null when invalid. */
export function parseDuration(s0: string): bigint | null {
  let s = s0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return null;
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: NS.s, m: NS.m, h: NS.h };
  let total = 0n;
  const re = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s !== '') {
    const m = re.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
    const unit = units[m[3]!]!;
    const whole = BigInt(m[1] || '0') * unit;
    let frac = 0n;
    if (m[2]) frac = (BigInt(m[2]) * unit) / 10n ** BigInt(m[2].length);
    total += whole + frac;
    if (total > INT64_MAX) return null;
    s = s.slice(m[0].length);
  }
  return neg ? -total : total;
}

function truncateDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  return d - (d % m);
}

function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    return d - m + r;
  }
  if (r + r < m) return d - r;
  return d + m - r;
}

// ---- the Go types ----

function sig(params: GoType[], results: GoType[]): FuncSig {
  return { params, variadic: false, results };
}

function method(name: string, s: FuncSig, call: (recv: Value, args: Value[]) => Value): Method {
  return { name, sig: s, ptrRecv: false, call };
}

export const durationType = new GoType('int64', 'time.Duration');
export const monthType = new GoType('int', 'time.Month');
export const weekdayType = new GoType('int', 'time.Weekday');
export const timeType = new GoType('struct', 'time.Time');
timeType.opaque = true;
timeType.zeroRaw = zeroTime;

monthType.addMethod(method('String', sig([], [T.string]), (r) => {
  const m = Number(r.v as bigint);
  return stringValue(m >= 1 && m <= 12 ? MONTHS[m - 1]! : `%!Month(${m})`);
}));
weekdayType.addMethod(method('String', sig([], [T.string]), (r) => {
  const d = Number(r.v as bigint);
  return stringValue(d >= 0 && d <= 6 ? DAYS[d]! : `%!Weekday(${d})`);
}));

const D = (r: Value) => r.v as bigint;
const durMethods: Array<[string, FuncSig, (r: Value, a: Value[]) => Value]> = [
  ['String', sig([], [T.string]), (r) => stringValue(durationString(D(r)))],
  ['Nanoseconds', sig([], [T.int64]), (r) => intValue(D(r), T.int64)],
  ['Microseconds', sig([], [T.int64]), (r) => intValue(D(r) / 1000n, T.int64)],
  ['Milliseconds', sig([], [T.int64]), (r) => intValue(D(r) / 1000000n, T.int64)],
  ['Seconds', sig([], [T.float64]), (r) => floatValue(Number(D(r) / NS.s) + Number(D(r) % NS.s) / 1e9)],
  ['Minutes', sig([], [T.float64]), (r) => floatValue(Number(D(r) / NS.m) + Number(D(r) % NS.m) / 60e9)],
  ['Hours', sig([], [T.float64]), (r) => floatValue(Number(D(r) / NS.h) + Number(D(r) % NS.h) / 3600e9)],
  ['Truncate', sig([durationType], [durationType]), (r, a) => new Value(durationType, truncateDuration(D(r), a[0]!.v as bigint))],
  ['Round', sig([durationType], [durationType]), (r, a) => new Value(durationType, roundDuration(D(r), a[0]!.v as bigint))],
  ['Abs', sig([], [durationType]), (r) => new Value(durationType, D(r) >= 0n ? D(r) : D(r) === -(1n << 63n) ? INT64_MAX : -D(r))],
];
for (const [n, s, f] of durMethods) durationType.addMethod(method(n, s, f));

const TT = (r: Value) => r.v as GoTime;
function timeValue(t: GoTime): Value {
  return new Value(timeType, t);
}
function addNanos(t: GoTime, d: bigint): GoTime {
  const total = BigInt(t.sec) * NS.s + BigInt(t.nsec) + d;
  let sec = total / NS.s;
  let nsec = total % NS.s;
  if (nsec < 0n) {
    nsec += NS.s;
    sec -= 1n;
  }
  return { ...t, sec: Number(sec), nsec: Number(nsec) };
}
function unixNanos(t: GoTime): bigint {
  return BigInt(t.sec) * NS.s + BigInt(t.nsec);
}

const timeMethods: Array<[string, FuncSig, (r: Value, a: Value[]) => Value]> = [
  ['String', sig([], [T.string]), (r) => stringValue(timeString(TT(r)))],
  ['Format', sig([T.string], [T.string]), (r, a) => stringValue(formatTime(TT(r), a[0]!.v as string))],
  ['IsZero', sig([], [T.bool]), (r) => boolValue(TT(r).sec === ZERO_UNIX && TT(r).nsec === 0)],
  ['Year', sig([], [T.int]), (r) => intValue(civil(TT(r)).year)],
  ['Month', sig([], [monthType]), (r) => intValue(civil(TT(r)).month, monthType)],
  ['Day', sig([], [T.int]), (r) => intValue(civil(TT(r)).day)],
  ['YearDay', sig([], [T.int]), (r) => intValue(civil(TT(r)).yday)],
  ['Weekday', sig([], [weekdayType]), (r) => intValue(civil(TT(r)).weekday, weekdayType)],
  ['Hour', sig([], [T.int]), (r) => intValue(civil(TT(r)).hour)],
  ['Minute', sig([], [T.int]), (r) => intValue(civil(TT(r)).min)],
  ['Second', sig([], [T.int]), (r) => intValue(civil(TT(r)).sec)],
  ['Nanosecond', sig([], [T.int]), (r) => intValue(TT(r).nsec)],
  ['Unix', sig([], [T.int64]), (r) => intValue(TT(r).sec, T.int64)],
  ['UnixMilli', sig([], [T.int64]), (r) => intValue(unixNanos(TT(r)) / 1000000n - (unixNanos(TT(r)) % 1000000n < 0n ? 1n : 0n), T.int64)],
  ['UnixMicro', sig([], [T.int64]), (r) => intValue(unixNanos(TT(r)) / 1000n - (unixNanos(TT(r)) % 1000n < 0n ? 1n : 0n), T.int64)],
  ['UnixNano', sig([], [T.int64]), (r) => intValue(BigInt.asIntN(64, unixNanos(TT(r))), T.int64)],
  ['UTC', sig([], [timeType]), (r) => timeValue({ ...TT(r), offset: 0, zone: 'UTC' })],
  ['Add', sig([durationType], [timeType]), (r, a) => timeValue(addNanos(TT(r), a[0]!.v as bigint))],
  ['Sub', sig([timeType], [durationType]), (r, a) => {
    const d = unixNanos(TT(r)) - unixNanos(a[0]!.v as GoTime);
    return new Value(durationType, d > INT64_MAX ? INT64_MAX : d < -(1n << 63n) ? -(1n << 63n) : d);
  }],
  ['Before', sig([timeType], [T.bool]), (r, a) => boolValue(unixNanos(TT(r)) < unixNanos(a[0]!.v as GoTime))],
  ['After', sig([timeType], [T.bool]), (r, a) => boolValue(unixNanos(TT(r)) > unixNanos(a[0]!.v as GoTime))],
  ['Equal', sig([timeType], [T.bool]), (r, a) => boolValue(unixNanos(TT(r)) === unixNanos(a[0]!.v as GoTime))],
  ['Compare', sig([timeType], [T.int]), (r, a) => {
    const x = unixNanos(TT(r));
    const y = unixNanos(a[0]!.v as GoTime);
    return intValue(x < y ? -1 : x > y ? 1 : 0);
  }],
  ['Truncate', sig([durationType], [timeType]), (r, a) => {
    const d = a[0]!.v as bigint;
    if (d <= 0n) return r;
    const since = unixNanos(TT(r)) - BigInt(ZERO_UNIX) * NS.s;
    return timeValue(addNanos(TT(r), -(since % d)));
  }],
  ['AddDate', sig([T.int, T.int, T.int], [timeType]), (r, a) => {
    const t = TT(r);
    const c = civil(t);
    const [dy, dm, dd] = a.map((x) => Number(x.v as bigint)) as [number, number, number];
    // Go normalises out-of-range months and days the same way Date.UTC does.
    const ms = Date.UTC(2000, c.month - 1 + dm, c.day + dd);
    const base = new Date(ms);
    const y = c.year + dy + (base.getUTCFullYear() - 2000);
    const days = daysFromCivil(y, base.getUTCMonth() + 1, base.getUTCDate());
    const local = days * 86400 + c.hour * 3600 + c.min * 60 + c.sec;
    return timeValue({ ...t, sec: local - t.offset });
  }],
];
for (const [n, s, f] of timeMethods) timeType.addMethod(method(n, s, f));

/** Accepts a duration as integer nanoseconds or Go's duration string; throws GoError naming what was wrong. */
export function durationFromInput(x: unknown, what: string): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new GoError(`${what}: ${x} is not a whole number of nanoseconds`);
    return BigInt(x);
  }
  if (typeof x === 'string') {
    if (/^-?[0-9]+$/.test(x)) return BigInt(x);
    const d = parseDuration(x);
    if (d === null) throw new GoError(`${what}: ${JSON.stringify(x)} is not a duration (use nanoseconds or Go's form, e.g. "1m23.5s")`);
    return d;
  }
  throw new GoError(`${what}: expected nanoseconds or a duration string`);
}
