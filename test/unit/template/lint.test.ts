// The editor's lint for outside text written unescaped into a shell script, on the parse tree.
import { describe, expect, it } from 'vitest';
import { isShellScript, lintHookScript } from '../../../electron/core/template/lint';

const vars = (script: string) => lintHookScript(script).map((w) => w.variable);

describe('lintHookScript', () => {
  it('warns on each outside-text variable printed as is, at its line and column', () => {
    const w = lintHookScript('#!/bin/sh\necho "plan {{ .Plan.Id }}"\nmsg={{.Error}}\n');
    expect(w.map(({ line, col, variable }) => ({ line, col, variable }))).toEqual([
      { line: 2, col: 15, variable: '.Plan.Id' },
      { line: 3, col: 7, variable: '.Error' },
    ]);
    expect(w[0]!.message).toContain('{{ .ShellEscape .Plan.Id }}');
  });

  it('knows every listed variable, and $-rooted forms', () => {
    expect(vars('{{.Error}} {{.Plan.Id}} {{.Repo.Id}} {{.Task}} {{.SnapshotId}} {{.Plan.Paths}} {{$.Task}}')).toEqual([
      '.Error', '.Plan.Id', '.Repo.Id', '.Task', '.SnapshotId', '.Plan.Paths', '$.Task',
    ]);
  });

  it('accepts ShellEscape as a call or at the end of a pipeline', () => {
    expect(vars('{{ .ShellEscape .Error }} {{ .Error | .ShellEscape }} {{ $.ShellEscape .Task }}')).toEqual([]);
    expect(vars('{{ .ShellEscape .Error | printf "x=%s" }}')).toEqual([]);
  });

  it('a pipeline that passes the text on is still unescaped', () => {
    expect(vars('{{ .Error | printf "%s" }}')).toEqual(['.Error']);
    expect(vars('{{ printf "%s-%s" .Plan.Id .Repo.Id }}')).toEqual(['.Plan.Id']);
    expect(vars('{{ or .Error "none" }}')).toEqual(['.Error']);
  });

  it('does not warn where nothing is printed, or only a count or a flag', () => {
    expect(vars('{{ if .Error }}failed{{ else }}ok{{ end }}')).toEqual([]);
    expect(vars('{{ len .Plan.Paths }} {{ .IsError .Event }} {{ .Plan.Paths | len }}')).toEqual([]);
    expect(vars('{{/* .Error */}} echo .Error')).toEqual([]);
  });

  it('follows the value into range, with and variables', () => {
    expect(vars('{{ range .Plan.Paths }}ls {{ . }}\n{{ end }}')).toEqual(['.']);
    expect(vars('{{ range .Plan.Paths }}ls {{ $.ShellEscape . }}{{ end }}')).toEqual([]);
    expect(vars('{{ range $i, $p := .Plan.Paths }}{{ $i }} {{ $p }}{{ end }}')).toEqual(['$p']);
    expect(vars('{{ with .Error }}echo {{ . }}{{ end }}')).toEqual(['.']);
    expect(vars('{{ $p := .Plan.Id }}x={{ $p }}')).toEqual(['$p']);
    expect(vars('{{ $p := .Plan.Id }}{{ $p = "fixed" }}x={{ $p }}')).toEqual([]);
    expect(vars('{{ with .System }}{{ .Hostname }}{{ end }}')).toEqual([]);
  });

  it('looks inside {{define}}d templates', () => {
    expect(vars('{{ define "x" }}{{ .Task }}{{ end }}{{ template "x" . }}')).toEqual(['.Task']);
  });

  it('says nothing about scripts for other interpreters, or that do not parse', () => {
    expect(vars('#!/usr/bin/env python3\nprint("{{ .Error }}")')).toEqual([]);
    expect(vars('{{ .Error ')).toEqual([]);
    expect(vars('#!/usr/bin/env bash\necho {{ .Error }}')).toEqual(['.Error']);
  });
});

describe('isShellScript', () => {
  it('a script without #! runs in the default shell', () => {
    expect(isShellScript('echo hi')).toBe(true);
    expect(isShellScript('#!/bin/bash -e\n')).toBe(true);
    expect(isShellScript('#!/usr/bin/env -S bash -e\n')).toBe(true);
    expect(isShellScript('#!/usr/bin/python3\n')).toBe(false);
    expect(isShellScript('#!/usr/bin/env node\n')).toBe(false);
  });
});
