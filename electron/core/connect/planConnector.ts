// Discover, connect and disconnect against one config store: the host's (so it stays the one
// writer) or, with no host running, the CLI's own under the config lock.
import type { Config } from '../../shared/config';
import type { ConnectResult, DisconnectResult, FoundBackup } from '../../shared/discovery';
import { discover } from '../discovery/index';
import type { DiscoveryOptions } from '../discovery/discoveryOptions';
import type { HookgatePaths } from '../paths';
import { connectPlan, disconnectPlan, type ConnectContext } from './connect';
import { recordedConnections, withConnection } from './planRecord';

export interface ConfigAccess {
  readonly config: Config;
  reload(): Promise<void>;
  update(mutate: (c: Config) => Config | void): Promise<Config>;
}

export class PlanConnector {
  constructor(
    private readonly store: ConfigAccess,
    private readonly paths: HookgatePaths,
    private readonly opts: () => DiscoveryOptions,
  ) {}

  async discover(): Promise<{ found: FoundBackup[]; problems: string[] }> {
    await this.store.reload();
    const d = await discover(this.opts(), recordedConnections(this.store.config));
    return { found: d.found, problems: d.problems };
  }

  async connect(id: string, apply: boolean, expect?: string): Promise<ConnectResult> {
    return connectPlan(id, apply, await this.context(), expect);
  }

  async disconnect(id: string, apply: boolean, expect?: string): Promise<DisconnectResult> {
    return disconnectPlan(id, apply, await this.context(), expect);
  }

  private async context(): Promise<ConnectContext> {
    await this.store.reload();
    return {
      opts: this.opts(),
      paths: this.paths,
      recorded: recordedConnections(this.store.config),
      record: async (found, connection) => {
        await this.store.update((c) => withConnection(c, found, connection));
      },
    };
  }
}
