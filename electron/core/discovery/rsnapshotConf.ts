// rsnapshot: /etc/rsnapshot.conf (tab-separated). One plan; its schedule is the cron lines that
// run it (Debian ships /etc/cron.d/rsnapshot with them commented out).
import path from 'node:path';
import type { Candidate } from './candidate';
import { hasPlanWiring, mentionsHookgate } from './candidate';
import { parseCronLine } from './crontabs';
import { sys, type DiscoveryOptions } from './discoveryOptions';
import { listDir, readToolFile } from './readText';
import { nextCronRun } from './schedule';
import { writableFile } from './writable';

function rsnapshotConfig(opts: DiscoveryOptions): string {
  return sys(opts, 'etc/rsnapshot.conf');
}

/** The directives of an rsnapshot config: name → values (each value the tab-separated fields after the name). */
function rsnapshotDirectives(text: string): { name: string; args: string[]; index: number }[] {
  const out: { name: string; args: string[]; index: number }[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const [name, ...args] = line.split('\t');
    out.push({ name: name!.trim(), args, index });
  });
  return out;
}

/**
 * Where rsnapshot writes what went wrong, as its config says: its `logfile` and `loglevel` (what
 * it writes there: 2 and up has each run's start and its errors), whether it logs to syslog
 * (`cmd_logger`), and its `cmd_postexec`. As in rsnapshot a later line wins, but the first
 * loglevel does (default 3). Null when the config cannot be read.
 */
export async function rsnapshotLogging(file: string): Promise<{ logfile: string | null; loglevel: number; syslog: boolean; postexec: string | null } | null> {
  const r = await readToolFile(file);
  if (!r.ok) return null;
  const d = rsnapshotDirectives(r.text);
  const last = (name: string) => d.filter((x) => x.name === name).at(-1)?.args[0]?.trim() || null;
  const level = Number(d.find((x) => x.name === 'loglevel' && /^\s*[1-5]\s*$/.test(x.args[0] ?? ''))?.args[0]);
  return { logfile: last('logfile'), loglevel: Number.isInteger(level) ? level : 3, syslog: last('cmd_logger') !== null, postexec: last('cmd_postexec') };
}

export async function findRsnapshot(opts: DiscoveryOptions, now = new Date()): Promise<Candidate[]> {
  const file = rsnapshotConfig(opts);
  const r = await readToolFile(file);
  if (!r.ok && r.missing) return [];
  const base: Candidate = {
    id: 'rsnapshot',
    name: `rsnapshot ${file.slice(opts.root.length - (opts.root.endsWith('/') ? 1 : 0)) || file}`,
    tool: 'rsnapshot',
    source: { path: file, description: file.slice(opts.root.length - (opts.root.endsWith('/') ? 1 : 0)) || file },
    what: 'rsnapshot',
    nextRun: null,
    schedule: null,
    ourWiring: false,
    handWired: false,
    unreadable: r.ok ? null : r.why,
    writable: false,
    connectNote: null,
  };
  if (!r.ok) return [base];
  const d = rsnapshotDirectives(r.text);
  const root = d.find((x) => x.name === 'snapshot_root')?.args[0] ?? '?';
  const backups = d.filter((x) => x.name === 'backup').map((x) => x.args[0]);
  const retain = d.filter((x) => x.name === 'retain' || x.name === 'interval').map((x) => `${x.args[0]} ×${x.args[1]}`);
  // Its schedule: cron lines running rsnapshot.
  const runs: { schedule: string; next: Date | null }[] = [];
  for (const cf of [sys(opts, 'etc/crontab'), ...(await listDir(sys(opts, 'etc/cron.d'))).map((n) => sys(opts, path.join('etc/cron.d', n)))]) {
    const c = await readToolFile(cf);
    if (!c.ok) continue;
    c.text.split('\n').forEach((line, i) => {
      const p = parseCronLine(line, i, true);
      if (p && /(^|\/)rsnapshot\b/.test(p.command)) runs.push({ schedule: `${p.schedule} ${p.command.trim()}`, next: nextCronRun(p.schedule, now) });
    });
  }
  const next = runs.map((x) => x.next).filter((x): x is Date => x !== null);
  const w = await writableFile(file);
  return [
    {
      ...base,
      what: `${backups.join(', ') || 'no backup points'} → ${root} (${retain.join(', ') || 'no retain levels'})`,
      nextRun: next.length ? new Date(Math.min(...next.map((x) => x.getTime()))).toISOString() : null,
      schedule: runs.length ? runs.map((x) => x.schedule).join('; ') : 'no cron line runs rsnapshot (it runs when called)',
      ourWiring: hasPlanWiring(r.text, 'rsnapshot'),
      handWired: mentionsHookgate(r.text),
      writable: w.ok,
      connectNote: w.ok ? null : w.why,
    },
  ];
}
