// `hookgate render` as a user runs it: the built CLI, files on disk, stdout byte for byte, template
// errors on stderr with exit 2 — the interface the template-compat corpus describes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonNumber, parseJson } from '../../electron/core/template/index';
import { CLI, runCli, tempHome } from '../helpers/cli';

const CASES = path.resolve(import.meta.dirname, '../fixtures/template-compat/cases');
let dir: string;

beforeAll(() => {
  dir = tempHome('hookgate-render-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** JSON text that keeps each number exactly as the fixture wrote it. */
function jsonText(v: unknown): string {
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
  return JSON.stringify(v);
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const env = () => ({ HOOKGATE_HOME: dir });

describe('hookgate render', () => {
  it('prints the output exactly, with no newline added', async () => {
    const tpl = write('t1.tpl', 'Task={{ .Task }} Event={{ .Event }} Size={{ .FormatSizeBytes .SnapshotStats.DataAdded }}');
    const vars = write('v1.json', '{"Task": "nightly", "Event": "CONDITION_SNAPSHOT_END", "SnapshotStats": {"DataAdded": 2500}}');
    const r = await runCli(['render', '--vars', vars, tpl], { env: env() });
    expect(r).toMatchObject({ code: 0, stdout: 'Task=nightly Event=CONDITION_SNAPSHOT_END Size=2.500 KB', stderr: '' });
  });

  it('writes the bytes Go writes, also where they are not UTF-8 (a cut character, a \\xff literal)', () => {
    const tpl = write('bytes.tpl', '{{ slice "héllo" 0 2 }}|{{ "\\xff" }}|{{ slice "héllo" 0 2 | printf "%q" }}|{{ len "é" }}');
    const r = spawnSync(process.execPath, [CLI, 'render', tpl], { env: { ...process.env, ...env() } });
    expect(r.status).toBe(0);
    expect(r.stdout.toString('hex')).toBe(Buffer.concat([Buffer.from('h'), Buffer.from([0xc3]), Buffer.from('|'), Buffer.from([0xff]), Buffer.from('|"h\\xc3"|2')]).toString('hex'));
  });

  it('reads the template from stdin with -', async () => {
    const r = await runCli(['render', '-'], { env: env(), input: '{{ "from stdin" }}\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'from stdin\n' });
  });

  it('--event sets .Event, by full or short name', async () => {
    const tpl = write('t2.tpl', '{{ .Event }} {{ .EventName .Event }}');
    expect((await runCli(['render', '--event', 'snapshot-skipped', tpl], { env: env() })).stdout).toBe('CONDITION_SNAPSHOT_SKIPPED snapshot skipped');
    const vars = write('v2.json', '{"Event": "CONDITION_SNAPSHOT_START"}');
    expect((await runCli(['render', '--vars', vars, '--event', 'CONDITION_PRUNE_ERROR', tpl], { env: env() })).stdout).toBe('CONDITION_PRUNE_ERROR prune error');
  });

  it('--data executes over plain JSON, numbers as float64', async () => {
    const data = write('d1.json', '{"n": 1000000, "list": ["b", "a"]}');
    const tpl = write('t3.tpl', '{{ .n }} {{ .list }} {{ printf "%T" .n }}');
    expect((await runCli(['render', '--data', data, tpl], { env: env() })).stdout).toBe('1e+06 [b a] float64');
  });

  it('a template error goes to stderr as Backrest words it and exits 2', async () => {
    const tpl = write('t4.tpl', 'partial {{ .Repo.Id }}');
    const r = await runCli(['render', '--event', 'snapshot-start', tpl], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('execute template: template: template:1:16: executing "template" at <.Repo.Id>: nil pointer evaluating *v1.Repo.Id\n');
    const bad = write('t5.tpl', 'a\n{{ if }}');
    const p = await runCli(['render', bad], { env: env() });
    expect(p).toMatchObject({ code: 2, stdout: '', stderr: 'parse template: template: template:2: missing value for if\n' });
  });

  it('--option missingkey=error makes a missing key an error', async () => {
    const data = write('d2.json', '{"a": 1}');
    const tpl = write('t6.tpl', '{{ .b }}');
    expect((await runCli(['render', '--data', data, tpl], { env: env() })).stdout).toBe('<no value>');
    const r = await runCli(['render', '--data', data, '--option', 'missingkey=error', tpl], { env: env() });
    expect(r).toMatchObject({ code: 2, stderr: 'execute template: template: template:1:3: executing "template" at <.b>: map has no entry for key "b"\n' });
  });

  it('--exec runs a defined template and --default-template replaces a blank one', async () => {
    const tpl = write('t7.tpl', 'main{{ define "title" }}Hookgate {{ .EventName .Event }}{{ end }}');
    expect((await runCli(['render', '--event', 'check-start', '--exec', 'title', tpl], { env: env() })).stdout).toBe('Hookgate check start');
    const blank = write('t8.tpl', '   ');
    const def = write('def.tpl', 'default for {{ .Task }}');
    const vars = write('v3.json', '{"Task": "t"}');
    expect((await runCli(['render', '--vars', vars, '--default-template', def, blank], { env: env() })).stdout).toBe('default for t');
  });

  it('bad flags, bad variables and missing files are usage errors (exit 2)', async () => {
    const tpl = write('t9.tpl', 'x');
    const vars = write('v4.json', '{"CurTime": "yesterday"}');
    const cases: Array<[string[], RegExp]> = [
      [['render'], /missing TEMPLATE_FILE/],
      [['render', '--nope', tpl], /unknown flag --nope/],
      [['render', '--vars', vars, '--data', vars, tpl], /cannot be used together/],
      [['render', '--vars', vars, tpl], /CurTime: "yesterday" is not an RFC 3339 time/],
      [['render', path.join(dir, 'missing.tpl')], /no such file/],
      [['render', '--option', 'missingkey=maybe', tpl], /unrecognized option: missingkey=maybe/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(args, { env: env() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('renders corpus cases as the corpus expects: every error case and a third of the others (all run in-process in the unit tests)', async () => {
    const all = [...new Set(fs.readdirSync(CASES).map((f) => f.replace(/\.(json|out|err)$/, '')))].sort();
    // Each case is a fresh process; the unit tests run every case in-process.
    const names = all.filter((n, i) => fs.existsSync(path.join(CASES, `${n}.err`)) || i % 3 === 0);
    const runCase = async (name: string) => {
      const c = parseJson(fs.readFileSync(path.join(CASES, `${name}.json`), 'utf8')) as Record<string, unknown>;
      const args = ['render'];
      if (c.vars !== undefined) args.push('--vars', write(`${name}.vars.json`, jsonText(c.vars)));
      if (c.data !== undefined) args.push('--data', write(`${name}.data.json`, jsonText(c.data)));
      for (const o of (c.options as string[] | undefined) ?? []) args.push('--option', o);
      if (c.exec !== undefined) args.push('--exec', c.exec as string);
      if (c.defaultTemplate !== undefined) args.push('--default-template', write(`${name}.default.tpl`, c.defaultTemplate as string));
      args.push(write(`${name}.tpl`, c.template as string));
      return { name, c, r: await runCli(args, { env: env() }) };
    };
    // A few at a time: each case is a fresh process.
    const results: Awaited<ReturnType<typeof runCase>>[] = [];
    for (let i = 0; i < names.length; i += 6) results.push(...(await Promise.all(names.slice(i, i + 6).map(runCase))));
    let identical = 0;
    for (const { name, c, r } of results) {
      const summary = /\.Summary\b/.test(c.template as string) || /\.Summary\b/.test((c.defaultTemplate as string | undefined) ?? '');
      const info = summary || ((c.tags as string[] | undefined) ?? []).some((t) => ['go-version-sensitive', 'protobuf-text-nondeterministic', 'backrest-struct-layout'].includes(t));
      const outFile = path.join(CASES, `${name}.out`);
      if (fs.existsSync(outFile)) {
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        if (!info) {
          expect(r.stdout, name).toBe(fs.readFileSync(outFile, 'utf8'));
          identical++;
        }
      } else {
        const [exit, goError] = fs.readFileSync(path.join(CASES, `${name}.err`), 'utf8').split('\n');
        if (info && goError!.includes('error calling Summary')) continue;
        expect(`exit ${r.code}`, name).toBe(exit);
        expect(r.stdout, name).toBe('');
        expect(r.stderr, name).toBe(goError + '\n');
      }
    }
    expect(identical).toBeGreaterThanOrEqual(8);
  });
});
