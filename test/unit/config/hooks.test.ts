import { describe, expect, it } from 'vitest';
import {
  HookLookupError,
  addHook,
  editHook,
  findHook,
  moveHook,
  removeHook,
  setHookEnabled,
  slugify,
} from '../../../electron/core/config';
import { emptyConfig, type Config } from '../../../electron/shared/config';

function configWith(...names: string[]): Config {
  let c = emptyConfig();
  for (const name of names) c = addHook(c, { name, conditions: ['CONDITION_SNAPSHOT_START'], script: `echo ${name}` });
  return c;
}

/** A config.json written by hand (or by a Hookgate before names were unique) may repeat a name. */
function handWrittenWith(...names: string[]): Config {
  const c = emptyConfig();
  return { ...c, hooks: names.map((name, i) => configWith(name).hooks.map((h) => ({ ...h, id: `${h.id}-${i}` }))[0]!) };
}

describe('addHook', () => {
  it('assigns a short readable id from the name plus 4 random characters, and fills in the defaults', () => {
    const c = configWith('Battery ≥ 40 %');
    const h = c.hooks[0]!;
    expect(h.id).toMatch(/^battery-40-[a-z0-9]{4}$/);
    expect(h).toMatchObject({ enabled: true, onError: 'ON_ERROR_IGNORE', timeoutSec: 120, scope: { plans: [], repos: [] }, env: {}, cwd: null, guard: false });
  });

  it('keeps a given id and refuses one already in use', () => {
    const c = addHook(emptyConfig(), { id: 'net', name: 'Net', conditions: ['CONDITION_SNAPSHOT_START'], script: 'x' });
    expect(c.hooks[0]!.id).toBe('net');
    expect(() => addHook(c, { id: 'net', name: 'Other', conditions: ['CONDITION_SNAPSHOT_END'], script: 'y' })).toThrow(
      'hook "Other": id "net" is already used by hook "Net"',
    );
  });

  it('refuses an invalid hook with the field named, and does not change the config it was given', () => {
    const c = configWith('a');
    expect(() => addHook(c, { name: 'b', conditions: [], script: 'x' })).toThrow(/hook "b": conditions: needs at least one condition/);
    expect(() => addHook(c, { name: 'b', conditions: ['CONDITION_NOPE'], script: 'x' })).toThrow(/hook "b": conditions\[0\]: invalid value "CONDITION_NOPE"/);
    expect(c.hooks).toHaveLength(1);
  });

  it('slugs of odd names are still valid ids', () => {
    expect(slugify('   ')).toBe('hook');
    expect(slugify('Ünïcödé / Wi-Fi: HomeNet!')).toBe('unicode-wi-fi-homenet');
    expect(slugify('x'.repeat(100))).toHaveLength(40);
  });
});

describe('findHook', () => {
  it('finds by id first, then by exact name, then by name ignoring case', () => {
    const c = configWith('Battery', 'Net');
    const battery = c.hooks[0]!;
    expect(findHook(c, battery.id)).toBe(battery);
    expect(findHook(c, 'Battery')).toBe(battery);
    expect(findHook(c, 'battery')).toBe(battery);
  });

  it('an exact-case name wins over case-insensitive matches', () => {
    const c = handWrittenWith('net', 'NET');
    expect(findHook(c, 'NET')).toBe(c.hooks[1]);
  });

  it('says which ids share an ambiguous name', () => {
    const c = handWrittenWith('Battery', 'Battery');
    const ids = c.hooks.map((h) => h.id).join(', ');
    expect(() => findHook(c, 'Battery')).toThrow(HookLookupError);
    expect(() => findHook(c, 'Battery')).toThrow(`ambiguous: 2 hooks are named "Battery" (ids ${ids}); use the id`);
  });

  it('says clearly when nothing matches', () => {
    expect(() => findHook(emptyConfig(), 'x')).toThrow('no hook with the id or name "x" (there are no hooks yet)');
    expect(() => findHook(configWith('a'), 'x')).toThrow(/no hook with the id or name "x" \(1 hook: see "hookgate hooks list"\)/);
  });
});

describe('names are unique', () => {
  it('adding a name already used (in any case, with spaces around) is refused, asking for another and suggesting a free one', () => {
    const c = configWith('battery', 'battery-2');
    const first = c.hooks[0]!;
    for (const name of ['battery', 'Battery', '  BATTERY ']) {
      expect(() => addHook(c, { name, conditions: ['CONDITION_SNAPSHOT_START'], script: 'x' })).toThrow(
        `a hook named "battery" already exists (${first.id}): choose another name for this one (e.g. "${name.trim()}-3")`,
      );
    }
    expect(addHook(c, { name: 'battery 40', conditions: ['CONDITION_SNAPSHOT_START'], script: 'x' }).hooks).toHaveLength(3);
  });

  it('renaming to a name another hook has is refused; renaming a hook to itself in another case, or editing other fields, is not', () => {
    const c = configWith('battery', 'ac');
    expect(() => editHook(c, 'ac', { name: 'Battery' })).toThrow(/a hook named "battery" already exists \(battery-[a-z0-9]{4}\): choose another name/);
    expect(editHook(c, 'battery', { name: 'Battery' }).hooks[0]!.name).toBe('Battery');
    expect(editHook(c, 'ac', { name: 'ac power' }).hooks[1]!.name).toBe('ac power');
    // A hand-written config that already repeats a name stays editable (by id) in everything but the name.
    const dup = handWrittenWith('net', 'net');
    expect(editHook(dup, dup.hooks[1]!.id, { timeoutSec: 5, name: 'net' }).hooks[1]!.timeoutSec).toBe(5);
  });
});

describe('editHook, removeHook, setHookEnabled, moveHook', () => {
  it('edit changes only the given fields (undefined ones are left as they were)', () => {
    const c = configWith('Battery');
    const id = c.hooks[0]!.id;
    const next = editHook(c, 'Battery', { timeoutSec: 30, onError: 'ON_ERROR_CANCEL', script: undefined });
    expect(next.hooks[0]).toMatchObject({ id, name: 'Battery', timeoutSec: 30, onError: 'ON_ERROR_CANCEL', script: 'echo Battery' });
    expect(c.hooks[0]!.timeoutSec).toBe(120);
  });

  it('edit refuses an invalid value and an id taken by another hook', () => {
    const c = configWith('a', 'b');
    expect(() => editHook(c, 'a', { timeoutSec: 0 })).toThrow(/hook "a": timeoutSec: must be greater than 0 \(got 0\)/);
    expect(() => editHook(c, 'a', { id: c.hooks[1]!.id })).toThrow(/already used by another hook/);
  });

  it('remove, enable/disable and move address hooks by id or name and keep the order of the others', () => {
    let c = configWith('a', 'b', 'c', 'd');
    c = removeHook(c, 'b');
    expect(c.hooks.map((h) => h.name)).toEqual(['a', 'c', 'd']);
    c = setHookEnabled(c, c.hooks[1]!.id, false);
    expect(c.hooks.map((h) => h.enabled)).toEqual([true, false, true]);
    c = moveHook(c, 'd', 0);
    expect(c.hooks.map((h) => h.name)).toEqual(['d', 'a', 'c']);
    c = moveHook(c, 'd', 2);
    expect(c.hooks.map((h) => h.name)).toEqual(['a', 'c', 'd']);
    expect(() => moveHook(c, 'a', 3)).toThrow('cannot move hook "a" to position 4: there are 3 hooks (positions 1–3)');
  });
});
