// Fault suite: random templates never hang or crash the renderer. Every render either succeeds or
// throws a TemplateError (Go's wording, with the template's name and line); runaway recursion, loops
// and output are stopped by the depth, step and output limits with a clear error. The renderer runs
// in a worker with a watchdog, so a hang is reported as one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountedFailure, FaultLog, faultSeed } from './helpers/faultLog';
import { RenderWorker } from './helpers/renderWorker';

const log = new FaultLog('templates');
const SEED = faultSeed();
log.seed(SEED);
log.plan(13); // three properties and ten runaway shapes
/** Far above the step budget's ~1 s: only a renderer that ignores its limits gets here. */
const HANG_MS = 15_000;
const RUNS = 1000;

const DATA = {
  Plan: { Id: 'laptop', Paths: ['/home', '/etc'] },
  Repo: { Id: 'nas' },
  Items: [1, 2, 3],
  Map: { a: 1, b: 'two', c: [true, null] },
  S: 'text with "quotes" & <tags>',
  N: 3,
  Nested: { L1: { L2: { L3: 'deep' } } },
};

let worker: RenderWorker;
beforeAll(async () => {
  worker = await RenderWorker.start();
});
afterAll(async () => {
  await worker.stop();
});

// ---- generators -----------------------------------------------------------------------------

const field = fc.constantFrom('.', '.Plan.Id', '.Plan.Paths', '.Items', '.Map', '.Map.a', '.Map.c', '.S', '.N', '.Missing', '.Nested.L1.L2.L3', '.Items.x', '$', '$x', '$i', '$e');
const literal = fc.oneof(
  fc.integer({ min: -3, max: 5 }).map(String),
  fc.constantFrom('"s"', '`raw`', 'true', 'false', 'nil', '1.5', "'c'", '0x10', '1e3', '"%v|%d|%s|%q|%x"', '-0'),
);
const func = fc.constantFrom('printf', 'print', 'println', 'len', 'index', 'slice', 'and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call');
const operand = fc.oneof(field, literal);
const command = fc.oneof(
  { weight: 3, arbitrary: operand },
  { weight: 3, arbitrary: fc.tuple(func, fc.array(operand, { maxLength: 3 })).map(([f, a]) => [f, ...a].join(' ')) },
  { weight: 1, arbitrary: fc.tuple(func, operand).map(([f, a]) => `(${f} ${a})`) },
);
const pipeline = fc
  .tuple(fc.constantFrom('', '', '', '$x := ', '$x = ', '$i, $e := '), fc.array(command, { minLength: 1, maxLength: 3 }))
  .map(([decl, cmds]) => decl + cmds.join(' | '));
const trimL = fc.constantFrom('{{', '{{', '{{- ');
const trimR = fc.constantFrom('}}', '}}', ' -}}');
const text = fc.constantFrom('', 'x', 'hello ', '\n', ' ', 'a{b}c', '$', '{', '}');

const { node } = fc.letrec<{ node: string; body: string }>((tie) => ({
  body: fc.array(tie('node'), { maxLength: 4 }).map((ns) => ns.join('')),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: text },
    { weight: 4, arbitrary: fc.tuple(trimL, pipeline, trimR).map(([l, p, r]) => `${l}${p}${r}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, tie('body'), tie('body')).map(([p, a, b]) => `{{if ${p}}}${a}{{else}}${b}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, tie('body'), pipeline, tie('body')).map(([p, a, q, b]) => `{{if ${p}}}${a}{{else if ${q}}}${b}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, tie('body')).map(([p, a]) => `{{range ${p}}}${a}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, tie('body')).map(([p, a]) => `{{range $i, $e := ${p}}}${a}{{if $i}}{{break}}{{end}}{{continue}}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, tie('body'), tie('body')).map(([p, a, b]) => `{{with ${p}}}${a}{{else}}${b}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'b'), tie('body')).map(([n, a]) => `{{define "${n}"}}${a}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'b', 'nope'), fc.option(pipeline)).map(([n, p]) => `{{template "${n}"${p ? ` ${p}` : ''}}}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'b'), pipeline, tie('body')).map(([n, p, a]) => `{{block "${n}" ${p}}}${a}{{end}}`) },
    { weight: 1, arbitrary: fc.constantFrom('{{/* a comment */}}', '{{- /* trimmed */ -}}', '{{break}}', '{{continue}}', '{{end}}', '{{else}}', '{{', '}}') },
  ),
}));

/** Template-ish token soup: mostly broken, exercising the lexer and parser's error paths. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('{{', '}}', '{{-', '-}}', '{{ ', ' }}', 'if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil', '(', ')', '|', ':=', '=', ',', '$', '$x', '.', '.A', '"', '`', "'", '\\', '/*', '*/', ' ', '\n', '\t', '1', '-', '0x', 'e', 'printf', 'len', 'index', 'call'),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
    ),
    { maxLength: 40 },
  )
  .map((ts) => ts.join(''));

// ---- checks -----------------------------------------------------------------------------------

/** Renders that produced output (so the properties are not only about parse errors). */
let rendered = 0;

