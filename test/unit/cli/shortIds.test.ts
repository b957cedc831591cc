import { describe, expect, it } from 'vitest';
import { matchPrefix, MIN_SHORT_CHARS, shortIds, shortPrefixLengths } from '../../../electron/cli/shortIds';
import { lastLine } from '../../../electron/shared/terminalText';

describe('short ids', () => {
  const all = ['op-0mx6b3n4800bhxh0', 'op-0mx6b3owp00kenur', 'op-0mx6b3q1y0057bxu', 'op-0mx6b3q1y0157bxa', 'op-1aaaaaaaa00zzzzz'];

  it('each id gets the shortest prefix no other id shares, never shorter than the kind and MIN_SHORT_CHARS', () => {
    const n = shortPrefixLengths(all);
    expect(n.get('op-1aaaaaaaa00zzzzz')).toBe(3 + MIN_SHORT_CHARS);
    expect(n.get('op-0mx6b3n4800bhxh0')).toBe(3 + 7);
    expect(n.get('op-0mx6b3q1y0057bxu')).toBe(3 + 11);
    for (const id of all) {
      const prefix = id.slice(0, n.get(id));
      expect(all.filter((other) => other.startsWith(prefix))).toEqual([id]);
    }
  });

  it('a table shows one width, the longest its rows need', () => {
    const s = shortIds(['op-0mx6b3n4800bhxh0', 'op-1aaaaaaaa00zzzzz'], all);
    expect([...s.values()]).toEqual(['op-0mx6b3n', 'op-1aaaaaa']);
  });

  it('a prefix, with or without the kind, names one id, none, or several', () => {
    expect(matchPrefix('op-0mx6b3n', all)).toEqual({ kind: 'one', id: 'op-0mx6b3n4800bhxh0' });
    expect(matchPrefix('0mx6b3n', all)).toEqual({ kind: 'one', id: 'op-0mx6b3n4800bhxh0' });
    expect(matchPrefix('op-0mx6b3q1y0057bxu', all)).toEqual({ kind: 'one', id: 'op-0mx6b3q1y0057bxu' });
    expect(matchPrefix('0mx6b3q', all)).toEqual({ kind: 'many', ids: ['op-0mx6b3q1y0057bxu', 'op-0mx6b3q1y0157bxa'] });
    expect(matchPrefix('zz', all)).toEqual({ kind: 'none' });
  });
});

describe('lastLine', () => {
  it('is the last non-empty line, trimmed', () => {
    expect(lastLine('Fatal: unable to open repository\nFatal: wrong password\n\n')).toBe('Fatal: wrong password');
    expect(lastLine('one line')).toBe('one line');
    expect(lastLine('\n  \n')).toBe('');
  });
});
