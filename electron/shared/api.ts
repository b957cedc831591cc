// THE API contract between a host (tray app or `hookgate daemon`) and its clients (the CLI over
// the local socket, the UI over Electron IPC or a WebSocket). Written once, as one table of
// method → request/response schemas and one of event → data schema; every transport is generated
// from these tables, so they cannot drift. Types are inferred from the schemas.
import { z } from 'zod';
import { CONDITIONS, OPERATION_KINDS, parseCondition, type Condition } from './conditions';
import { hookSchema, holdSchema } from './config';
import { connectResultSchema, disconnectResultSchema, foundBackupSchema } from './discovery';
import { galleryItemSchema, galleryPlatformSchema } from './gallery';
import { DECISIONS, hookRunRecordSchema, operationRecordSchema, TRIGGERS } from './history';
import { operationCallerSchema, planPatchSchema, planSchema, planSummarySchema } from './plans';

// ---- building blocks ---------------------------------------------------------------------------

/** A condition by its Backrest name or the CLI's short form (`snapshot-start`), for curl users. */
export const conditionInputSchema = z.string().transform((s, ctx): Condition => {
  const c = parseCondition(s);
  if (!c) {
    ctx.addIssue({ code: 'custom', message: `unknown condition "${s}" (e.g. CONDITION_SNAPSHOT_START or snapshot-start)` });
    return z.NEVER;
  }
  return c;
});

const idSchema = z.string().min(1).max(200);
const emptySchema = z.object({}).strict();
const okSchema = z.object({ ok: z.literal(true) });

/** restic's summary in Go's field names, as `.SnapshotStats` sees it. */
const snapshotStatsSchema = z.record(z.string(), z.unknown());

export const signalRequestSchema = z
  .object({
    condition: conditionInputSchema,
    plan: z.string().min(1).max(500).optional(),
    repo: z.string().min(1).max(2000).optional(),
    task: z.string().max(2000).optional(),
    operationId: idSchema.optional(),
    snapshotId: z.string().max(200).optional(),
    snapshotStats: snapshotStatsSchema.nullable().optional(),
    error: z.string().max(64 * 1024).optional(),
    status: z.enum(['success', 'warning', 'error']).optional(),
    paths: z.array(z.string().max(4096)).max(10_000).optional(),
    trigger: z.enum(TRIGGERS).optional(),
    wait: z.boolean().optional(),
    maxWaitMs: z.number().int().min(0).max(7 * 24 * 3600_000).optional(),
    command: z.array(z.string()).max(10_000).nullable().optional(),
    /** START: the process that sent it (`hookgate signal`'s parent), watched until the end is reported. */
    caller: operationCallerSchema.nullable().optional(),
    /** An END whose outcome is not known (rsnapshot without a logfile): recorded as ended without a report, `error` saying why. */
    endedWithoutReport: z.boolean().optional(),
  })
  .strict();

export const hookStartSchema = z.object({
  id: z.string(),
  operationId: z.string(),
  hookId: z.string(),
  hookName: z.string(),
  condition: z.enum(CONDITIONS as [Condition, ...Condition[]]),
  attempt: z.number().int(),
  startedAt: z.string(),
  timeoutSec: z.number(),
});

export const signalResultSchema = z.object({
  operationId: z.string(),
  condition: z.enum(CONDITIONS as [Condition, ...Condition[]]),
  decision: z.enum(DECISIONS),
  reason: z.string(),
  detail: z.string(),
  hookRuns: z.array(hookRunRecordSchema),
  nextAttemptAt: z.string().nullable(),
  operation: operationRecordSchema,
});

export const operationWithRunsSchema = operationRecordSchema.extend({ hookRuns: z.array(hookRunRecordSchema) });

/** A hook as sent by a client to add: like the config's hook, the id may be left out. */
const newHookSchema = z.record(z.string(), z.unknown());
const hookPatchSchema = z.record(z.string(), z.unknown());

const hookListSchema = z.object({ hooks: z.array(hookSchema), problems: z.array(z.string()) });

