// Vorta: its SQLite store (~/.local/share/Vorta/settings.db), read only with sql.js. One plan per
// profile. Vorta keeps the store open while it runs, so Hookgate never writes it: connect shows
// the pre-/post-backup commands to paste into the profile, and discovery checks they are there.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Candidate } from './candidate';
import { hasPlanWiring, mentionsHookgate } from './candidate';
import { tildePath, type DiscoveryOptions } from './discoveryOptions';
import { slug } from './readText';

function vortaStore(opts: DiscoveryOptions): string {
  return path.join(opts.home, '.local', 'share', 'Vorta', 'settings.db');
}

export interface VortaProfile {
  id: number;
  name: string;
  preBackupCmd: string;
  postBackupCmd: string;
  repo: string | null;
  sources: string[];
}

function vortaPlanId(p: { id: number; name: string }): string {
  return `vorta-${slug(p.name, 40)}-${p.id}`;
}

async function readVortaProfiles(file: string): Promise<VortaProfile[]> {
  const bytes = await fs.readFile(file);
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  try {
    const rows = (sql: string): Record<string, unknown>[] => {
      const res = db.exec(sql);
      if (!res.length) return [];
      const { columns, values } = res[0]!;
      return values.map((v) => Object.fromEntries(columns.map((c, i) => [c, v[i]])));
    };
    const repos = new Map<unknown, string>();
    try {
      for (const r of rows('SELECT * FROM repomodel')) repos.set(r.id, String(r.url ?? ''));
    } catch {
      // an older store without repos: the profile shows without one
    }
    const sources = new Map<unknown, string[]>();
    try {
      for (const s of rows('SELECT * FROM sourcefilemodel')) sources.set(s.profile_id, [...(sources.get(s.profile_id) ?? []), String(s.dir ?? '')]);
    } catch {
      // no sources table
    }
    return rows('SELECT * FROM backupprofilemodel').map((p) => ({
      id: Number(p.id),
      name: String(p.name ?? `profile ${String(p.id)}`),
      preBackupCmd: String(p.pre_backup_cmd ?? ''),
      postBackupCmd: String(p.post_backup_cmd ?? ''),
      repo: repos.get(p.repo_id) ?? null,
      sources: sources.get(p.id) ?? [],
    }));
  } finally {
    db.close();
  }
}

export async function findVorta(opts: DiscoveryOptions): Promise<Candidate[]> {
  const file = vortaStore(opts);
  try {
    await fs.access(file);
  } catch {
    return [];
  }
  let profiles: VortaProfile[];
  try {
    profiles = await readVortaProfiles(file);
  } catch (err) {
    return [{ id: 'vorta', name: `Vorta ${tildePath(opts, file)}`, tool: 'vorta', source: { path: file, description: tildePath(opts, file) }, what: 'Vorta profiles', nextRun: null, schedule: null, ourWiring: false, handWired: false, unreadable: `${tildePath(opts, file)} could not be read as Vorta's store: ${(err as Error).message}`, writable: false, connectNote: null }];
  }
  return profiles.map((p) => {
    const id = vortaPlanId(p);
    const cmds = `${p.preBackupCmd}\n${p.postBackupCmd}`;
    return {
      id,
      name: `Vorta profile "${p.name}"`,
      tool: 'vorta' as const,
      source: { path: file, profile: String(p.id), description: `Vorta profile "${p.name}"` },
      what: `${p.sources.join(', ') || 'no sources'} → ${p.repo ?? 'no repository'}`,
      nextRun: null,
      schedule: "Vorta's own schedule (next run not read here)",
      ourWiring: hasPlanWiring(p.preBackupCmd, id) && hasPlanWiring(p.postBackupCmd, id),
      handWired: mentionsHookgate(cmds),
      unreadable: null,
      writable: false,
      connectNote: "Vorta keeps its store open while it runs: connect shows the commands to paste into the profile's Shell Commands",
    };
  });
}
