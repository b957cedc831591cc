// Backrest's hook variables as Go values: tasks.HookVars with its fields and methods (EventName,
// FormatTime, FormatDuration, FormatSizeBytes, IsError, ShellEscape, JsonMarshal, Summary), the
// protobuf types it points to (*v1.Repo, *v1.Plan, v1.Hook_Condition) and restic's backup summary
// (*restic.BackupProgressEntry) — with Go's names, field order, JSON tags and nil-pointer behaviour.
// Hookgate adds .System, .Attempt, .Trigger, .Decision and .Operation. .Summary is Hookgate's own
// wording, not a copy of Backrest's.
import { goString, jsString } from './bytes';
import { CONDITION_NUMBERS, parseCondition, type ConditionName } from '../../shared/conditions';
import type { SystemFacts } from '../../shared/systemFacts';
import { TemplateError } from './errors';
import { durationFromInput, durationString, formatTime, parseRFC3339, RFC3339, timeType, durationType, zeroTime, type GoTime } from './gotime';
import { JsonNumber, jsonToGoValue, marshalJson } from './json';
import { sprintf } from './printf';
import { quote } from './strconv';
import {
  GoError,
  GoType,
  NIL_DEREF,
  T,
  Value,
  boolValue,
  boxInterface,
  indirectInterface,
  intValue,
  stringValue,
  zeroRaw,
  type Field,
  type FuncSig,
  type Method,
} from './value';

// ---- helpers to declare Go types ----

function sig(params: GoType[], results: GoType[]): FuncSig {
  return { params, variadic: false, results };
}

function valueMethod(name: string, s: FuncSig, call: (recv: Value, args: Value[]) => Value): Method {
  return { name, sig: s, ptrRecv: false, call };
}

function ptrMethod(name: string, s: FuncSig, call: (recv: Value, args: Value[]) => Value): Method {
  return { name, sig: s, ptrRecv: true, call };
}

function f(name: string, type: GoType, json?: string | null, omitEmpty = false): Field {
  return { name, type, json: json === undefined || json === null ? undefined : { name: json, omitEmpty } };
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const stringSlice = T.string.sliceOf();

// ---- errors.New ----

const errorStringType = new GoType('struct', 'errors.errorString');
errorStringType.opaque = true;
const errorStringPtr = errorStringType.ptrTo();
errorStringType.addMethod(ptrMethod('Error', sig([], [T.string]), (r) => stringValue((r.v as { s: string }).s)));

/** errors.New(msg) as an `error` interface value. */
function errorValue(msg: string): Value {
  return new Value(T.error, new Value(errorStringPtr, { s: msg }));
}

// ---- v1.Hook_Condition ----

export const conditionType = new GoType('int32', 'v1.Hook_Condition');
const enumNumberType = new GoType('int32', 'protoreflect.EnumNumber');
const CONDITION_NAMES = new Map<number, ConditionName>(Object.entries(CONDITION_NUMBERS).map(([k, v]) => [v, k as ConditionName]));

conditionType.addMethod(valueMethod('String', sig([], [T.string]), (r) => stringValue(CONDITION_NAMES.get(Number(r.v as bigint)) ?? String(r.v))));
conditionType.addMethod(valueMethod('Number', sig([], [enumNumberType]), (r) => new Value(enumNumberType, r.v)));

const EVENT_NAMES: Record<number, string> = {
  2: 'snapshot start',
  3: 'snapshot end',
  1: 'error',
  4: 'snapshot error',
  5: 'snapshot warning',
  6: 'snapshot success',
  7: 'snapshot skipped',
  200: 'check start',
  201: 'check error',
  202: 'check success',
  100: 'prune start',
  101: 'prune error',
  102: 'prune success',
  300: 'forget start',
  301: 'forget error',
  302: 'forget success',
};

function eventName(n: number): string {
  return EVENT_NAMES[n] ?? 'unknown';
}

// ---- protobuf messages: v1.Repo, v1.Plan and the nested messages they carry ----

/** Protobuf's text form of a message, as its String() prints (one space between fields). */
function protoText(t: GoType, raw: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const fld of t.fields) {
    const name = fld.json && fld.json !== 'omit' ? fld.json.name : snake(fld.name);
    const v = raw[fld.name];
    const one = (x: unknown, ft: GoType) => {
      if (ft.kind === 'string') return quote(x as string);
      if (ft.kind === 'ptr') return `{${protoText(ft.elem!, x as Record<string, unknown>)}}`;
      return String(x);
    };
    if (fld.type.kind === 'slice') {
      for (const e of (v as unknown[] | null) ?? []) if (e !== null) parts.push(`${name}:${one(e, fld.type.elem!)}`);
    } else if (fld.type.kind === 'ptr') {
      if (v !== null) parts.push(`${name}:${one(v, fld.type)}`);
    } else if (v !== '' && v !== false && v !== 0n && v !== 0) {
      parts.push(`${name}:${one(v, fld.type)}`);
    }
  }
  return parts.join(' ');
}

