// Terminal output as plain text: what a person reads on the screen, without the escape sequences
// and in-place redraws that put it there. Shared by the runner (a hook's reason), the CLI (output
// written to a log file or pipe) and anything else that turns pty bytes into lines; no imports, so
// that the CLI's light path (`hookgate signal` through a host) can use it.

// One alternation, tried left to right at each ESC (or C1 control, the 8-bit forms).
// String sequences (OSC, DCS, SOS, PM, APC) end at BEL or ST; a terminal also aborts them on CAN/SUB,
// and a sequence cut off by the end of the text (our output is a tail, logs are cut) runs to the end.
const TERMINAL_ESCAPE = new RegExp(
  [
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]', // CSI: colours, cursor moves, erase
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*$', // a CSI cut off at the end
    '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[\\s\\S]*?(?:\\x07|\\x1b\\\\|\\x9c|[\\x18\\x1a]|$)', // OSC (titles, links), DCS…
    '\\x1b[ -/]+[0-~]?', // ESC with intermediates: charsets `ESC ( B`, `ESC # 8`
    '\\x1b[\\s\\S]?', // any other two-byte escape (ESC 7, ESC =, ESC c), or a lone ESC at the end
  ].join('|'),
  'g',
);

// Controls a reader does not see; \t and \n stay, \r and \b were resolved before.
const INVISIBLE_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Terminal output as text: escape sequences (CSI, OSC, DCS, charset switches) removed, each line's
 * carriage-return overwrites resolved to what was written last (`10%\r55%\r100%` → `100%`),
 * backspaces applied, CRLF turned into \n and other control characters dropped.
 */
export function stripTerminalEscapes(text: string): string {
  const plain = text.replace(TERMINAL_ESCAPE, '');
  return plain
    .split('\n')
    .map((line) => applyBackspaces(lastWrite(line)).replace(INVISIBLE_CONTROLS, ''))
    .join('\n');
}

// A progress line is rewritten in place with \r; what the reader is left with is the last thing
// written. (A terminal overlays the shorter write on the longer one, but tools that do this pad or
// erase, and "done" reads better than "doneloading 10%".) A trailing \r — the CR of CRLF — writes nothing.
function lastWrite(line: string): string {
  if (!line.includes('\r')) return line;
  const parts = line.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i];
  return '';
}

function applyBackspaces(line: string): string {
  if (!line.includes('\b')) return line;
  const out: string[] = [];
  for (const ch of line) {
    if (ch === '\b') out.pop();
    else out.push(ch);
  }
  return out.join('');
}

/** A partial line longer than this is cut at its last \r (what came before it is overwritten anyway). */
const MAX_PENDING_LINE = 64 * 1024;

/**
 * Terminal output arriving in chunks (a pty's), written on as plain lines: each line once it
 * ends, as stripTerminalEscapes reads it, ending in a bare \n. A progress bar redrawn with \r
 * becomes the one line it ends as. For logs, files and pipes.
 */
export class PlainLineWriter {
  private pending = '';

  constructor(private readonly out: (text: string) => void) {}

  write(chunk: string): void {
    this.pending += chunk;
    const nl = this.pending.lastIndexOf('\n');
    if (nl >= 0) {
      const complete = this.pending.slice(0, nl + 1);
      this.pending = this.pending.slice(nl + 1);
      this.out(stripTerminalEscapes(complete));
    }
    if (this.pending.length > MAX_PENDING_LINE) {
      const cr = this.pending.lastIndexOf('\r');
      if (cr > 0) this.pending = this.pending.slice(cr);
      else this.end();
    }
  }

  /** Writes a line still open (a prompt, a last line without \n) as a line of its own. */
  end(): void {
    if (!this.pending) return;
    const text = stripTerminalEscapes(this.pending);
    this.pending = '';
    if (text !== '') this.out(`${text}\n`);
  }
}

// SGR (Select Graphic Rendition, `ESC [ … m`): colours, bold, dim, underline.
const SGR = /(?:\x1b\[|\x9b)[0-9;:]*m/g;
// An escape cut off at the end of a chunk; its rest comes with the next one.
const OPEN_ESCAPE = /(?:\x1b|\x1b\[[0-9;:?]*|\x9b[0-9;:?]*)$/;

/** Terminal output with its colours taken out and everything else (redraws, cursor moves) kept: for NO_COLOR on a terminal. */
export class ColourStripper {
  private held = '';

  constructor(private readonly out: (text: string) => void) {}

  write(chunk: string): void {
    let text = this.held + chunk;
    const open = OPEN_ESCAPE.exec(text);
    this.held = open ? open[0] : '';
    if (open) text = text.slice(0, open.index);
    if (text) this.out(text.replace(SGR, ''));
  }

  end(): void {
    if (this.held) this.out(this.held.replace(SGR, ''));
    this.held = '';
  }
}

/**
 * The last non-empty line of `text`, trimmed ('' when there is none): a reason that spans lines (a
 * status file, restic's error output) read for a one-line summary, where its point is at the end.
 */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n|\r/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.trim();
    if (l) return l;
  }
  return '';
}
