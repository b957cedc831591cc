// A terminal opened on a running hook shows the end of its output from a line start, not all 256 KB.
import { describe, expect, it } from 'vitest';
import { LIVE_MOUNT_TAIL, tailFromLineStart } from '../../renderer/src/terminal/tail';

describe('tailFromLineStart', () => {
  it('keeps a short tail whole', () => {
    expect(tailFromLineStart('one\r\ntwo', 100)).toEqual({ text: 'one\r\ntwo', cut: false });
  });

  it('cuts a long tail at the first line start within the limit', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} \x1b[32mok\x1b[0m`).join('\r\n');
    const { text, cut } = tailFromLineStart(lines, LIVE_MOUNT_TAIL);
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(LIVE_MOUNT_TAIL);
    expect(text).toMatch(/^line \d+ /);
    expect(text.endsWith('line 1999 \x1b[32mok\x1b[0m')).toBe(true);
  });

  it('cuts mid-line when the last lines have no line break within the limit', () => {
    const { text, cut } = tailFromLineStart('a'.repeat(100), 10);
    expect(cut).toBe(true);
    expect(text).toBe('a'.repeat(10));
  });
});
