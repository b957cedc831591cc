import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../electron/core/host/lineReader';

function reader(max: number) {
  const lines: string[] = [];
  const overflows: number[] = [];
  const r = new LineReader({ maxBytes: max, onLine: (l) => lines.push(l), onOverflow: (n) => overflows.push(n) });
  return { r, lines, overflows };
}

describe('LineReader', () => {
  it('joins a line split across chunks and splits several lines in one chunk', () => {
    const { r, lines } = reader(100);
    r.push(Buffer.from('{"a":'));
    r.push(Buffer.from('1}\n{"b":2}\r\n\n{"c"'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(r.pending).toBe(4);
  });

  it('keeps a multi-byte character cut between chunks intact', () => {
    const { r, lines } = reader(100);
    const bytes = Buffer.from('"é"\n');
    r.push(bytes.subarray(0, 2));
    r.push(bytes.subarray(2));
    expect(lines).toEqual(['"é"']);
  });

  it('stops at the cap without buffering the rest of a 100 MB line', () => {
    const { r, lines, overflows } = reader(1024);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 1600; i++) r.push(chunk);
    r.push(Buffer.from('\n{"ok":1}\n'));
    expect(overflows).toHaveLength(1);
    expect(lines).toEqual([]);
    expect(r.pending).toBe(0);
  });

  it('a line exactly at the cap passes; one byte more overflows', () => {
    const ok = reader(4);
    ok.r.push(Buffer.from('abcd\n'));
    expect(ok.lines).toEqual(['abcd']);
    const over = reader(4);
    over.r.push(Buffer.from('abcde\n'));
    expect(over.overflows).toEqual([5]);
  });
});
