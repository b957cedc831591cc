// A connect is recorded in the config's `plans` (the plan, where it lives, and its `connection`),
// so disconnect knows what to put back and the Plans view shows it. Written through the config
// store's one writer (the host when it runs, else under the config lock).
import type { Config } from '../../shared/config';
import type { Connection, FoundBackup } from '../../shared/discovery';
import { planSchema, type Plan } from '../../shared/plans';

/** The connections recorded in a config, by plan id. */
export function recordedConnections(config: Config): Map<string, Connection> {
  const out = new Map<string, Connection>();
  for (const p of config.plans ?? []) if (p.connection) out.set(p.id, p.connection);
  return out;
}

/**
 * The config with plan `found.id` recorded — created when new (origin "connect"), its tool and
 * source filled in where a signal had made it without them — and its connection set or cleared.
 */
export function withConnection(config: Config, found: FoundBackup, connection: Connection | null, now = new Date()): Config {
  const plans = [...(config.plans ?? [])];
  const i = plans.findIndex((p) => p.id === found.id);
  const before: Partial<Plan> = i >= 0 ? plans[i]! : { id: found.id, name: found.name.slice(0, 200), origin: 'connect', createdAt: now.toISOString() };
  const plan = planSchema.parse({
    ...before,
    tool: !before.tool || before.tool === 'other' ? found.tool : before.tool,
    source: before.source ?? found.source,
    connection,
  });
  if (i >= 0) plans[i] = plan;
  else plans.push(plan);
  return { ...config, plans };
}
