// `npm start`: build, then launch the tray app in Electron. Electron's binary is fetched on first
// use (npm does not run its download script by default); where it cannot be fetched, or there is no
// desktop to show it on, say how to run Hookgate without the tray instead of failing obscurely.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathTxt = path.join(electronDir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function noElectron(why) {
  console.error(
    `hookgate: cannot start the tray app: ${why}\n\n` +
      '  Run Hookgate without Electron instead:\n\n' +
      '      npm run daemon\n\n' +
      '  It hosts the same engine and serves the tray window at a local URL that it prints.\n',
  );
  process.exit(1);
}

// Electron on Linux needs an X11 or Wayland session to draw in (over ssh, in a container, on a server).
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  noElectron('there is no graphical session here (neither DISPLAY nor WAYLAND_DISPLAY is set)');
}

let bin = electronBinary();
if (!bin) {
  if (!existsSync(path.join(electronDir, 'install.js'))) noElectron('the electron package is not installed');
  console.error('hookgate: downloading the Electron binary (first start)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 300_000 });
  bin = electronBinary();
  if (!bin) {
    const lines = (r.stderr || '').split('\n').map((l) => l.trim()).filter(Boolean);
    const detail = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines[0] ?? `exit status ${r.status}`;
    noElectron(`no Electron binary, and it could not be downloaded (${detail})`);
  }
}

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(bin, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
