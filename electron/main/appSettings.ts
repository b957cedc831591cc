// The tray app's own settings (window, notifications, start at login, theme): kept by
// electron-store beside the engine's files, while hooks and history stay in the engine's config
// and history so the CLI and the daemon share them.
import { z } from 'zod';

export const notificationSettingsSchema = z.object({
  /** An operation failed (a FATAL hook, or the backup itself). */
  onFailure: z.boolean().default(true),
  /** A gate waits on a retry: the user may run it now or skip it. */
  onWaiting: z.boolean().default(true),
  /** Off by default: users complain about noise on every skip. */
  onSkip: z.boolean().default(false),
  /** Tell when no operation of a plan has succeeded for this many days; null is off (the default). */
  staleAfterDays: z.number().int().min(1).max(365).nullable().default(null),
});

export const windowSettingsSchema = z.object({
  width: z.number().int().min(320).max(4000).default(420),
  height: z.number().int().min(400).max(4000).default(600),
});

export const appSettingsSchema = z.object({
  notifications: notificationSettingsSchema.default(notificationSettingsSchema.parse({})),
  startAtLogin: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  window: windowSettingsSchema.default(windowSettingsSchema.parse({})),
});

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = appSettingsSchema.parse({});

function salvage<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const r = schema.safeParse(value);
  return r.success ? r.data : fallback;
}

/**
 * Reads settings as stored, keeping every valid field: a hand-edited or older file with one bad
 * value loses that value (back to its default), not the user's other settings.
 */
export function readAppSettings(stored: unknown): AppSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const n = (s.notifications && typeof s.notifications === 'object' ? s.notifications : {}) as Record<string, unknown>;
  const w = (s.window && typeof s.window === 'object' ? s.window : {}) as Record<string, unknown>;
  const d = DEFAULT_APP_SETTINGS;
  const field = <K extends string, T>(obj: Record<string, unknown>, key: K, schema: z.ZodType<T>, fallback: T): T =>
    obj[key] === undefined ? fallback : salvage(schema, obj[key], fallback);
  return {
    notifications: {
      onFailure: field(n, 'onFailure', z.boolean(), d.notifications.onFailure),
      onWaiting: field(n, 'onWaiting', z.boolean(), d.notifications.onWaiting),
      onSkip: field(n, 'onSkip', z.boolean(), d.notifications.onSkip),
      staleAfterDays: field(n, 'staleAfterDays', notificationSettingsSchema.shape.staleAfterDays, d.notifications.staleAfterDays),
    },
    startAtLogin: field(s, 'startAtLogin', z.boolean(), d.startAtLogin),
    theme: field(s, 'theme', appSettingsSchema.shape.theme, d.theme),
    window: {
      width: field(w, 'width', windowSettingsSchema.shape.width, d.window.width),
      height: field(w, 'height', windowSettingsSchema.shape.height, d.window.height),
    },
  };
}

/**
 * A change from the UI, deep-merged over the current settings and validated whole. Built from
 * schemas without defaults: a default inside a partial would overwrite what the patch leaves out.
 */
export const appSettingsPatchSchema = z
  .object({
    notifications: z
      .object({
        onFailure: z.boolean(),
        onWaiting: z.boolean(),
        onSkip: z.boolean(),
        staleAfterDays: z.number().int().min(1).max(365).nullable(),
      })
      .partial()
      .strict()
      .optional(),
    startAtLogin: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    window: z.object({ width: z.number().int().min(320).max(4000), height: z.number().int().min(400).max(4000) }).partial().strict().optional(),
  })
  .strict();
export type AppSettingsPatch = z.infer<typeof appSettingsPatchSchema>;

export function mergeAppSettings(current: AppSettings, patch: AppSettingsPatch): AppSettings {
  return appSettingsSchema.parse({
    ...current,
    ...(patch.startAtLogin !== undefined ? { startAtLogin: patch.startAtLogin } : {}),
    ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
    notifications: { ...current.notifications, ...patch.notifications },
    window: { ...current.window, ...patch.window },
  });
}
