// An unknown field nested thousands deep (hand-written, or from a newer Hookgate) must not overflow the
// stack when Hookgate saves the file: a save is refused with the file and the field, the file unchanged;
// a field within the bound is kept as it was.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigStore } from '../../../electron/core/config';
import { MAX_CONFIG_DEPTH, tooDeepAt } from '../../../electron/core/config/depthLimit';
import { hookgatePaths } from '../../../electron/core/paths';
import { tempHome } from '../../helpers/cli';

function nested(depth: number): string {
  let v = '"bottom"';
  for (let i = 0; i < depth; i++) v = `{"a":${v}}`;
  return v;
}
const HOOK = { id: 'battery', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' };
const newHook = { name: 'later', conditions: ['CONDITION_SNAPSHOT_END'], script: 'echo done' };

describe('config nesting depth', () => {
  it('a save over an unknown field nested 5,000 deep is refused naming the file and the field; the file is unchanged', async () => {
    const paths = hookgatePaths(tempHome());
    const text = `{"version":1,"hooks":[${JSON.stringify(HOOK)}],"future":${nested(5000)}}\n`;
    fs.writeFileSync(paths.config, text);
    const store = await ConfigStore.load(paths);
    expect(store.hooks().map((h) => h.name)).toEqual(['battery']);
    const err = await store.update((c) => ({ ...c, hooks: [...c.hooks, { ...newHook, id: 'later' } as never] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      `${paths.config}: future.a.a.a.a… is nested more than ${MAX_CONFIG_DEPTH} levels deep; Hookgate keeps fields it does not know when it saves, but not that deep — flatten or remove it in the file (it is unchanged)`,
    );
    expect(fs.readFileSync(paths.config, 'utf8')).toBe(text);
    expect(fs.readdirSync(paths.home).filter((n) => n.startsWith('config.json.'))).toEqual([]);
  });

  it('an unknown field within the bound is saved as it was', async () => {
    const paths = hookgatePaths(tempHome());
    fs.writeFileSync(paths.config, `{"version":1,"hooks":[],"future":${nested(40)}}\n`);
    const store = await ConfigStore.load(paths);
    await store.update((c) => ({ ...c, hooks: [{ ...newHook, id: 'later' } as never] }));
    const saved = JSON.parse(fs.readFileSync(paths.config, 'utf8')) as { future: unknown; hooks: unknown[] };
    expect(saved.future).toEqual(JSON.parse(nested(40)));
    expect(saved.hooks).toHaveLength(1);
  });

  it('tooDeepAt walks without recursion and names the path', () => {
    expect(tooDeepAt(JSON.parse(nested(64)))).toBeNull();
    expect(tooDeepAt(JSON.parse(nested(65)))).toEqual(Array(64).fill('a'));
    expect(tooDeepAt({ hooks: [{ env: { x: [[[1]]] } }] }, 4)).toEqual(['hooks', 0, 'env', 'x']);
    expect(tooDeepAt(JSON.parse(nested(100_000)))).toHaveLength(64);
  });
});
