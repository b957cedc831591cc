// Back In Time: ~/.config/backintime/config (its profiles). One plan for the config: Back In Time
// calls one user-callback (next to the config) for every profile, with the profile's name.
import path from 'node:path';
import type { Candidate } from './candidate';
import { mentionsHookgate } from './candidate';
import { tildePath, type DiscoveryOptions } from './discoveryOptions';
import { readToolFile } from './readText';
import { writableFile } from './writable';

/** The line Hookgate's user-callback carries, naming the plan it reports for. */
export const BIT_MARK = '# Hookgate: connected plan';

export function backInTimeConfig(opts: DiscoveryOptions): string {
  return path.join(opts.home, '.config', 'backintime', 'config');
}

/** Back In Time's `profileN.key=value` lines: profile id → key → value. */
function bitProfiles(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const line of text.split('\n')) {
    const m = /^profile(\d+)\.([^=]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    if (!out.has(m[1]!)) out.set(m[1]!, new Map());
    out.get(m[1]!)!.set(m[2]!, m[3]!);
  }
  return out;
}

const BIT_SCHEDULES: Record<string, string> = {
  '0': 'disabled (run by hand)',
  '1': 'at every boot',
  '2': 'every 5 minutes',
  '4': 'every 10 minutes',
  '7': 'every 30 minutes',
  '8': 'every hour',
  '9': 'every 2 hours',
  '10': 'every 4 hours',
  '11': 'every 6 hours',
  '12': 'every 12 hours',
  '19': 'custom hours',
  '20': 'every day',
  '25': 'daily, with anacron',
  '27': 'when a drive is connected',
  '30': 'every week',
  '40': 'every month',
  '80': 'every year',
};

export async function findBackInTime(opts: DiscoveryOptions): Promise<Candidate[]> {
  const file = backInTimeConfig(opts);
  const r = await readToolFile(file);
  if (!r.ok && r.missing) return [];
  const callback = path.join(path.dirname(file), 'user-callback');
  const base: Candidate = {
    id: 'backintime',
    name: `Back In Time ${tildePath(opts, file)}`,
    tool: 'backintime',
    source: { path: file, description: tildePath(opts, file) },
    what: 'Back In Time profiles',
    nextRun: null,
    schedule: null,
    ourWiring: false,
    handWired: false,
    unreadable: r.ok ? null : r.why,
    writable: false,
    connectNote: null,
  };
  if (!r.ok) return [base];
  const profiles = bitProfiles(r.text);
  if (!profiles.has('1')) profiles.set('1', new Map());
  const parts: string[] = [];
  const schedules: string[] = [];
  for (const [pid, keys] of [...profiles].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    const name = keys.get('name') ?? (pid === '1' ? 'Main profile' : `profile ${pid}`);
    const includes = [...keys].filter(([k]) => /^snapshots\.include\.\d+\.value$/.test(k)).map(([, v]) => v);
    parts.push(`"${name}": ${includes.length ? includes.join(', ') : 'nothing included'} → ${keys.get('snapshots.path') ?? keys.get('snapshots.ssh.path') ?? '?'}`);
    const mode = keys.get('schedule.mode') ?? '0';
    schedules.push(`"${name}": ${BIT_SCHEDULES[mode] ?? `schedule mode ${mode}`}`);
  }
  const cb = await readToolFile(callback);
  const w = await writableFile(callback);
  return [
    {
      ...base,
      what: parts.join('; '),
      schedule: `${schedules.join('; ')} (Back In Time's own crontab line starts it; next run not computed here)`,
      ourWiring: cb.ok && cb.text.includes(`${BIT_MARK} backintime`),
      handWired: cb.ok && mentionsHookgate(cb.text),
      writable: w.ok,
      connectNote: w.ok ? null : w.why,
    },
  ];
}
