// A temp machine for discovery and connect: a root (etc, usr/lib, proc) and a home, filled per test,
// and the options that point discovery at it (no user crontab unless a test asks for one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hookgatePaths, type HookgatePaths } from '../../electron/core/paths';
import { discoveryOptions, type DiscoveryOptions } from '../../electron/core/discovery';
import type { Connection, FoundBackup } from '../../electron/shared/discovery';
import type { ConnectContext } from '../../electron/core/connect';
import { recordedConnections, withConnection } from '../../electron/core/connect';
import { emptyConfig, type Config } from '../../electron/shared/config';

export interface Tree {
  dir: string;
  root: string;
  home: string;
  opts: DiscoveryOptions;
  paths: HookgatePaths;
  /** Writes a file under the root ("etc/…") or home ("~/…"), making its folders. */
  write(rel: string, text: string | Buffer, mode?: number): string;
  file(rel: string): string;
  read(rel: string): Buffer;
  /** A connect context over an in-memory config (what the host's store would keep). */
  context(): ConnectContext & { config: () => Config };
}

export function makeTree(over: Partial<DiscoveryOptions> = {}): Tree {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-discovery-'));
  const root = path.join(dir, 'root');
  const home = path.join(dir, 'root', 'home', 'alice');
  fs.mkdirSync(home, { recursive: true });
  const paths = hookgatePaths(path.join(dir, 'hookgate-home'));
  const opts = discoveryOptions({}, { root, home, crontabCommand: null, crontabUser: null, hookgateBin: '/usr/local/bin/hookgate', ...over });
  const file = (rel: string) => (rel.startsWith('~/') ? path.join(home, rel.slice(2)) : path.join(root, rel));
  let config = emptyConfig();
  return {
    dir,
    root,
    home,
    opts,
    paths,
    file,
    write(rel, text, mode) {
      const p = file(rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      if (mode !== undefined) fs.chmodSync(p, mode);
      return p;
    },
    read: (rel) => fs.readFileSync(file(rel)),
    context() {
      const ctx = {
        opts,
        paths,
        get recorded() {
          return recordedConnections(config);
        },
        record: async (found: FoundBackup, connection: Connection | null) => {
          config = withConnection(config, found, connection);
        },
        config: () => config,
      };
      return ctx;
    },
  };
}
