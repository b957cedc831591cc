// Hook runs known by where their lines are, not yet made into one object each: at start-up, tens
// of thousands of small objects and a map of them cost more than the rest of loading together, and
// only the runs of the operations looked at are ever needed. Two sources: the binary part of a
// snapshot, and the winners of a full read of the file.
import type { HookRunRecord } from '../../shared/history';
import type { LineSource } from './lineSource';

export interface RunTable {
  /** Where the runs' lines are read from. */
  readonly src: LineSource;
  readonly n: number;
  id(k: number): string;
  rev(k: number): number;
  start(k: number): number;
  end(k: number): number;
  /** The record when its line was parsed already, else null (parsed from `src` when used). */
  rec(k: number): HookRunRecord | null;
}

/** From a snapshot: run k's id is bytes `idAt[k]..idAt[k+1]` (uint32 LE at 4k) of `ids`; its
 * revision, start and end the little-endian doubles at `nums[24k..]`. */
export class BinaryRunTable implements RunTable {
  constructor(
    readonly src: LineSource,
    readonly n: number,
    private readonly ids: Buffer,
    private readonly idAt: Buffer,
    private readonly nums: Buffer,
  ) {}

  id(k: number): string {
    return this.ids.toString('utf8', this.idAt.readUInt32LE(4 * k), this.idAt.readUInt32LE(4 * k + 4));
  }

  rev(k: number): number {
    return this.nums.readDoubleLE(24 * k);
  }

  start(k: number): number {
    return this.nums.readDoubleLE(24 * k + 8);
  }

  end(k: number): number {
    return this.nums.readDoubleLE(24 * k + 16);
  }

  rec(): HookRunRecord | null {
    return null;
  }
}

/** From a full read of the file. */
export class ArrayRunTable implements RunTable {
  readonly n: number;
  readonly ids: string[];
  readonly revs: Float64Array;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** The few runs whose lines had to be parsed at load, by k. */
  readonly recs = new Map<number, HookRunRecord>();

  constructor(
    readonly src: LineSource,
    n: number,
  ) {
    this.n = n;
    this.ids = new Array<string>(n);
    this.revs = new Float64Array(n);
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
  }

  id(k: number): string {
    return this.ids[k]!;
  }

  rev(k: number): number {
    return this.revs[k]!;
  }

  start(k: number): number {
    return this.starts[k]!;
  }

  end(k: number): number {
    return this.ends[k]!;
  }

  rec(k: number): HookRunRecord | null {
    return this.recs.get(k) ?? null;
  }
}
