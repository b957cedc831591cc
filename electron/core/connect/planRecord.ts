// A connect is recorded in the config's `plans` (the plan, where it lives, and its `connection`),
// so disconnect knows what to put back and the Plans view shows it. Written through the config
// store's one writer (the host when it runs, else under the config lock).
import type { Config } from '../../shared/config';
import { connectionSchema, type Connection, type FoundBackup } from '../../shared/discovery';

interface PlanEntry {
  id: string;
  name?: string;
  tool?: string;
  source?: unknown;
  connection?: unknown;
  [k: string]: unknown;
}

function planList(config: Config): PlanEntry[] {
  const plans = (config as { plans?: unknown }).plans;
  return Array.isArray(plans) ? (plans as PlanEntry[]).filter((p) => p && typeof p === 'object' && typeof p.id === 'string') : [];
}

/** The connections recorded in a config, by plan id (an entry that does not read as one is left out). */
export function recordedConnections(config: Config): Map<string, Connection> {
  const out = new Map<string, Connection>();
  for (const p of planList(config)) {
    if (!p.connection) continue;
    const r = connectionSchema.safeParse(p.connection);
    if (r.success) out.set(p.id, r.data);
  }
  return out;
}

/** The config with plan `found.id` recorded (created when new), its connection set or cleared. */
export function withConnection(config: Config, found: FoundBackup, connection: Connection | null): Config {
  const plans = [...planList(config)];
  const i = plans.findIndex((p) => p.id === found.id);
  const base: PlanEntry = i >= 0 ? { ...plans[i]! } : { id: found.id, name: found.name, tool: found.tool, source: found.source };
  base.tool ??= found.tool;
  base.source ??= found.source;
  base.connection = connection;
  if (i >= 0) plans[i] = base;
  else plans.push(base);
  return { ...config, plans } as Config;
}
