// The backups found on this machine ("Find and connect") and how Hookgate wired one: what a
// discovery answers, and the `connection` a connected plan keeps in the config (which files
// Hookgate changed, where their originals are kept, and the hashes that tell whether anything else
// changed them since). Types are inferred from the schemas.
import { z } from 'zod';

export const DISCOVERY_TOOLS = ['borgmatic', 'systemd', 'cron', 'backintime', 'rsnapshot', 'backrest', 'vorta'] as const;
export type DiscoveryTool = (typeof DISCOVERY_TOOLS)[number];

/** What a user calls each tool. */
export const TOOL_NAMES: Record<DiscoveryTool, string> = {
  borgmatic: 'borgmatic',
  systemd: 'systemd',
  cron: 'cron',
  backintime: 'Back In Time',
  rsnapshot: 'rsnapshot',
  backrest: 'Backrest',
  vorta: 'Vorta',
};

/** A plan id Hookgate gives a found backup: stable across discoveries, safe in a shell word, a unit file and a crontab. */
export const planIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'must be 1–80 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

/** Where a backup lives, in the user's terms. */
export const planSourceSchema = z
  .object({
    /** The file Hookgate reads (and, to connect, changes): a config, a unit, a crontab (`crontab:USER` for a user's crontab). */
    path: z.string(),
    /** Within it: a systemd unit, a Back In Time / Vorta profile or Backrest plan, a crontab line (1-based). */
    unit: z.string().optional(),
    profile: z.string().optional(),
    line: z.number().int().optional(),
    /** One line a user recognises. */
    description: z.string(),
  })
  .loose();

export const CONNECTION_STATES = ['connected', 'not-connected', 'wired-by-hand', 'changed-since', 'paste-pending', 'unreadable'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const CONNECTION_STATE_WORDS: Record<ConnectionState, string> = {
  connected: 'connected',
  'not-connected': 'not connected',
  'wired-by-hand': 'wired by hand',
  'changed-since': 'changed since connecting',
  'paste-pending': 'waiting for the pasted text',
  unreadable: 'could not be read',
};

export const foundBackupSchema = z.object({
  /** The plan id it has (or gets when connected). */
  id: planIdSchema,
  name: z.string(),
  tool: z.enum(DISCOVERY_TOOLS),
  source: planSourceSchema,
  /** One line: what it backs up, or the command it runs. */
  what: z.string(),
  /** The next run where the tool's schedule says it simply (ISO), else null… */
  nextRun: z.string().nullable(),
  /** …and in words: the schedule, or why the next run is unknown. */
  schedule: z.string().nullable(),
  state: z.enum(CONNECTION_STATES),
  /** Why it is in that state, in plain words. */
  stateDetail: z.string(),
  /** Whether `connect` can change the files itself; when false, `connectNote` says why (and connect shows the text to paste). */
  writable: z.boolean(),
  connectNote: z.string().nullable(),
});
export type FoundBackup = z.output<typeof foundBackupSchema>;

/** One file (or crontab) a connect changed. */
export const connectedFileSchema = z
  .object({
    /** A file path, or `crontab:USER`. */
    path: z.string(),
    /** Whether it existed before Hookgate connected. */
    existed: z.boolean(),
    /** Its permission bits before (restored with it). */
    mode: z.number().int().nullable(),
    /** sha256 of its bytes before, and where a byte-exact copy is kept (under Hookgate's folder; null when it did not exist). */
    originalSha256: z.string().nullable(),
    backupPath: z.string().nullable(),
    /** sha256 of what Hookgate wrote (null: Hookgate removed the file). */
    connectedSha256: z.string().nullable(),
  })
  .loose();
export type ConnectedFile = z.output<typeof connectedFileSchema>;

/** The detail of a plan's `connection`: what Hookgate changed, with the original kept. */
export const connectionSchema = z
  .object({
    tool: z.enum(DISCOVERY_TOOLS),
    connectedAt: z.string(),
    /** The hookgate command the wiring calls. */
    hookgate: z.string(),
    /** `files`: Hookgate changed them; `paste`: the user pastes the text (the tool's store is not safe to write). */
    method: z.enum(['files', 'paste']),
    files: z.array(connectedFileSchema).default([]),
    /** For `paste`: the text the user was shown, checked for later. */
    pasteText: z.string().nullable().default(null),
    note: z.string().nullable().default(null),
  })
  .loose();
export type Connection = z.output<typeof connectionSchema>;

/** One change connect makes (or would make), as a unified diff. */
export const plannedChangeSchema = z.object({
  path: z.string(),
  /** 'create' | 'modify' | 'delete' | 'paste' (not written by Hookgate: shown to paste). */
  action: z.enum(['create', 'modify', 'delete', 'paste']),
  diff: z.string(),
});
export type PlannedChange = z.output<typeof plannedChangeSchema>;

export const connectResultSchema = z.object({
  plan: foundBackupSchema,
  changes: z.array(plannedChangeSchema),
  /** False for a preview, and when there was nothing to change (already connected). */
  applied: z.boolean(),
  alreadyConnected: z.boolean(),
  /** What the user should know: what rsnapshot does on a skip, a daemon-reload to run, text to paste, … */
  notes: z.array(z.string()),
  /** Identifies exactly these changes: pass it as `expect` to apply only what was shown. */
  changesSha256: z.string(),
});
export type ConnectResult = z.output<typeof connectResultSchema>;

export const disconnectResultSchema = z.object({
  id: z.string(),
  changes: z.array(plannedChangeSchema),
  applied: z.boolean(),
  /** Per file: restored byte for byte, or what was done instead and why. */
  notes: z.array(z.string()),
  changesSha256: z.string(),
});
export type DisconnectResult = z.output<typeof disconnectResultSchema>;
