// One history record per line. Lines are written with `type`, `id` (and `operationId`) and the
// revision first, so that a full load can tell what a line is without parsing it: superseded
// operation lines are skipped, hook runs kept raw until used.
import { hookRunRecordSchema, operationRecordSchema, type HistoryRecord } from '../../shared/history';
import { describeIssue } from '../config/describeIssues';
import { fastCheckFor } from './recordCheck';

const fastOperation = fastCheckFor(operationRecordSchema);
const fastHookRun = fastCheckFor(hookRunRecordSchema);

/** Whether lines are checked without zod where they can be (see recordCheck.ts). */
/** The checked record (the same object zod would give) for a known record type, or null when the fast check cannot say. */
export function fastCheckRecord(rec: HistoryRecord): HistoryRecord | null {
  const fast = rec.type === 'operation' ? fastOperation : rec.type === 'hookRun' ? fastHookRun : null;
  return (fast?.(rec as unknown as Record<string, unknown>) as HistoryRecord | null | undefined) ?? null;
}

export const fastRecordChecks = { operation: fastOperation !== null, hookRun: fastHookRun !== null };

export type ParseResult = { ok: true; record: HistoryRecord; rev: number } | { ok: false; why: string };

/**
 * `{"type":"operation","id":"op-…","rev":1764130000123456,…}`. `rev` orders the states of one
 * record independently of their place in the file; it is not part of the record handed out.
 */
export function serializeRecord(rec: HistoryRecord, rev?: number): string {
  const { rev: _ignored, ...body } = rec as HistoryRecord & { rev?: unknown };
  const head: Record<string, unknown> = rec.type === 'hookRun' ? { type: rec.type, id: rec.id, operationId: rec.operationId } : { type: rec.type, id: rec.id };
  if (rev) head.rev = rev;
  return JSON.stringify({ ...head, ...body });
}

export function parseRecordLine(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, why: `not valid JSON (${(err as Error).message})` };
  }
  const type = raw !== null && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  const schema = type === 'operation' ? operationRecordSchema : type === 'hookRun' ? hookRunRecordSchema : null;
  if (!schema) return { ok: false, why: `not a history record (type ${JSON.stringify(type)})` };
  const fast = type === 'operation' ? fastOperation : fastHookRun;
  let record = fast?.(raw as Record<string, unknown>) as (HistoryRecord & { rev?: unknown }) | null | undefined;
  if (!record) {
    const r = schema.safeParse(raw);
    if (!r.success) return { ok: false, why: r.error.issues.slice(0, 3).map((i) => describeIssue(i, raw)).join('; ') };
    record = r.data as HistoryRecord & { rev?: unknown };
  }
  const rev = typeof record.rev === 'number' && Number.isSafeInteger(record.rev) ? record.rev : 0;
  delete record.rev;
  return { ok: true, record, rev };
}

const P_TYPE = Buffer.from('{"type":"');
const P_OPERATION = Buffer.from('operation","id":"');
const P_HOOKRUN = Buffer.from('hookRun","id":"');
const P_OPERATION_ID = Buffer.from(',"operationId":"');
const P_REV = Buffer.from(',"rev":');

/** What `readHead` found; one object reused for every line (no allocation per line). */
export const head = { type: '' as '' | 'operation' | 'hookRun', id: '', operationId: '', rev: 0 };

function startsWithAt(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (at + prefix.length > end) return false;
  // A byte loop: Buffer#compare's per-call overhead dominates for prefixes this short.
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** A plain id (letters, digits, `_`, `.`, `-`) followed by a quote; returns the quote's index or -1. */
function idEnd(buf: Buffer, at: number, end: number): number {
  const max = Math.min(end, at + 128);
  for (let i = at; i < max; i++) {
    const c = buf[i]!;
    if (c === 0x22) return i > at ? i : -1;
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;
    if (!ok) return -1;
  }
  return -1;
}

/**
 * Reads the head of the line `buf[s..e)` as `serializeRecord` writes it into `head`, without
 * parsing the line. False for any other line (which then has to be parsed in full).
 */
export function readHead(buf: Buffer, s: number, e: number): boolean {
  head.type = '';
  if (!startsWithAt(buf, s, e, P_TYPE)) return false;
  let at = s + P_TYPE.length;
  const type = startsWithAt(buf, at, e, P_OPERATION) ? 'operation' : startsWithAt(buf, at, e, P_HOOKRUN) ? 'hookRun' : null;
  if (!type) return false;
  at += type === 'operation' ? P_OPERATION.length : P_HOOKRUN.length;
  let q = idEnd(buf, at, e);
  if (q < 0) return false;
  head.id = buf.toString('latin1', at, q);
  at = q + 1;
  if (type === 'hookRun') {
    if (!startsWithAt(buf, at, e, P_OPERATION_ID)) return false;
    const o = at + P_OPERATION_ID.length;
    q = idEnd(buf, o, e);
    if (q < 0) return false;
    head.operationId = buf.toString('latin1', o, q);
    at = q + 1;
  }
  head.rev = 0;
  if (startsWithAt(buf, at, e, P_REV)) {
    let n = 0;
    let i = at + P_REV.length;
    for (; i < e && i < at + P_REV.length + 16; i++) {
      const c = buf[i]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
    }
    head.rev = n;
  }
  head.type = type;
  return true;
}
