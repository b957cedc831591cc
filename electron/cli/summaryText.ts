// Text for a one-line summary (a decision line, a table cell): a reason that spans lines (a
// status file, restic's error output) is read for its last line, which is where the point is.

/** The last non-empty line of `text`, trimmed ('' when there is none). */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n|\r/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.trim();
    if (l) return l;
  }
  return '';
}
