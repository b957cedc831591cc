// Generated templates and data for the differential test against Go: actions and pipelines, every
// builtin, printf verbs with flags, widths, precisions and argument indexes, trim markers,
// if/else-if/else, range (with else, break, continue, $i, $e), with/else, define/template/block,
// comments, variables, numbers in every spelling, and strings that are multi-byte or not UTF-8 at all
// — in the template text, in its literals and in the data. Everything is a byte string (one
// character per byte), as the engine and the oracle carry Go strings.
//
// Left out on purpose, as differences of Go version rather than bugs: what Go gained after 1.19 and
// Hookgate follows (range over an integer, {{else with}}, `range $x = …`), and recursion through
// templates (Go's depth limit is 100000, Hookgate's 1000). Also %p, which prints memory addresses.
import fc from 'fast-check';
import { goString } from '../../../../electron/core/template/bytes';
import type { Data, GoRequest } from './client';

const b = goString;

// ---- data ----------------------------------------------------------------------------------------

/** Strings that stress bytes: multi-byte, cut characters, invalid UTF-8, escapers' specials. */
const STRINGS: string[] = [
  '',
  'a',
  'hello world',
  b('héllo'),
  b('日本語'),
  b('😀'),
  '\xc3', // the first byte of é
  '\xa9', // the second byte of é
  '\xff\xfe',
  'a\xffb',
  '\xed\xa0\x80', // an encoded surrogate: invalid
  '\xf4\x90\x80\x80', // beyond U+10FFFF: invalid
  b('<a href="x">&\'</a>'),
  'tab\there\nline',
  '\x00\x01\x7f',
  b('\u2028\u00ad\ufeff'),
  'back`quote',
  '%d %s %%',
  '   ',
  '-1',
  '42',
  '0x1F',
];

const INTS: string[] = ['0', '1', '-1', '7', '42', '-255', '65', '233', '1114111', '1114112', '55296', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '2147483648'];
const UINT64S: string[] = ['0', '1', '255', '18446744073709551615', '9223372036854775808', '9007199254740993'];
const FLOATS: string[] = ['0', '1', '-1', '1.5', '-2.25', '100', '1e6', '1e21', '1e-7', '0.1', '123456789.123', '3.141592653589793', 'NaN', '+Inf', '-Inf', '9007199254740993', '-0.5'];

const str = fc.constantFrom(...STRINGS).map((s): Data => ['s', s]);
const int = fc.constantFrom(...INTS).map((s): Data => ['int', s]);
const scalar: fc.Arbitrary<Data> = fc.oneof(
  { weight: 4, arbitrary: str },
  { weight: 3, arbitrary: int },
  { weight: 1, arbitrary: fc.constantFrom(...INTS).map((s): Data => ['int64', s]) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((n): Data => ['uint8', String(n)]) },
  { weight: 1, arbitrary: fc.constantFrom(...UINT64S).map((s): Data => ['uint64', s]) },
  { weight: 2, arbitrary: fc.constantFrom(...FLOATS).map((s): Data => ['float64', s]) },
  { weight: 1, arbitrary: fc.boolean().map((v): Data => ['bool', v]) },
  { weight: 1, arbitrary: fc.constant<Data>(['nil']) },
);

const MAP_KEYS = ['a', 'b', 'k', 'S', 'I', b('é'), '', 'x y'];

const mapOf = (v: fc.Arbitrary<Data>, max: number) =>
  fc.uniqueArray(fc.tuple(fc.constantFrom(...MAP_KEYS), v), { maxLength: max, selector: ([k]) => k }).map((kvs): Data => ['map', kvs.map(([k, x]): [Data, Data] => [['s', k], x])]);

const listOf = (v: fc.Arbitrary<Data>, max: number) => fc.array(v, { maxLength: max }).map((l): Data => ['list', l]);