function protoMessage(name: string, fields: Field[]): GoType {
  const t = new GoType('struct', name).setFields(fields);
  t.addMethod(
    ptrMethod('String', sig([], [T.string]), (r) => {
      if (r.v === null) throw new GoError(NIL_DEREF);
      return stringValue(protoText(t, r.v as Record<string, unknown>));
    }),
  );
  // Generated getters are nil-safe: (*Repo)(nil).GetId() is "".
  for (const fld of fields) {
    t.addMethod(
      ptrMethod('Get' + fld.name, sig([], [fld.type]), (r) =>
        new Value(fld.type, r.v === null ? zeroRaw(fld.type) : (r.v as Record<string, unknown>)[fld.name]),
      ),
    );
  }
  return t;
}

// Messages Hookgate never fills: present so .Repo.PrunePolicy is a nil pointer, as in Backrest.
const scheduleType = protoMessage('v1.Schedule', []);
const prunePolicyType = protoMessage('v1.PrunePolicy', []);
const checkPolicyType = protoMessage('v1.CheckPolicy', []);
const hookType = protoMessage('v1.Hook', []);
const commandPrefixType = protoMessage('v1.CommandPrefix', []);
const forgetPolicyType = protoMessage('v1.ForgetPolicy', []);
const retentionPolicyType = protoMessage('v1.RetentionPolicy', []);

const pf = (name: string, type: GoType) => f(name, type, snake(name), true);

export const repoType = protoMessage('v1.Repo', [
  pf('Id', T.string),
  pf('Uri', T.string),
  pf('Guid', T.string),
  pf('Password', T.string),
  pf('Env', stringSlice),
  pf('Flags', stringSlice),
  pf('PrunePolicy', prunePolicyType.ptrTo()),
  pf('CheckPolicy', checkPolicyType.ptrTo()),
  pf('Hooks', hookType.ptrTo().sliceOf()),
  pf('AutoUnlock', T.bool),
  pf('AutoInitialize', T.bool),
  pf('CommandPrefix', commandPrefixType.ptrTo()),
  pf('Shared', T.bool),
  pf('OriginInstanceId', T.string),
  pf('ForgetPolicy', forgetPolicyType.ptrTo()),
]);

export const planType = protoMessage('v1.Plan', [
  pf('Id', T.string),
  pf('Repo', T.string),
  pf('Paths', stringSlice),
  pf('Excludes', stringSlice),
  pf('Iexcludes', stringSlice),
  pf('Schedule', scheduleType.ptrTo()),
  pf('Retention', retentionPolicyType.ptrTo()),
  pf('Hooks', hookType.ptrTo().sliceOf()),
  pf('BackupFlags', stringSlice),
  pf('SkipIfUnchanged', T.bool),
]);

// ---- restic.BackupProgressEntry ----

const jf = (name: string, type: GoType) => f(name, type, snake(name));

