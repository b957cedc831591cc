import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore, addHook, editHook, writeFileAtomic } from '../../../electron/core/config';
import { hookgatePaths, type HookgatePaths } from '../../../electron/core/paths';
import { tempHome } from '../../helpers/cli';
import { bundleChild, runChild, waitForLine } from './childProcess';

function setup(content?: string): HookgatePaths {
  const paths = hookgatePaths(tempHome());
  if (content !== undefined) fs.writeFileSync(paths.config, content);
  return paths;
}

const HOOK = { id: 'battery', name: 'Battery', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' };
const newHook = (name: string) => ({ name, conditions: ['CONDITION_SNAPSHOT_END'], script: 'echo done' });

function modeOf(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

function asideFiles(paths: HookgatePaths): string[] {
  return fs.readdirSync(paths.home).filter((n) => n.startsWith('config.json.invalid-'));
}

let child: string;
beforeAll(async () => {
  child = await bundleChild(path.join(import.meta.dirname, 'configChild.ts'));
});

describe('ConfigStore.load', () => {
  it('a missing file is an empty config without problems, and nothing is created', async () => {
    const paths = setup();
    const store = await ConfigStore.load(paths);
    expect(store.hooks()).toEqual([]);
    expect(store.problems).toEqual([]);
    expect(fs.existsSync(paths.config)).toBe(false);
  });

  it('never throws for bad content; an invalid JSON file is left byte for byte as it was', async () => {
    const broken = '{ "hooks": [ { "id": "a", ] }';
    const paths = setup(broken);
    const store = await ConfigStore.load(paths);
    expect(store.hooks()).toEqual([]);
    expect(store.problems.join('\n')).toMatch(/config\.json: not valid JSON/);
    await store.reload();
    expect(fs.readFileSync(paths.config, 'utf8')).toBe(broken);
  });

  it('an unreadable path (a folder) is a problem, not a crash', async () => {
    const paths = setup();
    fs.mkdirSync(paths.config);
    const store = await ConfigStore.load(paths);
    expect(store.problems[0]).toMatch(/cannot be read \(EISDIR\)/);
  });
});

describe('ConfigStore.reload: a file that breaks while the process runs', () => {
  const good = (hooks: object[]) => JSON.stringify({ hooks }, null, 2);

  it('keeps the config loaded before in force, says so, and takes the file again once it is fixed', async () => {
    const paths = setup(good([HOOK]));
    const store = await ConfigStore.load(paths);
    expect(store.hooks().map((h) => h.id)).toEqual(['battery']);
    const broken = good([HOOK, { ...HOOK, id: 'wifi' }]).replace('"wifi"', '"wifi",,');
    fs.writeFileSync(paths.config, broken);
    await store.reload();
    expect(store.hooks().map((h) => h.id)).toEqual(['battery']);
    expect(store.problems).toEqual([expect.stringMatching(/config\.json: not valid JSON: .* line \d+, column \d+ — the file is kept as is; the last good config stays in force until it is fixed \(.*config\.json\.last-good\)$/)]);
    expect(store.inForce).toBe('last-good');
    expect(store.broken).toBeNull();
    expect(fs.readFileSync(paths.config, 'utf8')).toBe(broken);
    fs.writeFileSync(paths.config, good([HOOK, { ...HOOK, id: 'wifi' }]));
    await store.reload();
    expect(store.hooks().map((h) => h.id)).toEqual(['battery', 'wifi']);
    expect(store.problems).toEqual([]);
    expect(store.inForce).toBe('file');
  });

  it('another process (the CLI) started after the break takes the last good copy beside the file', async () => {
    const paths = setup(good([HOOK]));
    await ConfigStore.load(paths); // a clean load writes the copy
    expect(JSON.parse(fs.readFileSync(`${paths.config}.last-good`, 'utf8')).hooks.map((h: { id: string }) => h.id)).toEqual(['battery']);
    fs.writeFileSync(paths.config, '{ "hooks": [,, ] }');
    const later = await ConfigStore.load(paths);
    expect(later.inForce).toBe('last-good');
    expect(later.lastGoodFile).toBe(`${paths.config}.last-good`);
    expect(later.hooks().map((h) => h.id)).toEqual(['battery']);
    expect(later.broken).toBeNull();
    expect(later.problems).toEqual([expect.stringMatching(/not valid JSON.*the last good config stays in force/)]);
  });

  it('a config with an invalid hook that stays in force after a break keeps failing that hook\'s gates', async () => {
    const paths = setup(good([HOOK, { ...HOOK, id: 'wifi', name: 'Wifi', onError: 'ON_ERROR_NOPE' }]));
    const store = await ConfigStore.load(paths);
    expect(store.invalidHooks.map((h) => [h.name, h.conditions])).toEqual([['Wifi', ['CONDITION_SNAPSHOT_START']]]);
    expect(fs.existsSync(`${paths.config}.last-good`)).toBe(false); // only a clean file is a good copy
    fs.writeFileSync(paths.config, '{ "hooks": [ oops');
    await store.reload();
    expect(store.inForce).toBe('last-good');
    expect(store.hooks().map((h) => h.id)).toEqual(['battery']);
    expect(store.invalidHooks.map((h) => h.name)).toEqual(['Wifi']);
  });

  it('a removed file is a fresh start, not a broken one; a file broken from the start, with no good copy, puts no config in force (gates fail)', async () => {
    const paths = setup(good([HOOK]));
    const store = await ConfigStore.load(paths);
    fs.rmSync(paths.config);
    await store.reload();
    expect(store.hooks()).toEqual([]);
    expect(store.problems).toEqual([]);
    expect(store.inForce).toBe('file');
    expect(store.broken).toBeNull();
    const fresh = await ConfigStore.load(setup('{ "hooks": ['));
    expect(fresh.hooks()).toEqual([]);
    expect(fresh.inForce).toBe('none');
    expect(fresh.problems[0]).toMatch(/there is no good copy of it, so every backup fails until it is fixed \(HOOKGATE_BROKEN_CONFIG=proceed lets backups through\)$/);
    expect(fresh.broken).toBe(fresh.problems[0]);
  });

  it('a change over a broken file is refused when asked (the CLI), naming the way out; the file is untouched', async () => {
    const paths = setup(good([HOOK]));
    await ConfigStore.load(paths);
    fs.writeFileSync(paths.config, '{ "hooks": [ oops');
    const store = await ConfigStore.load(paths);
    await expect(store.update((c) => addHook(c, newHook('x')), { refuseBroken: true })).rejects.toThrow(
      /not valid JSON.*not changing it, so that none of your hooks are lost: fix the file \(the last good config, .*config\.json\.last-good, is in force meanwhile\), or give --replace-broken to move it aside and start from the last good config/,
    );
    expect(fs.readFileSync(paths.config, 'utf8')).toBe('{ "hooks": [ oops');
    expect(asideFiles(paths)).toEqual([]);
  });

  it('a change saved over a file that broke applies to the config in force; the broken file is moved aside', async () => {
    const paths = setup(good([HOOK]));
    const store = await ConfigStore.load(paths);
    fs.writeFileSync(paths.config, '{ "hooks": [ oops');
    await store.reload();
    await store.update((c) => {
      c.hooks.push({ ...store.hooks()[0]!, id: 'second', name: 'Second' });
    });
    expect(store.hooks().map((h) => h.id)).toEqual(['battery', 'second']);
    expect(JSON.parse(fs.readFileSync(paths.config, 'utf8')).hooks.map((h: { id: string }) => h.id)).toEqual(['battery', 'second']);
    expect(asideFiles(paths)).toHaveLength(1);
    expect(fs.readFileSync(path.join(paths.home, asideFiles(paths)[0]!), 'utf8')).toBe('{ "hooks": [ oops');
  });
});

describe('ConfigStore.update', () => {
  it('writes atomically with mode 0600 in a 0700 folder, and leaves no temp file behind', async () => {
    const paths = hookgatePaths(path.join(tempHome(), 'fresh', 'Hookgate'));
    const store = await ConfigStore.load(paths);
    await store.update((c) => addHook(c, HOOK));
    expect(modeOf(paths.config)).toBe(0o600);
    expect(modeOf(paths.home)).toBe(0o700);
    expect(fs.readdirSync(paths.home).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(paths.config, 'utf8')).hooks[0].id).toBe('battery');
    expect(store.hooks()[0]!.id).toBe('battery');
  });

  it('re-reads the file first, so a change made by another process since load is not lost', async () => {
    const paths = setup();
    const a = await ConfigStore.load(paths);
    const b = await ConfigStore.load(paths);
    await a.update((c) => addHook(c, newHook('from a')));
    await b.update((c) => addHook(c, newHook('from b')));
    expect(b.hooks().map((h) => h.name)).toEqual(['from a', 'from b']);
  });

  it('an invalid result throws a ConfigError naming the file and field, and the file is untouched', async () => {
    const paths = setup(JSON.stringify({ hooks: [HOOK] }));
    const before = fs.readFileSync(paths.config, 'utf8');
    const store = await ConfigStore.load(paths);
    await expect(
      store.update((c) => {
        c.hooks[0]!.timeoutSec = -1;
      }),
    ).rejects.toThrow(`${paths.config}: hooks[0].timeoutSec: must be greater than 0 (got -1)`);
    expect(fs.readFileSync(paths.config, 'utf8')).toBe(before);
    expect(store.hooks()[0]!.timeoutSec).toBe(120);
  });

  it('keeps unknown future fields when it rewrites the file', async () => {
    const paths = setup(JSON.stringify({ futureTop: [1, 2], hooks: [{ ...HOOK, futureField: { x: 1 } }], settings: { futureSetting: 'y' } }));
    const store = await ConfigStore.load(paths);
    await store.update((c) => editHook(c, 'battery', { name: 'Battery 40' }));
    const written = JSON.parse(fs.readFileSync(paths.config, 'utf8'));
    expect(written.futureTop).toEqual([1, 2]);
    expect(written.hooks[0].futureField).toEqual({ x: 1 });
    expect(written.hooks[0].name).toBe('Battery 40');
    expect(written.settings.futureSetting).toBe('y');
  });

  it('with a schema-invalid hook: the rest works; a save first moves the user\'s file aside and says where', async () => {
    const original = JSON.stringify({ hooks: [HOOK, { ...HOOK, id: 'bad', name: 'Bad', onError: 'ON_ERROR_NOPE' }] }, null, 2);
    const paths = setup(original);
    const store = await ConfigStore.load(paths);
    expect(store.hooks().map((h) => h.id)).toEqual(['battery']);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toContain('hooks[1].onError: invalid value "ON_ERROR_NOPE"');
    expect(fs.readFileSync(paths.config, 'utf8')).toBe(original);

    await store.update((c) => addHook(c, newHook('after')));
    const [aside] = asideFiles(paths);
    expect(aside).toMatch(/^config\.json\.invalid-\d{4}-\d\d-\d\dT/);
    expect(fs.readFileSync(path.join(paths.home, aside!), 'utf8')).toBe(original);
    expect(store.problems.join('\n')).toContain(`it was moved aside to ${path.join(paths.home, aside!)} before saving`);
    expect(JSON.parse(fs.readFileSync(paths.config, 'utf8')).hooks.map((h: { name: string }) => h.name)).toEqual(['Battery', 'after']);
  });

  it('with invalid JSON: a save starts from an empty config, after moving the broken file aside', async () => {
    const paths = setup('not json at all');
    const store = await ConfigStore.load(paths);
    await store.update((c) => addHook(c, newHook('first')));
    expect(asideFiles(paths)).toHaveLength(1);
    expect(fs.readFileSync(path.join(paths.home, asideFiles(paths)[0]!), 'utf8')).toBe('not json at all');
    expect(store.hooks().map((h) => h.name)).toEqual(['first']);
  });

  it('a 10 MB script is refused with the limit in the message; nothing is written', async () => {
    const paths = setup(JSON.stringify({ hooks: [HOOK] }));
    const before = fs.readFileSync(paths.config);
    const store = await ConfigStore.load(paths);
    await expect(store.update((c) => addHook(c, { ...newHook('huge'), script: 'x'.repeat(10 * 1024 * 1024) }))).rejects.toThrow(/script: is larger than 4 MiB \(it is 10\.0 MiB\)/);
    expect(fs.readFileSync(paths.config).equals(before)).toBe(true);
  });

  it('concurrent updates from two processes under the lock all land', async () => {
    const paths = setup();
    const a = runChild(child, ['add-hooks', paths.home, 'a', '25']);
    const b = runChild(child, ['add-hooks', paths.home, 'b', '25']);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.stderr + rb.stderr).toBe('');
    const store = await ConfigStore.load(paths);
    const names = store.hooks().map((h) => h.name);
    expect(names).toHaveLength(50);
    for (let i = 0; i < 25; i++) expect(names).toEqual(expect.arrayContaining([`a-${i}`, `b-${i}`]));
    expect(new Set(store.hooks().map((h) => h.id)).size).toBe(50);
  });
});

