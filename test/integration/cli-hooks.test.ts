// `hookgate hooks …` end to end: the real built CLI against a temp HOOKGATE_HOME.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempHome } from '../helpers/cli';
import type { Hook } from '../../electron/shared/config';

const BACKREST = path.join(ROOT, 'test/fixtures/backrest/config.json');

function env(home: string) {
  return { env: { HOOKGATE_HOME: home } };
}

async function hg(home: string, args: string[], input?: string) {
  return runCli(['hooks', ...args], { ...env(home), input });
}

async function listJson(home: string): Promise<Hook[]> {
  const r = await hg(home, ['list', '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Hook[];
}

function scriptFile(dir: string, text: string): string {
  const f = path.join(dir, `script-${Math.random().toString(36).slice(2)}.sh`);
  fs.writeFileSync(f, text);
  return f;
}

describe('hookgate hooks', () => {
  it('add, list --json, show, edit, disable/enable, move and remove — by id and by name', async () => {
    const home = tempHome();
    const battery = scriptFile(home, '#!/bin/sh\npct=$(cat /sys/class/power_supply/BAT0/capacity)\n[ "$pct" -ge 40 ] || { echo "Battery at $pct%"; exit 1; }\n');
    const add = await hg(home, [
      'add', '--name', 'Battery', '--condition', 'snapshot-start', '--condition', 'CONDITION_PRUNE_START', '--on-error', 'cancel',
      '--timeout', '90s', '--script', battery, '--plan', 'docs*', '--repo', 'usb', '--warn-exit-code', '3', '--env', 'MIN=40', '--env', 'X=a=b',
      '--cwd', '/tmp', '--guard',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const id = add.stdout.trim();
    expect(id).toMatch(/^battery-[a-z0-9]{4}$/);

    const net = await hg(home, ['add', '--name', 'Network up', '--condition', 'snapshot-start', '--timeout', '2m', '--script', '-', '--disabled'], 'ping -c1 -W1 1.1.1.1\n');
    expect(net.code).toBe(0);
    const netId = net.stdout.trim();

    let hooks = await listJson(home);
    expect(hooks).toEqual([
      {
        id, name: 'Battery', enabled: true, conditions: ['CONDITION_SNAPSHOT_START', 'CONDITION_PRUNE_START'], scope: { plans: ['docs*'], repos: ['usb'] },
        script: fs.readFileSync(battery, 'utf8'), onError: 'ON_ERROR_CANCEL', timeoutSec: 90, warnExitCodes: [3], env: { MIN: '40', X: 'a=b' }, cwd: '/tmp', guard: true, alsoAfterSkip: false,
      },
      {
        id: netId, name: 'Network up', enabled: false, conditions: ['CONDITION_SNAPSHOT_START'], scope: { plans: [], repos: [] },
        script: 'ping -c1 -W1 1.1.1.1\n', onError: 'ON_ERROR_IGNORE', timeoutSec: 120, warnExitCodes: [], env: {}, cwd: null, guard: false, alsoAfterSkip: false,
      },
    ]);

    const table = await hg(home, ['list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^#\s+ID\s+NAME\s+ENABLED\s+CONDITIONS\s+ON ERROR\s+TIMEOUT\s+SCOPE$/);
    expect(table.stdout).toMatch(new RegExp(`1\\s+${id}\\s+Battery\\s+yes\\s+snapshot-start,prune-start\\s+cancel\\s+1m30s\\s+plans docs\\*; repos usb`));
    expect(table.stdout).toMatch(new RegExp(`2\\s+${netId}\\s+Network up\\s+no\\s+snapshot-start\\s+ignore\\s+2m\\s+all`));

    const showByName = await hg(home, ['show', 'battery']);
    expect(showByName.code).toBe(0);
    expect(showByName.stdout).toContain(`id:           ${id}`);
    expect(showByName.stdout).toContain('on error:     ON_ERROR_CANCEL (skip the operation quietly and stop later hooks)');
    expect(showByName.stdout.endsWith(`script:\n${fs.readFileSync(battery, 'utf8')}`)).toBe(true);
    expect(JSON.parse((await hg(home, ['show', id, '--json'])).stdout)).toEqual(hooks[0]);

    const edit = await hg(home, ['edit', 'Network up', '--on-error', 'ON_ERROR_RETRY_1MINUTE', '--timeout', '15', '--plan', 'photos', '--env', 'A=1']);
    expect(edit.code).toBe(0);
    expect(edit.stdout).toBe(`changed hook "Network up" (${netId})\n`);
    hooks = await listJson(home);
    expect(hooks[1]).toMatchObject({ onError: 'ON_ERROR_RETRY_1MINUTE', timeoutSec: 15, scope: { plans: ['photos'], repos: [] }, env: { A: '1' }, script: 'ping -c1 -W1 1.1.1.1\n' });

    expect((await hg(home, ['enable', netId])).stdout).toBe(`enabled hook "Network up" (${netId})\n`);
    expect((await hg(home, ['disable', 'BATTERY'])).stdout).toBe(`disabled hook "Battery" (${id})\n`);
    expect((await listJson(home)).map((h) => h.enabled)).toEqual([false, true]);

    expect((await hg(home, ['move', 'Network up', '1'])).code).toBe(0);
    expect((await listJson(home)).map((h) => h.id)).toEqual([netId, id]);

    expect((await hg(home, ['remove', id])).stdout).toBe(`removed hook "Battery" (${id})\n`);
    expect((await listJson(home)).map((h) => h.id)).toEqual([netId]);

    const config = path.join(home, 'config.json');
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
  });

  it('every bad input is a one-line error naming the flag or value, exit 2, and the saved config does not change', async () => {
    const home = tempHome();
    const s = scriptFile(home, 'exit 0\n');
    expect((await hg(home, ['add', '--name', 'a', '--condition', 'snapshot-start', '--script', s])).code).toBe(0);
    const config = path.join(home, 'config.json');
    const before = fs.readFileSync(config, 'utf8');
    const cases: [string[], RegExp][] = [
      [['add', '--name', 'b', '--condition', 'snapshot-begin', '--script', s], /--condition: unknown condition "snapshot-begin"/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--on-error', 'explode', '--script', s], /--on-error: unknown behaviour "explode" \(one of ignore, cancel, fatal, retry-1minute/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--timeout', 'soon', '--script', s], /invalid --timeout "soon": use e\.g\. 90s, 2m/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--timeout', '0', '--script', s], /--timeout: must be longer than 0/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--env', 'NOEQUALS', '--script', s], /--env: "NOEQUALS" has no "="/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--env', '1X=y', '--script', s], /--env: "1X" is not a valid environment variable name/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--warn-exit-code', '300', '--script', s], /--warn-exit-code: 300 is outside 1–255/],
      [['add', '--name', 'b', '--condition', 'snapshot-start'], /missing --script FILE \(or - for stdin\)/],
      [['add', '--condition', 'snapshot-start', '--script', s], /missing --name/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--script', path.join(home, 'nope.sh')], /--script: cannot read ".*nope\.sh": no such file/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--script', s, '--colour', 'red'], /unknown flag --colour/],
      [['add', '--name', 'b', '--condition', 'snapshot-start', '--script', s, '--enabled', '--disabled'], /--enabled and --disabled contradict/],
      [['add', '--id', 'a/b', '--name', 'b', '--condition', 'snapshot-start', '--script', s], /hook "b": id: "a\/b" must be 1–64 letters/],
      [['edit', 'nobody', '--timeout', '5'], /no hook with the id or name "nobody"/],
      [['edit', 'a'], /nothing to change/],
      [['show', 'nobody'], /no hook with the id or name "nobody"/],
      [['remove', 'nobody'], /no hook with the id or name "nobody"/],
      [['move', 'a', '9'], /cannot move hook "a" to position 9: there is 1 hook/],
      [['move', 'a', 'first'], /POSITION: "first" is not a whole number/],
      [['frobnicate'], /unknown subcommand "frobnicate"/],
    ];
    const results = await Promise.all(cases.map(([args]) => hg(home, args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(fs.readFileSync(config, 'utf8')).toBe(before);
  });

  it('with a broken config: every verb says so on stderr once; listing never overwrites it; a change moves it aside first', async () => {
    const home = tempHome();
    const config = path.join(home, 'config.json');
    const original = JSON.stringify({ hooks: [
      { id: 'ok', name: 'Ok', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' },
      { id: 'bad', name: 'Bad', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0', onError: 'ON_ERROR_NOPE' },
    ] }, null, 2);
    fs.writeFileSync(config, original);

    const list = await hg(home, ['list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Hook[]).map((h) => h.id)).toEqual(['ok']);
    expect(list.stderr).toBe(`hookgate: config: ${config}: hooks[1].onError: invalid value "ON_ERROR_NOPE" (expected one of ON_ERROR_IGNORE, ON_ERROR_CANCEL, ON_ERROR_FATAL, ON_ERROR_RETRY_1MINUTE, ON_ERROR_RETRY_10MINUTES, ON_ERROR_RETRY_EXPONENTIAL_BACKOFF) — hook "Bad" (hooks[1]) is invalid: the gates it would run in fail until the file is fixed; the file is kept as is\n`);
    expect((await hg(home, ['show', 'ok'])).stderr).toContain('hooks[1].onError');
    expect(fs.readFileSync(config, 'utf8')).toBe(original);

    const add = await hg(home, ['add', '--name', 'new', '--condition', 'snapshot-end', '--script', '-'], 'echo done\n');
    expect(add.code).toBe(0);
    const aside = fs.readdirSync(home).filter((n) => n.startsWith('config.json.invalid-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, aside[0]!), 'utf8')).toBe(original);
    expect(add.stderr.split('\n').filter((l) => l.includes('hooks[1].onError'))).toHaveLength(1);
    expect(add.stderr).toContain(`it was moved aside to ${path.join(home, aside[0]!)} before saving`);
    expect((await listJson(home)).map((h) => h.id)).toEqual(['ok', add.stdout.trim()]);
    expect((await hg(home, ['list'])).stderr).toBe('');
  });

  it('invalid JSON with no good copy: list says where and that no config is in force (every backup fails), and the file is kept byte for byte', async () => {
    const home = tempHome();
    const config = path.join(home, 'config.json');
    fs.writeFileSync(config, '{"hooks": [}');
    const r = await hg(home, ['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^config in force: none — ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used and there is no good copy: every backup fails until it is fixed\nno hooks yet`));
    expect(r.stderr).toBe(`hookgate: config: ${config}: not valid JSON: unexpected "}" at line 1, column 12 — the file is kept as is; there is no good copy of it, so every backup fails until it is fixed (HOOKGATE_BROKEN_CONFIG=proceed lets backups through)\n`);
    expect(fs.readFileSync(config, 'utf8')).toBe('{"hooks": [}');
  });

  it('import-backrest: imports command hooks, says what it skipped and why; --dry-run saves nothing; a second import adds nothing', async () => {
    const home = tempHome();
    const dry = await hg(home, ['import-backrest', BACKREST, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would import 6 hooks from /);
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);

    const r = await hg(home, ['import-backrest', BACKREST]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported 6 hooks from .*config\.json:\n/);
    expect(r.stdout).toMatch(/\n {2}repo-b2-offsite-snapshot-start-prune-sta-[a-z0-9]{4} {2}repo-b2-offsite-snapshot-start-prune-start-check-start {2}\(on error: cancel\)\n/);
    expect(r.stdout).toContain('skipped 3:\n');
    expect(r.stdout).toContain('  repos[0].hooks[1] (repo "b2-offsite"): a Discord message (actionDiscord), not a command hook; Hookgate runs command hooks only');
    expect(r.stdout).toContain('  plans[0].hooks[2] (plan "documents"): a Healthchecks ping (actionHealthchecks), not a command hook');
    const hooks = await listJson(home);
    expect(hooks.map((h) => [h.name, h.onError, h.scope])).toEqual([
      ['repo-b2-offsite-snapshot-start-prune-start-check-start', 'ON_ERROR_CANCEL', { plans: [], repos: ['b2-offsite'] }],
      ['repo-usb-disk-snapshot-start-forget-start', 'ON_ERROR_RETRY_1MINUTE', { plans: [], repos: ['usb-disk'] }],
      ['plan-documents-snapshot-start', 'ON_ERROR_CANCEL', { plans: ['documents'], repos: [] }],
      ['plan-documents-snapshot-end', 'ON_ERROR_IGNORE', { plans: ['documents'], repos: [] }],
      ['plan-photos-snapshot-start', 'ON_ERROR_FATAL', { plans: ['photos'], repos: [] }],
      ['plan-photos-snapshot-start-2', 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF', { plans: ['photos'], repos: [] }],
    ]);

    const again = await hg(home, ['import-backrest', BACKREST]);
    expect(again.stdout).toMatch(/^imported 0 hooks from /);
    expect(again.stdout).toContain('already imported as hook "plan-documents-snapshot-start"');
    expect(await listJson(home)).toHaveLength(6);

    const notJson = scriptFile(home, 'hooks: []');
    const bad = await hg(home, ['import-backrest', notJson]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not valid JSON/);
  });

  it('an unknown field nested 5,000 deep: hooks add is one line naming the file and the field, exit 1, the file unchanged (no stack overflow)', async () => {
    const home = tempHome();
    let deep = '0';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const text = `{"version":1,"hooks":[],"future":${deep}}\n`;
    fs.writeFileSync(path.join(home, 'config.json'), text);
    const r = await hg(home, ['add', '--name', 'x', '--condition', 'snapshot-start', '--script', scriptFile(home, 'exit 0\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`hookgate hooks add: ${path.join(home, 'config.json')}: future.a.a.a.a… is nested more than 64 levels deep; Hookgate keeps fields it does not know when it saves, but not that deep — flatten or remove it in the file (it is unchanged)\n`);
    expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).toBe(text);
  });

  it('parallel adds from separate processes all land (the lock and the re-read under it)', async () => {
    const home = tempHome();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => hg(home, ['add', '--name', `hook ${i}`, '--condition', 'snapshot-start', '--script', '-'], `echo ${i}\n`)),
    );
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    const hooks = await listJson(home);
    expect(hooks.map((h) => h.name).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `hook ${i}`).sort());
    expect(hooks.map((h) => h.id).sort()).toEqual(results.map((r) => r.stdout.trim()).sort());
  });

  it('hookgate hooks --help lists the subcommands and the flags', async () => {
    const r = await hg(tempHome(), ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('import-backrest FILE [--dry-run]');
    expect(r.stdout).toContain('--warn-exit-code N');
  });
});