export const statsType = new GoType('struct', 'restic.BackupProgressEntry').setFields([
  jf('MessageType', T.string),
  jf('Error', T.any),
  jf('During', T.string),
  jf('Item', T.string),
  jf('FilesNew', T.int64),
  jf('FilesChanged', T.int64),
  jf('FilesUnmodified', T.int64),
  jf('DirsNew', T.int64),
  jf('DirsChanged', T.int64),
  jf('DirsUnmodified', T.int64),
  jf('DataBlobs', T.int64),
  jf('TreeBlobs', T.int64),
  jf('DataAdded', T.int64),
  jf('TotalFilesProcessed', T.int64),
  jf('TotalBytesProcessed', T.int64),
  jf('TotalDuration', T.float64),
  jf('SnapshotId', T.string),
  jf('PercentDone', T.float64),
  jf('TotalFiles', T.int64),
  jf('FilesDone', T.int64),
  jf('TotalBytes', T.int64),
  jf('BytesDone', T.int64),
  jf('CurrentFiles', stringSlice),
  jf('Action', T.string),
  jf('ExitError', T.string),
  jf('Message', T.string),
]);
const statsRaw = (r: Value): Record<string, unknown> => {
  if (r.v === null) throw new GoError(NIL_DEREF);
  return r.v as Record<string, unknown>;
};
statsType.addMethod(ptrMethod('IsSummary', sig([], [T.bool]), (r) => boolValue(statsRaw(r).MessageType === 'summary')));
statsType.addMethod(
  ptrMethod('IsFatalError', sig([], [T.error]), (r) => {
    const raw = statsRaw(r);
    return raw.MessageType === 'exit_error' ? errorValue(raw.Message as string) : new Value(T.error, null);
  }),
);

// ---- Hookgate's own: .System and .Operation ----

export const batteryType = new GoType('struct', 'hookgate.BatteryVars').setFields([f('Percent', T.any), f('Charging', T.any), f('Present', T.any)]);

export const systemType = new GoType('struct', 'hookgate.SystemVars').setFields([
  f('Battery', batteryType),
  f('OnAC', T.any),
  f('Online', T.any),
  f('Metered', T.any),
  f('WifiSSID', T.any),
  f('Hostname', T.any),
]);

const SYSTEM_FACTS = ['Battery.Percent', 'Battery.Charging', 'Battery.Present', 'OnAC', 'Online', 'Metered', 'WifiSSID', 'Hostname'];

systemType.addMethod(
  valueMethod('Known', sig([T.string], [T.bool]), (r, a) => {
    const path = a[0]!.v as string;
    const raw = r.v as Record<string, unknown>;
    const battery = raw.Battery as Record<string, unknown>;
    if (path === 'Battery') return boolValue(['Percent', 'Charging', 'Present'].some((k) => battery[k] !== null));
    if (!SYSTEM_FACTS.includes(path)) throw new GoError(`no System fact ${quote(path)} (facts: Battery, ${SYSTEM_FACTS.join(', ')})`);
    const v = path.startsWith('Battery.') ? battery[path.slice('Battery.'.length)] : raw[path];
    return boolValue(v !== null);
  }),
);

export const operationType = new GoType('struct', 'hookgate.Operation').setFields([f('Id', T.string), f('Kind', T.string), f('Command', stringSlice)]);

// ---- tasks.HookVars ----

export const hookVarsType = new GoType('struct', 'tasks.HookVars').setFields([
  f('Task', T.string),
  f('Event', conditionType),
  f('Repo', repoType.ptrTo()),
  f('Plan', planType.ptrTo()),
  f('SnapshotId', T.string),
  f('SnapshotStats', statsType.ptrTo()),
  f('CurTime', timeType),
  f('Duration', durationType),
  f('Error', T.string),
  f('System', systemType),
  f('Attempt', T.int),
  f('Trigger', T.string),
  f('Decision', T.string),
  f('Operation', operationType.ptrTo()),
]);

const SIZES = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Backrest's FormatSizeBytes: only int, int32 and int64 count; anything else is 0. */
function formatSizeBytes(val: Value): string {
  const v = indirectInterface(val);
  let size = 0;
  if (v.t === T.int || v.t === T.int32 || v.t === T.int64) size = Number(v.v as bigint);
  let i = 0;
  while (size > 1000) {
    size /= 1000;
    i++;
  }
  if (i >= SIZES.length) throw new GoError(`runtime error: index out of range [${i}] with length ${SIZES.length}`);
  return sprintf('%.3f %s', [new Value(T.float64, size), stringValue(SIZES[i]!)]);
}