/** The data: always a map with the same keys (so templates can name them), of random values. */
export const dataArb: fc.Arbitrary<Data> = fc
  .record({
    S: str,
    T: str,
    I: int,
    J: fc.constantFrom(...INTS).map((s): Data => ['int64', s]),
    U: fc.integer({ min: 0, max: 255 }).map((n): Data => ['uint8', String(n)]),
    W: fc.constantFrom(...UINT64S).map((s): Data => ['uint64', s]),
    F: fc.constantFrom(...FLOATS).map((s): Data => ['float64', s]),
    B: fc.boolean().map((v): Data => ['bool', v]),
    N: fc.constant<Data>(['nil']),
    L: listOf(scalar, 4),
    SS: fc.array(str, { maxLength: 4 }).map((l): Data => ['strings', l]),
    IS: fc.array(int, { maxLength: 4 }).map((l): Data => ['ints', l]),
    M: mapOf(fc.oneof(scalar, listOf(scalar, 2)), 4),
    E: fc.constant<Data>(['list', []]),
    IM: fc
      .uniqueArray(fc.tuple(fc.constantFrom('-1', '0', '1', '2', '10'), fc.constantFrom(...STRINGS)), { maxLength: 3, selector: ([k]) => k })
      .map((kvs): Data => ['intmap', kvs.map(([k, s]): [Data, Data] => [['int', k], ['s', s]])]),
  })
  .map((r): Data => ['map', Object.entries(r).map(([k, v]): [Data, Data] => [['s', k], v])]);

// ---- templates -----------------------------------------------------------------------------------

const FIELDS = ['.S', '.T', '.I', '.J', '.U', '.W', '.F', '.B', '.N', '.L', '.SS', '.IS', '.M', '.M.a', '.M.k', b('.M.é'), '.E', '.IM', '.Missing', '.M.missing', '.S.x', '.', '$', '$.I', '$.M.b'];
/** What range and with may walk: never an integer (Go 1.22+ ranges over those; 1.19 refuses). */
const RANGEABLE = ['.L', '.SS', '.IS', '.M', '.E', '.IM', '.N', '.Missing', '.M.missing', '.S', '.F', '$.L', '.B'];

/** Numbers in every spelling Go accepts… */
const NUMBERS = [
  '0', '1', '-1', '+3', '42', '-0', '007', '0x1F', '0X1f', '-0x10', '0o17', '0O17', '017', '0b101', '0B11', '1_000', '0x_FF',
  '1.5', '-2.5', '1e3', '1E-2', '.5', '1.', '0x1p-2', '0x1.8p1', '1e100', '9223372036854775807', '-9223372036854775808',
  '18446744073709551615', '9007199254740993', '-9007199254740993', '1i', '2.5i', '1+2i', '65', '233', '-65', '1114111', '1114112', '55296',
  "'a'", "'\\n'", "'\\x41'", "'\\u00e9'", "'\\U0001F600'", b("'é'"), "'\\''", "'\\377'",
];
/** …and some it refuses. */
const BAD_NUMBERS = ['1__0', '_1', '1e309', '9223372036854775808', '18446744073709551616', "'ab'", "''", '0x', '1e', '08', '0b2', '1.5.5'];

const STRING_LITERALS = [
  '""', '"a"', '"plain text"', b('"héllo"'), b('"日本語"'), '"\\xff"', '"\\xc3"', '"\\xc3\\xa9"', '"\\303\\251"', '"\\377"', '"a\\tb\\n"',
  '"\\u00e9"', '"\\U0001F600"', '"<&>\\"\'"', '`raw\\n`', b('`é`'), '"%d"', '"%s|%v"', '"x"', '"\\u2028"', '"\\x00"', '"a\xffb"', '"\xc3"',
  '"-1"', '"0"', '"a"', '"b"', '"k"', b('"é"'),
];
const BAD_STRINGS = ['"\\ud800"', '"\\q"', '"\\x4"', '"unterminated', '`unterminated'];

const FUNCS = ['print', 'println', 'printf', 'len', 'index', 'slice', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'not', 'html', 'js', 'urlquery', 'call'];

const VARS = ['$', '$', '$', '$', '$', '$x', '$e', '$y'];

