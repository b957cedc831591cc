// Issue "Engine foundation", test 4: borgmatic's before_backup hook calls `hookgate signal`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

const hasBorgmatic = spawnSync('borgmatic', ['--version']).status === 0 && spawnSync('borg', ['--version']).status === 0;

function setup(hooksYaml: string) {
  const dir = tempHome('hookgate-borgmatic-');
  const home = path.join(dir, 'home');
  const src = path.join(dir, 'src');
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'thesis.tex'), '\\documentclass{article}\n');
  execFileSync('borg', ['init', '--encryption=none', repo], { env: { ...process.env, BORG_BASE_DIR: dir }, stdio: 'ignore' });
  const cfg = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    cfg,
    `location:\n    source_directories:\n        - ${src}\n    repositories:\n        - ${repo}\nretention:\n    keep_daily: 7\nhooks:\n${hooksYaml}`,
  );
  const env = { ...process.env, HOOKGATE_HOME: home, BORG_BASE_DIR: dir };
  const borgmatic = () => spawnSync('borgmatic', ['--config', cfg, '--syslog-verbosity', '-1', '--no-color', 'create'], { env, encoding: 'utf8' });
  const archives = () => execFileSync('borg', ['list', '--short', repo], { env, encoding: 'utf8' }).split('\n').filter(Boolean);
  return { dir, home, borgmatic, archives, mark: path.join(dir, 'marks.txt') };
}

const hg = `${process.execPath} ${CLI}`;

describe.skipIf(!hasBorgmatic)('borgmatic before_backup: hookgate signal snapshot-start', () => {
  it('a cancelling hook makes borgmatic skip the backup as a soft failure: exit 0, no archive', () => {
    const t = setup(
      `    before_backup:\n        - ${hg} signal snapshot-start --plan thesis --repo local\n` +
        `    after_backup:\n        - ${hg} signal snapshot-success --plan thesis --repo local\n` +
        `    on_error:\n        - ${hg} signal snapshot-error --plan thesis --repo local\n`,
    );
    writeHooks(t.home, [
      { id: 'metered', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo "on a metered network"; exit 1' },
      markerHook('skipped', ['CONDITION_SNAPSHOT_SKIPPED'], t.mark),
      markerHook('errors', ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR'], t.mark),
      markerHook('end', ['CONDITION_SNAPSHOT_END'], t.mark, { alsoAfterSkip: true }),
    ]);
    const r = t.borgmatic();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(t.archives()).toEqual([]);
    expect(readMarks(t.mark).map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_END']);
  });

  it('passing hooks let borgmatic create the archive, and after_backup fires SUCCESS then END', () => {
    const t = setup(
      `    before_backup:\n        - ${hg} signal snapshot-start --plan thesis --repo local\n` +
        `    after_backup:\n        - ${hg} signal snapshot-success --plan thesis --repo local\n`,
    );
    writeHooks(t.home, [
      { id: 'ok', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo fine' },
      markerHook('after', ['CONDITION_SNAPSHOT_SUCCESS', 'CONDITION_SNAPSHOT_END'], t.mark),
    ]);
    const r = t.borgmatic();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(t.archives()).toHaveLength(1);
    expect(readMarks(t.mark).map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_SUCCESS', 'CONDITION_SNAPSHOT_END']);
  });
});