/** al.essio.dev/pkg/shellescape.Quote: bare when safe, else single-quoted with ' as '"'"'. */
export function shellEscape(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, `'"'"'`) + "'";
}

const H = (r: Value) => r.v as Record<string, unknown>;

hookVarsType
  .addMethod(valueMethod('EventName', sig([conditionType], [T.string]), (_r, a) => stringValue(eventName(Number(a[0]!.v as bigint)))))
  .addMethod(valueMethod('FormatTime', sig([timeType], [T.string]), (_r, a) => stringValue(formatTime(a[0]!.v as GoTime, RFC3339))))
  .addMethod(
    valueMethod('FormatDuration', sig([durationType], [T.string]), (_r, a) => {
      const d = a[0]!.v as bigint;
      return stringValue(durationString(d - (d % 1000000n)));
    }),
  )
  .addMethod(valueMethod('FormatSizeBytes', sig([T.any], [T.string]), (_r, a) => stringValue(formatSizeBytes(a[0]!))))
  .addMethod(
    valueMethod('IsError', sig([conditionType], [T.bool]), (_r, a) => {
      const n = Number(a[0]!.v as bigint);
      return boolValue(n === CONDITION_NUMBERS.CONDITION_ANY_ERROR || n === CONDITION_NUMBERS.CONDITION_SNAPSHOT_ERROR);
    }),
  )
  .addMethod(valueMethod('ShellEscape', sig([T.string], [T.string]), (_r, a) => stringValue(shellEscape(a[0]!.v as string))))
  .addMethod(
    valueMethod('JsonMarshal', sig([T.any], [T.string]), (_r, a) => {
      try {
        return stringValue(marshalJson(a[0]!));
      } catch (e) {
        if (e instanceof GoError) return stringValue('');
        throw e;
      }
    }),
  )
  .addMethod(valueMethod('Summary', sig([], [T.string, T.error]), (r) => stringValue(summary(H(r)))));

// ---- .Summary: Hookgate's own words ----

const START = new Set([2, 100, 200, 300]);
const FINISHED = new Set([3, 5, 6, 102, 202, 302]);
const FAILED = new Set([1, 4, 101, 201, 301]);

const EM_DASH = goString('—');

/** Hookgate's summary, a Go byte string: the fields it quotes are bytes already. */
function summary(v: Record<string, unknown>): string {
  const event = Number(v.Event as bigint);
  const name = eventName(event);
  const task = (v.Task as string) || '(no task)';
  const repo = v.Repo as Record<string, unknown> | null;
  const plan = v.Plan as Record<string, unknown> | null;
  const stats = v.SnapshotStats as Record<string, unknown> | null;
  const error = v.Error as string;
  const at = formatTime(v.CurTime as GoTime, RFC3339);
  const dur = v.Duration as bigint;
  const after = dur > 0n ? ` after ${durationString(dur - (dur % 1000000n))}` : '';
  const where = [plan?.Id ? `plan ${plan.Id as string}` : '', repo?.Id ? `repo ${repo.Id as string}` : ''].filter(Boolean).join(', ');
  const of = where ? ` (${where})` : '';
  const lines = [`Hookgate: ${name} ${EM_DASH} ${task}`];
  if (START.has(event)) {
    lines.push(`Starting at ${at}${of}`);
    const paths = (plan?.Paths as string[] | null) ?? [];
    if (event === 2 && paths.length > 0) lines.push(`Paths: ${paths.join(', ')}`);
    const attempt = Number(v.Attempt as bigint);
    if (attempt > 1) lines.push(`Attempt ${attempt}`);
  } else if (FINISHED.has(event)) {
    lines.push(`Finished at ${at}${after}${of}`);
    if (v.SnapshotId) lines.push(`Snapshot ${v.SnapshotId as string}`);
    if (stats && !error) {
      const n = (k: string) => String(stats[k] as bigint);
      const size = (k: string) => formatSizeBytes(new Value(T.int64, stats[k]));
      lines.push(
        `Added ${size('DataAdded')}; ${n('TotalFilesProcessed')} files (${size('TotalBytesProcessed')}) processed: ` +
          `${n('FilesNew')} new, ${n('FilesChanged')} changed, ${n('FilesUnmodified')} unmodified`,
      );
    }
    if (error) lines.push(`${event === 5 ? 'Warning' : 'Error'}: ${error}`);
  } else if (FAILED.has(event)) {
    lines.push(`Failed at ${at}${after}${of}`);
    lines.push(`Error: ${error || 'unknown error'}`);
  } else if (event === 7) {
    lines.push(`Skipped at ${at}${of}`);
    const why = error || (v.Decision as string);
    if (why) lines.push(`Reason: ${why}`);
  } else {
    lines.push(`At ${at}${of}`);
    if (error) lines.push(`Error: ${error}`);
  }
  return lines.join('\n');
}

