// History: an append-only JSONL file of operations and hook runs, plus one log file per hook run.
// Several processes append to it at once (the host, CLI fallbacks), each with one O_APPEND write
// per record. A crash can leave a torn last line: it is repaired on open, never fatal. Retention
// compacts the file to a new one atomically; appenders that raced with it notice and re-append.
// A large history also keeps a snapshot of its index beside it (snapshot.ts), so that a restart
// reads neither the whole file nor parses it; hook runs' lines are read from the file when used.
import fs from 'node:fs/promises';
import fsSync from 'node:fs';
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { EngineSettings } from '../../shared/config';
import type { OperationKind } from '../../shared/conditions';
import {
  hookRunRecordSchema,
  operationRecordSchema,
  type HistoryRecord,
  type HookRunRecord,
  type OperationRecord,
  type OperationWithRuns,
} from '../../shared/history';
import { describeIssue } from '../config/describeIssues';
import type { HookgatePaths } from '../paths';
import { writeFileAtomic } from '../config/atomicWrite';
import { withFileLock } from '../config/fileLock';
import { HistoryIndex, type ListOptions } from './historyIndex';
import type { PlanStats } from './planStats';
import { ArrayRunTable, BinaryRunTable } from './runTable';
import { isPlainId } from './ids';
import { compactionReason, planRetention } from './retention';
import { fastCheckRecord, head, parseRecordLine, readHead, serializeRecord } from './recordLine';
import { BufferLines, FileLines, type LineSource } from './lineSource';
import { decodeOp, encodeOp, fdReader, readSnapshot, snapshotsUsable, writeSnapshot, type SnapshotOps, type SnapshotRuns } from './snapshot';

export { parseRecordLine, serializeRecord } from './recordLine';

/** A request the history cannot serve: a bad id, a missing log. */
export class HistoryError extends Error {
  override name = 'HistoryError';
}

export interface HistoryStoreOptions {
  /** Where one-off notices go (a repaired torn line, a compaction). Default: stderr. */
  log?: (msg: string) => void;
  /** A history file this large is indexed in a snapshot and read from lazily. Default 4 MiB. */
  snapshotMinBytes?: number;
}

const NL = 0x0a;
/** Corrupt lines described one by one in `problems`; beyond this they are counted. */
const MAX_LINE_PROBLEMS = 20;
/** A write this recent may still be in progress when a torn tail is seen. */
const RECENT_WRITE_MS = 2000;
const SNAPSHOT_MIN_BYTES = 4 * 1024 * 1024;
/** Lines appended after a snapshot that make it worth taking a new one at the next load. */
const SNAPSHOT_STALE_LINES = 2000;

export class HistoryStore {
  private index: HistoryIndex;
  /** Bytes of the file consumed: always just after a newline. */
  private offset = 0;
  /** Inode of the file read; a different one means it was compacted (replaced). */
  private ino: number | null = null;
  /** Lines read from the current file: records, superseded or not (for compaction). */
  private lines = 0;
  /** Lines of the current file read so far, blank and bad ones included (for line numbers). */
  private lineCount = 0;
  private badLines = 0;
  private readonly fileProblems: string[] = [];
  private readonly otherProblems: string[] = [];
  /** File work of this store runs one task at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private compactionScheduled = false;
  /** The last revision this store wrote. */
  private revClock = 0;
  private readonly lockPath: string;
  private readonly snapshotPath: string;
  private readonly snapshotMinBytes: number;
  private readonly log: (msg: string) => void;
  /** Where unparsed hook runs of the current index are read from. */
  private source: LineSource | null = null;
  private fromSnapshot = false;

  private constructor(
    private readonly paths: HookgatePaths,
    private readonly settings: Pick<EngineSettings, 'historyMaxOperations' | 'historyMaxDays'>,
    opts: HistoryStoreOptions,
  ) {
    this.lockPath = path.join(paths.historyDir, 'history.lock');
    this.snapshotPath = `${paths.historyFile}.idx`;
    this.snapshotMinBytes = opts.snapshotMinBytes ?? SNAPSHOT_MIN_BYTES;
    this.index = this.newIndex();
    this.log = opts.log ?? ((msg) => process.stderr.write(`hookgate: ${msg}\n`));
  }

