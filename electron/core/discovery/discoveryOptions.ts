// Where discovery looks. Every system path is under `root` ("/" normally) and every user path under
// `home`, so tests (and `HOOKGATE_DISCOVERY_ROOT` / `HOOKGATE_DISCOVERY_HOME`) point it at a temp tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DiscoveryOptions {
  /** Prefix of every system path (/etc, /usr/lib, /lib, /proc). */
  root: string;
  /** The user's home folder. */
  home: string;
  /** Whose crontab `crontab -l` reads (null: the current user's). */
  crontabUser: string | null;
  /** The `crontab` command (null: do not read a user crontab, e.g. where none is installed). */
  crontabCommand: string | null;
  /** The `hookgate` command the wiring calls (an absolute path where the tool needs one). */
  hookgateBin: string;
}

export function discoveryOptions(env: NodeJS.ProcessEnv = process.env, over: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  const root = over.root ?? (env.HOOKGATE_DISCOVERY_ROOT ? path.resolve(env.HOOKGATE_DISCOVERY_ROOT) : '/');
  const home = over.home ?? (env.HOOKGATE_DISCOVERY_HOME ? path.resolve(env.HOOKGATE_DISCOVERY_HOME) : env.HOOKGATE_DISCOVERY_ROOT ? path.join(root, 'home') : os.homedir());
  const crontabCommand = over.crontabCommand !== undefined ? over.crontabCommand : env.HOOKGATE_CRONTAB !== undefined ? env.HOOKGATE_CRONTAB || null : findOnPath('crontab', env);
  return {
    root,
    home,
    crontabUser: over.crontabUser !== undefined ? over.crontabUser : env.HOOKGATE_CRONTAB_USER || null,
    crontabCommand,
    hookgateBin: over.hookgateBin ?? hookgateCommand(env),
  };
}

/** A system path under the discovery root. */
export function sys(opts: DiscoveryOptions, p: string): string {
  return path.join(opts.root, p);
}

/** A path under the user's home, as the user writes it (~/…) for messages. */
export function tildePath(opts: DiscoveryOptions, p: string): string {
  return p === opts.home || p.startsWith(opts.home + path.sep) ? `~${p.slice(opts.home.length)}` : p;
}

/**
 * The hookgate command to wire in: `HOOKGATE_BIN`, else `hookgate` found on PATH (absolute: systemd,
 * rsnapshot and cron run with a PATH of their own), else the bare name.
 */
export function hookgateCommand(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOOKGATE_BIN) return env.HOOKGATE_BIN;
  return findOnPath('hookgate', env) ?? 'hookgate';
}

function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}