export const holdStateSchema = z.object({
  /** The hold in force now (null when none, or when it has expired). */
  hold: holdSchema.nullable(),
});

const factsSchema = z.object({
  battery: z.object({ percent: z.number().nullable(), charging: z.boolean().nullable(), present: z.boolean().nullable() }),
  onAC: z.boolean().nullable(),
  online: z.boolean().nullable(),
  metered: z.boolean().nullable(),
  wifiSSID: z.string().nullable(),
  hostname: z.string().nullable(),
});

const simulatedFactsSchema = z
  .object({
    batteryPercent: z.number().min(0).max(100).nullable(),
    charging: z.boolean().nullable(),
    onAC: z.boolean().nullable(),
    online: z.boolean().nullable(),
    metered: z.boolean().nullable(),
    wifiSSID: z.string().nullable(),
    hostname: z.string().nullable(),
  })
  .partial()
  .strict();

export const hostInfoSchema = z.object({
  pid: z.number().int(),
  since: z.string(),
  version: z.string(),
  /** Where the local socket listens (a named pipe on Windows). */
  socket: z.string(),
  /** The web UI's address when `--web` is on (without a login token). */
  web: z.string().nullable(),
});

/** A guard hook stopped a running operation (see 'guard.watch'). */
export const guardTripSchema = z.object({
  hook: hookSchema,
  run: hookRunRecordSchema,
  decision: z.enum(['skip', 'fail']),
  reason: z.string(),
  detail: z.string(),
});

const waitingGateSchema = z.object({
  operationId: z.string(),
  operation: operationRecordSchema,
});

/** The tray app's settings a window may see and change (the shell keeps them; see electron/main/appSettings.ts). */
export const appSettingsViewSchema = z.object({
  notifications: z.object({ onFailure: z.boolean(), onWaiting: z.boolean(), onSkip: z.boolean(), staleAfterDays: z.number().int().nullable() }),
  startAtLogin: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
});
export const appSettingsPatchSchema = z
  .object({
    notifications: z
      .object({ onFailure: z.boolean(), onWaiting: z.boolean(), onSkip: z.boolean(), staleAfterDays: z.number().int().min(1).max(365).nullable() })
      .partial()
      .strict(),
    startAtLogin: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
  })
  .partial()
  .strict();
export type AppSettingsView = z.output<typeof appSettingsViewSchema>;
export type AppSettingsViewPatch = z.output<typeof appSettingsPatchSchema>;

// ---- the method table ----------------------------------------------------------------------------

