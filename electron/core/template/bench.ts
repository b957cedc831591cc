// A measurement for `npm run bench`: a 2 KB hook template with 50 actions, parsed once, rendered
// many times. Rendering after parsing must stay well under a millisecond.
import { jsString } from './bytes';
import { hookVars } from './hookvars';
import { Template } from './template';

const LINE = '{{ .Task }} {{ .EventName .Event }} {{ .Plan.Id }} {{ .FormatSizeBytes .SnapshotStats.DataAdded }} {{ if .Error }}fail{{ else }}ok{{ end }}\n';

export interface RenderMeasurement {
  templateBytes: number;
  actions: number;
  parseMs: number;
  /** Mean time of one render, in microseconds. */
  renderMicros: number;
  iterations: number;
}

/** Builds the benchmark template: 10 lines of 5 actions each (4 values and an if/else), padded with text to 2 KB. */
export function benchTemplate(): { text: string; actions: number } {
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) lines.push(`# step ${i}: ${'-'.repeat(54)}\n` + LINE);
  return { text: lines.join(''), actions: 50 };
}

export function measureRender(iterations = 2000): RenderMeasurement {
  const { text, actions } = benchTemplate();
  const vars = hookVars({
    Task: 'backup for plan "nightly"',
    Event: 'CONDITION_SNAPSHOT_SUCCESS',
    Plan: { Id: 'nightly', Paths: ['/home/alice'] },
    Repo: { Id: 'b2-main' },
    SnapshotStats: { DataAdded: 1234567 },
    CurTime: '2024-03-15T02:30:00Z',
  });
  const t0 = performance.now();
  const tmpl = new Template('bench', text);
  const parseMs = performance.now() - t0;
  // Each render ends as renderTemplate's does: the output bytes decoded to text.
  for (let i = 0; i < 200; i++) jsString(tmpl.execute(vars)); // warm up the JIT
  const t1 = performance.now();
  for (let i = 0; i < iterations; i++) jsString(tmpl.execute(vars));
  const renderMicros = ((performance.now() - t1) * 1000) / iterations;
  return { templateBytes: Buffer.byteLength(text), actions, parseMs, renderMicros, iterations };
}
