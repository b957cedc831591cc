// Fault suite: config files a user broke by hand, or that a newer Hookgate wrote. Each gives a
// clear error that names the file and the place, and the file is never overwritten (a save keeps the
// original aside, byte for byte, and says where). A broken file never lets a backup through as if
// there were no hooks: the last good config stays in force, and with none the gate fails; an
// invalid hook fails the gates it would have run in (issue #12 item 2).
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

/**
 * The checks every broken file gets: signal decides as `expected` says (a broken config fails the
 * gate, exit 1, with the problem), the error is clear and said once, the file is untouched.
 */
async function signalDecides(env: HostEnv, file: string, original: Buffer, expected: { decision: 'proceed' | 'fail'; ran: string[]; listed: string[] }, mark: string, errorLike: RegExp | null): Promise<string> {
  const { cli, json } = await signalJson(env, 'snapshot-start', [], { local: true });
  expect(json, cli.stderr).not.toBeNull();
  expect(json!.decision, cli.stderr).toBe(expected.decision);
  expect(cli.code, cli.stderr).toBe(expected.decision === 'fail' ? 1 : 0);
  expect(readMarks(mark)).toEqual(expected.ran);
  if (errorLike) {
    expect(cli.stderr).toMatch(errorLike);
    expect(cli.stderr).toContain(file);
    expect(cli.stderr.match(errorLike), 'the problem is said once').toHaveLength(1);
    if (expected.decision === 'fail') expect(json!.reason).toMatch(errorLike);
  } else {
    expect(cli.stderr).not.toMatch(/config|invalid|not valid/i);
  }
  expect(fs.readFileSync(file).equals(original), 'the file is byte for byte what the user wrote').toBe(true);
  const list = await runCli(['hooks', 'list', '--json'], { env: { ...env } });
  expect(list.code, list.stderr).toBe(0);
  expect((JSON.parse(list.stdout) as { id: string }[]).map((h) => h.id)).toEqual(expected.listed);
  expect(fs.readFileSync(file).equals(original)).toBe(true);
  return cli.stderr;
}

/** A file that cannot be used at all, with no good copy: every gate fails, unless the user asks for proceed. */
async function brokenFailsClosed(env: HostEnv, file: string, original: Buffer, mark: string, errorLike: RegExp): Promise<void> {
  const stderr = await signalDecides(env, file, original, { decision: 'fail', ran: [], listed: [] }, mark, errorLike);
  expect(stderr).toMatch(/there is no good copy of it, so every backup fails until it is fixed/);
  const list = await runCli(['hooks', 'list'], { env: { ...env } });
  expect(list.stdout).toContain(`config in force: none — ${file} cannot be used and there is no good copy`);
  const through = await signalJson(env, 'snapshot-start', [], { local: true, extraEnv: { HOOKGATE_BROKEN_CONFIG: 'proceed' } });
  expect(through.json?.decision, through.cli.stderr).toBe('proceed');
  expect(through.cli.code).toBe(0);
  expect(fs.readFileSync(file).equals(original)).toBe(true);
}

/** `hooks add` over a file that cannot be used refuses (nothing changes) and says how to go on. */
async function addRefuses(env: HostEnv, file: string, original: Buffer): Promise<void> {
  const script = path.join(env.HOOKGATE_HOME, 'new.sh');
  fs.writeFileSync(script, 'exit 0\n');
  const add = await runCli(['hooks', 'add', '--name', 'added later', '--condition', 'snapshot-end', '--script', script], { env: { ...env } });
  expect(add.code).toBe(1);
  expect(add.stderr).toContain(file);
  expect(add.stderr).toMatch(/not changing it, so that none of your hooks are lost: fix the file \(no good copy of it is known\), or give --replace-broken/);
  expect(fs.readFileSync(file).equals(original)).toBe(true);
  expect(fs.readdirSync(env.HOOKGATE_HOME).filter((n) => n.startsWith('config.json.invalid-'))).toEqual([]);
}

