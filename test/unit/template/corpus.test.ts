// Every case of the template-compat corpus (test/fixtures/template-compat, copied from
// ../shared/template-compat): Backrest hook templates with the output Go 1.19.8 gave.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateError, hookVars, jsonToGoValue, parseJson, renderTemplate } from '../../../electron/core/template/index';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/template-compat/cases');

interface Case {
  template: string;
  vars?: Record<string, unknown>;
  data?: unknown;
  options?: string[];
  exec?: string;
  defaultTemplate?: string;
  description?: string;
  tags?: string[];
}

const INFORMATIONAL_TAGS = ['go-version-sensitive', 'protobuf-text-nondeterministic', 'backrest-struct-layout'];

function loadCases(): Array<{ name: string; c: Case; out?: string; err?: string }> {
  const names = [...new Set(fs.readdirSync(DIR).map((f) => f.replace(/\.(json|out|err)$/, '')))].sort();
  return names.map((name) => {
    const c = parseJson(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as Case;
    const outFile = path.join(DIR, `${name}.out`);
    const errFile = path.join(DIR, `${name}.err`);
    return {
      name,
      c,
      out: fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : undefined,
      err: fs.existsSync(errFile) ? fs.readFileSync(errFile, 'utf8') : undefined,
    };
  });
}

function render(c: Case): string {
  const data = c.vars !== undefined ? hookVars(c.vars) : c.data !== undefined ? jsonToGoValue(c.data) : null;
  return renderTemplate(c.template, data, { options: c.options, exec: c.exec, defaultTemplate: c.defaultTemplate });
}

/**
 * Why a case only has to render without error: its output comes from .Summary (our own wording), or
 * from Go/Backrest layout details. An error case is informational only when Go's error comes from
 * inside Backrest's summary template; `.Summary "x"` must still fail on its argument count.
 */
function informational(c: Case, err: string | undefined): string | null {
  const callsSummary = /\.Summary\b/.test(c.template) || (c.template.trim() === '' && /\.Summary\b/.test(c.defaultTemplate ?? ''));
  if (callsSummary && (err === undefined || err.includes('error calling Summary'))) return 'calls .Summary, which is our own wording';
  const tag = (c.tags ?? []).find((t) => INFORMATIONAL_TAGS.includes(t));
  return tag ? `tagged ${tag}` : null;
}

const cases = loadCases();

describe('template-compat corpus (Backrest hook templates, Go 1.19.8 output)', () => {
  it('has every case with exactly one of .out and .err', () => {
    expect(cases.length).toBeGreaterThanOrEqual(63);
    for (const k of cases) expect(Number(k.out !== undefined) + Number(k.err !== undefined), k.name).toBe(1);
  });

  for (const { name, c, out, err } of cases) {
    const why = informational(c, err);
    if (out !== undefined && !why) {
      it(`${name}: renders byte-identical to Go — ${c.description ?? ''}`, () => {
        expect(render(c)).toBe(out);
      });
    } else if (err !== undefined && !why) {
      // The corpus records Go's message; ours matches it, which pins the substance of every error.
      const goMessage = err.split('\n')[1]!.replace(/^(execute|parse) template: /, '');
      it(`${name}: fails as Go does — ${goMessage}`, () => {
        let thrown: unknown;
        try {
          render(c);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(TemplateError);
        expect((thrown as TemplateError).message).toBe(goMessage);
        expect((thrown as TemplateError).kind).toBe(err.includes('\nparse template:') ? 'parse' : 'exec');
      });
    } else if (out !== undefined) {
      it(`${name}: informational (${why}) — renders without error where Go succeeds`, () => {
        expect(typeof render(c)).toBe('string');
      });
    } else {
      it(`${name}: informational (${why}) — Go fails here; our summary does not need to`, () => {
        expect(typeof render(c)).toBe('string');
      });
    }
  }
});
