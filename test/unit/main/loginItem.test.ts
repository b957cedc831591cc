import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, autostartEntry, launchCommand, startedAtLogin } from '../../../electron/main/loginItem';

const VALIDATOR = spawnSync('desktop-file-validate', ['--help']).error ? null : 'desktop-file-validate';

describe('start at login', () => {
  it('starts the AppImage itself, not its temporary mount', () => {
    expect(launchCommand({ execPath: '/tmp/.mount_hookgXYZ/hookgate', appImage: '/home/u/Apps/Hookgate.AppImage', isPackaged: true, appPath: '/x' })).toEqual(['/home/u/Apps/Hookgate.AppImage']);
    expect(launchCommand({ execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '/x' })).toEqual(['/opt/Hookgate/hookgate']);
    expect(launchCommand({ execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' })).toEqual(['/repo/node_modules/electron/dist/electron', '/repo']);
  });

  it('quotes an Exec line the way the desktop entry spec asks', () => {
    expect(autostartEntry(['/home/u/My Apps/Hookgate.AppImage'])).toContain('Exec="/home/u/My Apps/Hookgate.AppImage" --login\n');
    expect(autostartEntry(['/opt/a$b/x'])).toContain('Exec="/opt/a\\$b/x" --login\n');
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-autostart-'));
    const target = { platform: 'linux' as const, launch: { execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '' }, setLoginItemSettings: () => {}, env: { XDG_CONFIG_HOME: xdg } };
    applyStartAtLogin(true, target);
    const file = path.join(xdg, 'autostart', 'hookgate.desktop');
    const entry = fs.readFileSync(file, 'utf8');
    // Started at login: the app knows (and waits for the panel's tray), and the desktop starts it a little late.
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Hookgate\n[\s\S]*Exec=\/opt\/Hookgate\/hookgate --login\n/);
    expect(entry).toContain('X-GNOME-Autostart-Delay=5\n');
    expect(startedAtLogin(['/opt/Hookgate/hookgate', '--login'])).toBe(true);
    expect(startedAtLogin(['/opt/Hookgate/hookgate'])).toBe(false);
    if (VALIDATOR) execFileSync(VALIDATOR, [file], { encoding: 'utf8' });
    applyStartAtLogin(false, target);
    expect(fs.existsSync(file)).toBe(false);
    fs.rmSync(xdg, { recursive: true, force: true });
  });

  it.skipIf(!VALIDATOR)(`writes entries desktop-file-validate accepts, odd paths too${VALIDATOR ? '' : ' (skipped: desktop-file-validate is not installed)'}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-autostart-'));
    try {
      for (const argv of [['/home/u/My Apps/Hookgate.AppImage'], ['/opt/a$b/x'], ['/repo/node_modules/electron/dist/electron', '/repo']]) {
        const file = path.join(dir, 'hookgate.desktop');
        fs.writeFileSync(file, autostartEntry(argv));
        // It prints nothing and exits 0 for a valid file; hints and errors go to stdout.
        expect(execFileSync(VALIDATOR!, [file], { encoding: 'utf8' })).toBe('');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses Electron's login items on macOS and Windows, hidden", () => {
    const seen: unknown[] = [];
    applyStartAtLogin(true, { platform: 'win32', launch: { execPath: 'C:\\Hookgate\\Hookgate.exe', isPackaged: true, appPath: '' }, setLoginItemSettings: (s) => seen.push(s) });
    expect(seen).toEqual([{ openAtLogin: true, openAsHidden: true }]);
  });
});
