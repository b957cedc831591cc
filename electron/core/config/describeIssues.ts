// Turns zod issues into lines a user can act on: the field path as it appears in the file
// (`hooks[2].timeoutSec`), what is wrong, and the value that was there.
import type { z } from 'zod';
import { formatByteSize } from '../../shared/byteSize';

type Issue = z.core.$ZodIssue;

/** `['hooks', 2, 'timeoutSec']` → `hooks[2].timeoutSec`. */
export function fieldPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out || '(top level)';
}

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** A short, safe rendering of a value: strings quoted and cut, big things summarised. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    if (v.length > 60) return `a string of ${formatByteSize(Buffer.byteLength(v))}`;
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function typeName(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const DEFAULT_MESSAGE = /^(Too (big|small)|Invalid (input|option|key|element|format|string)|Invalid$)/;

/** One issue → `hooks[1].onError: invalid value "ON_ERROR_NOPE" (expected one of …)`. */
export function describeIssue(issue: Issue, root: unknown): string {
  const value = valueAt(root, issue.path);
  let where = fieldPath(issue.path);
  const custom = !DEFAULT_MESSAGE.test(issue.message);
  let what: string;
  switch (issue.code) {
    case 'invalid_type':
      what =
        value === undefined
          ? `is missing (expected ${issue.expected})`
          : issue.expected === 'int'
            ? `must be a whole number (got ${showValue(value)})`
            : `expected ${issue.expected}, got ${typeName(value)}${typeof value === 'object' ? '' : ` (${showValue(value)})`}`;
      break;
    case 'invalid_value': {
      const values = issue.values.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      const list = values.length > 8 ? `${values.slice(0, 8).join(', ')}, …` : values.join(', ');
      what = `invalid value ${showValue(value)} (expected ${values.length === 1 ? list : `one of ${list}`})`;
      break;
    }
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum;
      const inclusive = issue.inclusive !== false;
      const actual =
        typeof value === 'string'
          ? ` (it is ${issue.origin === 'string' && Number(limit) >= 1024 ? formatByteSize(Buffer.byteLength(value)) : `${value.length} characters`})`
          : Array.isArray(value)
            ? ` (it has ${value.length})`
            : ` (got ${showValue(value)})`;
      if (custom) what = `${issue.message}${actual}`;
      else if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        what = `must be ${big ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'greater than'} ${String(limit)}${actual}`;
      } else {
        const unit = issue.origin === 'string' ? 'characters' : 'items';
        what = `must have ${big ? 'at most' : 'at least'} ${String(limit)} ${unit}${actual}`;
      }
      break;
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message;
      const key = issue.path[issue.path.length - 1];
      where = fieldPath(issue.path.slice(0, -1));
      what = `invalid key ${JSON.stringify(String(key))}${inner ? `: ${inner}` : ''}`;
      break;
    }
    case 'invalid_format':
      what = `${showValue(value)} ${custom ? issue.message : `is not a valid ${issue.format}`}`;
      break;
    case 'unrecognized_keys':
      what = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      break;
    default:
      what = value === undefined ? issue.message : `${issue.message} (got ${showValue(value)})`;
  }
  return `${where}: ${what}`;
}

export function describeIssues(issues: readonly Issue[], root: unknown): string[] {
  return issues.map((i) => describeIssue(i, root));
}
