// Issue "Find and connect": each connect tried against the real tool — borgmatic runs skipped and
// proceeding through the connected YAML, Back In Time snapshots cancelled by a failing START and
// taken otherwise, rsnapshot stopped by cmd_preexec, drop-ins passing `systemd-analyze verify`, a
// crontab round trip through the real `crontab` — and every disconnect leaving the file as it was.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPlan, disconnectPlan } from '../../electron/core/connect';
import { BORGMATIC_ERROR_TEXT } from '../../electron/core/connect/borgmaticWiring';
import { discover } from '../../electron/core/discovery';
import { hookgatePaths } from '../../electron/core/paths';
import type { HookInput } from '../../electron/shared/config';
import { CLI } from '../helpers/cli';
import { makeTree, type Tree } from '../helpers/discoveryTree';
import { readMarks, writeHooks } from '../helpers/hooks';

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const hasBorgmatic = has('borgmatic', ['--version']) && has('borg', ['--version']);
const hasBackInTime = fs.existsSync('/usr/bin/backintime') && has('/usr/bin/python3', ['-c', 'import dbus']);
const hasRsnapshot = fs.existsSync('/usr/bin/rsnapshot');
const hasAnalyze = has('systemd-analyze', ['--version']);
const isRoot = process.getuid?.() === 0;
const hasCrontab = fs.existsSync('/usr/bin/crontab') && isRoot;