  /** Reads the history; repairs a torn last line; applies retention. Never throws for bad content. */
  static async open(paths: HookgatePaths, settings: EngineSettings, opts: HistoryStoreOptions = {}): Promise<HistoryStore> {
    const store = new HistoryStore(paths, settings, opts);
    try {
      await fs.mkdir(paths.historyDir, { recursive: true, mode: 0o700 });
      await fs.mkdir(paths.logsDir, { recursive: true, mode: 0o700 });
    } catch (err) {
      store.otherProblems.push(`${paths.historyDir}: cannot be created (${errText(err)}); history will not be recorded`);
    }
    await store.load(true);
    const why = compactionReason(store.index, store.settings, store.lines);
    if (why) await store.compact(why);
    return store;
  }

  get problems(): string[] {
    const more = this.badLines - Math.min(this.badLines, MAX_LINE_PROBLEMS);
    return [...this.otherProblems, ...this.fileProblems, ...(more > 0 ? [`${this.paths.historyFile}: … and ${more} more unreadable lines, skipped`] : [])];
  }

  /** Whether the last full read of the file started from its snapshot (for diagnostics and tests). */
  get loadedFromSnapshot(): boolean {
    return this.fromSnapshot;
  }

  /** Lets go of the history file held open (a large history's); the store is not used after. */
  close(): void {
    this.source?.close();
    this.source = null;
  }

  /** Reads what other processes appended since the last read; one stat when nothing changed. */
  refresh(): Promise<void> {
    return this.enqueue(() => this.readNew());
  }

  /** Records an operation's current state (a new line; the latest state wins). Rejects an invalid
   * record with a HistoryError naming the field, so nothing unreadable enters the file. */
  async appendOperation(op: OperationRecord): Promise<void> {
    return this.appendMany([{ ...op, type: 'operation' }]);
  }

  async appendHookRun(run: HookRunRecord): Promise<void> {
    return this.appendMany([{ ...run, type: 'hookRun' }]);
  }

  /**
   * Records several states in order with one write (a gate's last hook run and its decision). All
   * are checked first: one invalid record rejects the call with a HistoryError and writes nothing.
   */
  async appendMany(records: HistoryRecord[]): Promise<void> {
    const checked = records.map((r) =>
      r.type === 'operation' ? checkRecord(operationRecordSchema, { ...r, type: 'operation' }) : checkRecord(hookRunRecordSchema, { ...r, type: 'hookRun' }),
    );
    if (checked.length) return this.append(checked);
  }

  /** Where the log of a hook run goes (in the logs folder); throws a HistoryError for a bad id. */
  logPathFor(runId: string): string {
    checkId(runId);
    return path.join(this.paths.logsDir, `${runId}.log`);
  }

  list(opts: ListOptions = {}): OperationWithRuns[] {
    try {
      return this.index.list(opts);
    } catch (err) {
      if (err instanceof RangeError) throw new HistoryError(err.message);
      throw err;
    }
  }

  get(operationId: string): OperationWithRuns | null {
    return this.index.get(operationId);
  }

  getHookRun(runId: string): HookRunRecord | null {
    return this.index.getHookRun(runId);
  }

  /** Every operation's id, in no particular order (for short unique prefixes). */
  operationIds(): string[] {
    return [...this.index.ops.keys()];
  }

  /** Every hook run's id, in no particular order. */
  hookRunIds(): string[] {
    return [...this.index.runs.keys()];
  }

  /** Each plan's figures (count, newest operation, newest success), kept as records arrive. */
  planStats(): PlanStats[] {
    return this.index.planStats.all();
  }

  /** Operations still gating, waiting or running (copies). */
  openOperations(): OperationRecord[] {
    return [...this.index.open].map((id) => ({ ...this.index.ops.get(id)!.op }));
  }