/** A render that returned, or failed with a TemplateError; never a hang or another exception. */
async function rendersOrSaysWhy(t: string): Promise<void> {
  const r = await worker.render(t, DATA, HANG_MS);
  if (r !== 'hang' && r.ok) rendered++;
  if (r === 'hang') throw new Error(`the renderer hung on ${JSON.stringify(t)}`);
  if (!r.ok && !r.templateError) throw new Error(`the renderer crashed (${r.name}: ${r.message}) on ${JSON.stringify(t)}`);
  if (!r.ok && !/^template: /.test(r.message)) throw new Error(`an unclear error ${JSON.stringify(r.message)} for ${JSON.stringify(t)}`);
}

async function property(arb: fc.Arbitrary<string>, numRuns: number): Promise<number> {
  let tried = 0;
  const out = await fc.check(
    fc.asyncProperty(arb, async (t) => {
      tried++;
      await rendersOrSaysWhy(t);
    }),
    { numRuns, seed: SEED },
  );
  if (out.failed) throw new CountedFailure(fc.defaultReportMessage(out) ?? 'property failed', tried);
  return tried;
}

describe('fault: random templates against the renderer', () => {
  it(`${RUNS} templates from the grammar (if/else if/range/break/with/define/template/block, pipelines, functions, trims) render or fail with a TemplateError`, async () => {
    await log.check('random templates from the grammar', 'each renders, or throws a TemplateError worded as Go ("template: …"); no hang (worker watchdog), no other exception; at least a quarter render output', async () => {
      rendered = 0;
      const tried = await property(node, RUNS);
      expect(rendered, 'templates that rendered output').toBeGreaterThan(RUNS / 4);
      return tried;
    });
  });

  it(`${RUNS} random token soups never hang or crash the lexer and parser`, async () => {
    await log.check('random token soup (mostly broken templates)', 'each renders or throws a TemplateError; no hang, no other exception', () => property(soup, RUNS));
  });

  it('random templates wrapped in random recursion never get past the depth limit', async () => {
    const recursive = node.map((body) => `{{define "r"}}${body}{{template "r" .}}{{end}}{{template "r" .}}`);
    await log.check('random bodies in self-recursive templates', 'each stops with a TemplateError (depth, output or step limit, or the body\'s own error); no hang, no stack overflow', async () => {
      let tried = 0;
      const out = await fc.check(
        fc.asyncProperty(recursive, async (t) => {
          tried++;
          const r = await worker.render(t, DATA, HANG_MS);
          if (r === 'hang') throw new Error(`hung on ${JSON.stringify(t)}`);
          if (r.ok || !r.templateError) throw new Error(`expected a TemplateError, got ${r.ok ? 'output' : `${r.name}: ${r.message}`} for ${JSON.stringify(t)}`);
        }),
        { numRuns: 100, seed: SEED },
      );
      if (out.failed) throw new CountedFailure(fc.defaultReportMessage(out) ?? 'property failed', tried);
      return tried;
    });
  });

  const RUNAWAY: [string, string, RegExp][] = [
    ['self-recursion', '{{define "r"}}x{{template "r" .}}{{end}}{{template "r" .}}', /template: .*exceeded maximum template depth \(1000\)/],
    ['mutual recursion', '{{define "a"}}{{template "b" .}}{{end}}{{define "b"}}{{template "a" .}}{{end}}{{template "a" .}}', /exceeded maximum template depth/],
    ['recursion through block', '{{block "r" .}}{{template "r" .}}{{end}}', /exceeded maximum template depth/],
    ['an empty range over 10^12', '{{range 1000000000000}}{{end}}', /template: .*execution stopped after 10000000 steps/],
    ['nested ranges printing', '{{range 100000}}{{range 100000}}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{end}}{{end}}', /template: .*(output exceeds the limit|execution stopped after)/],
    ['output doubling through templates', `{{define "t0"}}${'x'.repeat(1024)}{{end}}${Array.from({ length: 20 }, (_, i) => `{{define "t${i + 1}"}}{{template "t${i}"}}{{template "t${i}"}}{{end}}`).join('')}{{template "t20"}}`, /template: .*(output exceeds the limit of 67108864 bytes|execution stopped)/],
    ['10,000 nested ifs', `${'{{if 1}}'.repeat(10_000)}x${'{{end}}'.repeat(10_000)}`, /template: /],
    ['10,000 nested parentheses', `{{${'('.repeat(10_000)}1${')'.repeat(10_000)}}}`, /template: /],
    ['10,000 nested withs', `${'{{with .}}'.repeat(10_000)}x${'{{end}}'.repeat(10_000)}`, /template: /],
    ['a pipeline of 10,000 commands', `{{1${' | print'.repeat(10_000)}}}`, /./],
  ];
  for (const [what, t, expected] of RUNAWAY) {
    it(`${what}: stopped with a clear error, not a hang or a crash`, async () => {
      await log.check(`runaway: ${what}`, expected.source === '.' ? 'output or a TemplateError, well before the watchdog' : `a TemplateError matching ${expected}, well before the watchdog`, async () => {
        const r = await worker.render(t, DATA, HANG_MS);
        expect(r, 'no hang').not.toBe('hang');
        const reply = r as Exclude<typeof r, 'hang'>;
        if (reply.ok) {
          expect(expected.source, `rendered ${reply.length} characters where an error was expected`).toBe('.');
          return;
        }
        expect(reply.templateError, `${reply.name}: ${reply.message}`).toBe(true);
        expect(reply.message).toMatch(expected);
      });
    });
  }
});
