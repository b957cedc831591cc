// A snapshot of the history's index, kept next to a large JSONL so that a restart neither reads nor
// parses the whole file: the winning state of each operation (already validated), and where each
// hook run's line is. The JSONL stays the source of truth: a snapshot is used only for the file
// (inode) it was taken of, only if that file still starts and ends — up to the size the snapshot
// covers — with the same bytes, and only if its own checksum holds; lines appended since are read
// from the JSONL as usual. Anything else (stale, torn, another version, unreadable) and it is
// ignored, the JSONL is read in full, and a new snapshot written.
//
// Layout: a header line (JSON), then the operations (JSON), then the hook runs in binary — their
// ids (UTF-8, back to back), where each id starts (uint32), and their revision, start and end
// (float64), all little-endian. Runs are most of an index and are only looked at a few at a time:
// kept binary they cost neither a parse nor an object each when the snapshot is read.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { isAscii } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import type { OperationRecord } from '../../shared/history';
import { operationRecordSchema } from '../../shared/history';

const VERSION = 1;
/** The bytes of the JSONL a snapshot is checked against: its first and its last ones. */
const HEAD_BYTES = 4096;
const TAIL_BYTES = 64 * 1024;

/** The operations part. */
export interface SnapshotOps {
  /** Record lines in the file (superseded ones too), and all lines (for line numbers). */
  lines: number;
  lineCount: number;
  badLines: number;
  problems: string[];
  /** The operations, oldest first, as rows: `[rev, start time in ms, …fields, extra fields?]`. */
  ops: unknown[][];
  /** How many hook runs each operation has (in the run table, in that order), then runs without
   * an operation: `operation id, count, …`. */
  runCounts: number[];
  runOrphans: (string | number)[];
}

/** The hook runs part: run k's id is `ids[idAt[k]..idAt[k+1])`; its revision, start and end the
 * doubles at `nums[24k..]`. */
export interface SnapshotRuns {
  n: number;
  ids: Buffer;
  idAt: Buffer;
  nums: Buffer;
}

interface Header {
  v: number;
  ino: number;
  /** Bytes of the JSONL covered; always just after a newline. */
  size: number;
  /** sha1 of the JSONL's first and last bytes up to `size`. */
  fp: string;
  /** The JSONL's mtime when it was `size` bytes long (null: it was longer already). Still that
   * size but another mtime means it was changed in place. */
  mtimeMs: number | null;
  /** Checksum of everything after the header, and its parts' lengths. */
  sum: string;
  opsBytes: number;
  idBytes: number;
  runs: number;
}

/**
 * Operation fields stored by position, in the schema's order (the order a parsed record has).
 * A change of the schema that this list does not follow turns snapshots off rather than
 * storing records wrongly (see `usable`).
 */
const OP_FIELDS = ['id', 'kind', 'plan', 'repo', 'task', 'trigger', 'command', 'startedAt', 'endedAt', 'status', 'decision', 'reason', 'attempts', 'nextAttemptAt', 'snapshotId', 'error', 'exitCode'] as const;
const KNOWN: ReadonlySet<string> = new Set(OP_FIELDS);
const usable = Object.keys(operationRecordSchema.shape).join() === ['type', ...OP_FIELDS].join();

/** Whether snapshots can be taken with this build (the record's fields are the ones known here). */
export function snapshotsUsable(): boolean {
  return usable;
}

/** An operation as a row of `ops`; null when it has a field left undefined (not storable). */
export function encodeOp(rev: number, t: number, op: OperationRecord): unknown[] | null {
  const row: unknown[] = [rev, t];
  const rec = op as unknown as Record<string, unknown>;
  for (const k of OP_FIELDS) {
    if (rec[k] === undefined) return null;
    row.push(rec[k]);
  }
  let extra: Record<string, unknown> | null = null;
  for (const k in rec) {
    if (k === 'type' || KNOWN.has(k) || !Object.hasOwn(rec, k)) continue;
    if (k === '__proto__') return null;
    if (rec[k] === undefined) return null;
    (extra ??= {})[k] = rec[k];
  }
  if (extra) row.push(extra);
  return row;
}