/** A printf format: literal text (with multi-byte and invalid bytes) and verbs with flags, widths, precisions and [n] indexes. */
const verbArb = fc
  .tuple(
    fc.subarray(['+', '-', '#', ' ', '0']),
    fc.option(fc.constantFrom('1', '3', '8', '12', '*', '[1]*', '[2]*'), { nil: '' }),
    fc.option(fc.constantFrom('.', '.0', '.1', '.3', '.10', '.*', '.[1]*'), { nil: '' }),
    fc.option(fc.constantFrom('[1]', '[2]', '[3]', '[0]', '[9]', '[x]'), { freq: 5, nil: '' }),
    // Not %p: it prints addresses, which differ between any two programs.
    fc.constantFrom('v', 'v', 'd', 'd', 's', 's', 'q', 'x', 'X', 'o', 'O', 'b', 'c', 'U', 'e', 'E', 'f', 'F', 'g', 'G', 't', 'T', '%', 'z', '!', b('é'), '\xff'),
  )
  .map(([flags, width, prec, index, verb]) => `%${flags.join('')}${width}${prec}${index}${verb}`);
const formatArb = fc
  .array(fc.oneof({ weight: 3, arbitrary: verbArb }, { weight: 2, arbitrary: fc.constantFrom('|', ' ', 'x=', b('é'), '\xff', '\\n', '%', '\\"') }), { minLength: 1, maxLength: 5 })
  .map((parts) => `"${parts.join('')}"`);

const operandArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 48, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 32, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 32, arbitrary: fc.constantFrom(...STRING_LITERALS) },
  { weight: 6, arbitrary: fc.constantFrom('true', 'false', 'nil') },
  { weight: 3, arbitrary: fc.constantFrom(...VARS) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_NUMBERS, ...BAD_STRINGS) },
);

/** A builtin called with the number of arguments it takes (mostly). */
const callArb = (arg: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.constantFrom('len', 'not', 'html', 'js', 'urlquery', 'print', 'println'), arg).map(([f, x]) => `${f} ${x}`),
    fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'index', 'print', 'html'), arg, arg).map(([f, x, y]) => `${f} ${x} ${y}`),
    fc.tuple(fc.constantFrom('slice', 'index', 'eq', 'and', 'or', 'print', 'println', 'urlquery'), arg, arg, arg).map(([f, x, y, z]) => `${f} ${x} ${y} ${z}`),
  );

const { pipeline } = fc.letrec<{ command: string; pipeline: string }>((tie) => ({
  command: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: operandArb },
    { weight: 3, arbitrary: callArb(fc.oneof({ weight: 4, arbitrary: operandArb }, { weight: 1, arbitrary: tie('command').map((c) => `(${c})`) })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FUNCS), fc.array(fc.oneof(operandArb, tie('command').map((c) => `(${c})`)), { maxLength: 3 })).map(([f, a]) => [f, ...a].join(' ')) },
    { weight: 3, arbitrary: fc.tuple(formatArb, fc.array(fc.oneof(operandArb, tie('command').map((c) => `(${c})`)), { maxLength: 3 })).map(([f, a]) => ['printf', f, ...a].join(' ')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('slice', 'index'), fc.constantFrom('.S', '.T', '.L', '.SS', b('"héllo"'), b('"日本語"'), '"\\xff\\xfe"', '.M', '.IM'), fc.array(fc.constantFrom('0', '1', '2', '3', '-1', '.I', '.U', '"a"', '99', '1.5'), { maxLength: 3 })).map(([f, x, a]) => [f, x, ...a].join(' ')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), operandArb, operandArb).map(([f, x, y]) => `${f} ${x} ${y}`) },
    { weight: 1, arbitrary: tie('pipeline').map((p) => `(${p.replace(/^\$[xy] :?= /, '')})`) },
  ),
  // Only a function can take the value of an earlier stage: later stages are calls (or printf).
  pipeline: fc
    .tuple(
      fc.constantFrom('', '', '', '', '', '', '', '', '', '', '$x := ', '$x := ', '$x := ', '$y = '),
      tie('command'),
      fc.array(
        fc.oneof(
          { weight: 60, arbitrary: fc.constantFrom('print', 'println', 'len', 'html', 'js', 'urlquery', 'not', 'printf "%v"', 'printf "%q|%x"', 'printf "%d"', 'printf "%5.2s"', 'eq "a"', 'lt 1', 'index .M', b('slice "héllo"'), 'and 1', 'or 0', 'print 1') },
          { weight: 1, arbitrary: tie('command') },
        ),
        { maxLength: 2 },
      ),
    )
    .map(([decl, first, rest]) => decl + [first, ...rest].join(' | ')),
}));