  /** The newest operation of that plan and repo still gating, waiting or running. */
  findOpen(plan: string, repo: string, kind?: OperationKind): OperationRecord | null {
    return this.index.findOpen(plan, repo, kind);
  }

  /** The bytes of a hook run's log as recorded. Refuses ids that are not plain ids. */
  async readLog(runId: string): Promise<Buffer> {
    checkId(runId);
    const run = this.index.getHookRun(runId);
    const name = run?.logFile ?? `${runId}.log`;
    if (!isPlainId(name)) throw new HistoryError(`hook run ${runId}: its log file name ${JSON.stringify(name)} is not a plain file name; not reading it`);
    try {
      return await fs.readFile(path.join(this.paths.logsDir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (run && run.logFile === null) return Buffer.alloc(0);
      throw new HistoryError(run ? `hook run ${runId}: its log ${name} is missing` : `no hook run with the id ${runId}`);
    }
  }

  // ---- file work --------------------------------------------------------------------------

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }

  private append(records: HistoryRecord[]): Promise<void> {
    return this.enqueue(async () => {
      // A revision after any this store knows for the record, and about the current time
      // (microseconds) otherwise: a later state wins even if a compaction reorders lines.
      const revs = records.map((rec) => {
        this.revClock = Math.max(this.revClock + 1, Date.now() * 1000, this.index.revOf(rec.type, rec.id) + 1);
        return this.revClock;
      });
      await this.writeLine(Buffer.from(records.map((rec, i) => serializeRecord(rec, revs[i]) + '\n').join('')), false);
      records.forEach((rec, i) => this.apply(rec, revs[i]!));
      this.lines += records.length;
      if (!this.compactionScheduled) {
        const why = compactionReason(this.index, this.settings, this.lines);
        if (why) {
          // Not awaited by the append: a gate must not wait for a rewrite of the history.
          this.compactionScheduled = true;
          void this.enqueue(() => this.compact(why)).finally(() => (this.compactionScheduled = false));
        }
      }
    });
  }

  private async writeLine(line: Buffer, underLock: boolean): Promise<void> {
    const file = this.paths.historyFile;
    // One line is a handful of syscalls on a local file. Made synchronously they take microseconds;
    // each trip through libuv's thread pool instead costs every gate a fraction of a millisecond or
    // more on a busy machine, and a gate writes several lines.
    let fd: number;
    try {
      try {
        fd = fsSync.openSync(file, 'a+', 0o600);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        // The folder was removed under us (or never could be made at open): try once more.
        fsSync.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fsSync.mkdirSync(this.paths.logsDir, { recursive: true, mode: 0o700 });
        fd = fsSync.openSync(file, 'a+', 0o600);
      }
    } catch (err) {
      throw new Error(`history: cannot write ${file}: ${errText(err)}`);
    }
    let replaced = false;
    let startSize = -1;
    let written = 0;
    try {
      const before = fsSync.fstatSync(fd);
      startSize = before.size;
      let data = line;
      if (before.size > 0) {
        // After a crash mid-line, start on a fresh line so this record is not glued to the fragment.
        const last = Buffer.alloc(1);
        fsSync.readSync(fd, last, 0, 1, before.size - 1);
        if (last[0] !== NL) data = Buffer.concat([Buffer.from('\n'), line]);
      }
      while (written < data.length) written += fsSync.writeSync(fd, data, written, data.length - written);
      const after = fsSync.fstatSync(fd);
      let current: Stats | null = null;
      try {
        current = fsSync.statSync(file);
      } catch {
        current = null;
      }
      replaced = !current || current.ino !== after.ino;
      // We made the file (none at open): its contents are our line, no need to read it back.
      if (!replaced && this.ino === null && this.offset === 0 && before.size === 0) this.ino = after.ino;
      if (!replaced && this.ino === after.ino && before.size === this.offset && after.size === before.size + data.length) {
        // Nobody else wrote in between: our own line needs no re-reading.
        this.offset = after.size;
      }
    } catch (err) {
      // A write that stopped midway (disk full) must not leave a fragment for every reader to
      // trip over: take it back, if the tail is still only ours.
      if (written > 0) {
        try {
          if (fsSync.fstatSync(fd).size === startSize + written) fsSync.ftruncateSync(fd, startSize);
        } catch {
          // nothing more we can do; readers repair a torn tail
        }
      }
      throw new Error(`history: cannot write ${file}: ${errText(err)}`);
    } finally {
      try {
        fsSync.closeSync(fd);
      } catch {
        // already closed
      }
    }
    if (replaced) {
      // Another process compacted the file between our open and our write: the line went to the
      // old file. Write it again once the compaction (which holds the lock) is over.
      if (underLock) throw new Error(`history: ${file} was replaced while writing under the lock`);
      await withFileLock(this.lockPath, () => this.writeLine(line, true));
    }
  }

  /**
   * Full (re)load of the file. A large one is loaded from its snapshot when one fits (then only the
   * lines appended since are read), else read whole and a snapshot taken; its hook runs are read
   * from the file, held open, when used. With `repair`, a torn last line is removed first.
   */
  private async load(repair: boolean): Promise<void> {
    const file = this.paths.historyFile;
    let fd = -1;
    let keepFd = false;
    try {
      let st: Stats;
      try {
        fd = fsSync.openSync(file, 'r');
        st = fsSync.fstatSync(fd);
        if (repair && st.size > 0 && fdReader(fd)(st.size - 1, 1)[0] !== NL) {
          fsSync.closeSync(fd);
          fd = -1;
          try {
            await withFileLock(this.lockPath, () => this.repairTornTail(), { timeoutMs: 5000 });
          } catch (err) {
            this.otherProblems.push(`${file}: its last line is cut short and could not be repaired (${errText(err)}); it is ignored`);
          }
          fd = fsSync.openSync(file, 'r');
          st = fsSync.fstatSync(fd);
        }
      } catch (err) {
        this.reset(null);
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.otherProblems.push(`${file}: cannot be read (${errText(err)}); starting with an empty history`);
        }
        return;
      }
      // Everything is read before the index is replaced: a lookup while this awaits (a host answering
      // another client's call) must find the old index, never an empty one.
      try {
        if (st.size < this.snapshotMinBytes) {
          const buf = await readFrom(fd, 0, st.size);
          this.reset(st.ino);
          this.source = new BufferLines(buf);
          this.loadBuffer(buf, this.source);
          return;
        }
        const snap = readSnapshot(this.snapshotPath, fd, st);
        const from = snap ? snap.size : 0;
        const rest = await readFrom(fd, from, st.size - from);
        this.reset(st.ino);
        const src = new FileLines(fd, file);
        keepFd = true;
        this.source = src;
        if (snap) {
          this.loadSnapshot(snap.ops, snap.runs, src);
          this.fromSnapshot = true;
          this.offset = snap.size;
          const linesBefore = this.lineCount;
          this.consume(rest, snap.size);
          if (this.lineCount - linesBefore < SNAPSHOT_STALE_LINES) return;
        } else {
          this.loadBuffer(rest, src);
        }
        this.takeSnapshot(fd);
      } catch (err) {
        // The source (which owns the descriptor once made) goes with the index.
        this.reset(null);
        if (keepFd) fd = -1;
        keepFd = false;
        this.otherProblems.push(`${file}: cannot be read (${errText(err)}); starting with an empty history`);
      }
    } finally {
      if (!keepFd && fd >= 0) fsSync.closeSync(fd);
    }
  }

