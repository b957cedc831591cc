import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, autostartEntry, launchCommand } from '../../../electron/main/loginItem';

describe('start at login', () => {
  it('starts the AppImage itself, not its temporary mount', () => {
    expect(launchCommand({ execPath: '/tmp/.mount_hookgXYZ/hookgate', appImage: '/home/u/Apps/Hookgate.AppImage', isPackaged: true, appPath: '/x' })).toEqual(['/home/u/Apps/Hookgate.AppImage']);
    expect(launchCommand({ execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '/x' })).toEqual(['/opt/Hookgate/hookgate']);
    expect(launchCommand({ execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' })).toEqual(['/repo/node_modules/electron/dist/electron', '/repo']);
  });

  it('quotes an Exec line the way the desktop entry spec asks', () => {
    expect(autostartEntry(['/home/u/My Apps/Hookgate.AppImage'])).toContain('Exec="/home/u/My Apps/Hookgate.AppImage"\n');
    expect(autostartEntry(['/opt/a$b/x'])).toContain('Exec="/opt/a\\$b/x"\n');
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-autostart-'));
    const target = { platform: 'linux' as const, launch: { execPath: '/opt/Hookgate/hookgate', isPackaged: true, appPath: '' }, setLoginItemSettings: () => {}, env: { XDG_CONFIG_HOME: xdg } };
    applyStartAtLogin(true, target);
    const file = path.join(xdg, 'autostart', 'hookgate.desktop');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Hookgate\n[\s\S]*Exec=\/opt\/Hookgate\/hookgate\n/);
    applyStartAtLogin(false, target);
    expect(fs.existsSync(file)).toBe(false);
    fs.rmSync(xdg, { recursive: true, force: true });
  });

  it("uses Electron's login items on macOS and Windows, hidden", () => {
    const seen: unknown[] = [];
    applyStartAtLogin(true, { platform: 'win32', launch: { execPath: 'C:\\Hookgate\\Hookgate.exe', isPackaged: true, appPath: '' }, setLoginItemSettings: (s) => seen.push(s) });
    expect(seen).toEqual([{ openAtLogin: true, openAsHidden: true }]);
  });
});
