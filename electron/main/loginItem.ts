// Start at login (a setting, off by default). macOS and Windows have it in Electron
// (app.setLoginItemSettings); Linux desktops read an XDG autostart entry, which we write ourselves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LaunchInfo {
  execPath: string;
  /** Set by the AppImage runtime: the .AppImage file (execPath is inside a temporary mount). */
  appImage?: string;
  isPackaged: boolean;
  /** The app folder passed to a development Electron binary. */
  appPath: string;
}

/** The command that starts this app again: the AppImage, the installed binary, or electron + the app folder. */
export function launchCommand(l: LaunchInfo): string[] {
  if (l.appImage) return [l.appImage];
  return l.isPackaged ? [l.execPath] : [l.execPath, l.appPath];
}

/** Quotes an argument for a desktop entry's Exec= (the Desktop Entry spec's rules). */
function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** Passed by the autostart entry: the app was started at login (and waits for the desktop's tray). */
export const LOGIN_ARG = '--login';

/** Whether this process was started by the autostart entry. */
export function startedAtLogin(argv: readonly string[]): boolean {
  return argv.includes(LOGIN_ARG);
}

export function autostartEntry(argv: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hookgate',
    'Comment=Gates laptop backups on command hooks',
    `Exec=${[...argv, LOGIN_ARG].map(quoteExecArg).join(' ')}`,
    // The icon the deb installs is named after the app's binary (electron-builder.yml: executableName).
    'Icon=hookgate-app',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    // Started a little after the session: the panel and its tray are usually up by then (the app
    // still waits for them, LOGIN_TRAY_WAIT_MS). GNOME and Cinnamon honour it; others start at once.
    'X-GNOME-Autostart-Delay=5',
    '',
  ].join('\n');
}

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'autostart', 'hookgate.desktop');
}

export interface LoginItemTarget {
  platform: NodeJS.Platform;
  launch: LaunchInfo;
  setLoginItemSettings: (s: { openAtLogin: boolean; openAsHidden?: boolean; path?: string; args?: string[] }) => void;
  env?: NodeJS.ProcessEnv;
}

/** Makes the OS start the app at login, or stop doing so. */
export function applyStartAtLogin(enabled: boolean, t: LoginItemTarget): void {
  if (t.platform === 'linux') {
    const file = autostartFile(t.env);
    if (enabled) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, autostartEntry(launchCommand(t.launch)));
    } else {
      fs.rmSync(file, { force: true });
    }
    return;
  }
  const [exe, ...args] = launchCommand(t.launch);
  t.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, ...(t.launch.isPackaged ? {} : { path: exe, args }) });
}
