// Issue "Plans": plans.list / plans.get / plans.set on a real EngineHost over a temp HOOKGATE_HOME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../../electron/core/host/engineHost';
import { hookgatePaths } from '../../../electron/core/paths';
import { SystemFactsProvider } from '../../../electron/core/system';
import type { PlanSummary } from '../../../electron/shared/plans';

let home: string;
let host: EngineHost;
const ctx = { client: 'test' };

async function open(): Promise<EngineHost> {
  const facts = new SystemFactsProvider({ sources: [], logger: () => {} });
  return EngineHost.open({ paths: hookgatePaths(home), version: 'test', facts });
}

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-plans-api-'));
});

afterEach(async () => {
  await host?.stop(100);
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the plans API', () => {
  it('a signal for an unknown plan makes it a plan (tool "other") without rewriting config.json; settings set on it are kept there', async () => {
    host = await open();
    expect(await host.call('plans.list', {}, ctx)).toEqual({ plans: [], problems: [] });
    const before = fs.existsSync(path.join(home, 'config.json')) ? fs.readFileSync(path.join(home, 'config.json')) : null;
    await host.call('signal', { condition: 'snapshot-start', plan: 'nas' }, ctx);
    await host.call('signal', { condition: 'snapshot-end', plan: 'nas', status: 'success', snapshotId: 'abc' }, ctx);
    // The user's file is theirs: a signal records into the history, not into config.json.
    expect(fs.existsSync(path.join(home, 'config.json')) ? fs.readFileSync(path.join(home, 'config.json')) : null).toEqual(before);
    const list = (await host.call('plans.list', {}, ctx)) as { plans: PlanSummary[] };
    expect(list.plans).toHaveLength(1);
    expect(list.plans[0]).toMatchObject({ plan: { id: 'nas', name: 'nas', tool: 'other', maxDurationSec: 6 * 3600, origin: 'signal' }, status: 'backed-up', lastSuccess: { snapshotId: 'abc' }, operations: 1 });

    const set = await host.call('plans.set', { id: 'nas', patch: { name: 'Laptop to NAS', staleAfterSec: 2 * 86_400, maxDurationSec: 4 * 3600 } }, ctx);
    expect(set).toMatchObject({ plan: { id: 'nas', name: 'Laptop to NAS', staleAfterSec: 172_800, maxDurationSec: 14_400 } });
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as { plans: { id: string; name: string }[] };
    expect(saved.plans.map((p) => [p.id, p.name])).toEqual([['nas', 'Laptop to NAS']]);
    // By display name too, ignoring case.
    expect(await host.call('plans.get', { id: 'laptop to nas' }, ctx)).toMatchObject({ plan: { id: 'nas' }, status: 'backed-up' });
    expect(await host.call('plans.set', { id: 'Laptop to NAS', patch: { staleAfterSec: null } }, ctx)).toMatchObject({ created: false, plan: { staleAfterSec: null } });
  });

  it('says what was wrong: an unknown plan, a bad setting', async () => {
    host = await open();
    await expect(host.call('plans.get', { id: 'nope' }, ctx)).rejects.toThrow(/no plan with the id or name "nope" \(no backup has been connected or reported yet\)/);
    await expect(host.call('plans.set', { id: 'nas', patch: { maxDurationSec: 0 } }, ctx)).rejects.toThrow(/maxDurationSec/);
    await expect(host.call('plans.set', { id: 'nas', patch: { healthchecksUrl: 'file:///etc/passwd' } }, ctx)).rejects.toThrow(/http:\/\/ or https:\/\//);
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);
  });

  it('a broken plan in the file is left out with a problem; the hooks stay in force', async () => {
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ version: 1, hooks: [{ id: 'h', name: 'h', conditions: ['CONDITION_SNAPSHOT_START'], script: 'true' }], plans: [{ id: 'nas', name: 'NAS', maxDurationSec: 'long' }, { id: 'usb', name: 'USB disk' }] }),
    );
    host = await open();
    const list = (await host.call('plans.list', {}, ctx)) as { plans: PlanSummary[]; problems: string[] };
    expect(list.plans.map((p) => p.plan.id)).toEqual(['usb']);
    expect(list.problems.join('\n')).toMatch(/plans\[0\]\.maxDurationSec.*plan "NAS" \(plans\[0\]\) is left out until the file is fixed/);
    expect(((await host.call('hooks.list', {}, ctx)) as { hooks: unknown[] }).hooks).toHaveLength(1);
  });
});
