// How an rsnapshot run went, read by its cmd_postexec from rsnapshot's logfile (rsnapshot 1.4.5's
// exact lines): this run's ERROR and WARNING lines only, past earlier runs and another interval's
// run in the same log; unknown — never a success — where rsnapshot does not log them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { olderRsnapshotPostexec, rsnapshotEnd, rsnapshotOutcome, runFromLog } from '../../../electron/core/plans/rsnapshotOutcome';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-rsnapshot-'));
  dirs.push(dir);
  return dir;
}

const ALPHA = '/usr/bin/rsnapshot -c /etc/rsnapshot.conf alpha';
const BETA = '/usr/bin/rsnapshot -c /etc/rsnapshot.conf beta';

// As rsnapshot 1.4.5 wrote them here (cmd_rsync /bin/false, loglevel 3), up to its cmd_postexec.
const FAILED_ALPHA = [
  `[2026-12-02T21:17:36] ${ALPHA}: started`,
  '[2026-12-02T21:17:36] echo 21941 > /var/run/rsnapshot.pid',
  '[2026-12-02T21:17:36] mkdir -m 0755 -p /srv/snaps/alpha.0/',
  '[2026-12-02T21:17:36] /bin/false -a --delete --numeric-ids --relative --delete-excluded /home/ /srv/snaps/alpha.0/localhost/',
  `[2026-12-02T21:17:36] ${ALPHA}: ERROR: /bin/false returned 1 while processing /home/`,
  '[2026-12-02T21:17:36] touch /srv/snaps/alpha.0/',
  '[2026-12-02T21:17:36] /usr/local/bin/hookgate signal snapshot-end --plan rsnapshot --rsnapshot-config /etc/rsnapshot.conf',
];
// What rsnapshot writes after the postexec: the run's closing lines.
const FAILED_ALPHA_CLOSED = [...FAILED_ALPHA, '[2026-12-02T21:17:36] rm -f /var/run/rsnapshot.pid', `[2026-12-02T21:17:36] ${ALPHA}: ERROR: ${ALPHA}: completed, but with some errors`];
const GOOD_ALPHA = [
  `[2026-12-02T22:17:36] ${ALPHA}: started`,
  '[2026-12-02T22:17:36] /usr/bin/rsync -a --delete --numeric-ids --relative --delete-excluded /home/ /srv/snaps/alpha.0/localhost/',
  '[2026-12-02T22:17:37] touch /srv/snaps/alpha.0/',
  '[2026-12-02T22:17:37] /usr/local/bin/hookgate signal snapshot-end --plan rsnapshot --rsnapshot-config /etc/rsnapshot.conf',
];
const text = (...lines: string[][]) => `${lines.flat().join('\n')}\n`;

describe('runFromLog', () => {
  it("reads this run's ERROR line in rsnapshot's words", () => {
    expect(runFromLog(text(FAILED_ALPHA), ALPHA)).toEqual({ errors: ['/bin/false returned 1 while processing /home/'], warnings: [] });
  });

  it('counts only the last run of its run string: an earlier failed run in the same log is not this one', () => {
    expect(runFromLog(text(FAILED_ALPHA_CLOSED, GOOD_ALPHA), ALPHA)).toEqual({ errors: [], warnings: [] });
    expect(runFromLog(text(GOOD_ALPHA, FAILED_ALPHA), ALPHA)!.errors).toHaveLength(1);
  });

  it("leaves out another interval's run interleaved with this one, its errors and its closing lines", () => {
    const log = text([
      `[2026-12-02T21:00:00] ${ALPHA}: started`,
      `[2026-12-02T21:00:00] ${BETA}: started`,
      `[2026-12-02T21:00:01] ${BETA}: ERROR: Could not rename /srv/snaps/beta.1`,
      '[2026-12-02T21:00:01] WARNING: Some files and/or directories in /home/ only transferred partially during rsync operation',
      `[2026-12-02T21:00:02] ${BETA}: ERROR: ${BETA}: completed, but with some errors`,
      `[2026-12-02T21:00:02] WARNING: ${BETA}: completed, but with some warnings`,
      `[2026-12-02T21:00:03] ${BETA}: completed successfully`,
    ]);
    expect(runFromLog(log, ALPHA)).toEqual({ errors: [], warnings: ['Some files and/or directories in /home/ only transferred partially during rsync operation'] });
    // The other interval's own run does have its error.
    expect(runFromLog(log, BETA)!.errors).toEqual(['Could not rename /srv/snaps/beta.1']);
  });

  it('without the run string (no /proc to read it), the last run that started, and any error after it', () => {
    const log = text(GOOD_ALPHA, [`[2026-12-02T22:17:37] ${BETA}: started`, `[2026-12-02T22:17:38] ${BETA}: ERROR: Could not rename /srv/snaps/beta.1`]);
    expect(runFromLog(log, null)).toEqual({ errors: ['Could not rename /srv/snaps/beta.1'], warnings: [] });
  });

  it('null when the run did not write that it started (another run string, a rotated log, lines cut off)', () => {
    expect(runFromLog(text(FAILED_ALPHA), BETA)).toBeNull();
    expect(runFromLog('', ALPHA)).toBeNull();
    expect(runFromLog(`${ALPHA}: started\n`, ALPHA)).toBeNull();
  });
});

