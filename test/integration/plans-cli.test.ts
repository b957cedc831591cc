// Issue "Plans": `hookgate plans`, `plans show`, `plans set` with the real CLI binary — on the
// files when no host runs, and through a daemon (which then is the config's one writer).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanSummary } from '../../electron/shared/plans';
import { runCli, tempHome } from '../helpers/cli';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

async function ok(args: string[], env: Record<string, string>): Promise<string> {
  const r = await runCli(args, { env });
  expect(r.stderr, `${args.join(' ')}: ${r.stderr}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('hookgate plans', () => {
  it('lists, shows and sets plans without a host', async () => {
    const env = { HOOKGATE_HOME: tempHome('hookgate-plans-cli-'), HOOKGATE_NO_HOST: '1' };
    writeHooks(env.HOOKGATE_HOME, [{ id: 'battery', name: 'Battery above 40 %', conditions: ['CONDITION_SNAPSHOT_START'], scope: { plans: ['n*'], repos: [] } }]);
    expect(await ok(['plans'], env)).toMatch(/^no backups known yet/);
    await ok(['signal', 'snapshot-start', '--plan', 'nas', '--quiet'], env);
    await ok(['signal', 'snapshot-end', '--plan', 'nas', '--snapshot-id', '4f2a9c3e1b7d', '--quiet'], env);
    await ok(['signal', 'snapshot-start', '--plan', 'usb', '--quiet'], env);
    await ok(['signal', 'snapshot-skipped', '--plan', 'usb', '--quiet'], env).catch(() => {});

    const table = await ok(['plans'], env);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PLAN\s+STATUS\s+LAST SUCCESS\s+NEXT RUN\s+REASON$/);
    expect(lines.find((l) => l.startsWith('nas '))).toMatch(/^nas\s+Backed up\s+\d+ s ago\s+-\s+backup succeeded \d+ s ago$/);
    // Not a terminal: no colour codes.
    expect(table).not.toContain('\x1b[');

    const set = await ok(['plans', 'set', 'nas', '--name', 'Laptop to NAS', '--stale-after', '2d', '--max-duration', '4h', '--healthchecks', 'https://hc-ping.com/0f3c'], env);
    expect(set).toMatch(/^added plan Laptop to NAS \(nas\) in .*config\.json; no host runs: name "Laptop to NAS", stale after 2 days without a success, a run may take 4 h, pings https:\/\/hc-ping\.com\/0f3c\n$/);
    const shown = await ok(['plans', 'show', 'laptop to nas'], env);
    expect(shown).toMatch(/^plan:\s+Laptop to NAS \(nas\)$/m);
    expect(shown).toMatch(/^status:\s+Backed up — backup succeeded/m);
    expect(shown).toMatch(/^last success:\s+.*snapshot 4f2a9c3e1b7d$/m);
    expect(shown).toMatch(/^stale after:\s+2 days without a success$/m);
    expect(shown).toMatch(/^max duration:\s+4 h$/m);
    expect(shown).toMatch(/^hooks:\s+Battery above 40 %$/m);
    const json = JSON.parse(await ok(['plans', '--json'], env)) as PlanSummary[];
    expect(json.map((p) => [p.plan.id, p.plan.name, p.status])).toEqual([
      ['nas', 'Laptop to NAS', 'backed-up'],
      ['usb', 'usb', 'skipped'],
    ]);
    expect(json[0]!.plan).toMatchObject({ staleAfterSec: 172_800, maxDurationSec: 14_400, healthchecksUrl: 'https://hc-ping.com/0f3c' });
    await ok(['plans', 'set', 'nas', '--stale-after', 'off', '--healthchecks', 'off'], env);
    expect((JSON.parse(await ok(['plans', 'show', 'nas', '--json'], env)) as PlanSummary).plan).toMatchObject({ staleAfterSec: null, healthchecksUrl: null });
  }, 180_000);

  it('says what is wrong, in one line, and changes nothing', async () => {
    const env = { HOOKGATE_HOME: tempHome('hookgate-plans-cli-'), HOOKGATE_NO_HOST: '1' };
    await ok(['signal', 'snapshot-start', '--plan', 'nas', '--quiet'], env);
    const configFile = path.join(env.HOOKGATE_HOME, 'config.json');
    const before = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : null;
    const cases: [string[], number, RegExp][] = [
      [['plans', 'show', 'nope'], 1, /^hookgate plans show: no plan with the id or name "nope" \(1 plan: see "hookgate plans"\)\n$/],
      [['plans', 'set', 'nas', '--stale-after', '3x'], 2, /^hookgate plans set: --stale-after: "3x" is not a duration \(e\.g\. 2d, 36h, 90m, 1w, or off\)\n$/],
      [['plans', 'set', 'nas', '--max-duration', '30s'], 2, /--max-duration: 30s is shorter than a minute/],
      [['plans', 'set', 'nas', '--tool', 'tar'], 2, /--tool: "tar" is not one of borgmatic, restic/],
      [['plans', 'set', 'nas'], 2, /nothing to change/],
      [['plans', 'set', 'nas', '--healthchecks', 'ftp://x'], 1, /must be an http:\/\/ or https:\/\/ URL/],
      [['plans', 'frobnicate'], 2, /unknown verb "frobnicate"/],
    ];
    for (const [args, code, re] of cases) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : null).toBe(before);
  }, 180_000);

  it('exports to a Prometheus textfile folder; each CLI signal without a host rewrites it', async () => {
    const env = { HOOKGATE_HOME: tempHome('hookgate-plans-cli-'), HOOKGATE_NO_HOST: '1' };
    const dir = fs.mkdtempSync(path.join(env.HOOKGATE_HOME, 'textfile-'));
    expect(await ok(['plans', 'export', '--prometheus', dir], env)).toBe(`exporting plans to ${dir}/hookgate.prom in ${env.HOOKGATE_HOME}/config.json; no host runs; it is rewritten whenever a plan changes\n`);
    expect(fs.readFileSync(path.join(dir, 'hookgate.prom'), 'utf8')).not.toContain('plan="nas"');
    await ok(['signal', 'snapshot-start', '--plan', 'nas', '--quiet'], env);
    expect(fs.readFileSync(path.join(dir, 'hookgate.prom'), 'utf8')).toMatch(/^hookgate_plan_status\{plan="nas",status="running"\} 1$/m);
    const bad = await runCli(['plans', 'export', '--prometheus', path.join(dir, 'nope')], { env });
    expect([bad.code, bad.stderr]).toEqual([1, `hookgate plans export: cannot export to ${dir}/nope: no such folder\n`]);
    expect(await ok(['plans', 'export', '--prometheus', 'off'], env)).toMatch(/^Prometheus export stopped in /);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('goes through a running host', async () => {
    const env = hostEnv();
    const d = await startDaemon(env);
    await ok(['signal', 'snapshot-start', '--plan', 'nas', '--quiet'], { ...env });
    const set = await ok(['plans', 'set', 'nas', '--stale-after', '36h'], { ...env });
    expect(set).toBe(`added plan nas by the host (pid ${d.pid}): stale after 36 h without a success\n`);
    expect(await ok(['plans'], { ...env })).toMatch(/^nas\s+Running\s+never\s+-\s+backup running for/m);
    const missing = await runCli(['plans', 'show', 'nope'], { env: { ...env } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no plan with the id or name "nope"/);
  }, 120_000);
});
