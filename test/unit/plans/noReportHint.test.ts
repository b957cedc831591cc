// An rsnapshot run that ended without a report: rsnapshot runs no command when it stops on an error,
// and the reason says where it wrote what went wrong, as its config says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noReportHint } from '../../../electron/core/plans/noReportHint';
import { planSchema } from '../../../electron/shared/plans';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function conf(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-rsnapshot-'));
  dirs.push(dir);
  const file = path.join(dir, 'rsnapshot.conf');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const caller = (command: string) => ({ pid: 4242, startTicks: null, command });
const plan = (source: string | null, tool: 'rsnapshot' | 'other' = 'rsnapshot') =>
  planSchema.parse({ id: 'rsnapshot', name: 'rsnapshot', tool, source: source === null ? null : { path: source, description: source } });

describe('noReportHint', () => {
  it('names the logfile of the config rsnapshot ran with (-c), the last logfile line winning', async () => {
    const file = conf(['config_version\t1.2', '#logfile\t/var/log/old', 'logfile\t/var/log/first', 'logfile\t/var/log/rsnapshot']);
    expect(await noReportHint(undefined, caller(`rsnapshot -c ${file} daily`))).toBe('rsnapshot runs no command when it stops on an error; see its log /var/log/rsnapshot');
  });

  it('without a logfile: the system log where cmd_logger is set, else the output of what ran it', async () => {
    const syslog = conf(['cmd_logger\t/usr/bin/logger', '#logfile\t/var/log/rsnapshot']);
    expect(await noReportHint(plan(syslog), caller('rsnapshot daily'))).toBe(`rsnapshot runs no command when it stops on an error; see the system log (no logfile is set in ${syslog})`);
    const none = conf(['config_version\t1.2']);
    expect(await noReportHint(plan(none), caller('rsnapshot daily'))).toBe(
      `rsnapshot runs no command when it stops on an error; see the output of what ran it, such as cron's mail (no logfile is set in ${none})`,
    );
  });

  it('a config it cannot read, or none known, is named as far as it is known', async () => {
    expect(await noReportHint(plan('/nonexistent/rsnapshot.conf'), caller('rsnapshot alpha'))).toBe(
      'rsnapshot runs no command when it stops on an error; see its log (the logfile set in /nonexistent/rsnapshot.conf)',
    );
    // A plan a signal made: only the caller says it is rsnapshot.
    expect(await noReportHint(undefined, caller('rsnapshot alpha'))).toBe('rsnapshot runs no command when it stops on an error; see its log (the logfile set in its rsnapshot.conf)');
  });

  it('says nothing for other tools', async () => {
    expect(await noReportHint(plan(null, 'other'), caller('borgmatic create'))).toBeNull();
    expect(await noReportHint(undefined, caller('backup-rsnapshots.sh'))).toBeNull();
  });
});
