// The deb's maintainer scripts, run for real in a temp root: the `${...}` placeholders filled the way
// electron-builder fills them, absolute paths moved under the temp root, and the system tools they
// call (apparmor_status, apparmor_parser, unshare, update-desktop-database) replaced by stubs that
// record their arguments. Ubuntu 24.04 needs the AppArmor profile installed (electron-builder
// issue 8635); the scripts must keep that step of electron-builder's own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface Machine {
  root: string;
  run: (script: 'after-install' | 'after-remove') => string;
  calls: () => string[];
}

/** A temp root with /opt/Hookgate laid out as the deb installs it, and stubs on PATH. */
function machine(o: { apparmor: boolean; profileParses: boolean }): Machine {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-deb-'));
  dirs.push(root);
  const app = path.join(root, 'opt', 'Hookgate');
  fs.mkdirSync(path.join(app, 'resources', 'bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'usr', 'bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'etc', 'apparmor.d'), { recursive: true });
  fs.writeFileSync(path.join(app, 'hookgate-app'), '', { mode: 0o755 });
  fs.writeFileSync(path.join(app, 'chrome-sandbox'), '', { mode: 0o755 });
  fs.writeFileSync(path.join(app, 'resources', 'bin', 'hookgate'), '', { mode: 0o755 });
  fs.writeFileSync(path.join(app, 'resources', 'apparmor-profile'), 'abi <abi/4.0>,\nprofile "hookgate-app" flags=(unconfined) { userns, }\n');
  const stubs = path.join(root, 'stubs');
  fs.mkdirSync(stubs);
  const log = path.join(root, 'calls.log');
  const stub = (name: string, body: string) =>
    fs.writeFileSync(path.join(stubs, name), `#!/bin/bash\necho "${name} $*" >> '${log}'\n${body}\n`, { mode: 0o755 });
  stub('apparmor_status', o.apparmor ? 'exit 0' : 'exit 1');
  stub('apparmor_parser', o.profileParses ? 'exit 0' : 'case "$*" in *--skip-kernel-load*) exit 1;; esac; exit 0');
  stub('unshare', 'exit 0');
  stub('update-desktop-database', 'exit 0');
  const run = (script: 'after-install' | 'after-remove') => {
    const text = fs
      .readFileSync(path.join(ROOT, 'assets/packaging/linux', `${script}.sh`), 'utf8')
      .replaceAll('${sanitizedProductName}', 'Hookgate')
      .replaceAll('${executable}', 'hookgate-app')
      .replaceAll("'/opt/", `'${root}/opt/`)
      .replaceAll('/etc/apparmor.d/', `${root}/etc/apparmor.d/`)
      .replaceAll('/usr/bin/', `${root}/usr/bin/`);
    expect(text, 'every placeholder is one electron-builder fills').not.toMatch(/\$\{(?!sanitizedProductName|executable)[a-zA-Z]+\}/);
    const file = path.join(root, `${script}.sh`);
    fs.writeFileSync(file, text);
    return execFileSync('bash', [file], { encoding: 'utf8', env: { PATH: `${stubs}:/usr/bin:/bin` } });
  };
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []);
  return { root, run, calls };
}

describe('the deb after-install script', () => {
  it('links the app and the CLI into /usr/bin, and installs and loads the AppArmor profile', () => {
    const m = machine({ apparmor: true, profileParses: true });
    m.run('after-install');
    expect(fs.readlinkSync(path.join(m.root, 'usr/bin/hookgate-app'))).toBe(path.join(m.root, 'opt/Hookgate/hookgate-app'));
    expect(fs.readlinkSync(path.join(m.root, 'usr/bin/hookgate'))).toBe(path.join(m.root, 'opt/Hookgate/resources/bin/hookgate'));
    const target = path.join(m.root, 'etc/apparmor.d/hookgate-app');
    expect(fs.readFileSync(target, 'utf8')).toContain('userns');
    expect(m.calls()).toContain(`apparmor_parser --replace --write-cache --skip-read-cache ${target}`);
    // user namespaces work (unshare succeeded): no SUID sandbox
    expect(fs.statSync(path.join(m.root, 'opt/Hookgate/chrome-sandbox')).mode & 0o7777).toBe(0o755);
  });

  it('skips the profile where AppArmor cannot parse it (Ubuntu 22.04) or is off', () => {
    const old = machine({ apparmor: true, profileParses: false });
    expect(old.run('after-install')).toContain('Skipping the installation of the AppArmor profile');
    expect(fs.existsSync(path.join(old.root, 'etc/apparmor.d/hookgate-app'))).toBe(false);
    const off = machine({ apparmor: false, profileParses: true });
    off.run('after-install');
    expect(fs.existsSync(path.join(off.root, 'etc/apparmor.d/hookgate-app'))).toBe(false);
    expect(off.calls().filter((c) => c.startsWith('apparmor_parser'))).toEqual([]);
  });
});

describe('the deb after-remove script', () => {
  it('unloads and removes the profile and the links it made', () => {
    const m = machine({ apparmor: true, profileParses: true });
    m.run('after-install');
    m.run('after-remove');
    const target = path.join(m.root, 'etc/apparmor.d/hookgate-app');
    expect(m.calls()).toContain(`apparmor_parser --remove ${target}`);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(path.join(m.root, 'usr/bin/hookgate'))).toBe(false);
    expect(fs.existsSync(path.join(m.root, 'usr/bin/hookgate-app'))).toBe(false);
  });
});
