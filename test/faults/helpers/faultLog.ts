// What the fault suite tried and what held, one JSON file per category under
// test-artifacts/faults/; the suite's global teardown turns them into bench/FAULTS.md.
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { ROOT } from '../../helpers/cli';

export const FAULTS_DIR = path.join(ROOT, 'test-artifacts/faults');

declare module 'vitest' {
  export interface ProvidedContext {
    /** This test run's folder name under FAULTS_DIR (two runs at once must not mix their records). */
    faultsRun: string;
  }
}

/** Every category the suite must have run before bench/FAULTS.md is written, in the report's order. */
export const FAULT_CATEGORIES = {
  hooks: 'Hooks that misbehave',
  'host-kill': 'The host killed (SIGKILL) during signals',
  disk: 'Disk full or read-only HOOKGATE_HOME',
  config: 'Broken and unusual config files',
  protocol: 'Protocol fuzz: the socket and the web API',
  templates: 'Random templates against the renderer',
} as const;
export type FaultCategory = keyof typeof FAULT_CATEGORIES;

export interface FaultCase {
  name: string;
  /** How many concrete inputs this case tried (1 for a scenario, numRuns for a property). */
  tried: number;
  held: number;
  /** What was checked, or why it was skipped. */
  note: string;
  skipped?: boolean;
  ms: number;
}

export interface FaultCategoryFile {
  category: FaultCategory;
  title: string;
  /** The seed of the random parts (HOOKGATE_FAULT_SEED replays them). */
  seed?: number;
  /** How many cases the file means to record: fewer means some never ran (a failed beforeAll…). */
  planned?: number;
  cases: FaultCase[];
}

export class FaultLog {
  private readonly file: string;
  private readonly data: FaultCategoryFile;

  constructor(readonly category: FaultCategory) {
    this.file = path.join(FAULTS_DIR, inject('faultsRun') ?? 'adhoc', `${category}.json`);
    this.data = { category, title: FAULT_CATEGORIES[category], cases: [] };
    this.flush();
  }

  /**
   * Runs one case and records it: held when `fn` returns, not held (and rethrown) when it throws.
   * `fn` may return how many inputs it tried (properties); a scenario counts as one.
   */
  async check(name: string, note: string, fn: () => Promise<number | void> | number | void): Promise<void> {
    const t0 = Date.now();
    try {
      const tried = (await fn()) ?? 1;
      this.add({ name, tried, held: tried, note, ms: Date.now() - t0 });
    } catch (err) {
      const tried = err instanceof CountedFailure ? err.tried : 1;
      this.add({ name, tried, held: Math.max(0, tried - 1), note: `${note} — FAILED: ${(err as Error).message.split('\n')[0]}`, ms: Date.now() - t0 });
      throw err;
    }
  }

  /** Says how many cases (check or skip calls) this file will record when all of it runs. */
  plan(cases: number): void {
    this.data.planned = cases;
    this.flush();
  }

  /** Notes the seed this file's random parts use. */
  seed(seed: number): void {
    this.data.seed = seed;
    this.flush();
  }

  /** A case that could not run here, with the reason. */
  skip(name: string, reason: string): void {
    this.add({ name, tried: 0, held: 0, note: reason, skipped: true, ms: 0 });
  }

  private add(c: FaultCase): void {
    this.data.cases.push(c);
    this.flush();
  }

  private flush(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

/** A failure after `tried` inputs (a property's counterexample was the last one). */
export class CountedFailure extends Error {
  constructor(
    message: string,
    readonly tried: number,
  ) {
    super(message);
  }
}

/** The seed for this run's random inputs: HOOKGATE_FAULT_SEED when set (to replay a report's run), else fresh. */
export function faultSeed(): number {
  return Number(process.env.HOOKGATE_FAULT_SEED ?? Date.now() % 2 ** 31);
}
