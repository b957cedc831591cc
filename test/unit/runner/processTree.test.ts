// Process listings as macOS's ps, Linux's procps ps and Windows' CIM print them, and which of their
// processes belong to a hook run (processTree.ts).
import { describe, expect, it } from 'vitest';
import { CIM_PROCESS_SCRIPT, defaultLookup, parseCimLine, parsePsLine, psArgs, runMembers, type ListedProcess, type RunKnowledge } from '../../../electron/core/runner/processTree';

const COOKIE = '0123456789abcdef0123456789abcdef';
const ENTRY = `HOOKGATE_RUN_COOKIE=${COOKIE}`;
const epoch = (text: string): number => new Date(text).getTime() / 1000;

/**
 * `ps -axww -E -o pid=,ppid=,pgid=,stat=,lstart=,command=` on macOS with LC_ALL=C, written after
 * Apple's ps (adv_cmds ps/keyword.c and print.c): numbers right-aligned in 5 columns, state left-
 * aligned in 4, lstart strftime("%c") left-aligned in 28, then the command and — with -E, for the
 * user's own processes whose binary is not restricted — the environment, NULs turned into spaces.
 * Apple's restricted binaries (/bin/sleep, /bin/bash) show no environment; a zombie is <defunct>.
 */
const MACOS_PS = [
  '    1     0     1 Ss   Mon Nov 30 08:01:12 2026     /sbin/launchd',
  '  412     1   412 Ss   Mon Nov 30 08:01:20 2026     /usr/libexec/logd',
  ' 8123     1  8123 S    Wed Dec  2 18:31:39 2026     /Applications/Hookgate.app/Contents/MacOS/Hookgate',
  ' 9001  8123  9001 Ss+  Wed Dec  2 18:40:01 2026     /bin/bash /Users/ann/Library/Application Support/hookgate/run/hook-1a2b.sh',
  ' 9004  9001  9004 S    Wed Dec  2 18:40:01 2026     /bin/sleep 600',
  ` 9010     1  9010 Ss   Wed Dec  2 18:40:02 2026     /opt/homebrew/bin/rclone sync /Users/ann/My Documents remote:docs TMPDIR=/var/folders/xy/T/ ${ENTRY} HOME=/Users/ann PATH=/opt/homebrew/bin:/usr/bin:/bin`,
  ' 9011  9001  9001 Z    Wed Dec  2 18:40:02 2026     <defunct>',
  ` 9020  8123  9020 S    Wed Dec  2 18:40:03 2026     /usr/local/bin/python3 -c print("${ENTRY}x") HOME=/Users/ann`,
];

/** Recorded on Debian 12 (procps-ng 4.0.2): `LC_ALL=C ps axwwe -o pid=,ppid=,pgid=,stat=,lstart=,args=`. */
const PROCPS_PS = [
  `27191 27190 27191 Ss   Wed Dec  2 18:40:53 2026 sh -c sleep 600 PATH=/usr/bin:/bin HOME=/home/ann ${ENTRY}`,
  '27192 27190 27187 S    Wed Dec  2 18:40:53 2026 my backup tool 601 PWD=/tmp/tmp.pmpgJ2Jz0g HOME=/home/ann SHLVL=0 PATH=/usr/bin:/bin',
  `27194 27191 27191 S    Wed Dec  2 18:40:53 2026 sleep 600 HOME=/home/ann ${ENTRY} PATH=/usr/bin:/bin PWD=/tmp/tmp.pmpgJ2Jz0g`,
  '    1     0     0 S<Ll Wed Dec  2 18:26:05 2026 /process_api --firecracker-init --addr 0.0.0.0:2024',
];

/**
 * What CIM_PROCESS_SCRIPT prints on Windows 11: ProcessId, ParentProcessId and CreationDate as a
 * FILETIME, from Get-CimInstance Win32_Process (System Idle Process and System have no creation date).
 */
const WINDOWS_CIM = ['0 0 0', '4 0 0', '7420 892 134407104013750000', '10244 7420 134407104021234567', '10300 10244 134407104022000000', ''];