/** A save through the CLI: the original survives aside, byte for byte, and the CLI says where. */
async function saveKeepsOriginal(env: HostEnv, file: string, original: Buffer, keptAsIs: boolean, extraArgs: string[] = []): Promise<void> {
  const script = path.join(env.HOOKGATE_HOME, 'new.sh');
  fs.writeFileSync(script, 'exit 0\n');
  const add = await runCli(['hooks', 'add', '--name', 'added later', '--condition', 'snapshot-end', '--script', script, ...extraArgs], { env: { ...env } });
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
    it(`${what}: with no good copy the gate fails with the problem, the error says where, the file is never overwritten`, async () => {
      const env = faultEnv();
      const mark = path.join(env.HOOKGATE_HOME, 'marks');
      const text = make(JSON.stringify(goodHook('good', mark)));
      const original = Buffer.isBuffer(text) ? text : Buffer.from(text);
      const file = writeRaw(env, original);
      await log.check(`broken JSON: ${what}`, 'signal fails (exit 1; no good copy), stderr names the file, line and column, once; HOOKGATE_BROKEN_CONFIG=proceed lets it through; list works and says no config is in force; file byte-identical; hooks add refuses, with --replace-broken keeps the original aside and says where', async () => {
        await brokenFailsClosed(env, file, original, mark, error);
        await addRefuses(env, file, original);
        await saveKeepsOriginal(env, file, original, false, ['--replace-broken']);
      });
    });
  }
});

