import { describe, expect, it } from 'vitest';
import { reasonFromOutput, REASON_MAX_CHARS, stripTerminalEscapes } from '../../../electron/core/runner';

describe('stripTerminalEscapes', () => {
  it('removes colours and other CSI sequences', () => {
    expect(stripTerminalEscapes('\x1b[1;31mBattery\x1b[0m at \x1b[38;5;208m15%\x1b[m\x1b[K')).toBe('Battery at 15%');
    expect(stripTerminalEscapes('\x1b[?25lhidden cursor\x1b[?25h')).toBe('hidden cursor');
  });

  it('removes OSC titles and hyperlinks ended by BEL or ST', () => {
    expect(stripTerminalEscapes('\x1b]0;my title\x07text')).toBe('text');
    expect(stripTerminalEscapes('see \x1b]8;;https://example.com\x1b\\the docs\x1b]8;;\x1b\\ now')).toBe('see the docs now');
  });

  it('removes charset switches and two-byte escapes', () => {
    expect(stripTerminalEscapes('\x1b(0lqk\x1b(B ok \x1b7saved\x1b8\x1b=')).toBe('lqk ok saved');
  });

  it('keeps what was written last on a line rewritten with carriage returns', () => {
    expect(stripTerminalEscapes('progress 10%\rprogress 55%\rprogress 100%')).toBe('progress 100%');
    expect(stripTerminalEscapes('line one\r\nline two\r\n')).toBe('line one\nline two\n');
  });

  it('applies backspaces and drops other control characters', () => {
    expect(stripTerminalEscapes('abcd\b\bXY\x07\x00!')).toBe('abXY!');
  });

  it('removes a sequence cut off at the end of the text', () => {
    expect(stripTerminalEscapes('done\x1b[3')).toBe('done');
    expect(stripTerminalEscapes('done\x1b]0;unterminated title')).toBe('done');
    expect(stripTerminalEscapes('done\x1b')).toBe('done');
  });
});

describe('reasonFromOutput', () => {
  it('is the last non-empty line, without colours, ignoring trailing blank lines', () => {
    expect(reasonFromOutput('checking\r\n\x1b[31mBattery at 15%\x1b[0m\r\n\r\n   \r\n')).toBe('Battery at 15%');
  });

  it('reads a progress line the way the terminal shows it at the end', () => {
    expect(reasonFromOutput('Uploading 10%\rUploading 60%\rUploaded: all done\r\n')).toBe('Uploaded: all done');
  });

  it('ignores a line that only changed the title or colours', () => {
    expect(reasonFromOutput('AC power missing\r\n\x1b]0;hook\x07\x1b[0m\r\n')).toBe('AC power missing');
  });

  it('is empty when there is no visible text', () => {
    expect(reasonFromOutput('')).toBe('');
    expect(reasonFromOutput('\r\n\x1b[2J\x1b[H\r\n')).toBe('');
  });

  it('is cut to a tooltip-sized length', () => {
    expect(reasonFromOutput('x'.repeat(5000))).toHaveLength(REASON_MAX_CHARS);
  });

  it('survives binary garbage and text without a newline', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('utf8');
    expect(() => reasonFromOutput(garbage)).not.toThrow();
    expect(reasonFromOutput('no newline at the end')).toBe('no newline at the end');
  });
});
