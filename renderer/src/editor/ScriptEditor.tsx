// The script editor: CodeMirror 6 with line numbers, undo, search (Ctrl+F), Go-template colours,
// the host's parse errors and lint marked at their line, and completion of the template variables
// with their meaning. It is loaded with the hook editor, never with the window's first paint.
import { autocompletion, closeBrackets, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import { goTemplate } from './goTemplateLanguage';
import { TEMPLATE_FUNCS, TEMPLATE_KEYWORDS, TEMPLATE_VARS } from './templateVars';

export interface ScriptProblem {
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

const colours = HighlightStyle.define([
  { tag: tags.brace, color: 'var(--tok-delim)', fontWeight: '600' },
  { tag: tags.keyword, color: 'var(--tok-keyword)', fontWeight: '600' },
  { tag: tags.propertyName, color: 'var(--tok-field)' },
  { tag: tags.variableName, color: 'var(--tok-var)' },
  { tag: tags.function(tags.variableName), color: 'var(--tok-keyword)' },
  { tag: tags.string, color: 'var(--tok-string)' },
  { tag: tags.number, color: 'var(--tok-string)' },
  { tag: tags.comment, color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: tags.meta, color: 'var(--tok-comment)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '12.5px', border: '1px solid var(--line)', borderRadius: '6px', background: 'var(--code-bg)', color: 'var(--fg)' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", lineHeight: '1.45', maxHeight: '22rem', minHeight: '6rem' },
  '.cm-gutters': { background: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': { background: 'var(--bg2)' },
  '.cm-tooltip': { background: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-panels': { background: 'var(--bg)', color: 'var(--fg)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
});

/** Completion of `.Plan.Id`, `.System.OnAC`, … inside an action, and of keywords and functions. */
export function completeTemplate(ctx: CompletionContext): CompletionResult | null {
  const before = ctx.state.doc.sliceString(Math.max(0, ctx.pos - 2000), ctx.pos);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return null;
  const word = ctx.matchBefore(/(?:\.[A-Za-z0-9_]*)+|[A-Za-z_][A-Za-z0-9_]*/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  const dotted = word.text.startsWith('.');
  const options = dotted
    ? TEMPLATE_VARS.map((v) => ({ label: v.name, type: v.kind === 'method' ? 'method' : 'property', info: v.info }))
    : [...TEMPLATE_KEYWORDS.map((k) => ({ label: k, type: 'keyword' })), ...TEMPLATE_FUNCS.map((f) => ({ label: f, type: 'function' }))];
  return { from: word.from, options, validFor: dotted ? /^(?:\.[A-Za-z0-9_]*)*$/ : /^[A-Za-z0-9_]*$/ };
}

function toDiagnostics(doc: Text, problems: ScriptProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(1, p.line), doc.lines));
    const from = Math.min(line.to, line.from + Math.max(0, p.col - 1));
    // Mark from the column to the end of the line (at least one character where there is one).
    return { from, to: Math.max(from, line.to), severity: p.severity, message: p.message };
  });
}

export function ScriptEditor({ value, onChange, problems, label }: { value: string; onChange: (v: string) => void; problems: ScriptProblem[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          bracketMatching(),
          closeBrackets(),
          search({ top: true }),
          highlightSelectionMatches(),
          goTemplate,
          syntaxHighlighting(colours),
          autocompletion({ override: [completeTemplate], icons: false }),
          lintGutter(),
          // Tab indents; Escape then Tab leaves the editor (CodeMirror's own rule), so keyboard users are not trapped.
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...completionKeymap, indentWithTab]),
          theme,
          EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; later values come in through the effect below.
  }, []);

  // A value set from outside (a reset, a gallery draft) replaces the text; typing does not come back here.
  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state.doc, problems)));
  }, [problems]);

  return <div className="script-editor" ref={host} data-testid="script-editor" />;
}
