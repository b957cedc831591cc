// Where Hookgate keeps its files. HOOKGATE_HOME overrides the platform's app-data folder.
import os from 'node:os';
import path from 'node:path';

/** `$HOOKGATE_HOME`, else `Hookgate/` under the platform's config folder (Electron's userData). */
export function hookgateHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOOKGATE_HOME) return path.resolve(env.HOOKGATE_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Hookgate');
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Hookgate');
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Hookgate');
  }
}

export interface HookgatePaths {
  home: string;
  config: string;
  /** Taken by whoever writes config and history when no host runs. */
  lock: string;
  historyDir: string;
  historyFile: string;
  logsDir: string;
  /** Temporary hook scripts and status files (0700). */
  runDir: string;
}

export function hookgatePaths(home = hookgateHome()): HookgatePaths {
  const historyDir = path.join(home, 'history');
  return {
    home,
    config: path.join(home, 'config.json'),
    lock: path.join(home, 'hookgate.lock'),
    historyDir,
    historyFile: path.join(historyDir, 'history.jsonl'),
    logsDir: path.join(historyDir, 'logs'),
    runDir: path.join(home, 'run'),
  };
}
