// systemd: user and system service units whose Exec lines run a backup program, with the timer
// that starts them (its OnCalendar= gives the next run where that is simple to compute). Unit
// files are read from the standard unit folders only; drop-ins (<unit>.d/*.conf) are read too, so
// a unit Hookgate connected (hookgate.conf) or one wired by hand shows as such.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Candidate } from './candidate';
import { backupProgramIn, hasPlanWiring, mentionsHookgate } from './candidate';
import { sys, tildePath, type DiscoveryOptions } from './discoveryOptions';
import { listDir, readToolFile, slug } from './readText';
import { nextCalendarRun } from './schedule';
import { writableFile } from './writable';

export type UnitScope = 'user' | 'system';

function unitDirs(opts: DiscoveryOptions, scope: UnitScope): string[] {
  return scope === 'user'
    ? [path.join(opts.home, '.config/systemd/user'), sys(opts, 'etc/systemd/user'), sys(opts, 'usr/lib/systemd/user'), sys(opts, 'lib/systemd/user')]
    : [sys(opts, 'etc/systemd/system'), sys(opts, 'usr/lib/systemd/system'), sys(opts, 'lib/systemd/system')];
}

/** Where Hookgate puts its drop-in for a unit: the folder for local changes of that scope. */
export function dropInPath(opts: DiscoveryOptions, scope: UnitScope, unit: string): string {
  const dir = scope === 'user' ? path.join(opts.home, '.config/systemd/user') : sys(opts, 'etc/systemd/system');
  return path.join(dir, `${unit}.d`, 'hookgate.conf');
}

/** Key → values of a unit file's section (repeated keys kept in order; continuation lines joined). */
function unitSection(text: string, section: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = sec[1]!;
      continue;
    }
    if (current !== section) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const k = line.slice(0, eq).trim();
    const v = line.slice(eq + 1).trim();
    out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

function unitPlanId(scope: UnitScope, unit: string): string {
  return `systemd-${scope}-${slug(unit.replace(/\.service$/, ''), 60)}`;
}

export async function findSystemd(opts: DiscoveryOptions, now = new Date()): Promise<Candidate[]> {
  const found: Candidate[] = [];
  for (const scope of ['user', 'system'] as const) {
    const dirs = unitDirs(opts, scope);
    const seenDirs = new Set<string>();
    const units = new Map<string, string>(); // unit name → its file (the first folder wins, as systemd's search path)
    const timers = new Map<string, string>();
    for (const dir of dirs) {
      const real = await fs.realpath(dir).catch(() => null);
      if (!real || seenDirs.has(real)) continue;
      seenDirs.add(real);
      for (const name of await listDir(dir)) {
        if (name.endsWith('.service') && !name.includes('@.')) {
          if (!units.has(name)) units.set(name, path.join(dir, name));
        } else if (name.endsWith('.timer') && !timers.has(name)) timers.set(name, path.join(dir, name));
      }
    }
    const timerFor = new Map<string, { file: string; text: string }>();
    for (const [name, file] of timers) {
      const r = await readToolFile(file);
      if (!r.ok) continue;
      const unit = unitSection(r.text, 'Timer').get('Unit')?.at(-1) ?? name.replace(/\.timer$/, '.service');
      timerFor.set(unit, { file, text: r.text });
    }
    for (const [unit, file] of units) {
      const r = await readToolFile(file);
      if (!r.ok) continue;
      const svc = unitSection(r.text, 'Service');
      const execs = ['ExecStart', 'ExecStartPre', 'ExecStartPost'].flatMap((k) => svc.get(k) ?? []);
      const program = execs.map(backupProgramIn).find((p) => p !== null) ?? null;
      if (!program) continue;
      // Drop-ins from every folder of this scope: Hookgate's own, or a hand-made ExecCondition.
      let dropIns = '';
      for (const dir of dirs) {
        for (const name of await listDir(path.join(dir, `${unit}.d`))) {
          if (!name.endsWith('.conf')) continue;
          const d = await readToolFile(path.join(dir, `${unit}.d`, name));
          if (d.ok) dropIns += `${d.text}\n`;
        }
      }
      const id = unitPlanId(scope, unit);
      const timer = timerFor.get(unit);
      let nextRun: string | null = null;
      let schedule: string | null = `no timer starts ${unit}`;
      if (timer) {
        const cal = unitSection(timer.text, 'Timer').get('OnCalendar') ?? [];
        const next = cal.map((c) => nextCalendarRun(c, now)).filter((d): d is Date => d !== null);
        const jitter = unitSection(timer.text, 'Timer').get('RandomizedDelaySec')?.at(-1);
        if (cal.length && next.length === cal.length) {
          nextRun = new Date(Math.min(...next.map((d) => d.getTime()))).toISOString();
          schedule = `${path.basename(timer.file)}: OnCalendar=${cal.join(', ')}${jitter ? ` (then up to ${jitter} later: RandomizedDelaySec)` : ''}`;
        } else if (cal.length) {
          schedule = `${path.basename(timer.file)}: OnCalendar=${cal.join(', ')} (next run not computed here; \`systemctl list-timers\` shows it)`;
        } else {
          const t = unitSection(timer.text, 'Timer');
          const other = ['OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'OnActiveSec'].filter((k) => t.has(k)).map((k) => `${k}=${t.get(k)!.join(',')}`);
          schedule = `${path.basename(timer.file)}: ${other.join(' ') || 'no OnCalendar='} (the next run depends on boot and last run; unknown here)`;
        }
      }
      const w = await writableFile(dropInPath(opts, scope, unit));
      found.push({
        id,
        name: `systemd ${scope === 'user' ? 'user ' : ''}unit ${unit}`,
        tool: 'systemd',
        source: { path: file, unit, description: `${unit} (${tildePath(opts, file)})` },
        what: `${program}: ${(svc.get('ExecStart') ?? execs).join(' ; ')}`,
        nextRun,
        schedule,
        ourWiring: hasPlanWiring(dropIns, id),
        handWired: mentionsHookgate(r.text) || mentionsHookgate(dropIns),
        unreadable: null,
        writable: w.ok,
        connectNote: w.ok ? null : `${w.why} (the drop-in goes to ${tildePath(opts, dropInPath(opts, scope, unit))})`,
      });
    }
  }
  return found;
}
