// `hookgate gallery` for machines without the window: list, show, add with settings, then the added
// hook tried with `hookgate test` and used by a real gate.
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

describe('hookgate gallery', () => {
  it('lists the ready hooks with their settings, and shows one\'s script for another platform', async () => {
    const home = tempHome();
    const env = { HOOKGATE_HOME: home };
    const list = await runCli(['gallery'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^battery +Battery above threshold — Skips the backup on battery power below MIN_PERCENT/m);
    expect(list.stdout).toContain('--set MIN_PERCENT=40');
    const show = await runCli(['gallery', 'show', 'ac', '--platform', 'win32'], { env });
    expect(show.stdout).toContain('#!powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File');
    expect(JSON.parse((await runCli(['gallery', 'list', '--json'], { env })).stdout)).toHaveLength(8);
  });

  it('adds a hook with its settings as env; hookgate test and a real gate then use it', async () => {
    const home = tempHome();
    writeHooks(home, []);
    const env = { HOOKGATE_HOME: home };
    const add = await runCli(['gallery', 'add', 'wifi', '--set', 'ALLOWED_SSIDS=Home,Office', '--name', 'Home Wi-Fi only'], { env });
    expect(add.code, add.stderr).toBe(0);
    const id = add.stdout.trim();
    expect(id).toMatch(/^home-wi-fi-only-\w{4}$/);
    const hook = JSON.parse((await runCli(['hooks', 'show', id, '--json'], { env })).stdout);
    expect(hook).toMatchObject({ name: 'Home Wi-Fi only', env: { ALLOWED_SSIDS: 'Home,Office', ALLOW_NOT_WIFI: '1' }, guard: true });
    const t = await runCli(['test', id, '--simulate', 'ssid=Cafe'], { env });
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('hookgate test: would skip — Wi-Fi "Cafe" is not allowed (allowed: Home,Office)');
  });

  it('names the hook by its short name; adding it twice says the name is taken and suggests --name; every verb takes that name', async () => {
    const home = tempHome();
    writeHooks(home, []);
    const env = { HOOKGATE_HOME: home };
    const first = await runCli(['gallery', 'add', 'battery'], { env });
    expect(first.code, first.stderr).toBe(0);
    const id = first.stdout.trim();
    expect(JSON.parse((await runCli(['hooks', 'show', 'battery', '--json'], { env })).stdout)).toMatchObject({ id, name: 'battery' });

    const again = await runCli(['gallery', 'add', 'battery'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`hookgate gallery: a hook named "battery" already exists (${id}): give this one another name, e.g. hookgate gallery add battery --name battery-2\n`);
    const second = await runCli(['gallery', 'add', 'battery', '--set', 'MIN_PERCENT=20', '--name', 'battery-2'], { env });
    expect(second.code, second.stderr).toBe(0);
    const hooks = JSON.parse((await runCli(['hooks', 'list', '--json'], { env })).stdout) as { hooks?: { name: string }[] } | { name: string }[];
    const names = (Array.isArray(hooks) ? hooks : hooks.hooks!).map((h) => h.name);
    expect(names).toEqual(['battery', 'battery-2']);

    // The name works wherever a hook is asked for.
    for (const argv of [
      ['hooks', 'edit', 'battery-2', '--timeout', '20'],
      ['hooks', 'disable', 'battery-2'],
      ['hooks', 'enable', 'battery-2'],
      ['hooks', 'move', 'battery-2', '1'],
      ['test', 'battery-2', '--simulate', 'battery=50,ac=0'],
    ]) {
      const r = await runCli(argv, { env });
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const render = await runCli(['render', 'battery-2', '--event', 'snapshot-start'], { env });
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toContain('MIN_PERCENT');
    const rename = await runCli(['hooks', 'edit', 'battery-2', '--name', 'Battery'], { env });
    expect(rename.code).not.toBe(0);
    expect(rename.stderr).toContain(`a hook named "battery" already exists (${id}): choose another name`);
    expect((await runCli(['hooks', 'remove', 'battery-2'], { env })).code).toBe(0);
    expect((await runCli(['hooks', 'show', 'battery-2'], { env })).code).not.toBe(0);
  });

  it('a wrong id or setting is one line and exit 2', async () => {
    const env = { HOOKGATE_HOME: tempHome() };
    const r = await runCli(['gallery', 'add', 'battery', '--set', 'MIN_PERCENT=abc'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hookgate gallery: gallery hook "battery": MIN_PERCENT (Minimum battery) must be a whole number 0–100, got "abc"\n');
    const unknown = await runCli(['gallery', 'show', 'coffee'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^hookgate gallery: no gallery hook "coffee"/);
    expect((await runCli(['gallery', 'list', '--platform', 'beos'], { env })).code).toBe(2);
  });
});
