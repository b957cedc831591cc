import { describe, expect, it } from 'vitest';
import { parseConfigText, validateConfig } from '../../../electron/core/config';
import { ConfigError } from '../../../electron/core/config';

const FILE = '/home/u/.config/Hookgate/config.json';

function hook(over: Record<string, unknown> = {}) {
  return { id: 'battery', name: 'Battery', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0', ...over };
}

function text(config: unknown): string {
  return JSON.stringify(config, null, 2);
}

describe('reading a config file', () => {
  it('an empty object is a valid config with every default filled in', () => {
    const r = parseConfigText('{}', FILE);
    expect(r.problems).toEqual([]);
    expect(r.clean).toBe(true);
    expect(r.config.hooks).toEqual([]);
    expect(r.config.settings.historyMaxOperations).toBe(20_000);
  });

  it('invalid JSON: empty config, one problem naming the file, the line and column, and that the file is kept', () => {
    const r = parseConfigText('{\n  "hooks": [\n    {"id": "a",}\n  ]\n}', FILE);
    expect(r.clean).toBe(false);
    expect(r.config.hooks).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain(FILE);
    expect(r.problems[0]).toContain(`${FILE}: not valid JSON: unexpected "}" at line 3, column 16`);
    expect(r.problems[0]).toMatch(/kept as is; starting with an empty config/);
  });

  it('pinpoints the first JSON syntax error, whatever the Node version says', () => {
    const cases: [string, string][] = [
      ['{"hooks": [}', 'unexpected "}" at line 1, column 12'],
      ['{\n  "a": 1\n  "b": 2\n}', 'unexpected "\\"" at line 3, column 3'],
      ['{"a": "unterminated', 'unexpected end of file at line 1, column 20'],
      ['{"a": tru}', 'unexpected "t" at line 1, column 7'],
      ['{"a": 01}', 'unexpected "1" at line 1, column 8'],
      ['{"a": 1} x', 'unexpected "x" at line 1, column 10'],
      ['', 'unexpected end of file at line 1, column 1'],
    ];
    for (const [bad, where] of cases) expect(parseConfigText(bad, FILE).problems[0]).toContain(`not valid JSON: ${where} —`);
  });

  it('a schema-invalid hook is left out with a problem naming hooks[i] and the field, and listed with its conditions so its gates fail', () => {
    const r = parseConfigText(text({ hooks: [hook(), hook({ id: 'net', name: 'Net', onError: 'ON_ERROR_NOPE' }), hook({ id: 'disk', name: 'Disk' })] }), FILE);
    expect(r.config.hooks.map((h) => h.id)).toEqual(['battery', 'disk']);
    expect(r.clean).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain(`${FILE}: hooks[1].onError: invalid value "ON_ERROR_NOPE" (expected one of ON_ERROR_IGNORE, ON_ERROR_CANCEL`);
    expect(r.problems[0]).toContain('hook "Net" (hooks[1]) is invalid: the gates it would run in fail until the file is fixed; the file is kept as is');
    expect(r.invalidHooks).toEqual([{ name: 'Net', conditions: hook().conditions, problem: r.problems[0] }]);
  });

  it('an invalid hook whose conditions cannot be read fails every gate (conditions null); one switched off fails none', () => {
    const r = parseConfigText(text({ hooks: [hook({ id: 'a', name: 'A', conditions: 'oops' }), hook({ id: 'b', name: 'B', enabled: false, timeoutSec: -1 }), hook({ id: 'c', name: 'C' })] }), FILE);
    expect(r.config.hooks.map((h) => h.id)).toEqual(['c']);
    expect(r.problems).toHaveLength(2);
    expect(r.invalidHooks).toEqual([{ name: 'A', conditions: null, problem: expect.stringContaining('hook "A" (hooks[0]) is invalid') }]);
  });

  it('several problems in one hook are all named, each with its field path', () => {
    const r = parseConfigText(text({ hooks: [hook({ timeoutSec: -5, conditions: [], env: { '1BAD': 'x' } })] }), FILE);
    expect(r.config.hooks).toEqual([]);
    const p = r.problems[0]!;
    expect(p).toContain('hooks[0].timeoutSec: must be greater than 0 (got -5)');
    expect(p).toContain('hooks[0].conditions: needs at least one condition');
    expect(p).toContain('hooks[0].env: invalid key "1BAD": must be a valid environment variable name');
  });

  it('a script over the 4 MiB limit is refused with the limit and its size in the message', () => {
    const r = parseConfigText(text({ hooks: [hook({ script: 'x'.repeat(10 * 1024 * 1024) }), hook({ id: 'ok', name: 'Ok' })] }), FILE);
    expect(r.config.hooks.map((h) => h.id)).toEqual(['ok']);
    expect(r.problems[0]).toContain('hooks[0].script: is larger than 4 MiB (it is 10.0 MiB)');
  });

  it('unknown fields from a newer Hookgate are kept: at the top, in a hook, in its scope and in the settings', () => {
    const r = parseConfigText(
      text({ futureTop: { a: 1 }, hooks: [hook({ futureHookField: 'x', scope: { plans: ['p'], futureScope: true } })], settings: { futureSetting: 7 } }),
      FILE,
    );
    expect(r.problems).toEqual([]);
    expect(r.clean).toBe(true);
    const c = r.config as Record<string, unknown>;
    expect(c.futureTop).toEqual({ a: 1 });
    expect(r.config.hooks[0]!.futureHookField).toBe('x');
    expect(r.config.hooks[0]!.scope.futureScope).toBe(true);
    expect(r.config.settings.futureSetting).toBe(7);
  });

  it('a bad setting falls back to its default and says so; the hooks keep working', () => {
    const r = parseConfigText(text({ hooks: [hook()], settings: { historyMaxDays: 'forever', killGraceMs: 5000 } }), FILE);
    expect(r.config.hooks).toHaveLength(1);
    expect(r.config.settings.historyMaxDays).toBe(180);
    expect(r.config.settings.killGraceMs).toBe(5000);
    expect(r.problems[0]).toMatch(/settings\.historyMaxDays: expected number, got a string \("forever"\) — using the default/);
  });

  it('a wrong shape at the top level (hooks not a list, a newer version) makes the whole file unusable, kept as is', () => {
    for (const bad of [{ hooks: { a: 1 } }, { version: 2, hooks: [hook()] }, []]) {
      const r = parseConfigText(text(bad), FILE);
      expect(r.config.hooks).toEqual([]);
      expect(r.clean).toBe(false);
      expect(r.problems[0]).toMatch(/starting with an empty config/);
    }
    expect(parseConfigText(text({ version: 2 }), FILE).problems[0]).toContain('version: invalid value 2 (expected 1)');
  });

  it('two hooks with the same id: the second is left out and named', () => {
    const r = parseConfigText(text({ hooks: [hook(), hook({ name: 'Battery again' })] }), FILE);
    expect(r.config.hooks).toHaveLength(1);
    expect(r.problems[0]).toContain('hooks[1].id: "battery" is already the id of hooks[0]');
  });
});

describe('validating a config before it is written', () => {
  it('throws a ConfigError naming the file and the first field', () => {
    try {
      validateConfig({ hooks: [hook({ timeoutSec: 0 })] }, FILE);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const e = err as ConfigError;
      expect(e.message).toBe(`${FILE}: hooks[0].timeoutSec: must be greater than 0 (got 0)`);
      expect(e.file).toBe(FILE);
      expect(e.field).toBe('hooks[0].timeoutSec');
    }
  });

  it('refuses duplicate ids', () => {
    expect(() => validateConfig({ hooks: [hook(), hook()] }, FILE)).toThrow(/hooks\[1\]\.id: "battery" is already the id of hooks\[0\]/);
  });
});
