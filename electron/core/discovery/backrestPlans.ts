// Backrest: ~/.config/backrest/config.json — one plan per Backrest plan. Backrest rewrites its own
// config while it runs, so connect writes the file only while Backrest is stopped.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Candidate } from './candidate';
import { hasPlanWiring, mentionsHookgate } from './candidate';
import { sys, tildePath, type DiscoveryOptions } from './discoveryOptions';
import { readToolFile, slug } from './readText';
import { nextCronRun } from './schedule';
import { writableFile } from './writable';

function backrestConfig(opts: DiscoveryOptions): string {
  return path.join(opts.home, '.config', 'backrest', 'config.json');
}

function backrestPlanId(planId: string): string {
  return `backrest-${slug(planId, 60)}`;
}

/** Whether a Backrest process runs (its name in /proc), so its config must not be written under it. */
async function backrestRunning(opts: DiscoveryOptions): Promise<boolean> {
  const proc = sys(opts, 'proc');
  let names: string[];
  try {
    names = await fs.readdir(proc);
  } catch {
    return false;
  }
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const comm = await fs.readFile(path.join(proc, n, 'comm'), 'utf8').catch(() => '');
    if (comm.trim() === 'backrest') return true;
  }
  return false;
}

export async function findBackrest(opts: DiscoveryOptions, now = new Date()): Promise<Candidate[]> {
  const file = backrestConfig(opts);
  const r = await readToolFile(file);
  if (!r.ok && r.missing) return [];
  if (!r.ok) {
    return [{ id: 'backrest', name: `Backrest ${tildePath(opts, file)}`, tool: 'backrest', source: { path: file, description: tildePath(opts, file) }, what: 'Backrest plans', nextRun: null, schedule: null, ourWiring: false, handWired: false, unreadable: r.why, writable: false, connectNote: null }];
  }
  let cfg: { plans?: unknown };
  try {
    cfg = JSON.parse(r.text) as { plans?: unknown };
  } catch (err) {
    return [{ id: 'backrest', name: `Backrest ${tildePath(opts, file)}`, tool: 'backrest', source: { path: file, description: tildePath(opts, file) }, what: 'Backrest plans', nextRun: null, schedule: null, ourWiring: false, handWired: false, unreadable: `${tildePath(opts, file)} is not valid JSON: ${(err as Error).message}`, writable: false, connectNote: null }];
  }
  const running = await backrestRunning(opts);
  const w = await writableFile(file);
  const out: Candidate[] = [];
  for (const p of Array.isArray(cfg.plans) ? (cfg.plans as Record<string, unknown>[]) : []) {
    if (!p || typeof p.id !== 'string') continue;
    const id = backrestPlanId(p.id);
    const sched = (p.schedule ?? {}) as Record<string, unknown>;
    let schedule = 'no schedule';
    let nextRun: string | null = null;
    if (sched.disabled) schedule = 'schedule disabled';
    else if (typeof sched.cron === 'string') {
      const n = nextCronRun(sched.cron, now);
      nextRun = n?.toISOString() ?? null;
      schedule = `cron ${sched.cron}${n ? '' : ' (next run not computed here)'}`;
    } else if (sched.maxFrequencyDays) schedule = `every ${String(sched.maxFrequencyDays)} day(s) after the last run (next run unknown here)`;
    else if (sched.maxFrequencyHours) schedule = `every ${String(sched.maxFrequencyHours)} hour(s) after the last run (next run unknown here)`;
    const hooksText = JSON.stringify(p.hooks ?? []).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    out.push({
      id,
      name: `Backrest plan ${p.id}`,
      tool: 'backrest',
      source: { path: file, profile: p.id, description: `${tildePath(opts, file)}, plan ${p.id}` },
      what: `${Array.isArray(p.paths) ? p.paths.join(', ') : '?'} → repo ${String(p.repo ?? '?')}`,
      nextRun,
      schedule,
      ourWiring: hasPlanWiring(hooksText, id),
      handWired: mentionsHookgate(hooksText),
      unreadable: null,
      writable: w.ok && !running,
      connectNote: running ? 'Backrest is running and rewrites its config: connect shows the hooks to add in Backrest (or stop Backrest first)' : w.ok ? null : w.why,
    });
  }
  return out;
}
