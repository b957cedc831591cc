// Manual or scheduled? An explicit --trigger wins; otherwise what started us tells.
import type { Trigger } from '../shared/history';

/**
 * systemd sets INVOCATION_ID for units (timers included), cron gives no terminal; someone typing
 * the command has one. Anything else is unknown rather than a guess.
 */
export function detectTrigger(env: NodeJS.ProcessEnv, stdinIsTTY: boolean): Trigger {
  const explicit = env.HOOKGATE_TRIGGER;
  if (explicit === 'manual' || explicit === 'scheduled') return explicit;
  if (env.INVOCATION_ID || env.JOURNAL_STREAM) return 'scheduled';
  if (stdinIsTTY) return 'manual';
  if (!env.TERM && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'scheduled';
  return 'unknown';
}
