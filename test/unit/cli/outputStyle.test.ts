// Output for logs: colours and progress redraws only on a terminal.
import { describe, expect, it } from 'vitest';
import { UsageError, type ParsedArgs } from '../../../electron/cli/argParser';
import { outputStyle, styledWriter, type OutputStyle } from '../../../electron/cli/outputStyle';
import { ColourStripper, PlainLineWriter } from '../../../electron/shared/terminalText';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const flag = (color: string): ParsedArgs => ({ flags: { color }, positionals: [], rest: null });

describe('outputStyle', () => {
  it('redraws and colours on a terminal only; TERM=dumb is not one', () => {
    expect(outputStyle(tty, { TERM: 'xterm-256color' })).toEqual({ redraw: true, color: true });
    expect(outputStyle(pipe, { TERM: 'xterm-256color' })).toEqual({ redraw: false, color: false });
    expect(outputStyle(tty, { TERM: 'dumb' })).toEqual({ redraw: false, color: false });
  });
  it('NO_COLOR (not empty) takes the colours out, not the redraws', () => {
    expect(outputStyle(tty, { TERM: 'xterm', NO_COLOR: '1' })).toEqual({ redraw: true, color: false });
    expect(outputStyle(tty, { TERM: 'xterm', NO_COLOR: '' })).toEqual({ redraw: true, color: true });
  });
  it('--color always|never|auto overrides the guess; anything else is a usage error', () => {
    expect(outputStyle(pipe, { NO_COLOR: '1' }, flag('always'))).toEqual({ redraw: true, color: true });
    expect(outputStyle(tty, { TERM: 'xterm' }, flag('never'))).toEqual({ redraw: true, color: false });
    expect(outputStyle(pipe, {}, flag('never'))).toEqual({ redraw: false, color: false });
    expect(outputStyle(tty, { TERM: 'xterm' }, flag('auto'))).toEqual({ redraw: true, color: true });
    expect(() => outputStyle(tty, {}, flag('yes'))).toThrow(UsageError);
    expect(() => outputStyle(tty, {}, flag('yes'))).toThrow('--color: "yes" is not always, never or auto');
  });
});

function collect(style: OutputStyle, chunks: string[], endLine = true): string {
  let text = '';
  const w = styledWriter({ write: (t: string) => ((text += t), true) } as unknown as NodeJS.WritableStream, style);
  for (const c of chunks) w.write(c);
  if (endLine) w.endLine();
  return text;
}

describe('styledWriter', () => {
  // What a hook in a pty gives: colours, CRLF, a progress bar redrawn with \r, a title, a last line without \n.
  const chunks = ['\x1b]0;title\x07\x1b[1;32mok\x1b[0m: mounted\r\n', 'copying  10%\r', 'copying  55%\rcopy', 'ing 100%\r\n\x1b[3', '1mBattery at 15%\x1b[0m'];

  it('into a log: plain lines, \\n ends, each progress bar as the line it ends as', () => {
    expect(collect({ redraw: false, color: false }, chunks)).toBe('ok: mounted\ncopying 100%\nBattery at 15%\n');
  });
  it('on a terminal: the bytes as they came, and a newline to close an open line', () => {
    expect(collect({ redraw: true, color: true }, chunks)).toBe(`${chunks.join('')}\n`);
  });
  it('on a terminal with NO_COLOR: redraws kept, colours out, even when split between chunks', () => {
    const out = collect({ redraw: true, color: false }, chunks);
    expect(out).not.toMatch(/\x1b\[[0-9;]*m/);
    expect(out).toContain('copying  10%\rcopying  55%\rcopying 100%\r\n');
    expect(out.endsWith('Battery at 15%\n')).toBe(true);
  });
});

describe('PlainLineWriter and ColourStripper', () => {
  it('a line without \\n waits for its end, then is written as a line', () => {
    const out: string[] = [];
    const w = new PlainLineWriter((t) => out.push(t));
    w.write('Password: ');
    expect(out).toEqual([]);
    w.end();
    expect(out).toEqual(['Password: \n']);
  });
  it('an endless progress bar without \\n does not grow the buffer past its last redraw', () => {
    const out: string[] = [];
    const w = new PlainLineWriter((t) => out.push(t));
    for (let i = 0; i < 20_000; i++) w.write(`\r${i} of 20000 done      `);
    w.write('\n');
    expect(out).toEqual(['19999 of 20000 done      \n']);
  });
  it('keeps cursor moves and erases, drops colours', () => {
    const out: string[] = [];
    const s = new ColourStripper((t) => out.push(t));
    s.write('\x1b[2K\r\x1b[38;5;208mwarm\x1b[');
    s.write('0m\x1b[1A');
    s.end();
    expect(out.join('')).toBe('\x1b[2K\rwarm\x1b[1A');
  });
});
