// The script editor's colours: template syntax told apart from the shell text around it.
import { describe, expect, it } from 'vitest';
import { highlightTemplate } from '../../renderer/src/editor/highlight';
import { draftOf, hookFromDraft } from '../../renderer/src/editor/hookDraft';

describe('highlightTemplate', () => {
  it('gives back the text exactly, whatever it is', () => {
    for (const s of ['', 'plain', '{{', '}}{{', '{{ .A "x\\"y" $v 1.5 | printf }}', '#!/bin/sh\n{{- /* c */ -}}\n{{ if .Error }}x{{ end }}', '{{ "unterminated']) {
      expect(highlightTemplate(s).map((t) => t.text).join('')).toBe(s);
    }
  });

  it('colours keywords, fields, variables, strings and comments', () => {
    const kinds = (s: string) => highlightTemplate(s).filter((t) => t.kind !== 'text').map((t) => `${t.kind}:${t.text}`);
    expect(kinds('#!/bin/sh\necho {{ if .Plan.Id }}{{ $x := "a" }}{{/* note */}}{{ end }}')).toEqual([
      'shebang:#!/bin/sh', 'delim:{{', 'keyword:if', 'field:.Plan.Id', 'delim:}}', 'delim:{{', 'variable:$x', 'punct::=', 'string:"a"', 'delim:}}',
      'comment:{{/* note */}}', 'delim:{{', 'keyword:end', 'delim:}}',
    ]);
    expect(kinds('{{- .ShellEscape .Error -}}')).toEqual(['delim:{{-', 'field:.ShellEscape', 'field:.Error', 'delim:-}}']);
  });
});

describe('hookDraft', () => {
  it('turns the form into a hook, and says in words what keeps it from saving', () => {
    const d = { ...draftOf(null), name: ' Battery ', warnExitCodes: '3, 4', plans: 'laptop, work-*', env: [{ name: 'MIN_PERCENT', value: '40' }, { name: '', value: '' }] };
    expect(hookFromDraft(d)).toEqual({
      hook: expect.objectContaining({ name: 'Battery', warnExitCodes: [3, 4], scope: { plans: ['laptop', 'work-*'], repos: [] }, env: { MIN_PERCENT: '40' }, timeoutSec: 60 }),
      problems: [],
    });
    const bad = hookFromDraft({ ...d, name: '', conditions: [], timeoutSec: '0', warnExitCodes: '300', env: [{ name: '1X', value: 'v' }] });
    expect(bad.problems).toEqual([
      'Name: give the hook a name.',
      'Conditions: pick at least one event.',
      'Timeout: a number of seconds above 0.',
      'Warning exit codes: whole numbers 1–255, separated by commas.',
      'Environment: "1X" is not a variable name (letters, digits, _).',
    ]);
  });
});