/** The record of a row (checked by `validOps`). One object literal: far faster to build than
 * setting fields by name in a loop. */
export function decodeOp(r: unknown[]): OperationRecord {
  const op = {
    type: 'operation',
    id: r[2],
    kind: r[3],
    plan: r[4],
    repo: r[5],
    task: r[6],
    trigger: r[7],
    command: r[8],
    startedAt: r[9],
    endedAt: r[10],
    status: r[11],
    decision: r[12],
    reason: r[13],
    attempts: r[14],
    nextAttemptAt: r[15],
    snapshotId: r[16],
    error: r[17],
    exitCode: r[18],
  } as OperationRecord;
  if (r.length > ROW) Object.assign(op, r[ROW]);
  return op;
}

const ROW = OP_FIELDS.length + 2;

function validOps(b: SnapshotOps): boolean {
  if (!Number.isSafeInteger(b.lines) || !Number.isSafeInteger(b.lineCount) || !Number.isSafeInteger(b.badLines)) return false;
  if (!Array.isArray(b.problems) || !b.problems.every((p) => typeof p === 'string')) return false;
  if (!Array.isArray(b.ops) || !Array.isArray(b.runCounts) || b.runCounts.length !== b.ops.length) return false;
  for (const r of b.ops) {
    if (!Array.isArray(r) || typeof r[0] !== 'number' || typeof r[1] !== 'number' || typeof r[2] !== 'string') return false;
    if (r.length !== ROW && !(r.length === ROW + 1 && r[ROW] !== null && typeof r[ROW] === 'object' && !Array.isArray(r[ROW]))) return false;
  }
  if (!b.runCounts.every((c) => Number.isSafeInteger(c) && c >= 0)) return false;
  if (!Array.isArray(b.runOrphans) || b.runOrphans.length % 2 !== 0) return false;
  for (let i = 0; i < b.runOrphans.length; i += 2) {
    const c = b.runOrphans[i + 1];
    if (typeof b.runOrphans[i] !== 'string' || !Number.isSafeInteger(c) || (c as number) <= 0) return false;
  }
  return true;
}

/** Reads `len` bytes of the JSONL at `at`. */
export type ReadAt = (at: number, len: number) => Buffer;

