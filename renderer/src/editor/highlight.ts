// Template syntax for the script editor's coloured overlay: text outside actions, and inside
// `{{ … }}` keywords, fields, variables, strings, numbers and comments. Only for colour — the
// host's parser (template.check) says what is wrong and where.

export type TokenKind = 'text' | 'delim' | 'keyword' | 'field' | 'variable' | 'string' | 'number' | 'comment' | 'func' | 'punct' | 'shebang';

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil', 'true', 'false']);

/** Splits a script into coloured tokens; concatenated, they give back the text exactly. */
export function highlightTemplate(src: string): Token[] {
  const out: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind && kind === 'text') last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  if (src.startsWith('#!')) {
    const nl = src.indexOf('\n');
    const end = nl === -1 ? src.length : nl;
    push('shebang', src.slice(0, end));
    i = end;
  }
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open === -1) {
      push('text', src.slice(i));
      break;
    }
    push('text', src.slice(i, open));
    const close = src.indexOf('}}', open + 2);
    const end = close === -1 ? src.length : close + 2;
    const inner = src.slice(open, end);
    if (/^\{\{-?\s*\/\*/.test(inner)) {
      push('comment', inner);
    } else {
      push('delim', inner.startsWith('{{-') ? '{{-' : '{{');
      const bodyStart = inner.startsWith('{{-') ? 3 : 2;
      const bodyEnd = close === -1 ? inner.length : inner.endsWith('-}}') && inner.length - 3 >= bodyStart ? inner.length - 3 : inner.length - 2;
      actionTokens(inner.slice(bodyStart, bodyEnd), push);
      push('delim', inner.slice(bodyEnd));
    }
    i = end;
  }
  return out;
}

function actionTokens(s: string, push: (k: TokenKind, t: string) => void): void {
  const re = /(\s+)|("(?:[^"\\\n]|\\.)*"?|`[^`]*`?|'(?:[^'\\]|\\.)*'?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)|(-?\d[\w.+-]*)|([A-Za-z_][A-Za-z0-9_]*)|(:=|=|\||\(|\)|,)|(.)/gs;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[1]) push('text', m[1]);
    else if (m[2]) push('string', m[2]);
    else if (m[3]) push('variable', m[3]);
    else if (m[4]) push('field', m[4]);
    else if (m[5]) push('number', m[5]);
    else if (m[6]) push(KEYWORDS.has(m[6]) ? 'keyword' : 'func', m[6]);
    else if (m[7]) push('punct', m[7]);
    else push('text', m[8] ?? '');
  }
}
