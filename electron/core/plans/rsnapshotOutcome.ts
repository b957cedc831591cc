// How an rsnapshot run went, as its cmd_postexec (Hookgate's END) can know it. rsnapshot runs the
// postexec also after a run in which rsync failed for a backup point, and exits 1 only afterwards:
// the postexec cannot see that exit status. What it can see is rsnapshot's logfile, where every
// error and warning of the run is written before the postexec runs (rsnapshot 1.4):
//   [2026-12-02T19:05:25] /usr/bin/rsnapshot -c /etc/rsnapshot.conf alpha: started
//   [2026-12-02T19:05:25] /usr/bin/rsnapshot -c /etc/rsnapshot.conf alpha: ERROR: /usr/bin/rsync returned 1 while processing /home/
//   [2026-12-02T19:05:25] WARNING: Some files and/or directories in /home/ only transferred partially during rsync operation
// The run is the last "RUN: started" line of its run string; ERROR lines name their run, WARNING
// lines do not (one after this run's start counts, unless it is another run's closing line). Where
// rsnapshot keeps no logfile (or logs below loglevel 2, where it writes neither), the outcome is not
// known, and is said to be unknown — never a success.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SignalRequest } from '../engine/engine';
import { rsnapshotLogging } from '../discovery/rsnapshotConf';

export type RsnapshotOutcome = { status: 'success' | 'warning' | 'error'; message: string | null } | { status: 'unknown'; message: string };

/** What one run wrote: null when no "started" line of it is in the text. */
export function runFromLog(log: string, runString: string | null): { errors: string[]; warnings: string[] } | null {
  const lines = log.split('\n');
  let start = -1;
  for (let i = lines.length - 1; i >= 0 && start < 0; i--) {
    const m = LINE.exec(lines[i]!);
    const rest = m?.[1];
    if (rest?.endsWith(': started') && (runString === null || rest === `${runString}: started`)) start = i;
  }
  if (start < 0) return null;
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const rest = LINE.exec(line)?.[1];
    if (!rest) continue;
    if (rest.startsWith('WARNING: ')) {
      const text = rest.slice('WARNING: '.length);
      // Another run's closing line ("WARNING: RUN: completed, but with some warnings") is not ours.
      if (/: completed, but with some warnings$/.test(text)) continue;
      warnings.push(text);
      continue;
    }
    const e = rest.indexOf(': ERROR: ');
    if (e < 0) continue;
    // Without its run string (no /proc to read it from), any run's error counts: fail closed.
    if (runString !== null && rest.slice(0, e) !== runString) continue;
    const text = rest.slice(e + ': ERROR: '.length);
    if (/: completed, but with (some errors|no definite status)$/.test(text)) continue;
    errors.push(text);
  }
  return { errors, warnings };
}

const LINE = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\] (.*)$/;

/** The most of a log read: the end of it, where the run that is ending wrote. */
const TAIL_BYTES = 4 * 1024 * 1024;

/** How the run of `runString` (null: not known) with config `config` went, from its logfile. */
export async function rsnapshotOutcome(config: string, runString: string | null): Promise<RsnapshotOutcome> {
  const unknown = (why: string): RsnapshotOutcome => ({
    status: 'unknown',
    message: `rsnapshot does not tell whether this run succeeded: ${why}. To have it told: set logfile (loglevel 2 or more) in ${config}, or run rsnapshot through "hookgate run", which sees its exit status`,
  });
  const logging = await rsnapshotLogging(config);
  if (!logging) return unknown(`its config ${config} cannot be read`);
  if (!logging.logfile) return unknown(`no logfile is set in ${config}`);
  if (logging.loglevel < 2) return unknown(`loglevel ${logging.loglevel} in ${config} keeps errors out of its log ${logging.logfile}`);
  const log = await readTail(logging.logfile);
  if (log === null) return unknown(`its log ${logging.logfile} cannot be read`);
  const run = runFromLog(log, runString);
  if (!run) return unknown(`its log ${logging.logfile} has no line saying ${runString ? `"${runString}"` : 'this run'} started`);
  const more = (n: number, what: string) => (n > 1 ? ` (and ${n - 1} more ${what} in ${logging.logfile})` : '');
  if (run.errors.length) return { status: 'error', message: `rsnapshot: ${run.errors[0]}${more(run.errors.length, 'errors')}` };
  if (run.warnings.length) return { status: 'warning', message: `rsnapshot: ${run.warnings[0]}${more(run.warnings.length, 'warnings')}` };
  return { status: 'success', message: null };
}

async function readTail(file: string): Promise<string | null> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(file, 'r');
    const { size } = await fh.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    return buf.toString('utf8');
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

/**
 * The END to record for an rsnapshot run from its cmd_postexec: success, warning or error as its
 * log says, with rsnapshot's own words; an unknown outcome ends the run "without a report" (an
 * error for the hooks, never a success) with why and how to have it told.
 */
export async function rsnapshotEnd(config: string, runString: string | null): Promise<Pick<SignalRequest, 'condition' | 'status' | 'error' | 'endedWithoutReport'>> {
  const o = await rsnapshotOutcome(config, runString);
  if (o.status === 'unknown') return { condition: 'CONDITION_SNAPSHOT_END', status: 'error', error: o.message, endedWithoutReport: true };
  return { condition: 'CONDITION_SNAPSHOT_END', status: o.status, error: o.message ?? undefined };
}

/**
 * The config of the rsnapshot run (`argv`, its command line) that this `signal snapshot-success
 * --plan PLAN` is the cmd_postexec of, as an older Hookgate's Connect wrote it (that line passes
 * no config): the same config then tells how the run went. Null for any other success signal.
 */
export async function olderRsnapshotPostexec(plan: string, argv: string[]): Promise<string | null> {
  const command = argv.join(' ');
  const config = /(?:^|\s)-[A-Za-z]*c/.test(command) ? rsnapshotConfigFlag(command) : DEFAULT_CONFIG;
  if (!config) return null;
  const postexec = (await rsnapshotLogging(config))?.postexec ?? '';
  const esc = plan.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`hookgate\\S*\\s+signal\\s+snapshot-success\\s+--plan\\s+${esc}(\\s*;|$)`).test(postexec) ? config : null;
}

/** rsnapshot's config when no `-c` is given (as Debian and rsnapshot's own build set it). */
const DEFAULT_CONFIG = '/etc/rsnapshot.conf';

/** `-c FILE` (also bundled: `-vc FILE`) as rsnapshot's getopts reads it; null unless an absolute path. */
export function rsnapshotConfigFlag(command: string): string | null {
  const m = /(?:^|\s)-[A-Za-z]*c\s*(\S+)/.exec(command);
  const file = m?.[1];
  return file && path.isAbsolute(file) && !file.endsWith('…') ? file : null;
}