function sha1(...parts: Buffer[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** zlib's crc32 where Node has it (20.15+; several times faster), else sha1. */
function checksum(...parts: Buffer[]): string {
  const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  if (!crc32) return `sha1:${sha1(...parts)}`;
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  return `crc32:${crc}`;
}

function fingerprint(readAt: ReadAt, size: number): string {
  const head = readAt(0, Math.min(HEAD_BYTES, size));
  const tailAt = Math.max(0, size - TAIL_BYTES);
  return sha1(head, readAt(tailAt, size - tailAt));
}

/** Reads through a descriptor; a short read (the file shrank) gives a short buffer. */
export function fdReader(fd: number): ReadAt {
  return (at, len) => {
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = fs.readSync(fd, buf, got, len - got, at + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  };
}

/**
 * The snapshot at `file` if it describes the JSONL open as `fd` (inode `ino`, now `size` bytes):
 * its parts and the size it covers. Null when there is none or it does not fit; never throws.
 */
export function readSnapshot(file: string, fd: number, st: { ino: number; size: number; mtimeMs: number }): { size: number; ops: SnapshotOps; runs: SnapshotRuns } | null {
  const { ino, size } = st;
  if (!usable) return null;
  try {
    const buf = fs.readFileSync(file);
    const nl = buf.indexOf(0x0a);
    if (nl < 0) return null;
    const h = JSON.parse(buf.toString('utf8', 0, nl)) as Partial<Header>;
    if (h.v !== VERSION || h.ino !== ino || typeof h.size !== 'number' || h.size <= 0 || h.size > size) return null;
    if (h.size === size && h.mtimeMs !== null && h.mtimeMs !== st.mtimeMs) return null;
    const { opsBytes, idBytes, runs: n } = h;
    if (!Number.isSafeInteger(opsBytes) || !Number.isSafeInteger(idBytes) || !Number.isSafeInteger(n)) return null;
    const rest = buf.subarray(nl + 1);
    if (rest.length !== opsBytes! + idBytes! + 4 * (n! + 1) + 24 * n! || checksum(rest) !== h.sum) return null;
    const readAt = fdReader(fd);
    if (readAt(h.size - 1, 1)[0] !== 0x0a || fingerprint(readAt, h.size) !== h.fp) return null;
    const opsPart = rest.subarray(0, opsBytes);
    // Decoding ASCII as latin1 is several times faster than as UTF-8.
    const ops = JSON.parse(opsPart.toString(isAscii(opsPart) ? 'latin1' : 'utf8')) as SnapshotOps;
    if (!validOps(ops)) return null;
    const ids = rest.subarray(opsBytes, opsBytes! + idBytes!);
    const idAt = rest.subarray(opsBytes! + idBytes!, opsBytes! + idBytes! + 4 * (n! + 1));
    const nums = rest.subarray(opsBytes! + idBytes! + 4 * (n! + 1));
    let total = 0;
    for (const c of ops.runCounts) total += c;
    for (let i = 1; i < ops.runOrphans.length; i += 2) total += ops.runOrphans[i] as number;
    if (total !== n || idAt.readUInt32LE(0) !== 0 || idAt.readUInt32LE(4 * n!) !== idBytes) return null;
    for (let k = 0; k < n!; k++) if (idAt.readUInt32LE(4 * k + 4) <= idAt.readUInt32LE(4 * k)) return null;
    return { size: h.size, ops, runs: { n: n!, ids, idAt, nums } };
  } catch {
    return null;
  }
}

/** Replaces the snapshot at `file` with one of the first `size` bytes of the JSONL (`jsonl`: its
 * stat now), its
 * runs given as `ids` and `nums` (revision, start, end). Best effort: a snapshot that cannot be
 * written only means a slower next start. */
export function writeSnapshot(file: string, jsonl: { ino: number; size: number; mtimeMs: number }, size: number, readAt: ReadAt, ops: SnapshotOps, ids: string[], nums: number[]): boolean {
  const ino = jsonl.ino;
  const mtimeMs = jsonl.size === size ? jsonl.mtimeMs : null;
  if (!usable) return false;
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const opsPart = Buffer.from(JSON.stringify(ops));
    const joined = ids.join('');
    const idPart = Buffer.from(joined);
    // One buffer for all ids: byte offsets are string offsets while the ids are ASCII.
    const ascii = idPart.length === joined.length;
    const idAt = Buffer.allocUnsafe(4 * (ids.length + 1));
    let at = 0;
    for (let k = 0; k < ids.length; k++) {
      idAt.writeUInt32LE(at, 4 * k);
      at += ascii ? ids[k]!.length : Buffer.byteLength(ids[k]!);
    }
    idAt.writeUInt32LE(at, 4 * ids.length);
    const numPart = Buffer.allocUnsafe(8 * nums.length);
    for (let i = 0; i < nums.length; i++) numPart.writeDoubleLE(nums[i]!, 8 * i);
    const parts = [opsPart, idPart, idAt, numPart];
    const header: Header = { v: VERSION, ino, size, fp: fingerprint(readAt, size), mtimeMs, sum: checksum(...parts), opsBytes: opsPart.length, idBytes: idPart.length, runs: ids.length };
    // No fsync: a snapshot torn by a crash fails its checksum and is rebuilt.
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      for (const p of [Buffer.from(JSON.stringify(header) + '\n'), ...parts]) {
        for (let off = 0; off < p.length; ) off += fs.writeSync(fd, p, off, p.length - off);
      }
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to clean up
    }
    return false;
  }
}
