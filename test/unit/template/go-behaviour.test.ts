// Generic Go text/template behaviour the Backrest corpus does not reach: trimming, every literal form,
// variables, range/with/if, define/template/block, every builtin, printf verbs and flags, float
// printing, missingkey options and error texts. Expectations were recorded from Go 1.19.8 (see
// test/fixtures/template-go/README.md); each test is named for the behaviour it pins.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesOf, goString } from '../../../electron/core/template/bytes';
import { TemplateError, jsonToGoValue, parseJson, renderGoString, renderTemplate } from '../../../electron/core/template/index';
import { INVALID, type Value } from '../../../electron/core/template/value';

interface Expectation {
  out?: string;
  /** Output that is not valid UTF-8 (JSON cannot hold it): its exact bytes in hex. */
  outHex?: string;
  err?: string;
  kind?: 'parse' | 'exec';
}

interface GoCase {
  name: string;
  template: string;
  data?: unknown;
  options?: string[];
  exec?: string;
  go?: Expectation;
  expect?: Expectation;
  deviation?: string;
  goVersion?: string;
}

const FILE = path.resolve(import.meta.dirname, '../../fixtures/template-go/cases.json');
const cases = parseJson(fs.readFileSync(FILE, 'utf8')) as GoCase[];

function run(c: GoCase): { out?: string; err?: TemplateError } {
  try {
    return { out: renderTemplate(c.template, c.data === undefined ? null : c.data, { options: c.options, exec: c.exec }) };
  } catch (e) {
    if (e instanceof TemplateError) return { err: e };
    throw e;
  }
}

/** The output as the bytes Go writes, in hex. */
function runBytes(c: GoCase): { hex?: string; err?: TemplateError } {
  try {
    const data = c.data === undefined ? INVALID : (jsonToGoValue(c.data) as Value);
    const out = renderGoString(goString(c.template), data, { options: c.options, exec: c.exec === undefined ? undefined : goString(c.exec) });
    return { hex: Buffer.from(bytesOf(out)).toString('hex') };
  } catch (e) {
    if (e instanceof TemplateError) return { err: e };
    throw e;
  }
}

describe('Go text/template behaviour (generic data, recorded from Go)', () => {
  for (const c of cases) {
    const want = (c.expect ?? c.go)!;
    const note = c.deviation ? ` [differs from Go by design: ${c.deviation}]` : c.goVersion ? ` [go-version-sensitive: Go ${c.goVersion}]` : '';
    it(`${c.name}${note}`, () => {
      const got = run(c);
      if (want.err !== undefined) {
        expect(got.out, 'should have failed').toBeUndefined();
        expect(got.err!.message).toBe(want.err);
        if (want.kind) expect(got.err!.kind).toBe(want.kind);
      } else if (want.outHex !== undefined) {
        const bytes = runBytes(c);
        if (bytes.err) throw bytes.err;
        expect(bytes.hex).toBe(want.outHex);
      } else {
        if (got.err) throw got.err;
        expect(got.out).toBe(want.out);
        // The same output as bytes: what Go wrote, exactly.
        expect(runBytes(c).hex).toBe(Buffer.from(want.out!, 'utf8').toString('hex'));
      }
    });
  }
});