/** A machine, a Hookgate home with hooks, and a `hookgate` the tools call (the real CLI, this home). */
function setup(hooks: Parameters<typeof writeHooks>[1]): Tree & { hgHome: string; bin: string; mark: string } {
  const probe = makeTree();
  const hgHome = path.join(probe.dir, 'hg');
  const bin = path.join(probe.dir, 'bin', 'hookgate');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(bin, `#!/bin/sh\nHOOKGATE_HOME='${hgHome}' HOOKGATE_NO_HOST=1 exec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
  const t = makeTree({ hookgateBin: bin });
  const mark = path.join(t.dir, 'marks.txt');
  writeHooks(hgHome, hooks);
  return Object.assign(t, { hgHome, bin, mark });
}

/** The operations of a plan in the history (the last record of each), oldest first. */
function operations(hgHome: string, plan: string): { status: string; decision: string | null; error?: string | null; snapshotId?: string | null; reason?: string }[] {
  const file = hookgatePaths(hgHome).historyFile;
  if (!fs.existsSync(file)) return [];
  const byId = new Map<string, Record<string, unknown>>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    if (r.type === 'operation' && r.plan === plan) byId.set(String(r.id), r);
  }
  return [...byId.values()] as never;
}

const cancelHook: Partial<HookInput> = { id: 'metered', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo "on a metered network"; exit 1' };
const okHook: Partial<HookInput> = { id: 'fine', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo fine' };

describe.skipIf(!hasBorgmatic)('borgmatic, connected', () => {
  function borgmaticSetup(hooks: Parameters<typeof writeHooks>[1], repoName = 'repo') {
    const t = setup(hooks);
    const src = path.join(t.dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'thesis.tex'), '\\documentclass{article}\n');
    const repo = path.join(t.dir, repoName);
    const env = { ...process.env, BORG_BASE_DIR: t.dir };
    if (repoName === 'repo') execFileSync('borg', ['init', '--encryption=none', repo], { env, stdio: 'ignore' });
    const yaml = `# the thesis, every hour
location:
    source_directories:
        - ${src}   # only this
    repositories:
        - ${repo}
retention:
    keep_daily: 7
hooks:
    before_backup:
        - echo user-before >> ${t.mark}
`;
    const cfg = t.write('~/.config/borgmatic/config.yaml', yaml);
    const borgmatic = () => spawnSync('borgmatic', ['--config', cfg, '--syslog-verbosity', '-1', '--no-color', 'create'], { env, encoding: 'utf8' });
    const archives = () => execFileSync('borg', ['list', '--short', repo], { env, encoding: 'utf8' }).split('\n').filter(Boolean);
    return { t, yaml, cfg, repo, borgmatic, archives };
  }

  it('a cancelling START hook skips the run quietly (exit 0, no archive, the user\'s own before_backup not run); disconnect restores the YAML byte for byte', async () => {
    const b = borgmaticSetup([cancelHook]);
    const ctx = b.t.context();
    const r = await connectPlan('borgmatic', true, ctx);
    expect(r.applied).toBe(true);
    expect(spawnSync('validate-borgmatic-config', ['-c', b.cfg], { encoding: 'utf8' }).status).toBe(0);
    const run = b.borgmatic();
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(b.archives()).toEqual([]);
    expect(readMarks(b.t.mark)).toEqual([]);
    expect(operations(b.t.hgHome, 'borgmatic')).toEqual([expect.objectContaining({ status: 'skipped', decision: 'skip' })]);
    await disconnectPlan('borgmatic', true, ctx);
    expect(fs.readFileSync(b.cfg, 'utf8')).toBe(b.yaml);
  });

  it('passing hooks let borgmatic create the archive, and its end is reported as a success', async () => {
    const b = borgmaticSetup([okHook]);
    await connectPlan('borgmatic', true, b.t.context());
    const run = b.borgmatic();
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(b.archives()).toHaveLength(1);
    expect(readMarks(b.t.mark)).toEqual(['user-before']);
    expect(operations(b.t.hgHome, 'borgmatic')).toEqual([expect.objectContaining({ status: 'success', decision: 'proceed' })]);
  });

  it("borgmatic's {error} in a shell command runs code from a file name; the connected on_error does not, and still reports the failure", async () => {
    // A repository path with a command substitution in it: borgmatic puts it into {error} raw.
    const b = borgmaticSetup([okHook], 'repo$(touch PWNED)');
    const pwned = path.join(b.t.home, 'PWNED');
    // The old README line, as it was: --error "{error}".
    const readme = b.yaml.replace(`        - echo user-before >> ${b.t.mark}\n`, `        - echo user-before >> ${b.t.mark}\n    on_error:\n        - ${b.t.bin} signal snapshot-error --plan old --error "{error}"\n`);
    fs.writeFileSync(b.cfg, readme);
    const env = { ...process.env, BORG_BASE_DIR: b.t.dir, HOME: b.t.home };
    const run = (cwd: string) => spawnSync('borgmatic', ['--config', b.cfg, '--syslog-verbosity', '-1', '--no-color', 'create'], { env, encoding: 'utf8', cwd });
    expect(run(b.t.home).status).not.toBe(0);
    expect(fs.existsSync(pwned)).toBe(true);
    fs.rmSync(pwned);

    fs.writeFileSync(b.cfg, b.yaml);
    await connectPlan('borgmatic', true, b.t.context());
    expect(run(b.t.home).status).not.toBe(0);
    expect(fs.existsSync(pwned)).toBe(false);
    expect(operations(b.t.hgHome, 'borgmatic')).toEqual([expect.objectContaining({ status: 'error', error: BORGMATIC_ERROR_TEXT })]);
  });
});

describe.skipIf(!hasBackInTime)('Back In Time, connected (backintime-common 1.3, headless)', () => {
  function bitSetup(hooks: Parameters<typeof writeHooks>[1]) {
    const t = setup(hooks);
    const src = path.join(t.dir, 'src');
    const dst = path.join(t.dir, 'dst');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'notes.txt'), 'hello\n');
    // Back In Time finds its snapshots under <path>/backintime/<host>/<user>/<profile>.
    const snaps = path.join(dst, 'backintime', 'h', 'u', '1');
    fs.mkdirSync(snaps, { recursive: true });
    const cfg = t.write(
      '~/.config/backintime/config',
      [
        'config.version=6',
        'profile1.snapshots.include.1.type=0',
        `profile1.snapshots.include.1.value=${src}`,
        'profile1.snapshots.include.size=1',
        `profile1.snapshots.path=${dst}`,
        'profile1.snapshots.path.host=h',
        'profile1.snapshots.path.user=u',
        'profile1.snapshots.path.profile=1',
        'profile1.snapshots.mode=local',
        'profile1.snapshots.no_on_battery=false',
        'profiles.version=1',
        '',
      ].join('\n'),
    );
    // /usr/bin first: Back In Time needs Debian's python3 (with python3-dbus), not another one on PATH.
    const backup = () =>
      spawnSync('/usr/bin/backintime', ['--config', cfg, 'backup'], { env: { PATH: '/usr/bin:/bin', HOME: t.home, LANG: 'C.UTF-8' }, encoding: 'utf8', timeout: 120_000 });
    const snapshots = () => fs.readdirSync(snaps).filter((n) => /^\d{8}-\d{6}-\d{3}$/.test(n));
    return { t, backup, snapshots };
  }

  it('a failing START hook cancels the snapshot (none taken); the existing callback still runs; disconnect restores it', async () => {
    const b = bitSetup([cancelHook]);
    const mine = `#!/bin/sh\necho "mine $3" >> '${b.t.mark}'\nexit 0\n`;
    const cb = b.t.write('~/.config/backintime/user-callback', mine, 0o755);
    const ctx = b.t.context();
    await connectPlan('backintime', true, ctx);
    const run = b.backup();
    expect(run.stderr).toMatch(/A plugin prevented the backup/);
    expect(b.snapshots()).toEqual([]);
    expect(readMarks(b.t.mark)).toContain('mine 1');
    expect(operations(b.t.hgHome, 'backintime')).toEqual([expect.objectContaining({ status: 'skipped', decision: 'skip' })]);
    await disconnectPlan('backintime', true, ctx);
    expect(fs.readFileSync(cb, 'utf8')).toBe(mine);
    expect(fs.existsSync(`${cb}.before-hookgate`)).toBe(false);
  });

  it('passing hooks let the snapshot be taken; its end reaches Hookgate as a success with the snapshot id', async () => {
    const b = bitSetup([okHook]);
    const ctx = b.t.context();
    await connectPlan('backintime', true, ctx);
    const run = b.backup();
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const taken = b.snapshots();
    expect(taken).toHaveLength(1);
    expect(operations(b.t.hgHome, 'backintime')).toEqual([expect.objectContaining({ status: 'success', decision: 'proceed', snapshotId: taken[0] })]);
    await disconnectPlan('backintime', true, ctx);
    expect(fs.existsSync(b.t.file('~/.config/backintime/user-callback'))).toBe(false);
  });
});

