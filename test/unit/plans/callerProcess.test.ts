// Issue "Plans": which process a START came from — the backup tool, not the shell that only ran
// hookgate, and nothing at all under the init system (then the plan's max duration applies).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callerAlive, describeCommand, findCaller, onlyRunsHookgate, readProcess, rsnapshotAncestor } from '../../../electron/core/plans/callerProcess';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

/** A fake /proc: pid → [comm, ppid, starttime, argv]. */
function fakeProc(procs: Record<number, [string, number, number, string[], string?]>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-proc-'));
  roots.push(root);
  for (const [pid, [comm, ppid, start, argv, state]] of Object.entries(procs)) {
    fs.mkdirSync(path.join(root, pid));
    const fields = [state ?? 'S', ppid, ...Array(17).fill(0), start, 0, 0];
    fs.writeFileSync(path.join(root, pid, 'stat'), `${pid} (${comm}) ${fields.join(' ')}`);
    fs.writeFileSync(path.join(root, pid, 'cmdline'), argv.map((a) => `${a}\0`).join(''));
  }
  return root;
}

describe('the caller of a START', () => {
  it('is the backup tool, past a shell that only ran hookgate (borgmatic\'s before_backup)', () => {
    const root = fakeProc({
      100: ['borgmatic', 1, 5000, ['/usr/bin/python3', '/usr/bin/borgmatic', '--verbosity', '1']],
      200: ['sh', 100, 5100, ['/bin/sh', '-c', 'hookgate signal snapshot-start --plan nas --exit-codes borgmatic || exit 75']],
    });
    expect(findCaller(200, root)).toEqual({ pid: 100, startTicks: 5000, command: 'borgmatic --verbosity 1' });
  });

  it('is a script that runs the backup itself, and nothing under systemd', () => {
    const root = fakeProc({
      50: ['systemd', 1, 10, ['/lib/systemd/systemd', '--user']],
      100: ['backup.sh', 50, 5000, ['/bin/bash', '/home/u/bin/backup.sh']],
      200: ['sh', 100, 5100, ['sh', '-ec', 'hookgate signal snapshot-start && restic backup ~ && hookgate signal snapshot-end']],
    });
    const script = findCaller(200, root)!;
    expect(script).toMatchObject({ pid: 200, startTicks: 5100 });
    // Long command lines are cut for messages.
    expect(script.command).toBe('sh -ec hookgate signal snapshot-start && restic backup ~ && hookgate signal sna…');
    expect(findCaller(100, root)).toEqual({ pid: 100, startTicks: 5000, command: 'backup.sh' });
    // ExecCondition= of a user unit: the parent is the user's systemd.
    expect(findCaller(50, root)).toBeNull();
    expect(findCaller(1, root)).toBeNull();
  });

  it('tells a wrapper of hookgate from a command that happens to mention it', () => {
    expect(onlyRunsHookgate('hookgate signal snapshot-start --plan x || exit 75')).toBe(true);
    expect(onlyRunsHookgate('FOO=1 /usr/bin/hookgate signal snapshot-start; echo done')).toBe(true);
    expect(onlyRunsHookgate('node /opt/x/hookgate.js signal snapshot-start')).toBe(true);
    expect(onlyRunsHookgate('flock /tmp/l hookgate signal snapshot-start')).toBe(true);
    expect(onlyRunsHookgate('hookgate signal snapshot-start && restic backup --tag hookgate')).toBe(false);
    expect(onlyRunsHookgate('restic backup')).toBe(false);
    expect(onlyRunsHookgate('true')).toBe(false);
  });

  it('is recognised again by its start time, not its pid alone', () => {
    const root = fakeProc({ 100: ['borgmatic', 1, 5000, ['borgmatic']], 300: ['zombie', 1, 7000, ['x'], 'Z'] });
    expect(callerAlive({ pid: 100, startTicks: 5000, command: 'borgmatic' }, root)).toBe(true);
    // The pid reused by another process.
    expect(callerAlive({ pid: 100, startTicks: 4000, command: 'borgmatic' }, root)).toBe(false);
    expect(callerAlive({ pid: 101, startTicks: 5000, command: 'borgmatic' }, root)).toBe(false);
    // Exited, its status not yet collected.
    expect(readProcess(300, root)).toBeNull();
    // This very process, through the real /proc.
    const me = readProcess(process.pid)!;
    expect(callerAlive({ pid: process.pid, startTicks: me.startTicks, command: 'node' })).toBe(true);
    expect(describeCommand({ comm: 'x', argv: ['/usr/bin/python3', '/usr/bin/borgmatic', 'create'] })).toBe('borgmatic create');
    // `#!/usr/bin/perl -w`: the kernel names the process after the script
    expect(describeCommand({ comm: 'rsnapshot', argv: ['/usr/bin/perl', '-w', '/usr/bin/rsnapshot', '-c', '/etc/rsnapshot.conf', 'alpha'] })).toBe('rsnapshot -c /etc/rsnapshot.conf alpha');
    expect(describeCommand({ comm: 'perl', argv: ['perl', '-e', 'sleep 9'] })).toBe('perl -e sleep 9');
  });

  it("finds the rsnapshot run a cmd_postexec runs under, with its command line as rsnapshot logs it", () => {
    const root = fakeProc({
      100: ['rsnapshot', 1, 5000, ['/usr/bin/perl', '-w', '/usr/bin/rsnapshot', '-c', '/etc/rsnapshot.conf', 'alpha']],
      200: ['sh', 100, 5100, ['sh', '-c', '/usr/bin/hookgate signal snapshot-end --plan rsnapshot; /usr/local/bin/umount-disk']],
      300: ['node', 200, 5200, ['node', '/usr/lib/hookgate/hookgate.js', 'signal', 'snapshot-end']],
      400: ['cron', 1, 10, ['/usr/sbin/cron', '-f']],
      500: ['sh', 400, 5300, ['/bin/sh', '-c', 'hookgate signal snapshot-end --plan x']],
    });
    const run = { argv: ['/usr/bin/rsnapshot', '-c', '/etc/rsnapshot.conf', 'alpha'], runString: '/usr/bin/rsnapshot -c /etc/rsnapshot.conf alpha' };
    expect(rsnapshotAncestor(200, root)).toEqual(run);
    expect(rsnapshotAncestor(100, root)).toEqual(run);
    expect(rsnapshotAncestor(500, root)).toBeNull();
    expect(rsnapshotAncestor(999, root)).toBeNull();
  });
});