  /** The index as it stands (just loaded: every hook run's line known) into the snapshot file. */
  private takeSnapshot(fd: number): void {
    if (this.offset === 0 || !snapshotsUsable()) return;
    const runs = this.index.runLines();
    if (!runs) return;
    const ops: unknown[][] = [];
    for (const e of this.index.order) {
      const row = encodeOp(e.rev, e.t, e.op);
      if (!row) return;
      ops.push(row);
    }
    const body: SnapshotOps = {
      lines: this.lines,
      lineCount: this.lineCount,
      badLines: this.badLines,
      problems: [...this.fileProblems],
      ops,
      runCounts: runs.counts,
      runOrphans: runs.orphans,
    };
    writeSnapshot(this.snapshotPath, fsSync.fstatSync(fd), this.offset, fdReader(fd), body, runs.ids, runs.nums);
  }

  private loadSnapshot(b: SnapshotOps, runs: SnapshotRuns, src: LineSource): void {
    const table = new BinaryRunTable(src, runs.n, runs.ids, runs.idAt, runs.nums);
    let at = 0;
    for (let i = 0; i < b.ops.length; i++) {
      const row = b.ops[i]!;
      const op = decodeOp(row);
      this.index.addOperation(op, row[0] as number, row[1] as number);
      const c = b.runCounts[i]!;
      if (c > 0) this.index.addTableRuns(table, op.id, at, c);
      at += c;
    }
    for (let i = 0; i < b.runOrphans.length; i += 2) {
      const c = b.runOrphans[i + 1] as number;
      this.index.addTableRuns(table, b.runOrphans[i] as string, at, c);
      at += c;
    }
    this.lines = b.lines;
    this.lineCount = b.lineCount;
    this.badLines = b.badLines;
    this.fileProblems.push(...b.problems);
  }