describe.skipIf(!hasRsnapshot)('rsnapshot, connected', () => {
  function rsSetup(hooks: Parameters<typeof writeHooks>[1], extra = '', rsync = '/usr/bin/rsync') {
    const t = setup(hooks);
    const src = path.join(t.dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'a.txt'), 'a\n');
    fs.mkdirSync(path.join(t.dir, 'snaps'));
    const conf = ['config_version\t1.2', `snapshot_root\t${t.dir}/snaps/`, 'no_create_root\t1', `cmd_rsync\t${rsync}`, 'retain\talpha\t3', `lockfile\t${t.dir}/rsnapshot.pid`, `backup\t${src}/\tlocalhost/`, extra].join('\n');
    const file = t.write('etc/rsnapshot.conf', conf);
    const run = () => spawnSync('rsnapshot', ['-c', file, 'alpha'], { encoding: 'utf8', env: { ...process.env, HOME: t.home } });
    return { t, conf, file, run };
  }

  it('a skip stops the run through cmd_preexec (rsnapshot calls it an error); disconnect restores the config byte for byte', async () => {
    const r = rsSetup([cancelHook]);
    const ctx = r.t.context();
    await connectPlan('rsnapshot', true, ctx);
    expect(spawnSync('rsnapshot', ['-c', r.file, 'configtest'], { encoding: 'utf8' }).stdout).toContain('Syntax OK');
    const run = r.run();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cmd_preexec .* returned 75/);
    expect(fs.existsSync(path.join(r.t.dir, 'snaps', 'alpha.0'))).toBe(false);
    expect(operations(r.t.hgHome, 'rsnapshot')).toEqual([expect.objectContaining({ status: 'skipped' })]);
    await disconnectPlan('rsnapshot', true, ctx);
    expect(fs.readFileSync(r.file, 'utf8')).toBe(r.conf);
  });

  it('passing hooks let rsnapshot take alpha.0 after the user\'s own cmd_preexec, and cmd_postexec reports the one success (its log has no error)', async () => {
    const t0 = makeTree();
    const ran = path.join(t0.dir, 'pre-ran');
    const log = path.join(t0.dir, 'rsnapshot.log');
    const r = rsSetup([okHook], `cmd_preexec\t/usr/bin/touch ${ran}\nlogfile\t${log}\n`);
    await connectPlan('rsnapshot', true, r.t.context());
    const run = r.run();
    expect(run.status, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(r.t.dir, 'snaps', 'alpha.0', 'localhost', r.t.dir, 'src', 'a.txt'))).toBe(true);
    expect(fs.existsSync(ran)).toBe(true);
    expect(operations(r.t.hgHome, 'rsnapshot')).toEqual([expect.objectContaining({ status: 'success', error: null })]);
  });

  it('a run in which rsync failed (rsnapshot still runs cmd_postexec, then exits 1) is recorded as failed, in rsnapshot\'s words from its log; the next run in the same log is its own', async () => {
    const t0 = makeTree();
    const log = path.join(t0.dir, 'rsnapshot.log');
    const r = rsSetup([okHook], `logfile\t${log}\n`, '/bin/false');
    await connectPlan('rsnapshot', true, r.t.context());
    const failed = r.run();
    expect(failed.status, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('/bin/false returned 1 while processing');
    expect(fs.readFileSync(log, 'utf8')).toContain(' alpha: completed, but with some errors\n');
    fs.writeFileSync(r.file, fs.readFileSync(r.file, 'utf8').replace(/^cmd_rsync\t.*$/m, 'cmd_rsync\t/usr/bin/rsync'));
    const good = r.run();
    expect(good.status, good.stderr).toBe(0);
    expect(operations(r.t.hgHome, 'rsnapshot')).toEqual([
      expect.objectContaining({ status: 'error', error: `rsnapshot: /bin/false returned 1 while processing ${r.t.dir}/src/` }),
      expect.objectContaining({ status: 'success', error: null }),
    ]);
  });

  it('without a logfile rsnapshot does not tell how the run went: it ends "without a report", saying so and how to have it told — never "Backed up"', async () => {
    const r = rsSetup([okHook]);
    await connectPlan('rsnapshot', true, r.t.context());
    const run = r.run();
    expect(run.status, run.stderr).toBe(0);
    expect(operations(r.t.hgHome, 'rsnapshot')).toEqual([
      expect.objectContaining({
        status: 'error',
        endedWithoutReport: true,
        reason: `rsnapshot does not tell whether this run succeeded: no logfile is set in ${r.file}. To have it told: set logfile (loglevel 2 or more) in ${r.file}, or run rsnapshot through "hookgate run", which sees its exit status`,
      }),
    ]);
  });

  it("the cmd_postexec an older Hookgate's Connect wrote (snapshot-success) is read the same way: a failed rsync is a failure", async () => {
    const t0 = makeTree();
    const log = path.join(t0.dir, 'rsnapshot.log');
    const older = `logfile\t${log}\ncmd_preexec\t${'BIN'} signal snapshot-start --plan rsnapshot\ncmd_postexec\t${'BIN'} signal snapshot-success --plan rsnapshot; /usr/bin/touch ${t0.dir}/post-ran\n`;
    const r = rsSetup([okHook], '', '/bin/false');
    fs.appendFileSync(r.file, older.replaceAll('BIN', r.t.bin));
    const first = r.run();
    expect(first.status, first.stderr).toBe(1);
    expect(fs.existsSync(path.join(t0.dir, 'post-ran'))).toBe(true);
    expect(operations(r.t.hgHome, 'rsnapshot')).toEqual([expect.objectContaining({ status: 'error', error: `rsnapshot: /bin/false returned 1 while processing ${r.t.dir}/src/` })]);
  });

  it('a run rsnapshot stops on an error (no cmd_postexec) ends without a report that says why and names its log', async () => {
    const t0 = makeTree();
    const log = path.join(t0.dir, 'rsnapshot.log');
    const r = rsSetup([okHook], `logfile\t${log}\nbackup_exec\t/bin/false\trequired\n`);
    await connectPlan('rsnapshot', true, r.t.context());
    const first = r.run();
    expect(first.status, first.stderr).toBe(1);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/\/bin\/false" returned "1"\. Exiting/);
    // The next run's START finds the first one's process gone.
    r.run();
    const [ended] = operations(r.t.hgHome, 'rsnapshot');
    expect(ended).toMatchObject({ status: 'error', endedWithoutReport: true });
    const reason = ended!.reason ?? '';
    expect(reason.startsWith(`rsnapshot -c ${r.file} alpha (pid `), reason).toBe(true);
    expect(reason).toMatch(/\) had exited without reporting the end of the backup \(found at [^)]+\) — rsnapshot runs no command when it stops on an error; see its log /);
    expect(reason.endsWith(`see its log ${log}`), reason).toBe(true);
  });
});

