// Go itself as the oracle: generated templates over generated data (go-oracle/generate.ts) rendered by
// the installed Go's text/template (1.19 here and in CI; go-oracle/oracle.go, one long-lived process) and by Hookgate's engine must
// give the same bytes — or both fail. A few thousand cases per `npm test`; `npm run fuzz:template`
// runs many more. A mismatch is shrunk to a minimal reproduction and printed with the seed and path
// that replay it:
//   HOOKGATE_TEMPLATE_FUZZ_SEED=… [HOOKGATE_TEMPLATE_FUZZ_PATH=…] npx vitest run test/unit/template/go-differential.test.ts
// HOOKGATE_TEMPLATE_FUZZ_STATS=1 also prints what Go's failures are about and where both fail with
// different messages (to tune the generator). Where `go` is not installed the test is skipped, saying so.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsString } from '../../../electron/core/template/bytes';
import { TemplateError, renderGoString } from '../../../electron/core/template/index';
import { quote } from '../../../electron/core/template/strconv';
import { INVALID } from '../../../electron/core/template/value';
import { GoOracle, dataValue, goVersion, type Data, type GoReply, type GoRequest } from './go-oracle/client';
import { caseArb } from './go-oracle/generate';

const RUNS = Number(process.env.HOOKGATE_TEMPLATE_FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.HOOKGATE_TEMPLATE_FUZZ_SEED ?? Date.now() % 2 ** 31);
const REPLAY_PATH = process.env.HOOKGATE_TEMPLATE_FUZZ_PATH;
const GO = goVersion();
const GO_MISSING = 'missing' in GO ? GO.missing : null;
/** Go 1.19 is what Debian 12 and CI install; Backrest's newer Go differs only where the generator stays away. */
const GO_NAME = 'version' in GO ? GO.version : 'go';
if (GO_MISSING) console.warn(`The template differential fuzz against Go is skipped: ${GO_MISSING}. Install Go (Debian/Ubuntu: golang-go) to run it.`);

type Ours = { ok: true; out: string } | { ok: false; kind: 'parse' | 'exec' | 'crash'; err: string };

