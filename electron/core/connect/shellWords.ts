// Shell quoting for the commands Hookgate writes into tools' files: a word is quoted only when it
// needs it, so the wiring stays readable.

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(words: string[]): string {
  return words.map(shellQuote).join(' ');
}