describe.skipIf(!hasAnalyze)('systemd drop-ins pass systemd-analyze verify', () => {
  function verify(t: Tree, dir: string, unit: string) {
    return spawnSync('systemd-analyze', ['verify', '--man=no', path.join(dir, unit)], { encoding: 'utf8', env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:` } });
  }

  it('for a system unit and a user unit; a broken drop-in fails the same check (it is read)', async () => {
    const t = setup([okHook]);
    const sysDir = t.file('etc/systemd/system');
    const userDir = t.file('~/.config/systemd/user');
    t.write('etc/systemd/system/restic-b2.service', '[Unit]\nDescription=restic to B2\n[Service]\nType=oneshot\nExecStart=/usr/bin/restic backup /home\n');
    t.write('etc/systemd/system/restic-b2.timer', '[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n');
    t.write('~/.config/systemd/user/borgmatic.service', '[Service]\nType=oneshot\nExecStart=/usr/bin/borgmatic --verbosity 1\n');
    const ctx = t.context();
    await connectPlan('systemd-system-restic-b2', true, ctx);
    await connectPlan('systemd-user-borgmatic', true, ctx);
    for (const [dir, unit] of [
      [sysDir, 'restic-b2.service'],
      [userDir, 'borgmatic.service'],
    ] as const) {
      const v = verify(t, dir, unit);
      expect(v.status, v.stderr).toBe(0);
      expect(v.stderr).not.toMatch(/hookgate\.conf|Unknown|not executable|Invalid/);
    }
    // The check reads the drop-in: the same file with a hookgate that is not there fails it, and a
    // line systemd cannot parse is named (systemd only warns about those, so the test looks for the file's name).
    const dropIn = path.join(sysDir, 'restic-b2.service.d', 'hookgate.conf');
    const good = fs.readFileSync(dropIn, 'utf8');
    fs.writeFileSync(dropIn, good.replace(`ExecCondition=${t.bin}`, 'ExecCondition=/nonexistent/hookgate'));
    expect(verify(t, sysDir, 'restic-b2.service')).toMatchObject({ status: 1, stderr: expect.stringMatching(/\/nonexistent\/hookgate is not executable/) });
    fs.writeFileSync(dropIn, good.replace("ExecStopPost=-/bin/sh -c '", "ExecStopPost=-/bin/sh -c "));
    expect(verify(t, sysDir, 'restic-b2.service').stderr).toMatch(/hookgate\.conf:\d+: Unbalanced quoting/);
    fs.writeFileSync(dropIn, good);
    const d = await discover(t.opts, ctx.recorded);
    expect(d.found.map((f) => [f.id, f.state])).toEqual(
      expect.arrayContaining([
        ['systemd-system-restic-b2', 'connected'],
        ['systemd-user-borgmatic', 'connected'],
      ]),
    );
    await disconnectPlan('systemd-system-restic-b2', true, ctx);
    await disconnectPlan('systemd-user-borgmatic', true, ctx);
    expect(fs.existsSync(path.join(sysDir, 'restic-b2.service.d'))).toBe(false);
    expect(fs.existsSync(path.join(userDir, 'borgmatic.service.d'))).toBe(false);
  });
});

describe.skipIf(!hasCrontab)('a crontab round trip through the real crontab', () => {
  // A user's crontab in cron's spool; nobody's, restored at the end whatever happens.
  const user = 'nobody';
  const before = spawnSync('crontab', ['-u', user, '-l'], { encoding: 'utf8' });
  const had = before.status === 0 ? before.stdout : null;
  afterAll(() => {
    if (had === null) spawnSync('crontab', ['-u', user, '-r']);
    else spawnSync('crontab', ['-u', user, '-'], { input: had });
  });

  it('connect wraps the line in hookgate run (and it runs), disconnect leaves `crontab -l` byte-identical', async () => {
    const t0 = setup([okHook]);
    const t = Object.assign(makeTree({ hookgateBin: t0.bin, crontabCommand: '/usr/bin/crontab', crontabUser: user }), { hgHome: t0.hgHome });
    // Never fires (31 February), so a running cron would not act on it.
    const tab = `# backups\nMAILTO=""\n0 0 31 2 * restic version >/dev/null 2>&1\n`;
    expect(spawnSync('crontab', ['-u', user, '-'], { input: tab }).status).toBe(0);
    const listed = execFileSync('crontab', ['-u', user, '-l'], { encoding: 'utf8' });
    const [found] = (await discover(t.opts)).found;
    expect(found).toMatchObject({ tool: 'cron', state: 'not-connected', source: { path: `crontab:${user}`, line: 3 } });
    const ctx = t.context();
    const r = await connectPlan(found!.id, true, ctx);
    expect(r.changes[0]!.diff).toContain(`+0 0 31 2 * ${t0.bin} run --plan ${found!.id} -- restic version >/dev/null 2>&1`);
    const wrapped = execFileSync('crontab', ['-u', user, '-l'], { encoding: 'utf8' }).split('\n').find((l) => l.includes('hookgate run'))!;
    // The line's command, run as cron would run it (through sh), reaches Hookgate.
    const command = wrapped.replace(/^(\S+\s+){5}/, '');
    expect(spawnSync('/bin/sh', ['-c', command]).status).toBe(0);
    expect(operations(t0.hgHome, found!.id)).toEqual([expect.objectContaining({ status: 'success', decision: 'proceed' })]);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ id: found!.id, state: 'connected' });
    await disconnectPlan(found!.id, true, ctx);
    expect(execFileSync('crontab', ['-u', user, '-l'], { encoding: 'utf8' })).toBe(listed);
  });
});
