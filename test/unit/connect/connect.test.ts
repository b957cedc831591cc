// Issue "Find and connect": the change is shown as a diff first, the original kept, a second
// connect changes nothing, and disconnect puts every file back byte for byte — or, when something
// else changed it since, takes out only Hookgate's lines and says so.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { connectPlan, disconnectPlan, unifiedDiff } from '../../../electron/core/connect';
import { wireBorgmatic } from '../../../electron/core/connect/borgmaticWiring';
import { wrapCronCommand } from '../../../electron/core/connect/cronWiring';
import { unwireRsnapshot, wireRsnapshot } from '../../../electron/core/connect/rsnapshotWiring';
import { discover } from '../../../electron/core/discovery';
import { makeTree } from '../../helpers/discoveryTree';

const BIN = '/usr/local/bin/hookgate';

const BORGMATIC_17 = `# my laptop backup
location:
    source_directories:
        - /home/alice/Documents   # the thesis

    repositories:
        - ssh://nas/./borg

retention:
    # keep a week
    keep_daily: 7

hooks:
    before_backup:
        - mount /mnt/nas   # needs the NAS
    on_error:
        - notify-send "backup failed"
`;

describe('borgmatic: lines added where the lists are, comments kept', () => {
  it('adds the signals without touching any other line, and reads back as borgmatic will read it', () => {
    const out = wireBorgmatic(BORGMATIC_17, BIN, 'borgmatic');
    const removed = unifiedDiff('c', BORGMATIC_17, out)
      .split('\n')
      .filter((l) => l.startsWith('-') && !l.startsWith('---'));
    expect(removed).toEqual([]);
    expect(out).toContain('# keep a week\n');
    expect(out).toContain('- mount /mnt/nas   # needs the NAS\n');
    const hooks = (YAML.parse(out) as { hooks: Record<string, string[]> }).hooks;
    // The gate runs before the user's own before_backup commands; reports after theirs.
    expect(hooks.before_backup).toEqual([`${BIN} signal snapshot-start --plan borgmatic`, 'mount /mnt/nas']);
    expect(hooks.on_error).toEqual(['notify-send "backup failed"', `${BIN} signal snapshot-error --plan borgmatic --error 'borgmatic reported an error (its log says which)'`]);
    expect(hooks.after_backup).toEqual([`${BIN} signal snapshot-success --plan borgmatic`]);
    expect(hooks.before_prune).toEqual([`${BIN} signal prune-start --plan borgmatic`]);
    expect(hooks.after_check).toEqual([`${BIN} signal check-success --plan borgmatic`]);
    expect(out).not.toContain('{error}');
    expect(wireBorgmatic(out, BIN, 'borgmatic')).toBe(out);
  });

  it('borgmatic 1.8 style (no sections): hooks at the top level, in a marked block', () => {
    const flat = 'source_directories:\n  - /home\nrepositories:\n  - path: /mnt/b\n';
    const out = wireBorgmatic(flat, BIN, 'b');
    expect(out.startsWith(flat)).toBe(true);
    expect(out).toContain('# Added by Hookgate: "hookgate plans disconnect b" takes it out again.');
    expect((YAML.parse(out) as Record<string, string[]>).before_backup).toEqual([`${BIN} signal snapshot-start --plan b`]);
  });

  it('refuses a hooks list it cannot edit in place, saying which', () => {
    expect(() => wireBorgmatic('location:\n  repositories: [/r]\nhooks:\n  before_backup: [a, b]\n', BIN, 'b')).toThrow(/before_backup/);
  });
});

