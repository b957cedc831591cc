import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_SCRIPTS_MAX, keptScriptFile, readStatusFile, removeRunFile, writeScriptFile } from '../../../electron/core/runner/scriptFile';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-scriptfile-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('keptScriptFile', () => {
  it('gives the same 0600 file for the same script, and another for another script', () => {
    const a = keptScriptFile(dir, 'exit 0\n', '');
    const b = keptScriptFile(dir, 'exit 0\n', '');
    const c = keptScriptFile(dir, 'exit 1\n', '');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(fs.readFileSync(a, 'utf8')).toBe('exit 0\n');
    expect(fs.readFileSync(c, 'utf8')).toBe('exit 1\n');
    expect(fs.statSync(a).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(a), path.basename(c)].sort()); // no temp files left
  });

  it('replaces a kept file whose bytes were changed, so a run only ever executes its own script', () => {
    const a = keptScriptFile(dir, 'echo safe\n', '');
    fs.writeFileSync(a, 'echo evil\n');
    expect(keptScriptFile(dir, 'echo safe\n', '')).toBe(a);
    expect(fs.readFileSync(a, 'utf8')).toBe('echo safe\n');
  });

  it('does not follow a symlink put at its name', () => {
    const a = keptScriptFile(dir, 'echo mine\n', '');
    const elsewhere = path.join(dir, 'elsewhere.sh');
    fs.writeFileSync(elsewhere, 'echo mine\n');
    fs.rmSync(a);
    fs.symlinkSync(elsewhere, a);
    expect(keptScriptFile(dir, 'echo mine\n', '')).toBe(a);
    expect(fs.lstatSync(a).isSymbolicLink()).toBe(false);
  });

  it('adds the byte-order mark Windows PowerShell needs to a .ps1', () => {
    const a = keptScriptFile(dir, 'exit 0', '.ps1');
    expect(a.endsWith('.ps1')).toBe(true);
    expect(fs.readFileSync(a, 'utf8')).toBe('\uFEFFexit 0');
  });

  it(`keeps about ${KEPT_SCRIPTS_MAX}: the least recently used go, recently used ones stay`, () => {
    const old = Date.now() / 1000 - 3600;
    const made: string[] = [];
    for (let i = 0; i < KEPT_SCRIPTS_MAX; i++) {
      const f = keptScriptFile(dir, `exit ${i}\n`, '');
      fs.utimesSync(f, old + i, old + i);
      made.push(f);
    }
    keptScriptFile(dir, 'exit 0\n', ''); // used again now: must survive
    const fresh = keptScriptFile(dir, 'echo new\n', '');
    const left = fs.readdirSync(dir).map((n) => path.join(dir, n));
    expect(left.length).toBe(KEPT_SCRIPTS_MAX);
    expect(left).toContain(fresh);
    expect(left).toContain(made[0]);
    expect(left).not.toContain(made[1]); // the oldest not used since
  });
});

describe('writeScriptFile, readStatusFile, removeRunFile', () => {
  it('writes a fresh private file each time and removes files and folders alike', () => {
    const a = writeScriptFile(dir, 'exit 0\n', '');
    const b = writeScriptFile(dir, 'exit 0\n', '');
    expect(a).not.toBe(b);
    expect(fs.statSync(a).mode & 0o777).toBe(0o600);
    removeRunFile(a);
    fs.rmSync(b);
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(b, 'x'), 'x');
    removeRunFile(b);
    removeRunFile(path.join(dir, 'never-there'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes a rendered template\'s bytes as they are, not UTF-8 text (a .ps1 gets its byte-order mark once)', () => {
    const cut = new Uint8Array([0x78, 0x3d, 0xc3, 0x0a]); // x=<the first byte of "é">
    expect([...fs.readFileSync(writeScriptFile(dir, cut, ''))]).toEqual([...cut]);
    expect([...fs.readFileSync(writeScriptFile(dir, cut, '.ps1'))]).toEqual([0xef, 0xbb, 0xbf, ...cut]);
    const marked = new Uint8Array([0xef, 0xbb, 0xbf, 0xff]);
    expect([...fs.readFileSync(writeScriptFile(dir, marked, '.ps1'))]).toEqual([...marked]);
  });

  it('reads a status file, nothing when there is none, and no file through a symlink', () => {
    const status = path.join(dir, 'status');
    expect(readStatusFile(status, 100)).toBeNull();
    fs.writeFileSync(status, 'battery at 12 %');
    expect(readStatusFile(status, 100)).toBe('battery at 12 %');
    expect(readStatusFile(status, 7)).toBe('battery');
    const secret = path.join(dir, 'secret');
    fs.writeFileSync(secret, 'token');
    fs.rmSync(status);
    fs.symlinkSync(secret, status);
    expect(readStatusFile(status, 100)).toBeNull();
  });
});

describe('keptScriptFile: a script checked before is trusted only while its file is unchanged', () => {
  it('notices a same-size rewrite made after it was checked', async () => {
    const a = keptScriptFile(dir, 'echo safe\n', '');
    await new Promise((r) => setTimeout(r, 80)); // its change time settles: the next check remembers it
    expect(keptScriptFile(dir, 'echo safe\n', '')).toBe(a);
    expect(keptScriptFile(dir, 'echo safe\n', '')).toBe(a); // the short way
    fs.writeFileSync(a, 'echo evil\n');
    expect(keptScriptFile(dir, 'echo safe\n', '')).toBe(a);
    expect(fs.readFileSync(a, 'utf8')).toBe('echo safe\n');
    fs.rmSync(a);
    expect(keptScriptFile(dir, 'echo safe\n', '')).toBe(a);
    expect(fs.readFileSync(a, 'utf8')).toBe('echo safe\n');
  });
});
