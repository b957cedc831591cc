import { describe, expect, it } from 'vitest';
import { splitShebang } from '../../../electron/core/runner';
import { envTarget } from '../../../electron/core/runner/interpreter';

describe('splitShebang', () => {
  it('splits the interpreter line into argv on whitespace', () => {
    expect(splitShebang('#!/usr/bin/env bash\necho hi\n')).toEqual({ argv: ['/usr/bin/env', 'bash'] });
    expect(splitShebang('#! /bin/sh   -e\t-u\n')).toEqual({ argv: ['/bin/sh', '-e', '-u'] });
  });

  it('honours single and double quotes like a shell, including empty and adjacent parts', () => {
    expect(splitShebang(`#!"/opt/my tools/run" 'a b' "c'd" ''\n`)).toEqual({ argv: ['/opt/my tools/run', 'a b', "c'd", ''] });
    expect(splitShebang(`#!/bin/x a'b'"c"d\n`)).toEqual({ argv: ['/bin/x', 'abcd'] });
  });

  it('treats backslashes as a shell does: a bare one escapes, inside "…" only \\ " $ ` are escaped, inside \'…\' none', () => {
    expect(splitShebang('#!/bin/x a\\ b \\"q\\"\n')).toEqual({ argv: ['/bin/x', 'a b', '"q"'] });
    expect(splitShebang('#!/bin/x "a\\"b\\\\c\\n"\n')).toEqual({ argv: ['/bin/x', 'a"b\\c\\n'] });
    expect(splitShebang("#!/bin/x 'a\\b'\n")).toEqual({ argv: ['/bin/x', 'a\\b'] });
  });

  it('keeps env -S and its string so env runs the interpreter with its options', () => {
    expect(splitShebang('#!/usr/bin/env -S bash -e -u\n')).toEqual({ argv: ['/usr/bin/env', '-S', 'bash', '-e', '-u'] });
    expect(splitShebang('#!/usr/bin/env -S "python3 -u"\n')).toEqual({ argv: ['/usr/bin/env', '-S', 'python3 -u'] });
  });

  it('drops the CR of a CRLF line ending', () => {
    expect(splitShebang('#!/bin/bash -e\r\necho hi\r\n')).toEqual({ argv: ['/bin/bash', '-e'] });
  });

  it('returns null argv for a script without a #! first line (the default shell runs it)', () => {
    expect(splitShebang('echo hi\n')).toEqual({ argv: null });
    expect(splitShebang('')).toEqual({ argv: null });
    expect(splitShebang('\n#!/bin/bash\n')).toEqual({ argv: null }); // like the kernel: only at the very start
    expect(splitShebang('# !/bin/bash\n')).toEqual({ argv: null });
  });

  it('reports an empty #! line or broken quoting as an error instead of guessing', () => {
    expect(splitShebang('#!\necho hi')).toMatchObject({ argv: null, error: expect.stringContaining('names no interpreter') });
    expect(splitShebang('#!   \r\n')).toMatchObject({ argv: null, error: expect.stringContaining('names no interpreter') });
    expect(splitShebang("#!/bin/x 'open\n")).toMatchObject({ argv: null, error: expect.stringContaining('unterminated single quote') });
    expect(splitShebang('#!/bin/x "open\n')).toMatchObject({ argv: null, error: expect.stringContaining('unterminated double quote') });
    expect(splitShebang('#!/bin/x \\')).toMatchObject({ argv: null, error: expect.stringContaining('ends with a backslash') });
  });

  it('handles a script that is only the #! line, without a newline', () => {
    expect(splitShebang('#!/bin/sh')).toEqual({ argv: ['/bin/sh'] });
  });
});

describe('envTarget (the program behind #!/usr/bin/env, checked before spawning)', () => {
  it('finds the program after options and assignments', () => {
    expect(envTarget(['/usr/bin/env', 'python3'], 'linux')).toBe('python3');
    expect(envTarget(['/usr/bin/env', '-v', 'FOO=1', 'bash', '-e'], 'linux')).toBe('bash');
    expect(envTarget(['/usr/bin/env', '-u', 'HOME', 'bash'], 'linux')).toBe('bash');
    expect(envTarget(['/usr/bin/env', '-S', 'bash -e'], 'linux')).toBe('bash');
    expect(envTarget(['/usr/bin/env', '-Spython3 -u'], 'linux')).toBe('python3');
    expect(envTarget(['/usr/bin/env', '--', 'node'], 'linux')).toBe('node');
  });

  it('gives up where env would look the program up differently', () => {
    expect(envTarget(['/usr/bin/env', '-i', 'bash'], 'linux')).toBeNull();
    expect(envTarget(['/usr/bin/env', 'PATH=/opt/bin', 'tool'], 'linux')).toBeNull();
    expect(envTarget(['/usr/bin/env', '-S', 'PATH=/opt/bin tool'], 'linux')).toBeNull();
    expect(envTarget(['/bin/bash', '-e'], 'linux')).toBeNull();
  });
});