  private newIndex(): HistoryIndex {
    return new HistoryIndex((raw, id) => {
      const r = parseRecordLine(raw);
      if (r.ok && r.record.type === 'hookRun' && r.record.id === id) return r.record;
      this.badLine(null, !r.ok ? r.why : r.record.type !== 'hookRun' ? 'not a hook run' : `not the hook run ${id} expected there (was the file changed in place?)`);
      return null;
    });
  }

  /** `start`..`end`: where its line is in the file, when it was read from there. */
  private apply(rec: HistoryRecord, rev: number, start = -1, end = -1): void {
    if (rec.type === 'operation') this.index.applyOperation(rec, rev);
    else this.index.applyHookRun(rec, rev, start, end);
  }

  private badLine(lineNo: number | null, why: string): void {
    this.badLines++;
    if (this.badLines <= MAX_LINE_PROBLEMS) {
      this.fileProblems.push(`${this.paths.historyFile}: ${lineNo === null ? 'a hook run' : `line ${lineNo}`}: ${why}; skipped`);
    }
  }

  /**
   * A whole file, read from its end. Per operation only the line with the highest revision (the
   * last one, among equals) is parsed; the others are skipped by their head. Hook runs are kept
   * raw until used.
   */
  private loadBuffer(buf: Buffer, src: LineSource): void {
    const starts: number[] = [];
    const ends: number[] = [];
    for (let pos = 0; ; ) {
      const nl = buf.indexOf(NL, pos);
      if (nl < 0) break;
      starts.push(pos);
      ends.push(nl);
      pos = nl + 1;
    }
    this.offset = ends.length ? ends[ends.length - 1]! + 1 : 0;
    this.lineCount = ends.length;
    // The winning line of each record, in parallel arrays (no object per line): its line, its
    // revision, and the record when the line had to be parsed already.
    const opAt = new Map<string, number>();
    const opK: number[] = [];
    const opRev: number[] = [];
    const opRec: (OperationRecord | null)[] = [];
    const runAt = new Map<string, number>();
    const runId: string[] = [];
    const runK: number[] = [];
    const runRev: number[] = [];
    const runOp: string[] = [];
    const runRec: (HookRunRecord | null)[] = [];
    const bad: [number, string][] = [];
    const considerOp = (id: string, k: number, rev: number, rec: OperationRecord | null) => {
      const i = opAt.get(id);
      if (i === undefined) {
        opAt.set(id, opK.length);
        opK.push(k);
        opRev.push(rev);
        opRec.push(rec);
      } else if (rev > opRev[i]!) {
        opK[i] = k;
        opRev[i] = rev;
        opRec[i] = rec;
      }
    };
    const considerRun = (id: string, operationId: string, k: number, rev: number, rec: HookRunRecord | null) => {
      const i = runAt.get(id);
      if (i === undefined) {
        runAt.set(id, runK.length);
        runId.push(id);
        runK.push(k);
        runRev.push(rev);
        runOp.push(operationId);
        runRec.push(rec);
      } else if (rev > runRev[i]!) {
        runK[i] = k;
        runRev[i] = rev;
        runOp[i] = operationId;
        runRec[i] = rec;
      }
    };
    for (let k = ends.length - 1; k >= 0; k--) {
      const s = starts[k]!;
      const e = ends[k]!;
      if (e === s) continue;
      this.lines++;
      if (readHead(buf, s, e)) {
        if (head.type === 'operation') considerOp(head.id, k, head.rev, null);
        else considerRun(head.id, head.operationId, k, head.rev, null);
        continue;
      }
      const text = buf.toString('utf8', s, e);
      if (text.trim() === '') {
        this.lines--;
        continue;
      }
      const r = parseRecordLine(text);
      if (!r.ok) {
        this.lines--;
        bad.push([k + 1, r.why]);
        continue;
      }
      const rec = r.record;
      if (rec.type === 'operation') considerOp(rec.id, k, r.rev, rec);
      else considerRun(rec.id, rec.operationId, k, r.rev, rec);
    }
    // Parse the winners; a winner that turns out damaged (a torn line whose head survived) gives
    // way to the best earlier line of the same operation.
    const parseOp = (k: number): { rec: OperationRecord; rev: number } | null => {
      const r = parseRecordLine(buf.toString('utf8', starts[k]!, ends[k]!));
      if (r.ok && r.record.type === 'operation') return { rec: r.record, rev: r.rev };
      this.lines--;
      bad.push([k + 1, r.ok ? 'not an operation' : r.why]);
      return null;
    };
    const damaged = new Set<string>();
    // The arrays run from the end of the file: walking them backwards applies in file order, so
    // the index's sorted insert is mostly an append.
    for (let i = opK.length - 1; i >= 0; i--) {
      let rec = opRec[i]!;
      if (!rec) {
        const got = parseOp(opK[i]!);
        if (!got) continue;
        rec = got.rec;
      }
      this.index.applyOperation(rec, opRev[i]!);
    }
    for (const id of opAt.keys()) if (!this.index.ops.has(id)) damaged.add(id);
    if (damaged.size) {
      const candidates = new Map<string, { rev: number; k: number }[]>();
      for (let k = ends.length - 1; k >= 0; k--) {
        if (!readHead(buf, starts[k]!, ends[k]!) || head.type !== 'operation' || !damaged.has(head.id) || opK[opAt.get(head.id)!] === k) continue;
        const list = candidates.get(head.id) ?? [];
        list.push({ rev: head.rev, k });
        candidates.set(head.id, list);
      }
      for (const list of candidates.values()) {
        for (const c of list.sort((a, b) => b.rev - a.rev || b.k - a.k)) {
          const got = parseOp(c.k);
          if (got) {
            this.index.applyOperation(got.rec, got.rev);
            break;
          }
        }
      }
    }
    // The runs go into a table, each operation's together (in file order), and become slots only
    // when their operation is looked at.
    const count = new Map<string, number>();
    for (let i = runOp.length - 1; i >= 0; i--) count.set(runOp[i]!, (count.get(runOp[i]!) ?? 0) + 1);
    const next = new Map<string, number>();
    let at = 0;
    for (const e of this.index.order) {
      const c = count.get(e.op.id);
      if (c === undefined) continue;
      next.set(e.op.id, at);
      at += c;
    }
    for (const [op, c] of count) {
      if (next.has(op)) continue;
      next.set(op, at);
      at += c;
    }
    const first = new Map(next);
    const table = new ArrayRunTable(src, runK.length);
    for (let i = runK.length - 1; i >= 0; i--) {
      const op = runOp[i]!;
      const k = next.get(op)!;
      next.set(op, k + 1);
      table.ids[k] = runId[i]!;
      table.revs[k] = runRev[i]!;
      table.starts[k] = starts[runK[i]!]!;
      table.ends[k] = ends[runK[i]!]!;
      const rec = runRec[i];
      if (rec) table.recs.set(k, rec);
    }
    for (const [op, k] of first) this.index.addTableRuns(table, op, k, count.get(op)!);
    for (const [lineNo, why] of bad.sort((a, b) => a[0] - b[0])) this.badLine(lineNo, why);
  }