export const API_METHODS = {
  /** A lifecycle signal; blocks until the decision (START) or until the after-hooks ran. */
  signal: { request: signalRequestSchema, response: signalResultSchema },
  /** Output of the command `hookgate run` wraps (the CLI runs it in its own pty and reports it). */
  'command.output': {
    request: z.object({ operationId: idSchema, data: z.string() }).strict(),
    response: okSchema,
  },
  /** The wrapped command ended: its log is closed. */
  'command.end': {
    request: z.object({ operationId: idSchema }).strict(),
    response: z.object({ logFile: z.string(), bytes: z.number().int(), truncated: z.boolean() }),
  },

  /**
   * Guards a running operation (the command `hookgate run` wraps): its guard hooks run again when a
   * relevant fact changes. Answers when one trips (trip set: the caller stops its command, then calls
   * guard.recordStop) or when guard.stop ends the watch (trip null); at once when there are no guard
   * hooks (guarded false).
   */
  'guard.watch': {
    request: z.object({ operationId: idSchema, paths: z.array(z.string().max(4096)).max(10_000).optional(), snapshotId: z.string().max(200).optional() }).strict(),
    response: z.object({ guarded: z.boolean(), trip: guardTripSchema.nullable() }),
  },
  'guard.stop': { request: z.object({ operationId: idSchema }).strict(), response: okSchema },
  /** Records an operation a guard hook stopped: skipped (or failed) with the hook's reason, then SKIPPED/END. */
  'guard.recordStop': {
    request: z
      .object({ operationId: idSchema, trip: guardTripSchema, paths: z.array(z.string().max(4096)).max(10_000).optional(), snapshotId: z.string().max(200).optional(), snapshotStats: snapshotStatsSchema.nullable().optional() })
      .strict(),
    response: signalResultSchema,
  },

  'hooks.list': { request: emptySchema, response: hookListSchema },
  'hooks.get': { request: z.object({ id: idSchema }).strict(), response: hookSchema },
  'hooks.add': { request: z.object({ hook: newHookSchema }).strict(), response: hookSchema },
  'hooks.edit': { request: z.object({ id: idSchema, patch: hookPatchSchema }).strict(), response: hookSchema },
  'hooks.remove': { request: z.object({ id: idSchema }).strict(), response: okSchema },
  'hooks.setEnabled': { request: z.object({ id: idSchema, enabled: z.boolean() }).strict(), response: hookSchema },
  /** Moves a hook to a position in the run order (0 = first). */
  'hooks.move': { request: z.object({ id: idSchema, toIndex: z.number().int().min(0) }).strict(), response: hookListSchema },
  /**
   * Runs a hook now (a saved one by id, or an unsaved draft) with simulated facts, without
   * affecting any backup: nothing is recorded. Its output streams as `output` events under the
   * operation id `test-…` that the answer names.
   */
  'hooks.test': {
    request: z
      .object({
        hook: z.union([idSchema, newHookSchema]),
        condition: conditionInputSchema.optional(),
        simulate: simulatedFactsSchema.optional(),
        error: z.string().max(64 * 1024).optional(),
        plan: z.string().min(1).max(500).optional(),
        repo: z.string().min(1).max(2000).optional(),
      })
      .strict(),
    response: z.object({
      hook: hookSchema,
      condition: z.enum(CONDITIONS as [Condition, ...Condition[]]),
      facts: factsSchema,
      operationId: z.string(),
      run: hookRunRecordSchema,
      decision: z.enum(DECISIONS),
      reason: z.string(),
      detail: z.string(),
      /** The last 64 KiB of its output. */
      output: z.string(),
    }),
  },

  /** Operations newest first, one page at a time; `before` (the last id of a page) gets the next. */
  'history.list': {
    request: z
      .object({
        limit: z.number().int().min(1).max(500).optional(),
        before: z.string().optional(),
        plan: z.string().optional(),
        decision: z.enum(DECISIONS).optional(),
        kind: z.enum(OPERATION_KINDS).optional(),
        text: z.string().max(1000).optional(),
      })
      .strict(),
    response: z.object({ operations: z.array(operationWithRunsSchema), hasMore: z.boolean() }),
  },
  'history.get': { request: z.object({ operationId: idSchema }).strict(), response: operationWithRunsSchema },
  /** A slice of a hook run's (or a wrapped command's: `cmd-<operation id>`) log. */
  'history.log': {
    request: z
      .object({ runId: idSchema, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1024 * 1024).optional() })
      .strict(),
    response: z.object({ text: z.string(), offset: z.number().int(), nextOffset: z.number().int(), size: z.number().int(), eof: z.boolean(), truncated: z.boolean() }),
  },

  /** Holds every backup: START answers skip without running hooks, until `until` (null: until resumed). */
  'hold.set': { request: z.object({ until: z.iso.datetime({ offset: true }).nullable() }).strict(), response: holdStateSchema },
  'hold.resume': { request: emptySchema, response: holdStateSchema },
  status: {
    request: emptySchema,
    response: z.object({
      host: hostInfoSchema,
      hold: holdSchema.nullable(),
      waiting: z.array(waitingGateSchema),
      /** Hook runs in progress. */
      running: z.array(hookStartSchema),
    }),
  },

  'waiting.list': { request: emptySchema, response: z.object({ gates: z.array(waitingGateSchema) }) },
  /** Resolves a waiting gate: run now (proceed) or skip. `resolved` is false when it no longer waits. */
  'waiting.resolve': {
    request: z.object({ operationId: idSchema, action: z.enum(['run-now', 'skip']) }).strict(),
    response: z.object({ resolved: z.boolean() }),
  },
  /** Cancels a running hook (SIGTERM to its process group, then SIGKILL). */
  'hookRun.cancel': { request: z.object({ runId: idSchema }).strict(), response: z.object({ cancelled: z.boolean() }) },

  'facts.get': { request: emptySchema, response: factsSchema },
  /** The gallery of ready hooks, with the scripts and defaults for `platform` (default: the host's). */
  'gallery.list': {
    request: z.object({ platform: galleryPlatformSchema.optional() }).strict(),
    response: z.object({ platform: galleryPlatformSchema, items: z.array(galleryItemSchema) }),
  },
  /** Adds a gallery hook for the host's platform; `params` (by name, e.g. MIN_PERCENT) become its env. Answers the added hook. */
  'gallery.add': {
    request: z.object({ id: z.string().min(1).max(64), params: z.record(z.string(), z.string().max(4096)).optional(), name: z.string().max(200).optional() }).strict(),
    response: hookSchema,
  },

  /**
   * Imports the command hooks of a Backrest config.json (its parsed JSON). With `apply: false` it
   * only says what would be imported and what skipped (the Settings view's preview); `true` adds them.
   */
  'config.importBackrest': {
    request: z.object({ config: z.unknown(), apply: z.boolean() }).strict(),
    response: z.object({ imported: z.array(hookSchema), skipped: z.array(z.object({ where: z.string(), why: z.string() })), applied: z.boolean() }),
  },
  /** The tray app's own settings; `settings` is null under `hookgate daemon` (it has no tray, no login item). */
  'app.settings.get': { request: emptySchema, response: z.object({ settings: appSettingsViewSchema.nullable() }) },
  'app.settings.set': { request: z.object({ patch: appSettingsPatchSchema }).strict(), response: z.object({ settings: appSettingsViewSchema }) },
  /** The hook editor, as the user types: parse errors at their line, and the lint for unescaped outside text. */
  'template.check': {
    request: z.object({ script: z.string().max(4 * 1024 * 1024) }).strict(),
    response: z.object({
      errors: z.array(z.object({ line: z.number().int(), col: z.number().int(), message: z.string() })),
      warnings: z.array(z.object({ line: z.number().int(), col: z.number().int(), variable: z.string(), message: z.string() })),
      /** Whether the script runs in a shell (the lint applies only then). */
      shell: z.boolean(),
    }),
  },
  /** The script rendered for a chosen event of a sample operation, with the machine's or simulated facts. */
  'template.preview': {
    request: z
      .object({ script: z.string().max(4 * 1024 * 1024), condition: conditionInputSchema, facts: simulatedFactsSchema.optional(), error: z.string().max(64 * 1024).optional() })
      .strict(),
    response: z.object({
      text: z.string().nullable(),
      error: z.object({ message: z.string(), line: z.number().int().nullable(), col: z.number().int().nullable() }).nullable(),
    }),
  },
  /**
   * Every plan with its status in the user's terms: those in the config, then those only the history
   * names. `problems`: the config's, when some of it could not be used (a broken plan is left out).
   */
  'plans.list': { request: emptySchema, response: z.object({ plans: z.array(planSummarySchema), problems: z.array(z.string()) }) },
  /** One plan's summary, by id or display name. */
  'plans.get': { request: z.object({ id: z.string().min(1).max(500) }).strict(), response: planSummarySchema },
  /**
   * Changes a plan's settings (name, expectations, healthchecks URL; null clears one). A plan only
   * the history knows, or a new id, is added to the config.
   */
  'plans.set': {
    request: z.object({ id: z.string().min(1).max(500), patch: planPatchSchema }).strict(),
    response: z.object({ plan: planSchema, created: z.boolean() }),
  },
  /** The backups found on this machine (borgmatic, systemd, cron, Back In Time, rsnapshot, Backrest, Vorta), each with whether it is connected. */
  'plans.discover': { request: emptySchema, response: z.object({ found: z.array(foundBackupSchema), problems: z.array(z.string()) }) },
  /**
   * Connects a found backup: `apply: false` answers the exact change (unified diffs) without making
   * it; `apply: true` makes it, keeping the originals. `expect` (a preview's changesSha256) refuses
   * to apply a change other than the one the user saw.
   */
  'plans.connect': {
    request: z.object({ id: z.string().min(1).max(200), apply: z.boolean(), expect: z.string().max(128).optional() }).strict(),
    response: connectResultSchema,
  },
  /** Disconnects a connected plan: each file back byte for byte where nothing else changed it since (`apply: false` previews). */
  'plans.disconnect': {
    request: z.object({ id: z.string().min(1).max(200), apply: z.boolean(), expect: z.string().max(128).optional() }).strict(),
    response: disconnectResultSchema,
  },
  /**
   * The Prometheus textfile export (node_exporter's textfile collector): `dir` an absolute folder to
   * write hookgate.prom into, at once and whenever a plan changes; null stops it (the file is removed).
   */
  'plans.export': {
    request: z.object({ prometheusDir: z.string().min(1).max(4096).nullable() }).strict(),
    response: z.object({ prometheusDir: z.string().nullable(), file: z.string().nullable() }),
  },
  /** A fresh one-time login link to the web UI (null when the host serves no web UI). */
  'web.loginUrl': { request: emptySchema, response: z.object({ url: z.string().nullable() }) },
} as const;

