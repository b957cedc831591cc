// The next run of a cron schedule or a systemd OnCalendar=, computed where it is simple (fixed or
// `*` fields, lists, ranges and steps for cron; the named shorthands and `[DOW] Y-M-D H:M[:S]`
// with numbers or `*` for systemd); anything else is null, and the caller says the next run is unknown.

const CRON_NAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A cron field as the set of values it allows, or null when it cannot be read. */
function cronField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> | null {
  const out = new Set<number>();
  const value = (s: string): number | null => {
    const i = names.indexOf(s.toLowerCase());
    if (i >= 0) return i + nameBase;
    return /^\d+$/.test(s) ? Number(s) : null;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|[^-/]+(?:-[^-/]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const step = m[2] ? Number(m[2]) : 1;
    if (step < 1) return null;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1]!.split('-');
      const va = value(a!);
      const vb = b === undefined ? (m[2] ? max : va) : value(b);
      if (va === null || vb === null) return null;
      lo = va;
      hi = vb;
    }
    if (lo < min || hi > max || lo > hi) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** The next time (after `now`, local time) a five-field cron schedule fires; null when it cannot be read. */
export function nextCronRun(schedule: string, now: Date): Date | null {
  const spec = CRON_NAMES[schedule.trim().toLowerCase()] ?? schedule.trim();
  const f = spec.split(/\s+/);
  if (f.length !== 5) return null;
  const minute = cronField(f[0]!, 0, 59);
  const hour = cronField(f[1]!, 0, 23);
  const dom = cronField(f[2]!, 1, 31);
  const month = cronField(f[3]!, 1, 12, MONTHS, 1);
  const dowRaw = cronField(f[4]!, 0, 7, DAYS);
  if (!minute || !hour || !dom || !month || !dowRaw) return null;
  const dow = new Set([...dowRaw].map((d) => d % 7));
  // cron: when both day fields are restricted, either may match.
  const domStar = f[2]!.startsWith('*');
  const dowStar = f[4]!.startsWith('*');
  const t = new Date(now);
  t.setSeconds(0, 0);
  t.setMinutes(t.getMinutes() + 1);
  const limit = now.getTime() + 4 * 366 * 24 * 3600_000;
  while (t.getTime() <= limit) {
    if (!month.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    const dayOk = domStar && dowStar ? true : domStar ? dow.has(t.getDay()) : dowStar ? dom.has(t.getDate()) : dom.has(t.getDate()) || dow.has(t.getDay());
    if (!dayOk) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!hour.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0, 0);
      continue;
    }
    if (!minute.has(t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0, 0);
      continue;
    }
    return t;
  }
  return null;
}

const CALENDAR_NAMES: Record<string, string> = {
  minutely: '*-*-* *:*:00',
  hourly: '*-*-* *:00:00',
  daily: '*-*-* 00:00:00',
  monthly: '*-*-01 00:00:00',
  weekly: 'Mon *-*-* 00:00:00',
  yearly: '*-01-01 00:00:00',
  annually: '*-01-01 00:00:00',
  quarterly: '*-01,04,07,10-01 00:00:00',
  semiannually: '*-01,07-01 00:00:00',
};
const SYSTEMD_DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function dayNumber(s: string): number | null {
  if (Object.hasOwn(SYSTEMD_DAYS, s)) return SYSTEMD_DAYS[s]!;
  const i = FULL_DAYS.indexOf(s);
  return i >= 0 ? i : null;
}

/**
 * The next elapse of a systemd OnCalendar= expression (local time), for the simple forms:
 * the shorthands (daily, weekly, …) and `[DOW[,DOW…|DOW..DOW]] [Y-]M-D [H:M[:S]]` whose fields are `*`,
 * numbers or comma lists. Null for anything else (ranges, steps, `~`, time zones).
 */
export function nextCalendarRun(expr: string, now: Date): Date | null {
  let e = expr.trim().toLowerCase();
  e = (CALENDAR_NAMES[e] ?? e).toLowerCase();
  const words = e.split(/\s+/);
  let days: Set<number> | null = null;
  if (words[0] && /^[a-z]/.test(words[0])) {
    days = new Set();
    for (const d of words.shift()!.split(',')) {
      // A day (mon, monday) or a range of days (mon..fri).
      const [from, to, ...more] = d.split('..');
      const a = dayNumber(from!);
      const b = to === undefined ? a : dayNumber(to);
      if (a === null || b === null || more.length) return null;
      for (let v = a; ; v = (v + 1) % 7) {
        days.add(v);
        if (v === b) break;
      }
    }
  }
  let datePart = '*-*-*';
  let timePart = '00:00:00';
  for (const w of words) {
    if (w.includes('-')) datePart = w;
    else if (w.includes(':')) timePart = w;
    else return null;
  }
  const d = datePart.split('-');
  if (d.length === 2) d.unshift('*');
  const tm = timePart.split(':');
  if (tm.length === 2) tm.push('00');
  if (d.length !== 3 || tm.length !== 3) return null;
  const list = (s: string, min: number, max: number): Set<number> | null | 'any' => {
    if (s === '*') return 'any';
    const out = new Set<number>();
    for (const p of s.split(',')) {
      if (!/^\d+$/.test(p)) return null;
      const v = Number(p);
      if (v < min || v > max) return null;
      out.add(v);
    }
    return out;
  };
  const year = list(d[0]!, 1970, 2200);
  const month = list(d[1]!, 1, 12);
  const day = list(d[2]!, 1, 31);
  const hour = list(tm[0]!, 0, 23);
  const minute = list(tm[1]!, 0, 59);
  const second = list(tm[2]!, 0, 59);
  if (!year || !month || !day || !hour || !minute || !second) return null;
  const ok = (set: Set<number> | 'any', v: number) => set === 'any' || set.has(v);
  const t = new Date(now);
  t.setMilliseconds(0);
  t.setSeconds(t.getSeconds() + 1);
  const limit = now.getTime() + 4 * 366 * 24 * 3600_000;
  while (t.getTime() <= limit) {
    if (!ok(year, t.getFullYear()) || !ok(month, t.getMonth() + 1) || !ok(day, t.getDate()) || (days && !days.has(t.getDay()))) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!ok(hour, t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0, 0);
      continue;
    }
    if (!ok(minute, t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0, 0);
      continue;
    }
    if (!ok(second, t.getSeconds())) {
      t.setSeconds(t.getSeconds() + 1, 0);
      continue;
    }
    return t;
  }
  return null;
}
