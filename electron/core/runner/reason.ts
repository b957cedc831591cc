// The reason a tray shows for a hook (PRODUCT.md, "Reason"): what the hook wrote to
// $HOOKGATE_STATUS_FILE, else its last non-empty output line — as a person would read it on the
// terminal, not as the bytes the pty gave us.
import { stripTerminalEscapes } from '../../shared/terminalText';

export { stripTerminalEscapes };

/** A reason longer than this is cut: it is a one-liner for a tooltip, not a log. */
export const REASON_MAX_CHARS = 500;

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
