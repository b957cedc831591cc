// Generic Go text/template behaviour the Backrest corpus does not reach: trimming, every literal form,
// variables, range/with/if, define/template/block, every builtin, printf verbs and flags, float
// printing, missingkey options and error texts. Expectations were recorded from Go 1.19.8 (see
// test/fixtures/template-go/README.md); each test is named for the behaviour it pins.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateError, parseJson, renderTemplate } from '../../../electron/core/template/index';

interface Expectation {
  out?: string;
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
      } else {
        if (got.err) throw got.err;
        expect(got.out).toBe(want.out);
      }
    });
  }
});