export { pipeline as pipelineArb };

const trimL = fc.constantFrom('{{', '{{', '{{', '{{- ', '{{-\t', '{{ ');
const trimR = fc.constantFrom('}}', '}}', '}}', ' -}}', '\n-}}', ' }}');
const TEXTS = ['', 'x', 'a b', ' ', '  ', '\n', ' \n\t ', b('é'), b(' 日本 '), '\xff', '\xc3', '{', '}', '-', '$', '%', b('😀\n')];
const textArb = fc.constantFrom(...TEXTS);

/** Template names in an order: a body may only call or define later names, so nothing recurses. */
const NAMES = ['a', 'b', 'c', b('é')];

const bodies = new Map<string, fc.Arbitrary<string>>();
const nodes = new Map<string, fc.Arbitrary<string>>();

/** A list of nodes at a nesting depth, where templates from NAMES[rank] on may be called. */
function bodyArb(rank: number, depth: number): fc.Arbitrary<string> {
  const key = `${rank}/${depth}`;
  let a = bodies.get(key);
  if (!a) {
    a = fc.array(nodeArb(rank, depth), { maxLength: depth > 1 ? 2 : 4 }).map((ns) => ns.join(''));
    bodies.set(key, a);
  }
  return a;
}

function nodeArb(rank: number, depth: number): fc.Arbitrary<string> {
  const key = `${rank}/${depth}`;
  let a = nodes.get(key);
  if (!a) {
    a = makeNodeArb(rank, depth);
    nodes.set(key, a);
  }
  return a;
}

function makeNodeArb(rank: number, depth: number): fc.Arbitrary<string> {
  const later = NAMES.slice(rank);
  const leaf: Array<fc.WeightedArbitrary<string>> = [
    { weight: 16, arbitrary: textArb },
    { weight: 24, arbitrary: fc.tuple(trimL, pipeline, trimR).map(([l, p, r]) => `${l}${p}${r}`) },
    { weight: 2, arbitrary: fc.constantFrom('{{/* c */}}', '{{- /* c */ -}}', b('{{/* é\n */}}')) },
    { weight: 1, arbitrary: fc.constantFrom('{{break}}', '{{continue}}', '{{end}}', '{{else}}', '{{', '}}', '{{ }}', '{{.S}', '{{"\xff}}', '{{\xff}}', b('{{.é}}'), b('{{$é := 1}}{{$é}}')) },
  ];
  if (later.length > 0) {
    leaf.push({
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...later, 'nope'), fc.option(fc.oneof(fc.constantFrom('.', '.M', '.L', '$', '.S'), pipeline), { nil: '' })).map(([n, p]) => `{{template "${n}"${p ? ` ${p}` : ''}}}`),
    });
  }
  if (depth >= 3) return fc.oneof(...leaf);
  const sub = (d = depth + 1) => bodyArb(rank, d);
  const rangeable = fc.constantFrom(...RANGEABLE);
  const nested: Array<fc.WeightedArbitrary<string>> = [
    { weight: 2, arbitrary: fc.tuple(trimL, pipeline, sub(), sub()).map(([l, p, a, e]) => `${l}if ${p}}}${a}{{else}}${e}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, sub(), pipeline, sub(), sub()).map(([p, a, q, x, e]) => `{{if ${p}}}${a}{{else if ${q}}}${x}{{else}}${e}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(pipeline, sub()).map(([p, a]) => `{{if ${p}}}${a}{{end}}`) },
    { weight: 2, arbitrary: fc.tuple(rangeable, sub()).map(([p, a]) => `{{range ${p}}}${a}{{end}}`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('$e := ', '$i, $e := '), rangeable, sub(), sub()).map(([d, p, a, e]) => `{{range ${d}${p}}}${a}{{else}}${e}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(rangeable, sub(), fc.constantFrom('{{break}}', '{{continue}}', '{{if $i}}{{break}}{{end}}')).map(([p, a, c]) => `{{range $i, $e := ${p}}}${a}${c}{{$e}}{{end}}`) },
    { weight: 2, arbitrary: fc.tuple(pipeline, sub(), sub()).map(([p, a, e]) => `{{with ${p}}}${a}{{else}}${e}{{end}}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('$x := ', ''), pipeline, sub()).map(([d, p, a]) => `{{with ${d}${p}}}${a}{{end}}`) },
  ];
  if (later.length > 0) {
    nested.push({
      weight: 1,
      arbitrary: fc.integer({ min: rank, max: NAMES.length - 1 }).chain((i) => fc.tuple(fc.constantFrom('.', '.M', '$', '.L'), bodyArb(i + 1, depth + 1)).map(([p, a]) => `{{block "${NAMES[i]}" ${p}}}${a}{{end}}`)),
    });
  }
  return fc.oneof({ depthSize: 'small', withCrossShrink: true }, ...leaf, ...nested);
}

