// How the CLI writes hook and command output. On a terminal: as the hooks and the command wrote
// it (colours, progress redrawn in place). Into a file, a pipe, cron's mail or a journal: plain
// lines ending in \n, no escape sequences, a progress bar as the line it ends as (restic's as one
// line per 10 %). TERM=dumb is not a terminal; NO_COLOR (non-empty) takes the colours out;
// --color=always|never|auto overrides both.
import { ColourStripper, PlainLineWriter } from '../shared/terminalText';
import { stringFlag, UsageError, type ParsedArgs } from './argParser';

export interface OutputStyle {
  /** Write as to a terminal: carriage returns and cursor moves kept, progress redrawn in place. */
  redraw: boolean;
  /** Colours (ours, and the hooks' and the command's own). */
  color: boolean;
}

type Stream = { isTTY?: boolean };

/** The style for writing to `stream`, from --color (when the command takes it), NO_COLOR and TERM. */
export function outputStyle(stream: Stream, env: NodeJS.ProcessEnv = process.env, p?: ParsedArgs): OutputStyle {
  const mode = (p && stringFlag(p, 'color')) ?? 'auto';
  if (mode !== 'always' && mode !== 'never' && mode !== 'auto') throw new UsageError(`--color: "${mode}" is not always, never or auto`);
  const terminal = stream.isTTY === true && env.TERM !== 'dumb';
  if (mode === 'always') return { redraw: true, color: true };
  if (mode === 'never') return { redraw: terminal, color: false };
  return { redraw: terminal, color: terminal && !env.NO_COLOR };
}

/** Text on its way to a stream in a style; `endLine` closes a line left open (before our own lines). */
export interface StyledWriter {
  write(text: string): void;
  endLine(): void;
  readonly style: OutputStyle;
}

export function styledWriter(stream: NodeJS.WritableStream, style: OutputStyle): StyledWriter {
  let atLineStart = true;
  const put = (text: string) => {
    if (!text) return;
    stream.write(text);
    atLineStart = text.endsWith('\n');
  };
  if (!style.redraw) {
    const lines = new PlainLineWriter(put);
    return { style, write: (t) => lines.write(t), endLine: () => lines.end() };
  }
  const closeLine = () => {
    if (!atLineStart) put('\n');
  };
  if (!style.color) {
    const plain = new ColourStripper(put);
    return {
      style,
      write: (t) => plain.write(t),
      endLine: () => {
        plain.end();
        closeLine();
      },
    };
  }
  return { style, write: put, endLine: closeLine };
}

/** `text` dimmed when the style has colours. */
export function dim(text: string, style: OutputStyle): string {
  return style.color ? `\x1b[2m${text}\x1b[0m` : text;
}