describe('rsnapshotOutcome', () => {
  function setup(conf: string[], log?: string) {
    const dir = tmp();
    const logfile = path.join(dir, 'rsnapshot.log');
    if (log !== undefined) fs.writeFileSync(logfile, log);
    const file = path.join(dir, 'rsnapshot.conf');
    fs.writeFileSync(file, `${conf.map((l) => l.replace('LOG', logfile)).join('\n')}\n`);
    return { file, logfile };
  }

  it('an error with its line, more errors counted; a warning; none is a success', async () => {
    const two = [...FAILED_ALPHA.slice(0, 5), `[2026-12-02T21:17:37] ${ALPHA}: ERROR: /bin/false returned 1 while processing /etc/`];
    const e = setup(['config_version\t1.2', 'logfile\tLOG'], text(two));
    expect(await rsnapshotOutcome(e.file, ALPHA)).toEqual({ status: 'error', message: `rsnapshot: /bin/false returned 1 while processing /home/ (and 1 more errors in ${e.logfile})` });
    const w = setup(['logfile\tLOG', 'loglevel\t2'], text(GOOD_ALPHA, ['[2026-12-02T22:17:38] WARNING: Some files and/or directories in /home/ only transferred partially during rsync operation']));
    expect(await rsnapshotOutcome(w.file, ALPHA)).toEqual({ status: 'warning', message: 'rsnapshot: Some files and/or directories in /home/ only transferred partially during rsync operation' });
    const ok = setup(['logfile\tLOG'], text(FAILED_ALPHA_CLOSED, GOOD_ALPHA));
    expect(await rsnapshotOutcome(ok.file, ALPHA)).toEqual({ status: 'success', message: null });
    expect(await rsnapshotEnd(ok.file, ALPHA)).toEqual({ condition: 'CONDITION_SNAPSHOT_END', status: 'success', error: undefined });
  });

  it('unknown, with why and how to have it told, where rsnapshot does not log it', async () => {
    const how = '. To have it told: set logfile (loglevel 2 or more) in ';
    const none = setup(['config_version\t1.2', '#logfile\tLOG']);
    const unknown = await rsnapshotOutcome(none.file, ALPHA);
    expect(unknown).toEqual({
      status: 'unknown',
      message: `rsnapshot does not tell whether this run succeeded: no logfile is set in ${none.file}${how}${none.file}, or run rsnapshot through "hookgate run", which sees its exit status`,
    });
    // The first loglevel counts, as in rsnapshot.
    const quiet = setup(['logfile\tLOG', 'loglevel\t1', 'loglevel\t3'], text(GOOD_ALPHA));
    expect((await rsnapshotOutcome(quiet.file, ALPHA)).message).toMatch(/: loglevel 1 in .* keeps errors out of its log .*rsnapshot\.log\. To have it told/);
    const missing = setup(['logfile\tLOG']);
    expect((await rsnapshotOutcome(missing.file, ALPHA)).message).toMatch(/: its log .*rsnapshot\.log cannot be read\./);
    const other = setup(['logfile\tLOG'], text(GOOD_ALPHA));
    expect((await rsnapshotOutcome(other.file, BETA)).message).toContain(`has no line saying "${BETA}" started.`);
    expect((await rsnapshotOutcome('/nonexistent/rsnapshot.conf', ALPHA)).message).toContain('its config /nonexistent/rsnapshot.conf cannot be read');
    // Recorded as ended without a report: an error for the hooks, never a success.
    expect(await rsnapshotEnd(none.file, ALPHA)).toEqual({ condition: 'CONDITION_SNAPSHOT_END', status: 'error', error: unknown.message, endedWithoutReport: true });
  });
});

describe('olderRsnapshotPostexec', () => {
  it("knows the report an older Hookgate's Connect wrote, for this plan only, in the config rsnapshot ran with", async () => {
    const dir = tmp();
    const file = path.join(dir, 'rsnapshot.conf');
    fs.writeFileSync(file, 'config_version\t1.2\ncmd_postexec\t/usr/local/bin/hookgate signal snapshot-success --plan rsnapshot; /usr/local/bin/umount-disk\n');
    expect(await olderRsnapshotPostexec('rsnapshot', ['/usr/bin/rsnapshot', '-c', file, 'alpha'])).toBe(file);
    expect(await olderRsnapshotPostexec('rsnapshot', ['/usr/bin/rsnapshot', `-vc${file}`, 'alpha'])).toBe(file);
    expect(await olderRsnapshotPostexec('rsnapshot2', ['/usr/bin/rsnapshot', '-c', file, 'alpha'])).toBeNull();
    expect(await olderRsnapshotPostexec('rsnapshot', ['/usr/bin/rsnapshot', '-c', 'rsnapshot.conf', 'alpha'])).toBeNull();
    fs.writeFileSync(file, 'config_version\t1.2\ncmd_postexec\t/usr/local/bin/mail-me\n');
    expect(await olderRsnapshotPostexec('rsnapshot', ['/usr/bin/rsnapshot', '-c', file, 'alpha'])).toBeNull();
  });
});
