// node-pty that cannot load (a pty.node built for a newer glibc or another architecture), with the
// real CLI bundle laid out as the packed app lays it out (resources/cli with its own node_modules):
// the bundle still starts and answers, and a gate fails closed with the loader's words — not a
// stack trace, not "proceed" because the hook's error behaviour is IGNORE.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPtyLoader, describePtyLoadError, PtyUnavailableError } from '../../electron/core/runner/ptyModule';
import { ROOT } from '../helpers/cli';

const GLIBC = "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /opt/Hookgate/resources/cli/node_modules/node-pty/build/Release/pty.node)";

describe('the pty loader', () => {
  it('loads on first use and says why it cannot, the same on every call', () => {
    let tries = 0;
    const loader = createPtyLoader(() => {
      tries++;
      throw new Error(`${GLIBC}\n    at Module._extensions..node (node:internal/modules/cjs/loader:1460:18)`);
    });
    expect(tries).toBe(0);
    const problem = `the terminal library hooks run in (node-pty) did not load: ${GLIBC}`;
    expect(loader.problem()).toBe(problem);
    expect(() => loader.load()).toThrow(PtyUnavailableError);
    expect(() => loader.load()).toThrow(problem);
    expect(tries).toBe(1);
    expect(describePtyLoadError('\n\nwrong ELF class: ELFCLASS32\n')).toBe('the terminal library hooks run in (node-pty) did not load: wrong ELF class: ELFCLASS32');
  });

  it('gives the module when it loads', () => {
    const mod = { spawn: () => null };
    expect(createPtyLoader(() => mod).load()).toBe(mod);
  });
});

describe('the CLI bundle with a node-pty that does not load', () => {
  let dir = '';
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'out/cli/hookgate.js'))) spawnSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-nopty-'));
    const cli = path.join(dir, 'cli');
    fs.cpSync(path.join(ROOT, 'out/cli'), cli, { recursive: true, filter: (f) => !f.endsWith('.map') });
    fs.copyFileSync(path.join(ROOT, 'assets/packaging/cli-package.json'), path.join(cli, 'package.json'));
    const pty = path.join(cli, 'node_modules', 'node-pty');
    fs.mkdirSync(pty, { recursive: true });
    fs.writeFileSync(path.join(pty, 'package.json'), JSON.stringify({ name: 'node-pty', version: '1.1.0', main: 'index.js' }));
    fs.writeFileSync(path.join(pty, 'index.js'), `throw new Error(${JSON.stringify(GLIBC)});\n`);
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const hook = { id: 'battery', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_IGNORE', script: '#!/bin/sh\necho hi\n' };
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, hooks: [hook] }));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    spawnSync(process.execPath, [path.join(dir, 'cli', 'hookgate.js'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, HOOKGATE_HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'home'), NO_COLOR: '1' },
      timeout: 60_000,
    });

  it('still starts (node-pty is not loaded at import)', () => {
    const r = run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails the gate with the reason, even for an IGNORE hook', () => {
    const r = run(['signal', 'snapshot-start', '--plan', 'laptop']);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`the terminal library hooks run in (node-pty) did not load: ${GLIBC}`);
    expect(out).toMatch(/hookgate: fail/);
    expect(out).not.toMatch(/\n\s+at /);
    expect(out).not.toContain('cannot start "/bin/sh"');
    expect(r.status).not.toBe(0);
  });
});

describe("the tray app's main bundle", () => {
  const main = path.join(ROOT, 'out/main/index.js');
  it.skipIf(!fs.existsSync(main))(`does not import node-pty when it loads${fs.existsSync(main) ? '' : ' (skipped: run npm run build first)'}`, () => {
    // A static import would stop the main module before any tray or window exists.
    const text = fs.readFileSync(main, 'utf8');
    expect(text).not.toMatch(/(?:import|from)\s*["']node-pty["']/);
    expect(text).not.toMatch(/require\(["']node-pty["']\)/);
  });
});