// ---- building HookVars from JSON input ----

export interface HookVarsInput {
  Task?: string;
  Event?: string | number;
  Repo?: Record<string, unknown> | null;
  Plan?: Record<string, unknown> | null;
  SnapshotId?: string;
  SnapshotStats?: Record<string, unknown> | null;
  CurTime?: string | Date;
  Duration?: number | string | bigint;
  Error?: string;
  System?: {
    Battery?: { Percent?: number | null; Charging?: boolean | null; Present?: boolean | null } | null;
    OnAC?: boolean | null;
    Online?: boolean | null;
    Metered?: boolean | null;
    WifiSSID?: string | null;
    Hostname?: string | null;
  } | null;
  Attempt?: number;
  Trigger?: 'manual' | 'scheduled' | 'unknown';
  Decision?: string | null;
  Operation?: { Id: string; Kind: string; Command: string[] } | null;
  [k: string]: unknown;
}

function bad(path: string, msg: string): never {
  throw new TemplateError('exec', `hook variables: ${path}: ${msg}`);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (x instanceof JsonNumber) return x.text;
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'object') return 'an object';
  return String(x);
}

/** A string field: text in, a Go byte string (its UTF-8) out. */
function asString(x: unknown, path: string): string {
  if (x === undefined || x === null) return '';
  if (typeof x !== 'string') bad(path, `expected a string, got ${describe(x)}`);
  return goString(x);
}

function asBool(x: unknown, path: string): boolean {
  if (x === undefined || x === null) return false;
  if (typeof x !== 'boolean') bad(path, `expected true or false, got ${describe(x)}`);
  return x;
}

function asInt(x: unknown, path: string, bits = 64): bigint {
  if (x === undefined || x === null) return 0n;
  let n: bigint | null = null;
  if (typeof x === 'bigint') n = x;
  else if (x instanceof JsonNumber) n = x.toBigInt();
  else if (typeof x === 'number' && Number.isInteger(x)) n = BigInt(x);
  if (n === null) bad(path, `expected a whole number, got ${describe(x)}`);
  if (BigInt.asIntN(bits, n) !== n) bad(path, `${n} does not fit in an int${bits}`);
  return n;
}

function asFloat(x: unknown, path: string): number {
  if (x === undefined || x === null) return 0;
  if (x instanceof JsonNumber) return x.toNumber();
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  bad(path, `expected a number, got ${describe(x)}`);
}

function asStrings(x: unknown, path: string): string[] | null {
  if (x === undefined || x === null) return null;
  if (!Array.isArray(x)) bad(path, `expected a list of strings, got ${describe(x)}`);
  return x.map((e, i) => asString(e, `${path}[${i}]`));
}

function asObject(x: unknown, path: string): Record<string, unknown> | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'object' || Array.isArray(x) || x instanceof JsonNumber) bad(path, `expected an object, got ${describe(x)}`);
  return x as Record<string, unknown>;
}

/**
 * Fills a struct record from JSON keys that name its fields (Go's name or its JSON tag, any case,
 * as encoding/json matches them); unknown keys are reported.
 */