describe('writeFileAtomic', () => {
  it('uses a temp file in the same folder and renames it over the target; a failure before the rename changes nothing', async () => {
    const dir = tempHome();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, 'old');
    let seen = '';
    await expect(
      writeFileAtomic(file, 'new content', {
        beforeRename: (tmp) => {
          seen = tmp;
          expect(path.dirname(tmp)).toBe(dir);
          expect(fs.readFileSync(tmp, 'utf8')).toBe('new content');
          expect(modeOf(tmp)).toBe(0o600);
          throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    expect(seen).not.toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });

  it('a writer killed (SIGKILL) at a random moment leaves the old or the new file, never a partial one', async () => {
    const dir = tempHome();
    const file = path.join(dir, 'config.json');
    for (let round = 0; round < 5; round++) {
      const { child: proc, done } = runChild(child, ['write-loop', file]);
      await waitForLine(proc, 'ready');
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      proc.kill('SIGKILL');
      await done;
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { v: string; pad: string };
      expect(['a', 'b']).toContain(parsed.v);
      expect(parsed.pad).toBe(parsed.v.repeat(parsed.v === 'a' ? 4 * 1024 * 1024 : 6 * 1024 * 1024));
    }
  });

  it('temp files left by a killed writer are cleaned up by the next save', async () => {
    const paths = setup(JSON.stringify({ hooks: [] }));
    const stale = path.join(paths.home, 'config.json.tmp-999999-deadbeef');
    fs.writeFileSync(stale, '{"partial": ');
    const store = await ConfigStore.load(paths);
    await store.update((c) => addHook(c, newHook('x')));
    expect(fs.existsSync(stale)).toBe(false);
  });
});