// ---- the event table -----------------------------------------------------------------------------

export const API_EVENTS = {
  /** An operation was created or changed (the full record, last one wins). */
  operation: operationRecordSchema,
  hookStart: hookStartSchema,
  /** A chunk of a hook's (or a wrapped command's, run id `cmd-<operation id>`) terminal output. */
  output: z.object({ runId: z.string(), operationId: z.string(), data: z.string() }),
  hookEnd: hookRunRecordSchema,
  decision: z.object({
    operationId: z.string(),
    condition: z.enum(CONDITIONS as [Condition, ...Condition[]]),
    decision: z.enum(DECISIONS),
    reason: z.string(),
    nextAttemptAt: z.string().nullable(),
  }),
  /** The hold changed (set, resumed, or expired). */
  hold: holdStateSchema,
} as const;

// ---- types ---------------------------------------------------------------------------------------

export type ApiMethod = keyof typeof API_METHODS;
export type ApiEvent = keyof typeof API_EVENTS;
/** What a client sends (before defaults and transforms). */
export type ApiRequest<M extends ApiMethod> = z.input<(typeof API_METHODS)[M]['request']>;
/** What the host works with after validation. */
export type ApiParams<M extends ApiMethod> = z.output<(typeof API_METHODS)[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<(typeof API_METHODS)[M]['response']>;
export type ApiEventData<E extends ApiEvent> = z.output<(typeof API_EVENTS)[E]>;
export type SignalParams = ApiParams<'signal'>;
export type SignalResponse = ApiResponse<'signal'>;
export type HostInfo = z.output<typeof hostInfoSchema>;
export type WaitingGate = z.output<typeof waitingGateSchema>;
export type GuardTripData = z.output<typeof guardTripSchema>;

export const API_METHOD_NAMES = Object.keys(API_METHODS) as ApiMethod[];
export const API_EVENT_NAMES = Object.keys(API_EVENTS) as ApiEvent[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(API_METHODS, name);
}

export function isApiEvent(name: string): name is ApiEvent {
  return Object.hasOwn(API_EVENTS, name);
}

/**
 * What every client sees, whatever the transport: the preload exposes it as `window.hookgate`,
 * the WebSocket client implements it in the browser, the CLI's host client over the socket.
 */
export interface HookgateApi {
  call<M extends ApiMethod>(method: M, params: ApiRequest<M>): Promise<ApiResponse<M>>;
  /** Returns the unsubscribe function. */
  on<E extends ApiEvent>(event: E, listener: (data: ApiEventData<E>) => void): () => void;
}

/** The Electron IPC channel of a method or an event (one per table entry). */
export function ipcChannel(kind: 'call' | 'event', name: ApiMethod | ApiEvent): string {
  return `hookgate:${kind}:${name}`;
}
