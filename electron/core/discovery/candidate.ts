// What each tool's finder reports about one backup, before the connection state is worked out
// against the plans Hookgate has recorded.
import type { DiscoveryTool } from '../../shared/discovery';

export interface Candidate {
  id: string;
  name: string;
  tool: DiscoveryTool;
  /** Where it lives, in the plan's source shape (electron/shared/plans.ts): a path, and the unit, profile or line in it. */
  source: { path: string; unit?: string; profile?: string; line?: number; description: string };
  what: string;
  nextRun: string | null;
  schedule: string | null;
  /** Hookgate's own connect wiring for this id is in the tool's files. */
  ourWiring: boolean;
  /** The tool's files call hookgate otherwise (hand-wired from the README). */
  handWired: boolean;
  /** Why it could not be read (then it cannot be connected either). */
  unreadable: string | null;
  writable: boolean;
  connectNote: string | null;
}

/** The programs a systemd unit or a crontab line must run to be a backup. */
const BACKUP_PROGRAMS = ['restic', 'borg', 'borgmatic', 'resticprofile', 'kopia', 'rustic', 'duplicity'] as const;

/** The backup program a command line runs (by a word's base name), or null. */
export function backupProgramIn(command: string): string | null {
  for (const word of command.split(/[\s;&|()'"`]+/)) {
    const base = word.slice(word.lastIndexOf('/') + 1);
    if ((BACKUP_PROGRAMS as readonly string[]).includes(base)) return base;
  }
  return null;
}

/** Whether text calls hookgate with `--plan ID` (the mark of Hookgate's connect wiring). */
export function hasPlanWiring(text: string, id: string): boolean {
  const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`hookgate\\S*['"]?\\s+(signal|run)\\b[^\\n]*--plan[ =]['"]?${esc}['"]?(\\s|$|;)`, 'm').test(text);
}

/** Whether text calls hookgate at all. */
export function mentionsHookgate(text: string): boolean {
  return /(^|[\s/'"=])hookgate(\.js)?['"]?\s+(signal|run)\b/m.test(text);
}
