// Fault suite: config files a user broke by hand, or that a newer Hookgate wrote. Each gives a
// clear error that names the file and the place, the file is never overwritten (a save keeps the
// original aside, byte for byte, and says where), and the rest of the config keeps working.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readMarks } from '../helpers/hooks';
import { runCli } from '../helpers/cli';
import { startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { FaultLog } from './helpers/faultLog';
import { faultEnv, removeHomes, signalJson } from './helpers/homes';

const log = new FaultLog('config');
log.plan(14); // 5 broken JSON files, 6 invalid hooks, future fields, a 10 MB script, a daemon

/** A hook that works: it appends its id to $MARK. */
function goodHook(id: string, mark: string): Record<string, unknown> {
  return { id, name: id, conditions: ['CONDITION_SNAPSHOT_START'], script: `#!/bin/sh\necho ${id} >> "${mark}"\n`, onError: 'ON_ERROR_FATAL' };
}

function writeRaw(env: HostEnv, text: string | Buffer): string {
  const file = path.join(env.HOOKGATE_HOME, 'config.json');
  fs.writeFileSync(file, text);
  return file;
}

/** The checks every broken file gets: signal decides, the error is clear, the file is untouched. */
async function signalSurvives(env: HostEnv, file: string, original: Buffer, expectRan: string[], mark: string, errorLike: RegExp | null): Promise<string> {
  const { cli, json } = await signalJson(env, 'snapshot-start', [], { local: true });
  expect(json, cli.stderr).not.toBeNull();
  expect(cli.code, cli.stderr).toBe(0);
  expect(json!.decision).toBe('proceed');
  expect(readMarks(mark)).toEqual(expectRan);
  if (errorLike) {
    expect(cli.stderr).toMatch(errorLike);
    expect(cli.stderr).toContain(file);
  } else {
    expect(cli.stderr).not.toMatch(/config|invalid|not valid/i);
  }
  expect(fs.readFileSync(file).equals(original), 'the file is byte for byte what the user wrote').toBe(true);
  const list = await runCli(['hooks', 'list', '--json'], { env: { ...env } });
  expect(list.code, list.stderr).toBe(0);
  expect((JSON.parse(list.stdout) as { id: string }[]).map((h) => h.id)).toEqual(expectRan);
  expect(fs.readFileSync(file).equals(original)).toBe(true);
  return cli.stderr;
}

/** A save through the CLI: the original survives aside, byte for byte, and the CLI says where. */
async function saveKeepsOriginal(env: HostEnv, file: string, original: Buffer, keptAsIs: boolean): Promise<void> {
  const script = path.join(env.HOOKGATE_HOME, 'new.sh');
  fs.writeFileSync(script, 'exit 0\n');
  const add = await runCli(['hooks', 'add', '--name', 'added later', '--condition', 'snapshot-end', '--script', script], { env: { ...env } });
  expect(add.code, add.stderr).toBe(0);
  const aside = fs.readdirSync(env.HOOKGATE_HOME).filter((n) => n.startsWith('config.json.invalid-'));
  if (keptAsIs) {
    expect(aside).toEqual([]);
    return;
  }
  expect(aside).toHaveLength(1);
  expect(fs.readFileSync(path.join(env.HOOKGATE_HOME, aside[0]!)).equals(original)).toBe(true);
  expect(add.stderr).toContain(`moved aside to ${path.join(env.HOOKGATE_HOME, aside[0]!)}`);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).hooks.map((h: { name: string }) => h.name)).toContain('added later');
}

afterEach(async () => {
  await stopAll();
});
afterAll(() => removeHomes());

describe('fault: a hand-broken JSON config', () => {
  const BROKEN: [string, (good: string) => string | Buffer, RegExp][] = [
    ['a trailing comma', (g) => `{\n  "hooks": [\n    ${g},\n  ]\n}\n`, /not valid JSON: .* at line 4, column 3/],
    ['a file cut off mid-way', (g) => `{\n  "hooks": [\n    ${g.slice(0, 40)}`, /not valid JSON: .* at line 3, column \d+/],
    ['NUL bytes and binary junk', () => Buffer.concat([Buffer.from('{"hooks": ['), Buffer.from([0, 0, 0xff, 0xfe, 0x1b, 0x5b]), Buffer.from(']}')]), /not valid JSON: .* at line 1, column 12/],
    ['a comment and single quotes', (g) => `// my hooks\n{'hooks': [${g}]}`, /not valid JSON: .* at line 1, column 1/],
    ['an array at the top level', (g) => `[${g}]`, /expected a JSON object at the top level/],
  ];
  for (const [what, make, error] of BROKEN) {
    it(`${what}: signals still decide, the error says where, the file is never overwritten`, async () => {
      const env = faultEnv();
      const mark = path.join(env.HOOKGATE_HOME, 'marks');
      const text = make(JSON.stringify(goodHook('good', mark)));
      const original = Buffer.isBuffer(text) ? text : Buffer.from(text);
      const file = writeRaw(env, original);
      await log.check(`broken JSON: ${what}`, 'signal proceeds (no usable hooks), stderr names the file, line and column; list works; file byte-identical; a save keeps the original aside and says where', async () => {
        await signalSurvives(env, file, original, [], mark, error);
        await saveKeepsOriginal(env, file, original, false);
      });
    });
  }
});

