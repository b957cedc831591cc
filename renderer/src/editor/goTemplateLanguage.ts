// Go text/template inside a shell script, for CodeMirror: the text outside actions is the script
// (its `#!` line and `#` comments coloured), inside `{{ … }}` keywords, fields, variables, strings,
// numbers, functions and comments. Only for colour — the host's parser (template.check) says what is
// wrong and where.
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import { TEMPLATE_FUNCS, TEMPLATE_KEYWORDS } from './templateVars';

interface State {
  /** Inside `{{ … }}`. */
  action: boolean;
  /** Inside a `/* … *\/` comment of an action. */
  comment: boolean;
  /** At the very start of the script (a `#!` line is the interpreter). */
  first: boolean;
}

const KEYWORDS = new Set(TEMPLATE_KEYWORDS);
const FUNCS = new Set(TEMPLATE_FUNCS);

const parser: StreamParser<State> = {
  name: 'go-template',
  startState: () => ({ action: false, comment: false, first: true }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    const first = state.first;
    state.first = false;
    if (state.comment) {
      if (stream.skipTo('*/')) {
        stream.pos += 2;
        state.comment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (!state.action) {
      if (stream.match(/^\{\{-?\s?/)) {
        state.action = true;
        if (stream.match('/*')) {
          state.comment = true;
          return 'comment';
        }
        return 'brace';
      }
      if (first && stream.sol() && stream.match('#!')) {
        stream.skipToEnd();
        return 'meta';
      }
      if (stream.sol() && stream.match(/^\s*#/)) {
        // A shell comment runs to the end of the line unless an action starts inside it.
        while (!stream.eol() && !stream.match('{{', false)) stream.next();
        return 'comment';
      }
      while (!stream.eol() && !stream.match('{{', false)) stream.next();
      return null;
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^\s?-?\}\}/) || stream.match('}}')) {
      state.action = false;
      return 'brace';
    }
    if (stream.match('/*')) {
      state.comment = true;
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^`[^`]*`?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
    if (stream.match(/^[-+]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?)i?/)) return 'number';
    if (stream.match(/^\$[A-Za-z0-9_]*/)) return 'variableName';
    if (stream.match(/^(?:\.[A-Za-z_][A-Za-z0-9_]*)+/) || stream.match('.')) return 'propertyName';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
    if (word) {
      if (KEYWORDS.has(word[0])) return 'keyword';
      if (FUNCS.has(word[0])) return 'variableName.function';
      return 'variableName';
    }
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
};

export const goTemplate = StreamLanguage.define(parser);
