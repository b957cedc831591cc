// Issue "Find and connect": discovery over a temp machine (root and home overridden), read only.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../../electron/core/discovery';
import { nextCalendarRun, nextCronRun } from '../../../electron/core/discovery/schedule';
import { makeTree } from '../../helpers/discoveryTree';

const BORGMATIC_17 = `# my laptop backup
location:
    source_directories:
        - /home/alice/Documents   # the thesis
    repositories:
        - ssh://nas/./borg
retention:
    keep_daily: 7
`;

describe('discovery finds the backups on a machine', () => {
  it('lists borgmatic configs, systemd units with timers, cron lines, Back In Time, rsnapshot, Backrest and Vorta', async () => {
    const t = makeTree();
    t.write('~/.config/borgmatic/config.yaml', BORGMATIC_17);
    t.write('~/.config/borgmatic.d/nas.yaml', 'source_directories: [/srv]\nrepositories:\n  - path: /mnt/nas\n');
    t.write('etc/borgmatic/config.yaml', 'location:\n    source_directories: [/etc]\n    repositories: [/backup]\n');
    t.write('~/.config/systemd/user/restic-b2.service', '[Service]\nType=oneshot\nExecStart=/usr/bin/restic -r b2:bucket backup %h/Documents\n');
    t.write('~/.config/systemd/user/restic-b2.timer', '[Timer]\nOnCalendar=*-*-* 03:30:00\nPersistent=true\n');
    t.write('usr/lib/systemd/system/kopia-snap.service', '[Service]\nExecStart=/usr/bin/kopia snapshot create /home\n');
    t.write('usr/lib/systemd/system/unrelated.service', '[Service]\nExecStart=/usr/bin/sleep 1\n');
    t.write('etc/crontab', 'SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n0 2 * * * root /usr/bin/duplicity /home file:///mnt/backup\n');
    t.write('etc/cron.d/rsnapshot', '0 */4 * * * root /usr/bin/rsnapshot alpha\n');
    t.write('etc/cron.d/skip.me', '0 1 * * * root restic backup /\n');
    t.write('~/.config/backintime/config', 'config.version=6\nprofile1.snapshots.include.1.value=/home/alice\nprofile1.snapshots.path=/media/usb\nprofile1.schedule.mode=20\n');
    t.write('etc/rsnapshot.conf', 'config_version\t1.2\nsnapshot_root\t/srv/snapshots/\nretain\talpha\t6\nbackup\t/home/\tlocalhost/\n');
    t.write('~/.config/backrest/config.json', JSON.stringify({ repos: [{ id: 'b2' }], plans: [{ id: 'documents', repo: 'b2', paths: ['/home/alice/Documents'], schedule: { cron: '0 * * * *' } }] }, null, 2));
    const d = await discover(t.opts, new Map(), new Date(2026, 4, 1, 12, 0, 0));
    expect(d.problems).toEqual([]);
    const ids = d.found.map((f) => f.id).sort();
    expect(ids.filter((id) => !id.startsWith('cron-'))).toEqual(['backintime', 'backrest-documents', 'borgmatic', 'borgmatic-nas', 'borgmatic-system', 'rsnapshot', 'systemd-system-kopia-snap', 'systemd-user-restic-b2']);
    // Only the duplicity line: run-parts is no backup, and cron ignores files with a dot (skip.me).
    expect(ids.filter((id) => id.startsWith('cron-'))).toEqual([expect.stringMatching(/^cron-crontab-[0-9a-f]{8}$/)]);
    const timer = d.found.find((f) => f.id === 'systemd-user-restic-b2')!;
    expect(timer.what).toContain('restic');
    expect(new Date(timer.nextRun!).getHours()).toBe(3);
    expect(timer.schedule).toContain('OnCalendar=*-*-* 03:30:00');
    const kopia = d.found.find((f) => f.id === 'systemd-system-kopia-snap')!;
    expect(kopia.nextRun).toBeNull();
    expect(kopia.schedule).toBe('no timer starts kopia-snap.service');
    const cron = d.found.find((f) => f.tool === 'cron')!;
    expect(cron.what).toBe('duplicity: /usr/bin/duplicity /home file:///mnt/backup');
    expect(new Date(cron.nextRun!).getHours()).toBe(2);
    const rs = d.found.find((f) => f.id === 'rsnapshot')!;
    expect(rs.what).toBe('/home/ → /srv/snapshots/ (alpha ×6)');
    expect(new Date(rs.nextRun!).getHours()).toBe(16);
    expect(d.found.find((f) => f.id === 'borgmatic')!.what).toBe('/home/alice/Documents → ssh://nas/./borg');
    expect(d.found.find((f) => f.id === 'borgmatic-nas')!.what).toBe('/srv → /mnt/nas');
    for (const f of d.found) expect(f.state).toBe('not-connected');
    expect(d.found.find((f) => f.id === 'backintime')!.schedule).toContain('every day');
  });

  it('reads nothing but the listed files: an empty machine has no backups and no problems', async () => {
    const t = makeTree();
    const d = await discover(t.opts);
    expect(d).toMatchObject({ found: [], problems: [] });
  });

  it('says a config it cannot read is unreadable, with the reason, instead of leaving it out', async () => {
    const t = makeTree();
    t.write('~/.config/borgmatic/config.yaml', 'location:\n  source_directories: [/a\n');
    const d = await discover(t.opts);
    expect(d.found).toHaveLength(1);
    expect(d.found[0]).toMatchObject({ id: 'borgmatic', state: 'unreadable' });
    expect(d.found[0]!.stateDetail).toMatch(/is not valid YAML/);
  });

  it('shows a unit already wired by hand (README ExecCondition) as such, not as connected', async () => {
    const t = makeTree();
    t.write('~/.config/systemd/user/backup.service', '[Service]\nExecCondition=hookgate signal snapshot-start --plan laptop --exit-codes systemd\nExecStart=restic backup %h\n');
    const d = await discover(t.opts);
    expect(d.found[0]).toMatchObject({ id: 'systemd-user-backup', state: 'wired-by-hand' });
  });

  it('sees Backrest running and offers the text to paste instead of writing its config', async () => {
    const t = makeTree();
    t.write('~/.config/backrest/config.json', JSON.stringify({ plans: [{ id: 'p1', repo: 'r', paths: ['/x'] }] }));
    t.write('proc/4242/comm', 'backrest\n');
    const d = await discover(t.opts);
    expect(d.found[0]).toMatchObject({ id: 'backrest-p1', writable: false });
    expect(d.found[0]!.connectNote).toMatch(/Backrest is running/);
  });

  it("reads Vorta's profiles from its SQLite store", async () => {
    const t = makeTree();
    const { default: initSqlJs } = await import('sql.js');
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE repomodel (id INTEGER PRIMARY KEY, url TEXT)');
    db.run('CREATE TABLE backupprofilemodel (id INTEGER PRIMARY KEY, name TEXT, repo_id INTEGER, pre_backup_cmd TEXT, post_backup_cmd TEXT)');
    db.run('CREATE TABLE sourcefilemodel (id INTEGER PRIMARY KEY, dir TEXT, profile_id INTEGER)');
    db.run("INSERT INTO repomodel VALUES (1, 'ssh://nas/borg')");
    db.run("INSERT INTO backupprofilemodel VALUES (1, 'Default', 1, '', '')");
    db.run("INSERT INTO sourcefilemodel VALUES (1, '/home/alice', 1)");
    t.write('~/.local/share/Vorta/settings.db', Buffer.from(db.export()));
    db.close();
    const d = await discover(t.opts);
    expect(d.found).toEqual([expect.objectContaining({ id: 'vorta-default-1', tool: 'vorta', what: '/home/alice → ssh://nas/borg', state: 'not-connected' })]);
  });

  it('never follows a listing into the whole disk: only the named folders are read', async () => {
    const t = makeTree();
    // A borgmatic-looking file anywhere else is not found.
    t.write('~/Documents/borgmatic/config.yaml', BORGMATIC_17);
    t.write('opt/borgmatic/config.yaml', BORGMATIC_17);
    expect((await discover(t.opts)).found).toEqual([]);
    expect(fs.existsSync(path.join(t.home, 'Documents'))).toBe(true);
  });
});