describe('fault: a config with something wrong in one hook, or from a newer Hookgate', () => {
  const INVALID: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown error behaviour', { onError: 'ON_ERROR_EXPLODE' }, /hooks\[0\]\.onError/],
    ['no conditions', { conditions: [] }, /hooks\[0\]\.conditions: needs at least one condition/],
    ['an id that is a path', { id: '../../etc/passwd' }, /hooks\[0\]\.id/],
    ['a negative timeout', { timeoutSec: -5 }, /hooks\[0\]\.timeoutSec/],
    ['a script that is a number', { script: 42 }, /hooks\[0\]\.script/],
    ['an env name with a space', { env: { 'BAD NAME': 'x' } }, /hooks\[0\]\.env/],
  ];
  for (const [what, patch, error] of INVALID) {
    it(`a hook with ${what} is left out with a clear error; the other hook still runs`, async () => {
      const env = faultEnv();
      const mark = path.join(env.HOOKGATE_HOME, 'marks');
      const text = `${JSON.stringify({ hooks: [{ ...goodHook('bad', mark), ...patch }, goodHook('good', mark)] }, null, 2)}\n`;
      const original = Buffer.from(text);
      const file = writeRaw(env, original);
      await log.check(`schema-invalid hook: ${what}`, 'the hook is left out, stderr names hooks[0] and the field; the valid hook runs; file byte-identical; a save keeps the original aside', async () => {
        await signalSurvives(env, file, original, ['good'], mark, error);
        await saveKeepsOriginal(env, file, original, false);
      });
    });
  }

  it('unknown fields a newer Hookgate wrote are no error, and survive a save', async () => {
    const env = faultEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    const config = {
      version: 1,
      futureTopLevel: { nested: [1, 2, 3] },
      settings: { killGraceMs: 500, futureSetting: 'on' },
      hooks: [{ ...goodHook('good', mark), futureHookField: 'keep me', scope: { plans: [], repos: [], futureScope: true } }],
    };
    const original = Buffer.from(`${JSON.stringify(config, null, 2)}\n`);
    const file = writeRaw(env, original);
    await log.check('unknown future fields (top level, settings, hook, scope)', 'no error; the hook runs; file byte-identical until a save, which keeps every unknown field', async () => {
      await signalSurvives(env, file, original, ['good'], mark, null);
      await saveKeepsOriginal(env, file, original, true);
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof config;
      expect(saved.futureTopLevel).toEqual({ nested: [1, 2, 3] });
      expect(saved.settings.futureSetting).toBe('on');
      expect(saved.hooks[0]!.futureHookField).toBe('keep me');
      expect(saved.hooks[0]!.scope.futureScope).toBe(true);
    });
  });

  it('a 10 MB script is refused with a clear error; the other hook still runs', async () => {
    const env = faultEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    const huge = `#!/bin/sh\n${'# padding padding padding padding padding padding padding padding\n'.repeat(160_000)}exit 0\n`;
    expect(huge.length).toBeGreaterThan(10_000_000);
    const original = Buffer.from(JSON.stringify({ hooks: [{ ...goodHook('huge', mark), script: huge }, goodHook('good', mark)] }));
    const file = writeRaw(env, original);
    await log.check('a 10 MB script', 'the hook is left out ("larger than 4 MiB", naming hooks[0]); the valid hook runs; file byte-identical; a save keeps the original aside', async () => {
      await signalSurvives(env, file, original, ['good'], mark, /hooks\[0\]\.script: is larger than 4 MiB/);
      await saveKeepsOriginal(env, file, original, false);
    });
  });
});

describe('fault: a daemon whose config is or becomes broken', () => {
  it('starts and serves on a config with a bad hook, and keeps deciding when the file is hand-broken while it runs', async () => {
    const env = faultEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    const original = Buffer.from(JSON.stringify({ hooks: [{ ...goodHook('bad', mark), onError: 'NOPE' }, goodHook('good', mark)] }, null, 2));
    const file = writeRaw(env, original);
    await log.check('daemon: a bad hook at start, then the file hand-broken while it runs', 'the daemon starts, logs the problem naming the file; signals through it run the good hook; after the break the config loaded before stays in force (the good hook still runs) and the daemon says so; the file is never rewritten', async () => {
      const daemon = await startDaemon(env);
      await daemon.waitForLog(/hooks\[0\]\.onError/);
      const first = await signalJson(env, 'snapshot-start');
      expect(first.json?.decision, first.cli.stderr).toBe('proceed');
      expect(readMarks(mark)).toEqual(['good']);
      const broken = Buffer.from('{"hooks": [ {"id": "good"');
      fs.writeFileSync(file, broken);
      const second = await signalJson(env, 'snapshot-start');
      expect(second.cli.code, second.cli.stderr).toBe(0);
      expect(second.json?.decision).toBe('proceed');
      expect(readMarks(mark)).toEqual(['good', 'good']);
      await daemon.waitForLog(/not valid JSON.*stays in force until it is fixed/);
      expect(fs.readFileSync(file).equals(broken)).toBe(true);
      expect(daemon.proc.exitCode).toBeNull();
      fs.writeFileSync(file, original);
      const third = await signalJson(env, 'snapshot-start');
      expect(third.json?.decision).toBe('proceed');
      expect(readMarks(mark)).toEqual(['good', 'good', 'good']);
      expect(fs.readFileSync(file).equals(original)).toBe(true);
    });
  });
});
