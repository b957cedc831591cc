// The script editor's Go-template colouring and its completion of template variables, on
// CodeMirror's own state (no DOM), and the terminal palette's contrast.
import { CompletionContext } from '@codemirror/autocomplete';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { highlightTree, tagHighlighter, tags } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
import { completeTemplate } from '../../renderer/src/editor/ScriptEditor';
import { goTemplate } from '../../renderer/src/editor/goTemplateLanguage';
import { ANSI_KEYS, contrastRatio, DARK_TERMINAL, LIGHT_TERMINAL } from '../../renderer/src/terminal/palette';

const classes = tagHighlighter([
  { tag: tags.brace, class: 'delim' },
  { tag: tags.keyword, class: 'keyword' },
  { tag: tags.propertyName, class: 'field' },
  { tag: tags.function(tags.variableName), class: 'func' },
  { tag: tags.variableName, class: 'var' },
  { tag: tags.string, class: 'string' },
  { tag: tags.number, class: 'number' },
  { tag: tags.comment, class: 'comment' },
  { tag: tags.meta, class: 'meta' },
]);

function tokens(doc: string): string[] {
  const state = EditorState.create({ doc, extensions: [goTemplate] });
  const tree = ensureSyntaxTree(state, doc.length, 5000)!;
  const out: string[] = [];
  highlightTree(tree, classes, (from, to, cls) => out.push(`${cls}:${doc.slice(from, to)}`));
  return out;
}

describe('the script editor', () => {
  it('colours actions in a shell script: delimiters, keywords, fields, variables, strings, numbers, functions, comments', () => {
    const t = tokens('#!/bin/sh\n# say it\n{{ if .Error }}echo {{ printf "%d" 42 | print $x }}{{ end }}{{/* note */}}\n');
    expect(t).toContain('meta:#!/bin/sh');
    expect(t).toContain('comment:# say it');
    expect(t).toContain('keyword:if');
    expect(t).toContain('field:.Error');
    expect(t).toContain('func:printf');
    expect(t).toContain('string:"%d"');
    expect(t).toContain('number:42');
    expect(t).toContain('var:$x');
    expect(t).toContain('keyword:end');
    expect(t.some((x) => x.startsWith('comment:') && x.includes('note'))).toBe(true);
    // Text outside actions is the script: not coloured as template.
    expect(t.some((x) => x.includes('echo'))).toBe(false);
  });

  it('completes the template variables inside an action, with their meaning, and nothing outside one', () => {
    const complete = (doc: string, explicit = false) => completeTemplate(new CompletionContext(EditorState.create({ doc }), doc.length, explicit));
    const r = complete('echo {{ .Sys');
    expect(r).not.toBeNull();
    const system = r!.options.find((o) => o.label === '.System.OnAC');
    expect(system?.info).toMatch(/mains power/);
    expect(r!.options.some((o) => o.label === '.Plan.Id')).toBe(true);
    expect(r!.from).toBe('echo {{ '.length);
    expect(complete('echo .Sys')).toBeNull();
    expect(complete('{{ .Error }} .Pl')).toBeNull();
    expect(complete('{{ pri', true)!.options.some((o) => o.label === 'printf')).toBe(true);
  });

  it('every terminal colour is readable on its background (WCAG AA) in light and dark', () => {
    for (const theme of [LIGHT_TERMINAL, DARK_TERMINAL]) {
      for (const key of ['foreground', ...ANSI_KEYS] as const) {
        const ratio = contrastRatio(theme[key]!, theme.background!);
        expect(ratio, `${key} ${theme[key]} on ${theme.background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
