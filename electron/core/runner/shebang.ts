// The interpreter line of a hook script. Backrest splits `#!…` on single spaces; we split it the way a
// POSIX shell would (quotes, backslashes), so `#!/usr/bin/env -S "python3 -u"` and paths with spaces
// work, and — unlike the kernel, which passes the rest of the line as one argument —
// `#!/usr/bin/env bash -e` runs `bash -e` as the user meant.

export interface ShebangSplit {
  /** The interpreter's argv, or null when the script has no `#!` line (or it could not be split). */
  argv: string[] | null;
  /** Why the `#!` line could not be used (it is present but empty, or its quoting is broken). */
  error?: string;
}

/** Splits the script's first line `#!…` into argv by POSIX shell (shlex) quoting rules. */
export function splitShebang(script: string): ShebangSplit {
  // Like the kernel, the `#!` must be the very first two bytes: a template that renders a leading
  // blank line has no interpreter line, and gets the default shell.
  if (!script.startsWith('#!')) return { argv: null };
  const newline = script.indexOf('\n');
  let line = script.slice(2, newline === -1 ? script.length : newline);
  if (line.endsWith('\r')) line = line.slice(0, -1); // CRLF scripts pasted from Windows editors
  const words = shellSplit(line);
  if ('error' in words) return { argv: null, error: `the first line "#!${line}" ${words.error}` };
  if (words.argv.length === 0) return { argv: null, error: `the first line "#!${line}" names no interpreter` };
  return { argv: words.argv };
}

/** POSIX shell word splitting without expansions: '…' is literal, "…" honours \\ \" \$ \`, a bare \ escapes. */
export function shellSplit(line: string): { argv: string[] } | { error: string } {
  const argv: string[] = [];
  let word = '';
  let inWord = false; // '' and "" make a (possibly empty) word
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return { error: 'has an unterminated single quote' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return { error: 'has an unterminated double quote' };
        const d = line[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < line.length && '\\"$`'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { error: 'ends with a backslash' };
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) argv.push(word);
  return { argv };
}
