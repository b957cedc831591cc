// A unified diff (as `diff -u` prints it) of two texts, for showing a connect's change before it
// is made. Tool configs are small: a plain LCS table is enough, bounded so a huge file cannot hang.

const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

function diffOps(a: string[], b: string[]): Op[] {
  // Common head and tail first: a connect changes a few lines of a long file.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const mid: Op[] = [];
  if (am.length * bm.length > MAX_CELLS) {
    for (const line of am) mid.push({ kind: '-', line });
    for (const line of bm) mid.push({ kind: '+', line });
  } else {
    const n = am.length;
    const m = bm.length;
    const t = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        t[i * (m + 1) + j] = am[i] === bm[j] ? t[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(t[(i + 1) * (m + 1) + j]!, t[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        mid.push({ kind: ' ', line: am[i]! });
        i++;
        j++;
      } else if (j < m && (i === n || t[i * (m + 1) + j + 1]! >= t[(i + 1) * (m + 1) + j]!)) {
        mid.push({ kind: '+', line: bm[j]! });
        j++;
      } else {
        mid.push({ kind: '-', line: am[i]! });
        i++;
      }
    }
  }
  return [...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })), ...mid, ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line }))];
}

/**
 * `--- a/PATH` / `+++ b/PATH` and its hunks; '' when the texts are equal. A missing file (null) is
 * shown as /dev/null, as diff does.
 */
export function unifiedDiff(path: string, before: string | null, after: string | null): string {
  if (before === after) return '';
  const ops = diffOps(lines(before ?? ''), lines(after ?? ''));
  const out: string[] = [`--- ${before === null ? '/dev/null' : `a${path.startsWith('/') ? '' : '/'}${path}`}`, `+++ ${after === null ? '/dev/null' : `b${path.startsWith('/') ? '' : '/'}${path}`}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change within reach.
    let start = Math.max(0, i - CONTEXT);
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let k = end;
      while (k < ops.length && ops[k]!.kind === ' ' && k - end < 2 * CONTEXT) k++;
      if (k < ops.length && ops[k]!.kind !== ' ') end = k;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    let aStart = 0;
    let bStart = 0;
    for (let k = 0; k < start; k++) {
      if (ops[k]!.kind !== '+') aStart++;
      if (ops[k]!.kind !== '-') bStart++;
    }
    const body = ops.slice(start, stop);
    const aLen = body.filter((o) => o.kind !== '+').length;
    const bLen = body.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of body) out.push(`${o.kind}${o.line}`);
    i = stop;
    start = stop;
  }
  const noNl = (t: string | null) => t !== null && t !== '' && !t.endsWith('\n');
  if (noNl(before) || noNl(after)) out.push('\\ (a file here does not end with a newline)');
  return `${out.join('\n')}\n`;
}