describe('ps listings', () => {
  it('reads the macOS format: pids, group, start, zombie, and the cookie only as a whole environment entry', () => {
    const rows = MACOS_PS.map((l) => parsePsLine(l, ENTRY));
    expect(rows.every((r) => r !== null)).toBe(true);
    expect(rows[3]).toEqual({ pid: 9001, ppid: 8123, pgid: 9001, start: epoch('2026-12-02T18:40:01'), zombie: false, cookie: false });
    expect(rows[5]).toMatchObject({ pid: 9010, ppid: 1, pgid: 9010, cookie: true });
    expect(rows[6]).toMatchObject({ pid: 9011, zombie: true, cookie: false });
    // The cookie followed by more characters is not the cookie.
    expect(rows[7]).toMatchObject({ pid: 9020, cookie: false });
    expect(rows[0]).toMatchObject({ pid: 1, ppid: 0, start: epoch('2026-11-30T08:01:12') });
  });

  it('reads the procps format the same way', () => {
    const rows = PROCPS_PS.map((l) => parsePsLine(l, ENTRY));
    expect(rows[0]).toEqual({ pid: 27191, ppid: 27190, pgid: 27191, start: epoch('2026-12-02T18:40:53'), zombie: false, cookie: true });
    expect(rows[1]).toMatchObject({ pid: 27192, pgid: 27187, cookie: false });
    expect(rows[2]).toMatchObject({ pid: 27194, cookie: true });
    expect(rows[3]).toMatchObject({ pid: 1, ppid: 0, pgid: 0 });
  });

  it('skips what is not a process line: headers, warnings, a cut-off line, an unknown month', () => {
    for (const line of ['  PID  PPID  PGID STAT STARTED                      COMMAND', 'ps: warning: bad thing', '', ' 9001  8123', ' 9001  8123  9001 S    Wed Foo  2 18:40:01 2026     x']) {
      expect(parsePsLine(line, ENTRY)).toBeNull();
    }
  });

  it('reads a very long line (an environment of a megabyte) without looking at more than its head for the columns', () => {
    const line = ` 9010     1  9010 Ss   Wed Dec  2 18:40:02 2026     /opt/homebrew/bin/restic backup ${'X=y '.repeat(250_000)}${ENTRY}`;
    expect(parsePsLine(line, ENTRY)).toMatchObject({ pid: 9010, cookie: true });
  });

  it('asks each ps for the environment its own way', () => {
    expect(psArgs('darwin')).toEqual(['-axww', '-E', '-o', 'pid=,ppid=,pgid=,stat=,lstart=,command=']);
    expect(psArgs('linux')).toEqual(['axwwe', '-o', 'pid=,ppid=,pgid=,stat=,lstart=,args=']);
    expect([defaultLookup('linux'), defaultLookup('darwin'), defaultLookup('win32')]).toEqual(['proc', 'ps', 'cim']);
  });
});

describe('CIM listings (Windows)', () => {
  it('reads pid, parent pid and the creation time in microseconds since 1970', () => {
    const rows = WINDOWS_CIM.map(parseCimLine);
    expect(rows[0]).toEqual({ pid: 0, ppid: 0, pgid: null, start: 0, zombie: false, cookie: false });
    // FILETIME 134407104013750000 is 2026-12-02T18:40:01.375Z; the last digit (100 ns) is below a microsecond.
    expect(rows[2]).toEqual({ pid: 7420, ppid: 892, pgid: null, start: Date.parse('2026-12-02T18:40:01.375Z') * 1000, zombie: false, cookie: false });
    expect(rows[3]!.start - rows[2]!.start).toBe(748_456);
    expect(rows[5]).toBeNull();
    expect(parseCimLine('Get-CimInstance : Access denied\r')).toBeNull();
    expect(parseCimLine('7420 892 134407104013750000\r')).toMatchObject({ pid: 7420 });
  });

  it('the script asks only for the three properties and prints one line per process', () => {
    expect(CIM_PROCESS_SCRIPT).toContain('Get-CimInstance -ClassName Win32_Process -Property ProcessId,ParentProcessId,CreationDate');
    expect(CIM_PROCESS_SCRIPT).toContain('ToFileTimeUtc()');
  });
});

const proc = (pid: number, ppid: number, start: number, more: Partial<ListedProcess> = {}): ListedProcess => ({ pid, ppid, pgid: null, start, zombie: false, cookie: false, ...more });
const knowledge = (more: Partial<RunKnowledge> = {}): RunKnowledge => ({ main: 100, mainSince: 1000, known: new Map(), goneBy: new Map(), slack: 0, self: 50, ...more });
const pids = (list: ListedProcess[]): number[] => list.map((p) => p.pid).sort((a, b) => a - b);

