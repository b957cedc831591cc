// The config file's schema: hooks and engine settings. Types are inferred from it.
import { z } from 'zod';
import { CONDITIONS, ERROR_BEHAVIOURS } from './conditions';
import { planSchema } from './plans';

export const CONFIG_VERSION = 1;
export const DEFAULT_HOOK_TIMEOUT_SEC = 120;

export const conditionSchema = z.enum(CONDITIONS as [string, ...string[]]);
export const errorBehaviourSchema = z.enum(ERROR_BEHAVIOURS);

export const hookIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit');

export const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name');

export const hookScopeSchema = z
  .object({
    /** Globs over plan ids (`*`, `?`); empty means every plan. */
    plans: z.array(z.string().min(1)).default([]),
    /** Globs over repo ids; empty means every repo. */
    repos: z.array(z.string().min(1)).default([]),
  })
  // Like the hook itself: a newer Hookgate's fields survive a rewrite by this one.
  .loose();

export const hookSchema = z
  .object({
    id: hookIdSchema,
    name: z.string().trim().min(1, 'must not be empty').max(200),
    enabled: z.boolean().default(true),
    conditions: z.array(conditionSchema).min(1, 'needs at least one condition'),
    scope: hookScopeSchema.default({ plans: [], repos: [] }),
    script: z.string().max(4 * 1024 * 1024, 'is larger than 4 MiB'),
    onError: errorBehaviourSchema.default('ON_ERROR_IGNORE'),
    timeoutSec: z.number().positive().max(7 * 24 * 3600).default(DEFAULT_HOOK_TIMEOUT_SEC),
    warnExitCodes: z.array(z.number().int().min(1).max(255)).default([]),
    env: z.record(envNameSchema, z.string()).default({}),
    cwd: z.string().min(1).nullable().default(null),
    /** Re-run while the operation runs when a system fact changes (issue "System facts"). */
    guard: z.boolean().default(false),
    /**
     * A SNAPSHOT_END hook also runs after a skipped or held backup (cleanup such as an unmount).
     * Off by default, as in Backrest, so that "END" means "a backup ran" to a monitoring ping.
     */
    alsoAfterSkip: z.boolean().default(false),
  })
  // Fields written by a newer Hookgate are kept, not dropped, when this version rewrites the file.
  .loose();

export const holdSchema = z
  .object({
    since: z.string(),
    /** ISO time the hold ends; null holds until resumed. */
    until: z.string().nullable(),
  })
  .loose();

export const engineSettingsSchema = z
  .object({
    /** Per hook-run log cap; the head and the tail are kept. */
    logCapBytes: z.number().int().min(4096).default(1024 * 1024),
    /** History keeps at most this many operations… */
    historyMaxOperations: z.number().int().min(10).default(20_000),
    /** …and none older than this many days. */
    historyMaxDays: z.number().int().min(1).default(180),
    /** Grace between SIGTERM and SIGKILL when a hook times out or is cancelled. */
    killGraceMs: z.number().int().min(100).max(60_000).default(3000),
    /** Opt-in: node_exporter's textfile-collector folder, where hookgate.prom tells each plan's state. */
    prometheusTextfileDir: z.string().min(1).nullable().default(null),
  })
  .loose();

export const configSchema = z
  .object({
    version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
    hooks: z.array(hookSchema).default([]),
    settings: engineSettingsSchema.default(engineSettingsSchema.parse({})),
    hold: holdSchema.nullable().default(null),
    /** The backups Hookgate knows (electron/shared/plans.ts); a signal for an unknown plan id adds one. */
    plans: z.array(planSchema).default([]),
  })
  .loose();

export type HookScope = z.infer<typeof hookScopeSchema>;
export type Hook = z.infer<typeof hookSchema>;
export type HookInput = z.input<typeof hookSchema>;
export type Hold = z.infer<typeof holdSchema>;
export type EngineSettings = z.infer<typeof engineSettingsSchema>;
export type Config = z.infer<typeof configSchema>;

export function emptyConfig(): Config {
  return configSchema.parse({});
}