  private reset(ino: number | null): void {
    this.source?.close();
    this.source = null;
    this.fromSnapshot = false;
    this.index = this.newIndex();
    this.offset = 0;
    this.lines = 0;
    this.lineCount = 0;
    this.badLines = 0;
    this.fileProblems.length = 0;
    this.ino = ino;
  }

  /** Applies the complete lines of `buf` (which starts at file offset `start`); returns nothing left
   * unconsumed but a partial last line. */
  private consume(buf: Buffer, start: number): void {
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(NL, pos);
      if (nl < 0) break;
      this.lineCount++;
      if (nl > pos) {
        const text = buf.toString('utf8', pos, nl);
        if (text.trim() !== '') {
          const r = parseRecordLine(text);
          if (r.ok) {
            this.apply(r.record, r.rev, start + pos, start + nl);
            this.lines++;
          } else this.badLine(this.lineCount, r.why);
        }
      }
      pos = nl + 1;
    }
    this.offset = start + pos;
  }

  /** Under the lock: drops a torn last line (or completes one that only lacks its newline). */
  private async repairTornTail(): Promise<void> {
    const file = this.paths.historyFile;
    let st = await fs.stat(file);
    if (Date.now() - st.mtimeMs < RECENT_WRITE_MS) {
      // Perhaps not torn but being written right now: give the writer a moment.
      await new Promise((r) => setTimeout(r, 100));
    }
    const fh = await fs.open(file, 'r+');
    try {
      st = await fh.stat();
      const lastNl = await lastNewline(fh, st.size);
      if (st.size === 0 || lastNl === st.size - 1) return;
      const fragment = Buffer.alloc(st.size - lastNl - 1);
      await fh.read(fragment, 0, fragment.length, lastNl + 1);
      if (parseRecordLine(fragment.toString('utf8')).ok) {
        await fh.write(Buffer.from('\n'), 0, 1, st.size);
        this.log(`history: ${file}: the last record lacked its final newline; added it`);
        return;
      }
      await fh.truncate(lastNl + 1);
      await fh.sync();
      this.log(`history: ${file}: the last line was cut short (${fragment.length} bytes, a crash while writing?); removed it`);
    } finally {
      await fh.close();
    }
  }

  private async readNew(): Promise<void> {
    const file = this.paths.historyFile;
    // The common case, nothing appended since, costs one synchronous stat (every signal asks).
    try {
      const st = fsSync.statSync(file);
      if (st.ino === this.ino && st.size === this.offset) return;
    } catch {
      // gone or unreadable: the full path below says what to do
    }
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && this.ino !== null) this.reset(null);
      return;
    }
    try {
      const st = await fh.stat();
      if (this.ino !== st.ino || st.size < this.offset) {
        // Compacted (or recreated) by another process: read it whole.
        await fh.close();
        await this.load(false);
        return;
      }
      if (st.size === this.offset) return;
      const buf = Buffer.alloc(st.size - this.offset);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, this.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      // A partial last line is a write in progress (or torn): left for the next read.
      this.consume(buf.subarray(0, got), this.offset);
    } finally {
      await fh.close().catch(() => {});
    }
  }

  /** Rewrites the file with only what retention keeps, atomically, and deletes pruned runs' logs. */
  private async compact(why: string): Promise<void> {
    try {
      await withFileLock(this.lockPath, () => this.compactLocked(), { timeoutMs: 5000 });
    } catch (err) {
      this.otherProblems.push(`${this.paths.historyFile}: could not be compacted (${why}): ${errText(err)}`);
    }
  }

  private async compactLocked(): Promise<void> {
    const file = this.paths.historyFile;
    await this.readNew();
    const why = compactionReason(this.index, this.settings, this.lines);
    if (!why) return; // another process just did it
    const plan = planRetention(this.index, this.settings);
    const parts: string[] = [];
    let kept = 0;
    for (const item of this.index.records(plan.keep, plan.keepOrphan)) {
      if (typeof item === 'string') parts.push(item + '\n');
      else {
        parts.push(serializeRecord(item.rec, item.rev) + '\n');
        if (item.rec.type === 'operation') kept++;
      }
    }
    const old = await fs.open(file, 'r');
    try {
      await writeFileAtomic(file, parts.join(''), { mode: 0o600 });
      // Lines appended to the old file after our last read are carried over. Appenders that
      // write to the old file from now on notice the rename and write again.
      const st = await old.stat();
      if (st.size > this.offset) {
        const tail = Buffer.alloc(st.size - this.offset);
        await old.read(tail, 0, tail.length, this.offset);
        const end = tail.lastIndexOf(NL) + 1;
        if (end > 0) await fs.appendFile(file, tail.subarray(0, end), { mode: 0o600 });
      }
    } finally {
      await old.close();
    }
    let logsRemoved = 0;
    for (const run of plan.droppedRuns) {
      for (const name of new Set([run.logFile, `${run.id}.log`])) {
        if (!name || !isPlainId(name)) continue;
        try {
          await fs.unlink(path.join(this.paths.logsDir, name));
          logsRemoved++;
        } catch {
          // already gone
        }
      }
    }
    this.log(
      `history: compacted ${file} (${why}): kept ${kept} operations, removed ${plan.droppedOperations} operations, ` +
        `${plan.droppedRuns.length} hook runs and ${logsRemoved} logs`,
    );
    await this.load(false);
  }
}

