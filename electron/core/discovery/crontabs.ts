// cron: the user's crontab (`crontab -l`), /etc/crontab and /etc/cron.d/* — each line whose
// command runs a backup program is a plan. A line Hookgate connected is wrapped in
// `hookgate run --plan ID -- …`, and keeps its id (the hash of the command it wraps).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Candidate } from './candidate';
import { backupProgramIn, hasPlanWiring, mentionsHookgate } from './candidate';
import { sys, type DiscoveryOptions } from './discoveryOptions';
import { listDir, readToolFile, slug } from './readText';
import { nextCronRun } from './schedule';
import { writableFile } from './writable';

export interface CronLine {
  /** 0-based line number in the file. */
  index: number;
  schedule: string;
  user: string | null;
  /** Offset in the line where the command starts. */
  commandStart: number;
  command: string;
}

/** A crontab line with its schedule, (system crontabs) user, and command; null for comments, blanks and variables. */
export function parseCronLine(line: string, index: number, withUser: boolean): CronLine | null {
  const t = line.trim();
  if (!t || t.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(t)) return null;
  const re = t.startsWith('@') ? (withUser ? /^\s*(@\w+)\s+(\S+)\s+/ : /^\s*(@\w+)\s+/) : withUser ? /^\s*((?:\S+\s+){4}\S+)\s+(\S+)\s+/ : /^\s*((?:\S+\s+){4}\S+)\s+/;
  const m = re.exec(line);
  if (!m) return null;
  return { index, schedule: m[1]!.replace(/\s+/g, ' '), user: withUser ? m[2]! : null, commandStart: m[0].length, command: line.slice(m[0].length) };
}

/** What a cron line's command runs, with Hookgate's wrapping taken off (for the id and the summary). */
export function unwrappedCommand(command: string): { command: string; plan: string | null } {
  const m = /^\S*hookgate(?:\.js)?'?\s+run\s+--plan[ =]'?([a-z0-9._-]+)'?\s+--\s+(.*)$/.exec(command);
  if (!m) return { command, plan: null };
  const inner = m[2]!;
  // A line with shell operators was wrapped whole in `sh -c '…'` (its trailing redirections left outside).
  const sh = /^sh -c '((?:[^']|'\\'')*)'(.*)$/.exec(inner);
  return { command: sh ? sh[1]!.replace(/'\\''/g, "'") + sh[2]! : inner, plan: m[1]! };
}

export function cronPlanId(where: string, command: string): string {
  return `cron-${slug(where, 20)}-${createHash('sha256').update(command.trim()).digest('hex').slice(0, 8)}`;
}

/** The user's crontab as `crontab -l` prints it; null when they have none. */
export function readUserCrontab(opts: DiscoveryOptions): Promise<{ ok: true; text: string | null } | { ok: false; why: string }> {
  const cmd = opts.crontabCommand;
  if (!cmd) return Promise.resolve({ ok: false, why: 'no crontab command is installed' });
  const args = opts.crontabUser ? ['-u', opts.crontabUser, '-l'] : ['-l'];
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, text: stdout });
      if (/no crontab for/i.test(stderr)) return resolve({ ok: true, text: null });
      resolve({ ok: false, why: `crontab -l failed: ${(stderr || (err as Error).message).trim().split('\n')[0]}` });
    });
  });
}

function userCrontabLabel(opts: DiscoveryOptions): string {
  return `crontab:${opts.crontabUser ?? process.env.USER ?? process.env.LOGNAME ?? 'me'}`;
}

function linesToCandidates(text: string, file: string, where: string, withUser: boolean, now: Date, writable: { ok: true } | { ok: false; why: string }, label: string): Candidate[] {
  const out: Candidate[] = [];
  text.split('\n').forEach((line, i) => {
    const c = parseCronLine(line, i, withUser);
    if (!c) return;
    const { command, plan } = unwrappedCommand(c.command);
    const program = backupProgramIn(command);
    if (!program) return;
    const id = plan ?? cronPlanId(where, command);
    const next = c.schedule === '@reboot' ? null : nextCronRun(c.schedule, now);
    out.push({
      id,
      name: `cron ${label} line ${i + 1}`,
      tool: 'cron',
      source: { path: file, line: i + 1, description: `${label}, line ${i + 1}${c.user ? ` (as ${c.user})` : ''}` },
      what: `${program}: ${command.trim()}`,
      nextRun: next?.toISOString() ?? null,
      schedule: c.schedule === '@reboot' ? 'at boot' : next ? c.schedule : `${c.schedule} (next run not computed here)`,
      ourWiring: hasPlanWiring(line, id),
      handWired: mentionsHookgate(line),
      unreadable: null,
      writable: writable.ok,
      connectNote: writable.ok ? null : writable.why,
    });
  });
  return out;
}

export async function findCron(opts: DiscoveryOptions, now = new Date()): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const user = await readUserCrontab(opts);
  const label = userCrontabLabel(opts);
  if (user.ok && user.text) found.push(...linesToCandidates(user.text, label, label.slice('crontab:'.length), false, now, { ok: true }, 'your crontab'));
  const files = [sys(opts, 'etc/crontab'), ...(await listDir(sys(opts, 'etc/cron.d'))).filter((n) => /^[A-Za-z0-9_-]+$/.test(n)).map((n) => sys(opts, path.join('etc/cron.d', n)))];
  for (const file of files) {
    const r = await readToolFile(file);
    if (!r.ok) continue;
    const where = path.basename(file);
    found.push(...linesToCandidates(r.text, file, where, true, now, await writableFile(file), path.relative(opts.root, file) ? `/${path.relative(opts.root, file)}` : file));
  }
  return found;
}