describe('connect and disconnect through the files', () => {
  it('previews a diff, applies it keeping the original, is idempotent, and disconnect restores the bytes', async () => {
    const t = makeTree();
    const file = t.write('~/.config/borgmatic/config.yaml', BORGMATIC_17, 0o640);
    const ctx = t.context();
    const preview = await connectPlan('borgmatic', false, ctx);
    expect(preview.applied).toBe(false);
    expect(preview.changes).toHaveLength(1);
    expect(preview.changes[0]!.diff).toMatch(/^--- a\/.*config\.yaml\n\+\+\+ b\/.*config\.yaml\n@@ /);
    expect(preview.changes[0]!.diff).toContain(`+        - ${BIN} signal snapshot-start --plan borgmatic`);
    expect(fs.readFileSync(file, 'utf8')).toBe(BORGMATIC_17);

    const done = await connectPlan('borgmatic', true, ctx, preview.changesSha256);
    expect(done).toMatchObject({ applied: true, plan: { state: 'connected' } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    const conn = ctx.recorded.get('borgmatic')!;
    expect(conn.files[0]!.backupPath).toBeTruthy();
    expect(fs.readFileSync(conn.files[0]!.backupPath!, 'utf8')).toBe(BORGMATIC_17);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ id: 'borgmatic', state: 'connected' });

    const again = await connectPlan('borgmatic', true, ctx);
    expect(again).toMatchObject({ applied: false, alreadyConnected: true, changes: [] });

    const off = await disconnectPlan('borgmatic', true, ctx);
    expect(off.notes.join('\n')).toMatch(/restored byte for byte/);
    expect(fs.readFileSync(file, 'utf8')).toBe(BORGMATIC_17);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(ctx.recorded.has('borgmatic')).toBe(false);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ state: 'not-connected' });
  });

  it('an apply refuses a change other than the one previewed', async () => {
    const t = makeTree();
    const file = t.write('~/.config/borgmatic/config.yaml', BORGMATIC_17);
    const ctx = t.context();
    const preview = await connectPlan('borgmatic', false, ctx);
    fs.appendFileSync(file, 'storage:\n    compression: lz4\n');
    await expect(connectPlan('borgmatic', true, ctx, preview.changesSha256)).rejects.toThrow(/changed since the preview/);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${BORGMATIC_17}storage:\n    compression: lz4\n`);
  });

  it('disconnect after the user edited the file: only Hookgate lines go, their edit stays, and it says so', async () => {
    const t = makeTree();
    const file = t.write('~/.config/borgmatic/config.yaml', BORGMATIC_17);
    const ctx = t.context();
    await connectPlan('borgmatic', true, ctx);
    const edited = fs.readFileSync(file, 'utf8').replace('keep_daily: 7', 'keep_daily: 14');
    fs.writeFileSync(file, edited);
    const off = await disconnectPlan('borgmatic', true, ctx);
    expect(off.notes.join('\n')).toMatch(/changed since connecting: only Hookgate's lines were taken out/);
    expect(fs.readFileSync(file, 'utf8')).toBe(BORGMATIC_17.replace('keep_daily: 7', 'keep_daily: 14'));
  });

  it('rsnapshot: chains an existing cmd_preexec, and disconnect restores the file byte for byte', async () => {
    const t = makeTree();
    const conf = 'config_version\t1.2\nsnapshot_root\t/srv/s/\ncmd_preexec\t/usr/local/bin/mount-disk\nretain\talpha\t6\nbackup\t/home/\tlocalhost/\n';
    const file = t.write('etc/rsnapshot.conf', conf);
    const ctx = t.context();
    const r = await connectPlan('rsnapshot', true, ctx);
    expect(r.notes.join(' ')).toMatch(/rsnapshot treats a failing cmd_preexec as an error/);
    const out = fs.readFileSync(file, 'utf8');
    expect(out).toContain(`cmd_preexec\t/usr/local/bin/mount-disk && exec ${BIN} signal snapshot-start --plan rsnapshot\n`);
    expect((await connectPlan('rsnapshot', false, ctx)).alreadyConnected).toBe(true);
    // The report names the config: the END reads how the run went from the logfile it sets.
    expect(out).toContain(`cmd_postexec\t${BIN} signal snapshot-end --plan rsnapshot --rsnapshot-config ${file}\n`);
    await disconnectPlan('rsnapshot', true, ctx);
    expect(fs.readFileSync(file, 'utf8')).toBe(conf);
  });

  it("rsnapshot: the report an older Hookgate wrote (snapshot-success) is still ours — not chained a second time, taken out again", () => {
    const older = `config_version\t1.2\ncmd_preexec\t${BIN} signal snapshot-start --plan rsnapshot\ncmd_postexec\t${BIN} signal snapshot-success --plan rsnapshot; /usr/local/bin/umount-disk\n`;
    expect(wireRsnapshot(older, BIN, 'rsnapshot', '/etc/rsnapshot.conf')).toBe(older);
    expect(unwireRsnapshot(older, BIN, 'rsnapshot', '/etc/rsnapshot.conf')).toBe('config_version\t1.2\ncmd_postexec\t/usr/local/bin/umount-disk\n');
    // Another plan's report is not this one's.
    const other = older.replaceAll('--plan rsnapshot', '--plan rsnapshot2');
    expect(wireRsnapshot(other, BIN, 'rsnapshot', '/etc/rsnapshot.conf')).toContain(`cmd_postexec\t${BIN} signal snapshot-end --plan rsnapshot --rsnapshot-config /etc/rsnapshot.conf; ${BIN} signal snapshot-success --plan rsnapshot2;`);
    expect(() => wireRsnapshot('', BIN, 'rsnapshot', '/etc/my rsnapshot.conf')).toThrow(/\/etc\/my rsnapshot\.conf: its path has characters rsnapshot's cmd_postexec cannot carry safely/);
  });

  it('Back In Time: keeps an existing user-callback (byte for byte, same mode) and chains it; disconnect puts it back', async () => {
    const t = makeTree();
    t.write('~/.config/backintime/config', 'config.version=6\nprofile1.snapshots.path=/media/usb\n');
    const mine = '#!/bin/bash\n# my callback\nexit 0\n';
    const cb = t.write('~/.config/backintime/user-callback', mine, 0o700);
    const ctx = t.context();
    const r = await connectPlan('backintime', true, ctx);
    expect(r.changes.map((c) => [path.basename(c.path), c.action])).toEqual([
      ['user-callback', 'modify'],
      ['user-callback.before-hookgate', 'create'],
    ]);
    expect(fs.readFileSync(`${cb}.before-hookgate`, 'utf8')).toBe(mine);
    expect(fs.statSync(`${cb}.before-hookgate`).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(cb, 'utf8')).toContain('"$(dirname "$0")/user-callback.before-hookgate" "$@"');
    await disconnectPlan('backintime', true, ctx);
    expect(fs.readFileSync(cb, 'utf8')).toBe(mine);
    expect(fs.statSync(cb).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(`${cb}.before-hookgate`)).toBe(false);
  });

  it('systemd: a drop-in next to a user unit, taken away (with its folder) on disconnect', async () => {
    const t = makeTree();
    t.write('~/.config/systemd/user/backup.service', '[Service]\nExecStart=/usr/bin/restic backup /home\n');
    const ctx = t.context();
    const r = await connectPlan('systemd-user-backup', true, ctx);
    const dropIn = path.join(t.home, '.config/systemd/user/backup.service.d/hookgate.conf');
    expect(r.changes).toEqual([expect.objectContaining({ path: dropIn, action: 'create' })]);
    const text = fs.readFileSync(dropIn, 'utf8');
    expect(text).toContain(`ExecCondition=${BIN} signal snapshot-start --plan systemd-user-backup --exit-codes systemd\n`);
    expect(text).toContain('ExecStopPost=-/bin/sh -c \'case "$$SERVICE_RESULT" in success)');
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ state: 'connected' });
    await disconnectPlan('systemd-user-backup', true, ctx);
    expect(fs.existsSync(path.dirname(dropIn))).toBe(false);
  });

  it('cron (system file): the line wrapped in hookgate run, disconnect restores it', async () => {
    const t = makeTree();
    const tab = '# backups\nMAILTO=root\n30 2 * * * root /usr/bin/restic backup /home >> /var/log/restic.log 2>&1\n';
    const file = t.write('etc/cron.d/restic', tab);
    const [found] = (await discover(t.opts)).found;
    const ctx = t.context();
    await connectPlan(found!.id, true, ctx);
    expect(fs.readFileSync(file, 'utf8')).toBe(`# backups\nMAILTO=root\n30 2 * * * root ${BIN} run --plan ${found!.id} -- /usr/bin/restic backup /home >> /var/log/restic.log 2>&1\n`);
    // Its id stays the same once wrapped, and it shows as connected.
    expect((await discover(t.opts, ctx.recorded)).found).toEqual([expect.objectContaining({ id: found!.id, state: 'connected' })]);
    await disconnectPlan(found!.id, true, ctx);
    expect(fs.readFileSync(file, 'utf8')).toBe(tab);
  });

  it('cron: a line with shell operators is wrapped whole in sh -c; its redirections stay outside', () => {
    expect(wrapCronCommand('cd /srv && restic backup . > /tmp/log 2>&1', BIN, 'p')).toBe(`${BIN} run --plan p -- sh -c 'cd /srv && restic backup .' > /tmp/log 2>&1`);
    expect(wrapCronCommand("restic backup '/home/al ice'", BIN, 'p')).toBe(`${BIN} run --plan p -- restic backup '/home/al ice'`);
  });

  it('refuses to wire a hookgate path a tool file cannot carry, and names the fix', async () => {
    const t = makeTree({ hookgateBin: 'hookgate' });
    t.write('etc/rsnapshot.conf', 'config_version\t1.2\n');
    await expect(connectPlan('rsnapshot', false, t.context())).rejects.toThrow(/absolute path.*HOOKGATE_BIN/);
  });

  it('Backrest running: nothing is written, the hooks to paste are shown', async () => {
    const t = makeTree();
    const cfg = `${JSON.stringify({ plans: [{ id: 'docs', repo: 'r', paths: ['/x'] }] }, null, 2)}\n`;
    const file = t.write('~/.config/backrest/config.json', cfg);
    t.write('proc/77/comm', 'backrest\n');
    const ctx = t.context();
    const r = await connectPlan('backrest-docs', true, ctx);
    expect(r.changes).toEqual([expect.objectContaining({ action: 'paste' })]);
    expect(r.changes[0]!.diff).toContain('CONDITION_SNAPSHOT_START — Error behavior: ON_ERROR_CANCEL');
    expect(fs.readFileSync(file, 'utf8')).toBe(cfg);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ state: 'paste-pending' });
  });

  it('Backrest stopped: the hooks go into its config.json with its own condition names; disconnect restores it', async () => {
    const t = makeTree();
    const cfg = `${JSON.stringify({ modno: 3, plans: [{ id: 'docs', repo: 'r', paths: ['/x'], hooks: [] }] }, null, 2)}\n`;
    const file = t.write('~/.config/backrest/config.json', cfg);
    const ctx = t.context();
    await connectPlan('backrest-docs', true, ctx);
    const hooks = (JSON.parse(fs.readFileSync(file, 'utf8')) as { plans: { hooks: { conditions: string[]; onError: string }[] }[] }).plans[0]!.hooks;
    expect(hooks.map((h) => [h.conditions, h.onError])).toEqual([
      [['CONDITION_SNAPSHOT_START'], 'ON_ERROR_CANCEL'],
      [['CONDITION_SNAPSHOT_END'], 'ON_ERROR_IGNORE'],
    ]);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ state: 'connected' });
    await disconnectPlan('backrest-docs', true, ctx);
    expect(fs.readFileSync(file, 'utf8')).toBe(cfg);
  });

  it("Vorta: the commands are shown to paste (its store is never written), and discovery sees them once they are there", async () => {
    const t = makeTree();
    const { default: initSqlJs } = await import('sql.js');
    const SQL = await initSqlJs();
    const store = (pre: string, post: string) => {
      const db = new SQL.Database();
      db.run('CREATE TABLE backupprofilemodel (id INTEGER PRIMARY KEY, name TEXT, repo_id INTEGER, pre_backup_cmd TEXT, post_backup_cmd TEXT)');
      db.run('INSERT INTO backupprofilemodel VALUES (1, ?, NULL, ?, ?)', ['Laptop', pre, post]);
      t.write('~/.local/share/Vorta/settings.db', Buffer.from(db.export()));
      db.close();
    };
    store('', '');
    const before = fs.readFileSync(t.file('~/.local/share/Vorta/settings.db'));
    const ctx = t.context();
    const r = await connectPlan('vorta-laptop-1', true, ctx);
    expect(r.changes).toEqual([expect.objectContaining({ action: 'paste' })]);
    const text = r.changes[0]!.diff;
    expect(fs.readFileSync(t.file('~/.local/share/Vorta/settings.db')).equals(before)).toBe(true);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ state: 'paste-pending' });
    const pre = /Pre-backup command:\n(.*)\n/.exec(text)![1]!;
    const post = /Post-backup command:\n(.*)$/.exec(text)![1]!;
    expect(pre).toBe(`${BIN} signal snapshot-start --plan vorta-laptop-1`);
    store(pre, post);
    expect((await discover(t.opts, ctx.recorded)).found[0]).toMatchObject({ state: 'connected' });
  });

  it('a backup already wired by hand (the README lines) is not wired a second time', async () => {
    const t = makeTree();
    const yaml = 'location:\n    repositories: [/r]\nhooks:\n    before_backup:\n        - hookgate signal snapshot-start --plan laptop\n';
    const file = t.write('~/.config/borgmatic/config.yaml', yaml);
    await expect(connectPlan('borgmatic', true, t.context())).rejects.toThrow(/already calls hookgate \(wired by hand/);
    expect(fs.readFileSync(file, 'utf8')).toBe(yaml);
  });

  it('disconnecting a plan that is not connected says so', async () => {
    const t = makeTree();
    t.write('etc/rsnapshot.conf', 'config_version\t1.2\n');
    await expect(disconnectPlan('rsnapshot', true, t.context())).rejects.toThrow(/plan "rsnapshot" is not connected by Hookgate/);
    await expect(connectPlan('nope', false, t.context())).rejects.toThrow(/no backup "nope" was found on this machine \(found: rsnapshot\)/);
  });
});