function fillStruct(t: GoType, input: Record<string, unknown>, path: string, convert: (fld: Field, x: unknown, p: string) => unknown): Record<string, unknown> {
  const raw = zeroRaw(t) as Record<string, unknown>;
  const byKey = new Map<string, Field>();
  for (const fld of t.fields) {
    byKey.set(fld.name.toLowerCase(), fld);
    if (fld.json && fld.json !== 'omit') byKey.set(fld.json.name.toLowerCase(), fld);
  }
  for (const [k, x] of Object.entries(input)) {
    const fld = byKey.get(k.toLowerCase());
    if (!fld) bad(`${path}.${k}`, `no such field in ${t.name} (fields: ${t.fields.map((q) => q.name).join(', ')})`);
    raw[fld.name] = convert(fld, x, `${path}.${fld.name}`);
  }
  return raw;
}

function convertField(fld: Field, x: unknown, p: string): unknown {
  const t = fld.type;
  if (t === T.string) return asString(x, p);
  if (t === T.bool) return asBool(x, p);
  if (t === T.int64) return asInt(x, p);
  if (t === T.float64) return asFloat(x, p);
  if (t === stringSlice) return asStrings(x, p);
  if (t === T.any) return boxInterface(jsonToGoValue(x)).v;
  // Nested protobuf messages are always nil in Hookgate; accept null or an empty object.
  if (t.kind === 'ptr' || t.kind === 'slice') {
    const o = x === undefined || x === null ? null : x;
    if (o !== null && !(typeof o === 'object' && Object.keys(o as object).length === 0) && !(Array.isArray(o) && o.length === 0)) {
      bad(p, 'Hookgate does not model this message; leave it out or null');
    }
    return null;
  }
  bad(p, 'unsupported field');
}

function conditionFrom(x: unknown): bigint {
  if (x === undefined || x === null) return 0n;
  if (typeof x === 'string') {
    if (x === 'CONDITION_UNKNOWN') return 0n;
    const c = parseCondition(x);
    if (!c) bad('Event', `${JSON.stringify(x)} is not a condition (e.g. CONDITION_SNAPSHOT_START or snapshot-start)`);
    return BigInt(CONDITION_NUMBERS[c]);
  }
  return asInt(x, 'Event', 32);
}

function factOrNil(x: unknown, path: string, kind: 'bool' | 'string' | 'percent'): Value | null {
  if (x === undefined || x === null) return null;
  if (kind === 'bool') return new Value(T.bool, asBool(x, path));
  if (kind === 'string') return new Value(T.string, asString(x, path));
  const n = x instanceof JsonNumber ? x.toNumber() : x;
  if (typeof n !== 'number' || !Number.isFinite(n)) bad(path, `expected a number or null, got ${describe(x)}`);
  // Battery.Percent is an int; an operating system may report 57.5.
  return intValue(Math.round(n));
}

function systemRaw(input: unknown): Record<string, unknown> {
  const s = asObject(input, 'System') ?? {};
  const known = new Set(['Battery', 'OnAC', 'Online', 'Metered', 'WifiSSID', 'Hostname']);
  for (const k of Object.keys(s)) if (!known.has(k)) bad(`System.${k}`, `no such fact (facts: ${[...known].join(', ')})`);
  const b = asObject(s.Battery, 'System.Battery') ?? {};
  for (const k of Object.keys(b)) if (!['Percent', 'Charging', 'Present'].includes(k)) bad(`System.Battery.${k}`, 'no such fact (facts: Percent, Charging, Present)');
  return {
    Battery: {
      Percent: factOrNil(b.Percent, 'System.Battery.Percent', 'percent'),
      Charging: factOrNil(b.Charging, 'System.Battery.Charging', 'bool'),
      Present: factOrNil(b.Present, 'System.Battery.Present', 'bool'),
    },
    OnAC: factOrNil(s.OnAC, 'System.OnAC', 'bool'),
    Online: factOrNil(s.Online, 'System.Online', 'bool'),
    Metered: factOrNil(s.Metered, 'System.Metered', 'bool'),
    WifiSSID: factOrNil(s.WifiSSID, 'System.WifiSSID', 'string'),
    Hostname: factOrNil(s.Hostname, 'System.Hostname', 'string'),
  };
}