describe('runMembers', () => {
  it('takes the hook, its descendants, its process group and whatever carries the cookie — never the host or strangers', () => {
    const listing = [
      proc(50, 1, 900), // the host
      proc(100, 50, 1001, { pgid: 100 }), // the hook
      proc(101, 100, 1002, { pgid: 101 }), // set -m job
      proc(102, 101, 1003, { pgid: 101 }), // its child
      proc(103, 1, 1004, { pgid: 103, cookie: true }), // setsid, orphaned, cookie kept
      proc(104, 1, 1004, { pgid: 100 }), // orphaned, still in the group
      proc(200, 1, 1003, { pgid: 200 }), // a stranger
      proc(201, 50, 1005, { pgid: 201 }), // another child of the host (ps itself)
    ];
    expect(pids(runMembers(listing, knowledge()))).toEqual([100, 101, 102, 103, 104]);
  });

  it('remembers: a child seen while the hook ran is still the run’s once orphaned, by pid and start time', () => {
    const first = [proc(100, 50, 1001), proc(101, 100, 1002, { pgid: 101 })];
    const seen = runMembers(first, knowledge());
    expect(pids(seen)).toEqual([100, 101]);
    const known = new Map(seen.map((p) => [p.pid, p.start]));
    // The hook is gone, its child was handed to launchd (ppid 1) and started a child of its own.
    const later = [proc(101, 1, 1002, { pgid: 101 }), proc(105, 101, 1010, { pgid: 101 }), proc(106, 1, 1011)];
    expect(pids(runMembers(later, knowledge({ known, goneBy: new Map([[100, 1009]]) })))).toEqual([101, 105]);
    // Without the earlier look the orphan is out of reach: the documented limit.
    expect(pids(runMembers(later, knowledge({ goneBy: new Map([[100, 1009]]) })))).toEqual([]);
    // procps' lstart of one process may move by a second between listings: within the slack it is the same one.
    const jittered = [proc(101, 1, 1003, { pgid: 101 })];
    expect(pids(runMembers(jittered, knowledge({ known, goneBy: new Map([[100, 1009]]), slack: 2 })))).toEqual([101]);
    expect(pids(runMembers(jittered, knowledge({ known, goneBy: new Map([[100, 1009]]) })))).toEqual([]);
    // A pid of the run handed to a new process meanwhile (another start time) is not the run's.
    expect(pids(runMembers([proc(101, 1, 1020)], knowledge({ known, goneBy: new Map([[100, 1009]]) })))).toEqual([]);
  });

  it('Windows: an orphan keeps its parent pid; children of a pid handed out again are not the run’s', () => {
    const t0 = 1_000_000_000; // microseconds
    const s = 2_000_000;
    const main = 7420;
    const run = (known: Map<number, number>, goneBy: Map<number, number>): RunKnowledge => knowledge({ main, mainSince: t0, known, goneBy });
    // The hook (7420) started 10244 (detached), which started 10300; 10244 exited. 7420 exited too,
    // and Windows gave 7420 to a new process (t0 + 60 s) that started 11000.
    const listing = [
      proc(10300, 10244, t0 + 3 * s), // orphan: parent pid 10244 is gone, still named
      proc(main, 600, t0 + 30 * s), // someone else now holds the hook's pid
      proc(11000, main, t0 + 31 * s), // … and its child
    ];
    const known = new Map([
      [main, t0 + 1000],
      [10244, t0 + 2 * s],
    ]);
    const goneBy = new Map([
      [main, t0 + 10 * s],
      [10244, t0 + 10 * s],
    ]);
    expect(pids(runMembers(listing, run(known, goneBy)))).toEqual([10300]);
    // First look only at the end (Windows takes none while a hook runs): the stale parent pid leads back to the hook.
    const fresh = [proc(10244, main, t0 + 2 * s), proc(10300, 10244, t0 + 3 * s)];
    expect(pids(runMembers(fresh, run(new Map(), new Map([[main, t0 + 10 * s]]))))).toEqual([10244, 10300]);
    // A process that holds a pid once the run's parent was gone is not its child, nor are its children.
    const reused = [proc(10244, 1, t0 + 20 * s), proc(10301, 10244, t0 + 21 * s)];
    expect(pids(runMembers(reused, run(known, goneBy)))).toEqual([]);
  });

  it('the process group counts only while the hook’s pid is not someone else’s', () => {
    const listing = [proc(100, 1, 5000, { pgid: 100 }), proc(300, 100, 5001, { pgid: 100 })];
    // 100 was the hook (start 1001) and is now held by a new group leader: its group is not ours.
    expect(pids(runMembers(listing, knowledge({ known: new Map([[100, 1001]]), goneBy: new Map([[100, 1009]]) })))).toEqual([]);
  });

  it('keeps zombies in the tree (they link their children), never the listing program', () => {
    const listing = [proc(100, 50, 1001), proc(101, 100, 1002, { zombie: true }), proc(102, 101, 1003), proc(103, 50, 1004, { pgid: 100 })];
    expect(pids(runMembers(listing, knowledge()))).toEqual([100, 101, 102, 103]);
    expect(pids(runMembers(listing, knowledge({ exclude: 103 })))).toEqual([100, 101, 102]);
  });

  it('before a listing has shown the hook, a process on its pid is the hook only if it is our child, started after the spawn and before the hook was seen gone', () => {
    const child = proc(102, 100, 1003);
    // Not our child: someone else got the pid.
    expect(pids(runMembers([proc(100, 77, 1001), child], knowledge()))).toEqual([]);
    // Started before the spawn began.
    expect(pids(runMembers([proc(100, 50, 999), child], knowledge()))).toEqual([]);
    // Started after the hook exited: the next process we started on that pid (the listing program, another hook).
    expect(pids(runMembers([proc(100, 50, 1005), proc(102, 100, 1006)], knowledge({ goneBy: new Map([[100, 1004]]) })))).toEqual([]);
    expect(pids(runMembers([proc(100, 50, 1001), child], knowledge()))).toEqual([100, 102]);
  });
});
