// Issue "The CLI tells the truth", item 2 (one rule for a broken config.json, host and CLI alike)
// and "Containment" item 6 (a BOM is accepted and kept). The real CLI, no host.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

const env = (home: string) => ({ HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' });
const skipper = { id: 'battery', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START' as const], onError: 'ON_ERROR_CANCEL' as const, script: 'echo "battery at 15 %"; exit 1' };

describe('a broken config.json', () => {
  it('with no good copy, a gate fails with the problem (not proceed with no hooks); HOOKGATE_BROKEN_CONFIG=proceed lets it through', async () => {
    const home = tempHome();
    fs.writeFileSync(path.join(home, 'config.json'), '{ "hooks": [,, ] }');
    const r = await runCli(['signal', 'snapshot-start'], { env: env(home) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/hookgate: fail — .*config\.json: not valid JSON.*every backup fails until it is fixed/);
    const through = await runCli(['signal', 'snapshot-start'], { env: { ...env(home), HOOKGATE_BROKEN_CONFIG: 'proceed' } });
    expect(through.code).toBe(0);
  });

  it('after a good load, a typo leaves the last good config in force for the CLI too; hooks list says so; hooks add refuses', async () => {
    const home = tempHome();
    writeHooks(home, [skipper]);
    const file = path.join(home, 'config.json');
    expect((await runCli(['hooks', 'list'], { env: env(home) })).code).toBe(0); // a good load keeps a copy
    expect(fs.existsSync(`${file}.last-good`)).toBe(true);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"hooks": [', '"hooks": [,,'));
    const r = await runCli(['signal', 'snapshot-start'], { env: env(home) });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(r.stdout).toContain('battery at 15 %');
    expect(r.stderr.match(/not valid JSON/g)).toHaveLength(1); // said once
    const list = await runCli(['hooks', 'list'], { env: env(home) });
    expect(list.stdout).toContain(`config in force: the last good copy, ${file}.last-good`);
    const broken = fs.readFileSync(file, 'utf8');
    const add = await runCli(['hooks', 'add', '--name', 'x', '--condition', 'snapshot-start', '--script', '-'], { env: env(home), input: 'true' });
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/not changing it, so that none of your hooks are lost: fix the file .* or give --replace-broken/);
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    const replace = await runCli(['hooks', 'add', '--name', 'x', '--condition', 'snapshot-start', '--script', '-', '--replace-broken'], { env: env(home), input: 'true' });
    expect(replace.code, replace.stderr).toBe(0);
    const names = JSON.parse((await runCli(['hooks', 'list', '--json'], { env: env(home) })).stdout).map((h: { name: string }) => h.name);
    expect(names).toEqual(['battery', 'x']);
  });

  it('an invalid hook inside a valid file fails the gates it would have run in, not others', async () => {
    const home = tempHome();
    writeHooks(home, [{ id: 'ok', conditions: ['CONDITION_PRUNE_START'], script: 'true' }]);
    const file = path.join(home, 'config.json');
    const cfg = JSON.parse(fs.readFileSync(file, 'utf8'));
    cfg.hooks.push({ id: 'typo', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 1', onError: 'ON_ERROR_CANCLE' });
    fs.writeFileSync(file, JSON.stringify(cfg));
    const r = await runCli(['signal', 'snapshot-start'], { env: env(home) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/hookgate: fail — .*hook "battery" \(hooks\[1\]\) is invalid/);
    expect((await runCli(['signal', 'prune-start'], { env: env(home) })).code).toBe(0);
  });

  it('a UTF-8 BOM is accepted, and kept when the CLI saves', async () => {
    const home = tempHome();
    writeHooks(home, [skipper]);
    const file = path.join(home, 'config.json');
    fs.writeFileSync(file, '\ufeff' + fs.readFileSync(file, 'utf8'));
    const r = await runCli(['signal', 'snapshot-start'], { env: env(home) });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(r.stderr).toBe('');
    expect((await runCli(['hooks', 'disable', 'battery'], { env: env(home) })).code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(JSON.parse(text.slice(1)).hooks[0].enabled).toBe(false);
  });
});
