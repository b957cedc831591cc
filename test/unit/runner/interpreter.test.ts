import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interpreterForScript } from '../../../electron/core/runner/interpreter';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-interp-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('interpreterForScript: a found interpreter is remembered, never trusted blindly', () => {
  it('finds it in PATH, and says so at once when it is removed or loses its execute bit', () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const prog = path.join(bin, 'myshell');
    fs.writeFileSync(prog, '#!/bin/sh\n', { mode: 0o755 });
    const script = '#!/usr/bin/env myshell\necho hi\n';
    expect(interpreterForScript(script, { env: { PATH: `${bin}:/usr/bin:/bin` }, cwd: dir })).toHaveProperty('interpreter');
    const first = interpreterForScript('exit 0\n', { env: { PATH: `${bin}:/usr/bin:/bin` }, cwd: dir });
    expect(first).toHaveProperty('interpreter');
    fs.chmodSync(prog, 0o644);
    expect(interpreterForScript(script, { env: { PATH: `${bin}:/usr/bin:/bin` }, cwd: dir })).toEqual({ error: expect.stringMatching(/^interpreter "myshell" is not executable/) });
    fs.rmSync(prog);
    expect(interpreterForScript(script, { env: { PATH: `${bin}:/usr/bin:/bin` }, cwd: dir })).toEqual({ error: expect.stringMatching(/^interpreter "myshell" not found in PATH/) });
    fs.writeFileSync(prog, '#!/bin/sh\n', { mode: 0o755 });
    expect(interpreterForScript(script, { env: { PATH: `${bin}:/usr/bin:/bin` }, cwd: dir })).toHaveProperty('interpreter');
  });

  it('looks up again in another PATH', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    for (const d of [a, b]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    }
    const at = (p: string) => interpreterForScript('#!/usr/bin/env tool\n', { env: { PATH: `${p}:/usr/bin:/bin` }, cwd: dir });
    const direct = (p: string) => interpreterForScript(`#!${path.join(p, 'tool')}\n`, { env: { PATH: p }, cwd: dir });
    expect(direct(a)).toMatchObject({ interpreter: { argv: [path.join(a, 'tool')] } });
    expect(direct(b)).toMatchObject({ interpreter: { argv: [path.join(b, 'tool')] } });
    expect(at(a)).toHaveProperty('interpreter');
    fs.rmSync(path.join(b, 'tool'));
    expect(at(b)).toHaveProperty('error'); // b's own lookup, not a's remembered answer
  });
});
