// Issue "Engine foundation", tests 1–3: a hook gate in front of a real restic backup.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

const hasRestic = (() => {
  try {
    execFileSync('restic', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const RESTIC_ENV = { RESTIC_PASSWORD: 'correct horse battery staple', RESTIC_CACHE_DIR: '' };

function setup() {
  const dir = tempHome('hookgate-restic-');
  const home = path.join(dir, 'home');
  const repo = path.join(dir, 'repo');
  const data = path.join(dir, 'data');
  const mark = path.join(dir, 'marks.txt');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'notes.txt'), 'what to keep\n');
  fs.writeFileSync(path.join(data, 'photo.raw'), Buffer.alloc(64 * 1024, 7));
  const env = { ...RESTIC_ENV, RESTIC_CACHE_DIR: path.join(dir, 'cache') };
  execFileSync('restic', ['init', '--repo', repo], { env: { ...process.env, ...env }, stdio: 'ignore' });
  const snapshots = (): { id: string; short_id: string }[] =>
    JSON.parse(execFileSync('restic', ['--repo', repo, 'snapshots', '--json'], { env: { ...process.env, ...env } }).toString() || '[]') ?? [];
  return { dir, home, repo, data, mark, env: { ...env, HOOKGATE_HOME: home }, snapshots };
}

const ALL_AFTER = ['CONDITION_SNAPSHOT_SKIPPED', 'CONDITION_SNAPSHOT_SUCCESS', 'CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END'];

describe.skipIf(!hasRestic)('hookgate run -- restic backup', () => {
  it('a CANCEL hook skips the backup: restic is not run, exit 75, SKIPPED fires (END only for hooks that opt in), no error hooks', async () => {
    const t = setup();
    writeHooks(t.home, [
      { id: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: '#!/bin/sh\necho "Battery at 15%"\nexit 1\n' },
      ...ALL_AFTER.map((c) => markerHook(c.toLowerCase(), [c], t.mark)),
    ]);
    const r = await runCli(['run', '--plan', 'laptop', '--', 'restic', '--repo', t.repo, 'backup', t.data], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(r.stdout).toContain('Battery at 15%');
    expect(r.stdout).toMatch(/hookgate: skip — .*Battery at 15%/);
    expect(t.snapshots()).toHaveLength(0);
    const marks = readMarks(t.mark).map((l) => l.split(' ')[0]);
    expect(marks).toEqual(['CONDITION_SNAPSHOT_SKIPPED']);
  });

  it('passing START hooks let restic back up; END sees the snapshot id restic reported; SUCCESS fires', async () => {
    const t = setup();
    writeHooks(t.home, [
      { id: 'ac', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo on AC\n' },
      { id: 'online', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_FATAL', script: '#!/usr/bin/env bash\necho "network up"\n' },
      ...ALL_AFTER.map((c) => markerHook(c.toLowerCase(), [c], t.mark)),
    ]);
    const r = await runCli(['run', '--plan', 'laptop', '--', 'restic', '--repo', t.repo, 'backup', t.data], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('"message_type"');
    const snaps = t.snapshots();
    expect(snaps).toHaveLength(1);
    const marks = readMarks(t.mark);
    expect(marks.map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_SUCCESS', 'CONDITION_SNAPSHOT_END']);
    // restic 0.14's summary reports the short id; newer versions the full one.
    const reported = /^CONDITION_SNAPSHOT_END \|([0-9a-f]{8,64})$/.exec(marks[1]!)?.[1];
    expect(reported, marks[1]).toBeDefined();
    expect(snaps[0]!.id.startsWith(reported!)).toBe(true);
    expect(r.stdout).toContain(`snapshot ${snaps[0]!.short_id} saved`);
  });

  it('a FATAL hook fails the backup: exit 1, ERROR, ANY_ERROR and END fire with .Error set, no snapshot', async () => {
    const t = setup();
    writeHooks(t.home, [
      { id: 'mount', name: 'mount', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_FATAL', script: 'echo "/mnt/backup is not mounted"; exit 2\n' },
      ...ALL_AFTER.map((c) => markerHook(c.toLowerCase(), [c], t.mark)),
    ]);
    const r = await runCli(['run', '--plan', 'laptop', '--', 'restic', '--repo', t.repo, 'backup', t.data], { env: t.env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(t.snapshots()).toHaveLength(0);
    const marks = readMarks(t.mark);
    expect(marks.map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END']);
    for (const m of marks) expect(m).toMatch(/hook "mount".*exited 2.*not mounted/);
  });

  it('a failing restic backup fires ERROR and ANY_ERROR and exits with restic\'s own status', async () => {
    const t = setup();
    writeHooks(t.home, ALL_AFTER.map((c) => markerHook(c.toLowerCase(), [c], t.mark)));
    const r = await runCli(['run', '--plan', 'laptop', '--', 'restic', '--repo', path.join(t.dir, 'no-such-repo'), 'backup', t.data], { env: t.env });
    expect(r.code).toBe(1);
    const marks = readMarks(t.mark);
    expect(marks.map((l) => l.split(' ')[0])).toEqual(['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END']);
    expect(marks[0]).toContain('restic exited 1');
  });
});
