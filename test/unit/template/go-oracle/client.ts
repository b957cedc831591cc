// Go's own text/template as a test oracle: builds oracle.go once (into a private temp folder, with its
// own GOCACHE) and keeps one `oracle serve` process answering render requests over a pipe, one JSON
// line each way. Strings travel as byte strings (each character one byte, see bytes.ts), so
// templates, data and output may hold any bytes. Also turns the tagged test data into engine values.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonMapType, jsonSliceType } from '../../../../electron/core/template/json';
import { INVALID, T, Value, boxInterface, floatValue, intValue, mapOf } from '../../../../electron/core/template/value';

const SOURCE = path.join(import.meta.dirname, 'oracle.go');

/**
 * Test data with Go types, as both sides build it: ['s', bytes] string, ['int'|'int64'|'uint8'|'uint64',
 * decimal], ['float64', text|'NaN'|'+Inf'|'-Inf'], ['bool', b], ['nil'], ['list', items] []interface{},
 * ['strings', items] []string, ['ints', items] []int, ['map', [k, v][]] map[string]interface{},
 * ['intmap', [k, v][]] map[int]string.
 */
export type Data =
  | ['s', string]
  | ['int' | 'int64' | 'uint8' | 'uint64' | 'float64', string]
  | ['bool', boolean]
  | ['nil']
  | ['list' | 'strings' | 'ints', Data[]]
  | ['map' | 'intmap', [Data, Data][]];

export interface GoRequest {
  /** The template, a byte string. */
  t: string;
  d?: Data;
  o?: string[];
  /** A {{define}}d template to execute instead of the main one (a byte string). */
  x?: string;
}

export type GoReply = { ok: true; out: string } | { ok: false; kind: 'parse' | 'exec' | 'panic'; err: string };

const INT_SLICE = T.int.sliceOf();
const STRING_SLICE = T.string.sliceOf();
const INT_STRING_MAP = mapOf(T.int, T.string);

function floatOf(s: string): number {
  if (s === 'NaN') return NaN;
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** The engine value Go's oracle builds for d (nil at the top is no data at all). */
export function dataValue(d: Data): Value {
  switch (d[0]) {
    case 'nil':
      return INVALID;
    case 's':
      return new Value(T.string, d[1]);
    case 'bool':
      return new Value(T.bool, d[1]);
    case 'int':
      return intValue(BigInt(d[1]), T.int);
    case 'int64':
      return intValue(BigInt(d[1]), T.int64);
    case 'uint8':
      return intValue(BigInt(d[1]), T.uint8);
    case 'uint64':
      return intValue(BigInt(d[1]), T.uint64);
    case 'float64':
      return floatValue(floatOf(d[1]));
    case 'list':
      return new Value(jsonSliceType, d[1].map((e) => boxInterface(dataValue(e)).v));
    case 'strings':
      return new Value(STRING_SLICE, d[1].map((e) => dataValue(e).v));
    case 'ints':
      return new Value(INT_SLICE, d[1].map((e) => dataValue(e).v));
    case 'map':
      return new Value(jsonMapType, new Map(d[1].map(([k, v]) => [dataValue(k).v, boxInterface(dataValue(v)).v])));
    case 'intmap':
      return new Value(INT_STRING_MAP, new Map(d[1].map(([k, v]) => [dataValue(k).v, dataValue(v).v])));
  }
}

/** The installed Go ("go1.19.8"), or why Go cannot be used here. */
export function goVersion(): { version: string } | { missing: string } {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error) return { missing: `the go command is not installed (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  if (r.status !== 0) return { missing: `go version failed: ${r.stderr.trim()}` };
  return { version: /go\d+(\.\d+)*/.exec(r.stdout)?.[0] ?? r.stdout.trim() };
}

export class GoOracle {
  private pending: Array<(r: GoReply) => void> = [];
  private buffered = '';
  private exited: string | null = null;

  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    private readonly dir: string,
  ) {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => this.onData(chunk));
    let stderr = '';
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (c: string) => (stderr += c));
    proc.on('exit', (code, signal) => {
      this.exited = `the Go oracle exited (${signal ?? code}): ${stderr.trim().slice(-2000)}`;
      for (const p of this.pending.splice(0)) p({ ok: false, kind: 'panic', err: this.exited });
    });
  }

  /** Compiles oracle.go (standard library only) into a fresh private folder and starts it. */
  static start(): GoOracle {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-go-oracle-'));
    const bin = path.join(dir, 'oracle');
    const env = { ...process.env, GOCACHE: path.join(dir, 'gocache'), GOPATH: path.join(dir, 'gopath'), GO111MODULE: 'off', GOFLAGS: '', CGO_ENABLED: '0' };
    const build = spawnSync('go', ['build', '-o', bin, SOURCE], { env, encoding: 'utf8', cwd: dir });
    if (build.status !== 0) throw new Error(`go build of ${SOURCE} failed: ${build.stderr || build.error?.message}`);
    const proc = spawn(bin, ['serve'], { env, cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    return new GoOracle(proc, dir);
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      // A newline inside a JSON string is escaped: each line is one whole reply.
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      this.pending.shift()?.(JSON.parse(line) as GoReply);
    }
  }

  /** Renders every request with Go, in order; all are written at once and answered as Go gets to them. */
  renderAll(reqs: GoRequest[]): Promise<GoReply[]> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const replies = reqs.map(
      () =>
        new Promise<GoReply>((resolve) => {
          this.pending.push(resolve);
        }),
    );
    this.proc.stdin.write(reqs.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    return Promise.all(replies);
  }

  async render(req: GoRequest): Promise<GoReply> {
    return (await this.renderAll([req]))[0]!;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise((resolve) => this.proc.once('exit', resolve));
      this.proc.stdin.end();
      await gone;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