describe('fault: a config with something wrong in one hook, or from a newer Hookgate', () => {
  // The bad hook is a snapshot-start hook, so the snapshot-start gate fails (no hook runs); one with
  // no conditions would run in no gate, so it fails none and the other hook runs.
  const INVALID: [string, Record<string, unknown>, RegExp, 'fail' | 'proceed'][] = [
    ['an unknown error behaviour', { onError: 'ON_ERROR_EXPLODE' }, /hooks\[0\]\.onError/, 'fail'],
    ['no conditions', { conditions: [] }, /hooks\[0\]\.conditions: needs at least one condition/, 'proceed'],
    ['an id that is a path', { id: '../../etc/passwd' }, /hooks\[0\]\.id/, 'fail'],
    ['a negative timeout', { timeoutSec: -5 }, /hooks\[0\]\.timeoutSec/, 'fail'],
    ['a script that is a number', { script: 42 }, /hooks\[0\]\.script/, 'fail'],
    ['an env name with a space', { env: { 'BAD NAME': 'x' } }, /hooks\[0\]\.env/, 'fail'],
  ];
  for (const [what, patch, error, decision] of INVALID) {
    it(`a hook with ${what} is left out with a clear error and ${decision === 'fail' ? 'fails the gate it would run in' : 'fails no gate (it runs in none); the other hook runs'}`, async () => {
      const env = faultEnv();
      const mark = path.join(env.HOOKGATE_HOME, 'marks');
      const text = `${JSON.stringify({ hooks: [{ ...goodHook('bad', mark), ...patch }, goodHook('good', mark)] }, null, 2)}\n`;
      const original = Buffer.from(text);
      const file = writeRaw(env, original);
      await log.check(`schema-invalid hook: ${what}`, `the hook is left out, stderr names hooks[0] and the field; ${decision === 'fail' ? 'its snapshot-start gate fails (exit 1) with the problem' : 'no gate fails, the valid hook runs'}; file byte-identical; a save keeps the original aside`, async () => {
        const ran = decision === 'fail' ? [] : ['good'];
        await signalDecides(env, file, original, { decision, ran, listed: ['good'] }, mark, decision === 'fail' ? new RegExp(`${error.source}.*is invalid: the gates it would run in fail until the file is fixed`) : error);
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
      await signalDecides(env, file, original, { decision: 'proceed', ran: ['good'], listed: ['good'] }, mark, null);
      await saveKeepsOriginal(env, file, original, true);
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof config;
      expect(saved.futureTopLevel).toEqual({ nested: [1, 2, 3] });
      expect(saved.settings.futureSetting).toBe('on');
      expect(saved.hooks[0]!.futureHookField).toBe('keep me');
      expect(saved.hooks[0]!.scope.futureScope).toBe(true);
    });
  });

  it('a 10 MB script is refused with a clear error, and fails the gate it would run in', async () => {
    const env = faultEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    const huge = `#!/bin/sh\n${'# padding padding padding padding padding padding padding padding\n'.repeat(160_000)}exit 0\n`;
    expect(huge.length).toBeGreaterThan(10_000_000);
    const original = Buffer.from(JSON.stringify({ hooks: [{ ...goodHook('huge', mark), script: huge }, goodHook('good', mark)] }));
    const file = writeRaw(env, original);
    await log.check('a 10 MB script', 'the hook is left out ("larger than 4 MiB", naming hooks[0]); its snapshot-start gate fails (exit 1) with the problem; file byte-identical; a save keeps the original aside', async () => {
      await signalDecides(env, file, original, { decision: 'fail', ran: [], listed: ['good'] }, mark, /hooks\[0\]\.script: is larger than 4 MiB.*is invalid: the gates it would run in fail/);
      await saveKeepsOriginal(env, file, original, false);
    });
  });
});

describe('fault: a daemon whose config is or becomes broken', () => {
  it('starts and serves on a config with a bad hook (its gate fails), and keeps the last good config in force when the file is hand-broken while it runs', async () => {
    const env = faultEnv();
    const mark = path.join(env.HOOKGATE_HOME, 'marks');
    const original = Buffer.from(JSON.stringify({ hooks: [{ ...goodHook('bad', mark), onError: 'NOPE' }, goodHook('good', mark)] }, null, 2));
    const file = writeRaw(env, original);
    await log.check('daemon: a bad hook at start, then the file fixed, then hand-broken while it runs', 'the daemon starts, logs the problem naming the file; the bad hook\'s gate fails with the problem; once fixed the hook runs; after the break the last good config stays in force (the good hook still runs) and the daemon says so; the broken file is never rewritten', async () => {
      const daemon = await startDaemon(env);
      await daemon.waitForLog(/hooks\[0\]\.onError/);
      const first = await signalJson(env, 'snapshot-start');
      expect(first.json?.decision, first.cli.stderr).toBe('fail');
      expect(first.cli.code).toBe(1);
      expect(first.json?.reason).toMatch(/hooks\[0\]\.onError.*hook "bad" \(hooks\[0\]\) is invalid: the gates it would run in fail/);
      expect(readMarks(mark)).toEqual([]);
      expect(fs.readFileSync(file).equals(original)).toBe(true);
      fs.writeFileSync(file, JSON.stringify({ hooks: [goodHook('good', mark)] }, null, 2));
      const fixed = await signalJson(env, 'snapshot-start');
      expect(fixed.json?.decision, fixed.cli.stderr).toBe('proceed');
      expect(readMarks(mark)).toEqual(['good']);
      const broken = Buffer.from('{"hooks": [ {"id": "good"');
      fs.writeFileSync(file, broken);
      const second = await signalJson(env, 'snapshot-start');
      expect(second.cli.code, second.cli.stderr).toBe(0);
      expect(second.json?.decision).toBe('proceed');
      expect(readMarks(mark)).toEqual(['good', 'good']);
      await daemon.waitForLog(/not valid JSON.*the last good config stays in force until it is fixed/);
      expect(fs.readFileSync(file).equals(broken)).toBe(true);
      expect(daemon.proc.exitCode).toBeNull();
      fs.writeFileSync(file, JSON.stringify({ hooks: [goodHook('good', mark), goodHook('second', mark)] }, null, 2));
      const third = await signalJson(env, 'snapshot-start');
      expect(third.json?.decision).toBe('proceed');
      expect(readMarks(mark)).toEqual(['good', 'good', 'good', 'second']);
    });
  });
});