/** Bytes `at`.. to the end of the file (`size` expected; more if it grew), in as few reads as the OS
 * allows (FileHandle.readFile reads in small chunks, which is slow for a large history). */
async function readFrom(fd: number, at: number, size: number): Promise<Buffer> {
  // Room beyond the stat'd size, so that reaching the end needs no copy.
  let buf = Buffer.allocUnsafe(size + 64 * 1024);
  let got = 0;
  for (;;) {
    if (got === buf.length) {
      // The file grew since the stat.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, got);
      buf = bigger;
    }
    const n = await new Promise<number>((resolve, reject) => fsSync.read(fd, buf, got, buf.length - got, at + got, (err, bytes) => (err ? reject(err) : resolve(bytes))));
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Offset of the last newline of the file's first `size` bytes, -1 when there is none. */
async function lastNewline(fh: fs.FileHandle, size: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await fh.read(chunk, 0, end - start, start);
    const i = chunk.subarray(0, bytesRead).lastIndexOf(NL);
    if (i >= 0) return start + i;
    end = start;
  }
  return -1;
}

function checkRecord<T extends HistoryRecord>(schema: typeof operationRecordSchema | typeof hookRunRecordSchema, rec: T): T {
  const fast = fastCheckRecord(rec);
  if (fast) return fast as T;
  const r = schema.safeParse(rec);
  if (r.success) return r.data as T;
  const lines = r.error.issues.slice(0, 3).map((i) => describeIssue(i, rec));
  throw new HistoryError(`cannot record ${rec.type} ${JSON.stringify(rec.id)}: ${lines.join('; ')}`);
}

function checkId(id: string): void {
  if (typeof id !== 'string' || !isPlainId(id)) {
    throw new HistoryError(`not a valid id: ${JSON.stringify(id)} (ids are letters, digits, "-", "_" and ".", without "..")`);
  }
}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(err));
}