/** {{define}}s at the top level, each body calling only later names. */
const definesArb = fc
  .subarray([0, 1, 2, 3])
  .chain((ranks) => fc.tuple(...ranks.map((i) => bodyArb(i + 1, 1).map((body) => `{{define "${NAMES[i]}"}}${body}{{end}}`))))
  .map((ds) => ds.join(''));

export const templateArb: fc.Arbitrary<string> = fc.tuple(definesArb, bodyArb(0, 0), fc.boolean()).map(([defs, body, defsFirst]) => (defsFirst ? defs + body : body + defs));

/** Typed values for the focused cases: data fields of every kind, and literals. */
const VALUE_ARGS = ['.S', '.T', '.I', '.J', '.U', '.W', '.F', '.B', '.N', '.L', '.SS', '.IS', '.M', '.IM', '.E', '.Missing', '$.I', '(index .L 0)', '(index .IS 0)', '(index .SS 0)', '(index .IM 0)', '(index .S 0)', '(slice .S 1)', '(len .S)'];
const valueArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALUE_ARGS) }, { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: fc.constantFrom(...STRING_LITERALS) });

/**
 * Focused cases that mostly render, so fmt and the builtins are compared on output, not on errors:
 * printf with verbs and flags over typed values, print/println spacing, escapers, comparisons
 * between kinds (int with uint, …), index and slice on strings, lists and maps.
 */
const focusedAction = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(formatArb, fc.array(valueArb, { maxLength: 4 })).map(([f, a]) => `{{printf ${[f, ...a].join(' ')}}}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('print', 'println', 'html', 'js', 'urlquery'), fc.array(valueArb, { minLength: 1, maxLength: 3 })).map(([f, a]) => `{{${f} ${a.join(' ')}}}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), valueArb, valueArb).map(([f, x, y]) => `{{${f} ${x} ${y}}}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('.S', '.T', '.SS', '.L', '.IS', b('"héllo"'), '"\\xff\\xfe"'), fc.constantFrom('0', '1', '2', '3', '.U', '(len .S)')).map(([x, i]) => `{{index ${x} ${i}}}{{slice ${x} ${i}}}`) },
  { weight: 1, arbitrary: valueArb.map((v) => `{{${v}}}`) },
);
const focusedArb = fc.array(fc.oneof({ weight: 3, arbitrary: focusedAction }, { weight: 1, arbitrary: textArb }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('|'));

const OPTIONS: string[][] = [[], [], [], ['missingkey=error'], ['missingkey=zero'], ['missingkey=default'], ['missingkey=invalid']];

/** One case: a template over data, with options, sometimes executing one of its {{define}}s. */
export const caseArb: fc.Arbitrary<GoRequest> = fc
  .tuple(fc.oneof({ weight: 2, arbitrary: templateArb }, { weight: 1, arbitrary: focusedArb }), fc.oneof({ weight: 5, arbitrary: dataArb }, { weight: 1, arbitrary: scalar }), fc.constantFrom(...OPTIONS), fc.option(fc.constantFrom(...NAMES), { freq: 10, nil: undefined }))
  // Executing a name the template does not define is an error; keep that to a few cases.
  .map(([t, d, o, x]) => ({ t, d, o, x: x !== undefined && (t.includes(`define "${x}"`) || t.includes(`block "${x}"`)) ? x : undefined }))
  .map(({ t, d, o, x }) => ({ t, d, ...(o.length ? { o } : {}), ...(x !== undefined ? { x } : {}) }));
