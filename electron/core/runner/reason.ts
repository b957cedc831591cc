// The reason a tray shows for a hook (PRODUCT.md, "Reason"): what the hook wrote to
// $HOOKGATE_STATUS_FILE, else its last non-empty output line — as a person would read it on the
// terminal, not as the bytes the pty gave us.

/** A reason longer than this is cut: it is a one-liner for a tooltip, not a log. */
export const REASON_MAX_CHARS = 500;

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

/** The last non-empty line of terminal output, trimmed and cut to REASON_MAX_CHARS; '' if there is none. */
export function reasonFromOutput(output: string): string {
  const lines = stripTerminalEscapes(output).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line !== '') return clipReason(line);
  }
  return '';
}

/** Trims a reason and cuts it to REASON_MAX_CHARS without splitting a surrogate pair. */
export function clipReason(text: string): string {
  let s = text.trim();
  if (s.length <= REASON_MAX_CHARS) return s;
  s = s.slice(0, REASON_MAX_CHARS);
  const last = s.charCodeAt(s.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
  return s.trimEnd();
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