function ours(c: GoRequest): Ours {
  try {
    return { ok: true, out: renderGoString(c.t, c.d ? dataValue(c.d) : INVALID, { options: c.o, exec: c.x }) };
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, kind: e.kind, err: e.message };
    // Anything else is the renderer crashing: never acceptable, whatever Go did.
    return { ok: false, kind: 'crash', err: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

type Verdict = 'same output' | 'both fail' | 'output differs' | 'only Go fails' | 'only Hookgate fails' | 'Hookgate crashed';

function verdict(go: GoReply, us: Ours): Verdict {
  if (!us.ok && us.kind === 'crash') return 'Hookgate crashed';
  if (go.ok && us.ok) return go.out === us.out ? 'same output' : 'output differs';
  if (!go.ok && !us.ok) return 'both fail';
  return go.ok ? 'only Hookgate fails' : 'only Go fails';
}

const agrees = (v: Verdict) => v === 'same output' || v === 'both fail';

/** A Go string for a reader: Go's %q form (bytes that are not UTF-8 as \xNN). */
const q = (s: string) => jsString(quote(s));

function showData(d: Data): string {
  switch (d[0]) {
    case 'nil':
      return 'nil';
    case 's':
      return q(d[1]);
    case 'bool':
      return String(d[1]);
    case 'list':
    case 'strings':
    case 'ints':
      return `${{ list: '[]interface{}', strings: '[]string', ints: '[]int' }[d[0]]}{${d[1].map(showData).join(', ')}}`;
    case 'map':
    case 'intmap':
      return `${d[0] === 'map' ? 'map[string]interface{}' : 'map[int]string'}{${d[1].map(([k, v]) => `${showData(k)}: ${showData(v)}`).join(', ')}}`;
    default:
      return `${d[0]}(${d[1]})`;
  }
}

function showResult(r: GoReply | Ours): string {
  return r.ok ? `output ${q(r.out)}` : `${r.kind} error ${JSON.stringify(r.err)}`;
}

function reproduction(c: GoRequest, go: GoReply, us: Ours): string {
  return [
    `template: ${q(c.t)}`,
    `data:     ${c.d ? showData(c.d) : 'nil'}`,
    ...(c.o ? [`options:  ${c.o.join(' ')}`] : []),
    ...(c.x !== undefined ? [`execute:  ${q(c.x)}`] : []),
    `Go:       ${showResult(go)}`,
    `Hookgate: ${showResult(us)}`,
  ].join('\n');
}

let oracle: GoOracle | undefined;

describe(`differential fuzz against Go's own text/template (${GO_NAME})`, () => {
  beforeAll(() => {
    if (!GO_MISSING) oracle = GoOracle.start();
  }, 120_000);
  afterAll(async () => {
    await oracle?.stop();
  });

  const title = `${RUNS} generated templates over generated data render to the same bytes as Go's, or fail where Go fails (seed ${SEED})`;
  it.skipIf(GO_MISSING !== null)(GO_MISSING ? `${title} — skipped: ${GO_MISSING}` : title, async () => {
    const go = oracle!;
    // Pass 1: every case, batched through the one Go process.
    const cases: GoRequest[] = [];
    if (REPLAY_PATH === undefined) {
      fc.check(
        fc.property(caseArb, (c) => {
          cases.push(c);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }
    const replies = await go.renderAll(cases);
    const tally = new Map<Verdict, number>();
    const mismatches: string[] = [];
    let sameMessage = 0;
    let firstBad = -1;
    cases.forEach((c, i) => {
      const us = ours(c);
      const v = verdict(replies[i]!, us);
      tally.set(v, (tally.get(v) ?? 0) + 1);
      if (v === 'both fail' && !us.ok && !replies[i]!.ok && us.err === jsString(replies[i]!.err)) sameMessage++;
      if (!agrees(v)) {
        if (firstBad < 0) firstBad = i;
        if (mismatches.length < 5) mismatches.push(`#${i} ${v}:\n${reproduction(c, replies[i]!, us)}`);
      }
    });
    if (process.env.HOOKGATE_TEMPLATE_FUZZ_STATS) {
      // What Go's failures are about, to tune the generator: messages without names and positions.
      const why = new Map<string, number>();
      const example = new Map<string, string>();
      for (const r of replies) {
        if (r.ok) continue;
        const m = jsString(r.err).replace(/^template: [^:]*:\d+(:\d+)?: (executing "[^"]*" at <.*?>: )?/, '').replace(/"[^"]*"|\d+/g, '…');
        why.set(m, (why.get(m) ?? 0) + 1);
        example.set(m, jsString(r.err));
      }
      console.log([...why].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([m, n]) => `${n}\t${m}\t${example.get(m)}`).join('\n'));
      // Where both fail but say different things (Go 1.22+ wording Hookgate follows, or a real difference).
      const differ = new Map<string, [number, string]>();
      cases.forEach((c, i) => {
        const r = replies[i]!;
        const us = ours(c);
        if (r.ok || us.ok || us.err === jsString(r.err)) return;
        const key = jsString(r.err).replace(/^template: [^:]*:\d+(:\d+)?: (executing "[^"]*" at <.*?>: )?/, '').replace(/"[^"]*"|\d+/g, '…');
        const [n] = differ.get(key) ?? [0];
        differ.set(key, [n + 1, `Go:       ${jsString(r.err)}\nHookgate: ${us.err}`]);
      });
      console.log([...differ].sort((a, b) => b[1][0] - a[1][0]).slice(0, 30).map(([, [n, ex]]) => `${n}×\n${ex}`).join('\n'));
    }
    const summary = [...tally].map(([v, n]) => `${v} ${n}`).join(', ');
    console.log(`template differential fuzz, seed ${SEED}: ${cases.length} cases compared with ${GO_NAME} — ${summary}; ${sameMessage} of the common failures with Go's exact message`);
    if (firstBad < 0 && REPLAY_PATH === undefined) {
      expect(cases.length).toBe(RUNS);
      // Not only errors: most of what is generated must render, so the bytes get compared.
      expect(tally.get('same output') ?? 0, 'cases where both rendered output').toBeGreaterThan(RUNS / 4);
      return;
    }

    // Pass 2: fast-check replays the first mismatch (or the given path) and shrinks it through Go.
    const out = await fc.check(
      fc.asyncProperty(caseArb, async (c) => {
        const reply = await go.render(c);
        return agrees(verdict(reply, ours(c)));
      }),
      { seed: SEED, numRuns: RUNS, path: REPLAY_PATH ?? String(firstBad), endOnFailure: false },
    );
    if (!out.failed) {
      expect.fail(`the mismatch of pass 1 did not replay (seed ${SEED}, path ${REPLAY_PATH ?? firstBad}):\n${mismatches.join('\n\n')}`);
    }
    // The shrunk counterexample, rendered once more to show both sides.
    const c = out.counterexample![0];
    const final = { c, go: await go.render(c), us: ours(c) };
    expect.fail(
      [
        `Hookgate and Go disagree (${verdict(final.go, final.us)}). Minimal reproduction:`,
        reproduction(final.c, final.go, final.us),
        ``,
        `Replay: HOOKGATE_TEMPLATE_FUZZ_SEED=${SEED} HOOKGATE_TEMPLATE_FUZZ_PATH=${out.counterexamplePath} npx vitest run test/unit/template/go-differential.test.ts`,
        ...(mismatches.length ? [``, `Pass 1 found ${cases.length - (tally.get('same output') ?? 0) - (tally.get('both fail') ?? 0)} mismatching cases; the first (unshrunk):`, ...mismatches] : []),
      ].join('\n'),
    );
  }, Math.max(120_000, RUNS * 40));
});