describe('next runs from schedules, where simple', () => {
  const now = new Date(2026, 4, 1, 12, 0, 0); // Fri 1 May 2026, 12:00 local
  it('cron: fixed, stepped, ranged and named schedules', () => {
    expect(nextCronRun('30 3 * * *', now)).toEqual(new Date(2026, 4, 2, 3, 30));
    expect(nextCronRun('*/15 * * * *', now)).toEqual(new Date(2026, 4, 1, 12, 15));
    expect(nextCronRun('0 9 * * mon-fri', now)).toEqual(new Date(2026, 4, 4, 9, 0));
    expect(nextCronRun('@daily', now)).toEqual(new Date(2026, 4, 2, 0, 0));
    expect(nextCronRun('0 0 31 2 *', now)).toBeNull();
    expect(nextCronRun('61 * * * *', now)).toBeNull();
  });
  it('systemd OnCalendar: shorthands and simple forms; anything else is unknown (null)', () => {
    expect(nextCalendarRun('daily', now)).toEqual(new Date(2026, 4, 2, 0, 0, 0));
    expect(nextCalendarRun('weekly', now)).toEqual(new Date(2026, 4, 4, 0, 0, 0));
    expect(nextCalendarRun('*-*-* 03:30', now)).toEqual(new Date(2026, 4, 2, 3, 30, 0));
    expect(nextCalendarRun('Sat,Sun 10:00', now)).toEqual(new Date(2026, 4, 2, 10, 0, 0));
    expect(nextCalendarRun('*-*-* 00/2:00', now)).toBeNull();
    expect(nextCalendarRun('Mon..Fri 9:00', now)).toEqual(new Date(2026, 4, 4, 9, 0, 0));
    expect(nextCalendarRun('Mo 9:00', now)).toBeNull();
    expect(nextCalendarRun('*-*-* 9:00 Europe/Berlin', now)).toBeNull();
  });
});