function curTimeFrom(x: unknown): GoTime {
  if (x === undefined || x === null || x === '') return zeroTime();
  if (x instanceof Date) {
    const ms = x.getTime();
    if (Number.isNaN(ms)) bad('CurTime', 'invalid Date');
    return { sec: Math.floor(ms / 1000), nsec: (((ms % 1000) + 1000) % 1000) * 1e6, offset: 0, zone: 'UTC' };
  }
  if (typeof x !== 'string') bad('CurTime', `expected an RFC 3339 time string, got ${describe(x)}`);
  const t = parseRFC3339(x);
  if (!t) bad('CurTime', `${JSON.stringify(x)} is not an RFC 3339 time (e.g. 2024-03-15T02:30:00Z)`);
  return t;
}

const TRIGGERS = ['manual', 'scheduled', 'unknown'];

/**
 * The Go value of Backrest's HookVars (plus Hookgate's fields) from JSON-shaped input with Go's
 * field names. Missing keys are Go's zero values; a missing or null Repo/Plan/SnapshotStats is a nil
 * pointer. Unknown top-level keys are ignored (as encoding/json does); wrong types are errors.
 */
export function hookVars(input: HookVarsInput): Value {
  const inp = asObject(input, '(vars)') ?? {};
  const repo = asObject(inp.Repo, 'Repo');
  const plan = asObject(inp.Plan, 'Plan');
  const stats = asObject(inp.SnapshotStats, 'SnapshotStats');
  const op = asObject(inp.Operation, 'Operation');
  let duration: bigint;
  try {
    const d = inp.Duration instanceof JsonNumber ? (inp.Duration.toBigInt() ?? inp.Duration.toNumber()) : inp.Duration;
    duration = d === undefined || d === null ? 0n : durationFromInput(d, 'Duration');
  } catch (e) {
    if (e instanceof GoError) bad('Duration', e.message.replace(/^Duration: /, ''));
    throw e;
  }
  const trigger = inp.Trigger === undefined || inp.Trigger === null ? 'unknown' : asString(inp.Trigger, 'Trigger');
  if (!TRIGGERS.includes(trigger)) bad('Trigger', `${JSON.stringify(jsString(trigger))} is not one of ${TRIGGERS.join(', ')}`);
  const attempt = inp.Attempt === undefined || inp.Attempt === null ? 1n : asInt(inp.Attempt, 'Attempt');
  const raw: Record<string, unknown> = {
    Task: asString(inp.Task, 'Task'),
    Event: conditionFrom(inp.Event),
    Repo: repo ? fillStruct(repoType, repo, 'Repo', convertField) : null,
    Plan: plan ? fillStruct(planType, plan, 'Plan', convertField) : null,
    SnapshotId: asString(inp.SnapshotId, 'SnapshotId'),
    SnapshotStats: stats ? fillStruct(statsType, stats, 'SnapshotStats', convertField) : null,
    CurTime: curTimeFrom(inp.CurTime),
    Duration: duration,
    Error: asString(inp.Error, 'Error'),
    System: systemRaw(inp.System),
    Attempt: attempt,
    Trigger: trigger,
    Decision: asString(inp.Decision, 'Decision'),
    Operation: op ? fillStruct(operationType, op, 'Operation', convertField) : null,
  };
  return new Value(hookVarsType, raw);
}

/** Maps the shared SystemFacts to the Go-named .System input (null stays unknown). */
export function systemVarsFromFacts(facts: SystemFacts): NonNullable<HookVarsInput['System']> {
  return {
    Battery: {
      Percent: facts.battery.percent === null ? null : Math.round(facts.battery.percent),
      Charging: facts.battery.charging,
      Present: facts.battery.present,
    },
    OnAC: facts.onAC,
    Online: facts.online,
    Metered: facts.metered,
    WifiSSID: facts.wifiSSID,
    Hostname: facts.hostname,
  };
}

