// borgmatic: ~/.config/borgmatic/config.yaml, ~/.config/borgmatic.d/*.yaml, /etc/borgmatic/config.yaml,
// /etc/borgmatic.d/*.yaml — one plan per configuration file, as borgmatic itself runs them.
import path from 'node:path';
import YAML from 'yaml';
import type { Candidate } from './candidate';
import { hasPlanWiring, mentionsHookgate } from './candidate';
import { sys, tildePath, type DiscoveryOptions } from './discoveryOptions';
import { listDir, readToolFile, slug } from './readText';
import { writableFile } from './writable';

async function borgmaticConfigFiles(opts: DiscoveryOptions): Promise<{ file: string; id: string }[]> {
  const out: { file: string; id: string }[] = [];
  const yamlIn = async (dir: string, prefix: string) => {
    for (const name of await listDir(dir)) {
      if (/\.ya?ml$/.test(name)) out.push({ file: path.join(dir, name), id: `${prefix}-${slug(name.replace(/\.ya?ml$/, ''))}` });
    }
  };
  out.push({ file: path.join(opts.home, '.config', 'borgmatic', 'config.yaml'), id: 'borgmatic' });
  await yamlIn(path.join(opts.home, '.config', 'borgmatic.d'), 'borgmatic');
  out.push({ file: sys(opts, 'etc/borgmatic/config.yaml'), id: 'borgmatic-system' });
  await yamlIn(sys(opts, 'etc/borgmatic.d'), 'borgmatic-system');
  return out;
}

export async function findBorgmatic(opts: DiscoveryOptions): Promise<Candidate[]> {
  const found: Candidate[] = [];
  for (const { file, id } of await borgmaticConfigFiles(opts)) {
    const r = await readToolFile(file);
    if (!r.ok && r.missing) continue;
    const base: Candidate = {
      id,
      name: `borgmatic ${tildePath(opts, file)}`,
      tool: 'borgmatic',
      source: { path: file, description: tildePath(opts, file) },
      what: '',
      nextRun: null,
      schedule: 'borgmatic has no schedule of its own (a systemd timer or a cron line runs it)',
      ourWiring: false,
      handWired: false,
      unreadable: null,
      writable: false,
      connectNote: null,
    };
    if (!r.ok) {
      found.push({ ...base, what: 'a borgmatic configuration', unreadable: r.why });
      continue;
    }
    const doc = YAML.parseDocument(r.text);
    if (doc.errors.length) {
      found.push({ ...base, what: 'a borgmatic configuration', unreadable: `${tildePath(opts, file)} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` });
      continue;
    }
    const cfg = (doc.toJS() ?? {}) as Record<string, unknown>;
    const loc = (cfg.location as Record<string, unknown> | undefined) ?? cfg;
    const sources = asStrings(loc.source_directories);
    const repos = (Array.isArray(loc.repositories) ? loc.repositories : []).map((x) => (typeof x === 'string' ? x : String((x as { path?: unknown })?.path ?? '?')));
    const w = await writableFile(file);
    found.push({
      ...base,
      what: `${sources.length ? sources.join(', ') : 'no source directories'} → ${repos.length ? repos.join(', ') : 'no repository'}`,
      ourWiring: hasPlanWiring(r.text, id),
      handWired: mentionsHookgate(r.text),
      writable: w.ok,
      connectNote: w.ok ? null : w.why,
    });
  }
  return found;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}
