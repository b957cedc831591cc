// A hook's processes where there is no /proc to read: macOS (ps) and Windows (CIM's Win32_Process).
// containment.ts reads /proc on Linux; this is the same question answered from a process listing.
//
// A listing names each process's parent, process group, start time and — with ps — its environment,
// so a process is the run's when
//   - its environment carries the run's cookie (ps -E / ps e; not on Windows, whose environments
//     need native code to read). On macOS the kernel leaves the environment out for Apple's own
//     restricted binaries (/bin/sleep, /bin/bash, /usr/bin/perl: CS_RESTRICT) unless SIP is off, so
//     the cookie finds Homebrew's and the user's programs (restic, rclone, python3 from Homebrew), not
//     Apple's; the other two rules cover those;
//   - it is in the hook's process group (not on Windows);
//   - it descends from the hook by parent pid. macOS hands an orphan to launchd (ppid 1), so the
//     tree is also looked at while the run lives, and every process once seen as the run's is
//     remembered by pid and start time: a child orphaned since is still found. Windows keeps the
//     parent pid of an orphan as it was, so there the walk needs no earlier look — but Windows also
//     hands pids out again at once, so a child counts only if it started after its parent and
//     before that parent was seen gone.
// Looks cost a process spawn each (ps: 20–90 ms; PowerShell: a few hundred ms), so none is made
// while a hook is young: the first one after REMEMBER_FIRST_MS, then no more often than
// REMEMBER_COST_FACTOR times what the last one cost — and always one when the run ends or is stopped.
import { spawn } from 'node:child_process';
import { encodedPowerShellArgs, POWERSHELL } from '../system/commandRunner';

/** How a run's processes are found: /proc (Linux), ps (macOS; Linux too, for tests), CIM (Windows). */
export type ProcessLookup = 'proc' | 'ps' | 'cim';

export function defaultLookup(platform: NodeJS.Platform = process.platform): ProcessLookup {
  if (platform === 'linux') return 'proc';
  return platform === 'win32' ? 'cim' : 'ps';
}

/** One process as a listing shows it. */
export interface ListedProcess {
  pid: number;
  ppid: number;
  /** Process group id (null on Windows, which has none). */
  pgid: number | null;
  /** When it started, in the lister's unit (seconds for ps, microseconds for CIM): with the pid, names one process. */
  start: number;
  zombie: boolean;
  /** Its environment carries the run's cookie (false wherever the environment could not be read). */
  cookie: boolean;
}

/** How a stop loop tells a process apart from a later one with the same pid, and whether it still runs. */
export interface ProcessProbe {
  /** The start of the process with this pid as last seen; null when not seen. */
  startOf(pid: number): number | null;
  isRunning(pid: number, start: number): boolean;
  /** While stopping, how often a full look for new processes may be taken. */
  readonly lookEveryMs: number;
}

/** Before this, a running hook is not looked at: most hooks are quick checks that start nothing. */
const REMEMBER_FIRST_MS = 1000;
/** Looks while a hook runs take at most about 1/REMEMBER_COST_FACTOR of one core … */
const REMEMBER_COST_FACTOR = 50;
/** … and come at least this far apart, at most this far. */
const REMEMBER_MIN_MS = 2000;
const REMEMBER_MAX_MS = 30_000;
/** While stopping, a full look at most this often (and no more often than four times its cost). */
const STOP_LOOK_MIN_MS = 250;
/** A listing that takes longer is given up (the look finds nothing new). */
const LIST_TIMEOUT_MS = 15_000;

interface Listing {
  processes: ListedProcess[];
  /** The listing program itself (our child, perhaps on a pid the run once had): never a member. */
  listerPid: number | undefined;
}

interface ProcessLister {
  list(cookieEntry: string): Promise<Listing>;
  /**
   * A wall-clock time (ms since 1970) in the unit of `start`, rounded as the listing rounds (ps
   * drops the fraction of a second), so a start is never earlier than the time taken before it.
   */
  fromMs(ms: number): number;
  /** How far a listed start may be off the wall clock, in the unit of `start`. */
  slack: number;
  /** Whether to look while the hook runs (see the top of the file). */
  remembers: boolean;
}

// ---------------------------------------------------------------------------------------------
// ps (macOS, and procps on Linux)

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * `pid ppid pgid stat lstart command…`: lstart is strftime's %c in the C locale ("Wed Dec  2
 * 18:31:39 2026", macOS and procps alike); the command (with the environment after it) may hold
 * anything, so only the head is matched and the rest searched.
 */
const PS_HEAD = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+[A-Z][a-z]{2} ([A-Z][a-z]{2})\s+(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})(?= |$)/;
const PS_COLUMNS = 'pid=,ppid=,pgid=,stat=,lstart=';

/** The ps arguments: macOS's -E, or procps' BSD-style `e`, shows each process's environment after its command. */
export function psArgs(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'darwin' ? ['-axww', '-E', '-o', `${PS_COLUMNS},command=`] : ['axwwe', '-o', `${PS_COLUMNS},args=`];
}

/** One line of `ps` as psArgs asks for it; null for a line that is not one (a header, a warning). */
export function parsePsLine(line: string, cookieEntry: string): ListedProcess | null {
  const m = PS_HEAD.exec(line.length > 200 ? line.slice(0, 200) : line);
  if (!m) return null;
  const month = MONTHS.indexOf(m[5]!);
  if (month < 0) return null;
  const start = new Date(Number(m[10]), month, Number(m[6]), Number(m[7]), Number(m[8]), Number(m[9])).getTime() / 1000;
  return {
    pid: Number(m[1]),
    ppid: Number(m[2]),
    pgid: Number(m[3]),
    start,
    zombie: m[4]!.startsWith('Z'),
    cookie: hasWord(line, cookieEntry, m[0].length),
  };
}

/** Whether `word` stands in `text` (after `from`) between spaces or at its end. */
function hasWord(text: string, word: string, from: number): boolean {
  for (let at = text.indexOf(word, from); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (text.charCodeAt(at - 1) === 32 && (end === text.length || text.charCodeAt(end) === 32)) return true;
  }
  return false;
}

/**
 * Runs a listing program and parses its lines as they come, keeping only what `parse` makes of each:
 * with every process's environment, ps prints megabytes.
 */
function runLister(file: string, args: string[], env: NodeJS.ProcessEnv, parse: (line: string) => ListedProcess | null): Promise<Listing> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const processes: ListedProcess[] = [];
    let pending: Buffer[] = [];
    let stderr = '';
    const take = (line: string): void => {
      const p = parse(line);
      if (p) processes.push(p);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      let from = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
        pending.push(chunk.subarray(from, nl));
        take(Buffer.concat(pending).toString('latin1'));
        pending = [];
        from = nl + 1;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIST_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${file} could not be started: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (pending.length) take(Buffer.concat(pending).toString('latin1'));
      if (code === 0) return resolve({ processes, listerPid: child.pid });
      const said = stderr.trim().split('\n')[0]?.trim();
      reject(new Error(`${file} ${signal ? `was killed (${signal})` : `exited ${code}`}${said ? `: ${said}` : ''}`));
    });
  });
}

const psLister: ProcessLister = {
  remembers: true,
  fromMs: (ms) => Math.floor(ms / 1000),
  // procps derives lstart from the boot time it estimates: it was seen a second early here.
  slack: 2,
  // LC_ALL=C: lstart in the one format the parser reads.
  list: (cookieEntry) => runLister('ps', psArgs(), { ...process.env, LC_ALL: 'C' }, (line) => parsePsLine(line, cookieEntry)),
};

// ---------------------------------------------------------------------------------------------
// CIM (Windows)

/** FILETIME (100 ns since 1601) of 1970-01-01, to turn CreationDate into microseconds since 1970. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;
/**
 * One line per process, `pid ppid creation` (creation as FILETIME; 0 for the System and Idle
 * processes, which have none). String expansion in PowerShell formats numbers culture-free.
 */
export const CIM_PROCESS_SCRIPT = `
$ErrorActionPreference = 'Stop'
foreach ($p in Get-CimInstance -ClassName Win32_Process -Property ProcessId,ParentProcessId,CreationDate) {
  $t = if ($p.CreationDate) { $p.CreationDate.ToFileTimeUtc() } else { 0 }
  "$($p.ProcessId) $($p.ParentProcessId) $t"
}
`;

/** One line of CIM_PROCESS_SCRIPT's output; null for anything else. */
export function parseCimLine(line: string): ListedProcess | null {
  const m = /^\s*(\d+) (\d+) (\d+)\s*$/.exec(line);
  if (!m) return null;
  const filetime = BigInt(m[3]!);
  const start = filetime === 0n ? 0 : Number((filetime - FILETIME_UNIX_EPOCH) / 10n);
  return { pid: Number(m[1]), ppid: Number(m[2]), pgid: null, start, zombie: false, cookie: false };
}

const cimLister: ProcessLister = {
  // Windows keeps an orphan's parent pid: the walk at the end finds it without earlier looks, and a
  // PowerShell start every few seconds would cost more than it could find.
  remembers: false,
  fromMs: (ms) => ms * 1000,
  // CreationDate is the system clock at creation, the clock Date.now() reads: no slack, since
  // Windows hands pids out again at once and a wider window would take in strangers.
  slack: 0,
  list: () => runLister(POWERSHELL, encodedPowerShellArgs(CIM_PROCESS_SCRIPT), process.env, parseCimLine),
};

// ---------------------------------------------------------------------------------------------

/**
 * procps reckons lstart from an estimate of the boot time, so one process's start can differ by a
 * second between two listings: within the slack, a start is the same start.
 */
function sameStart(a: number, b: number | undefined, slack: number): boolean {
  return b !== undefined && Math.abs(a - b) <= slack;
}

/** What earlier looks know of a run, for runMembers. */
export interface RunKnowledge {
  /** The hook's own pid. */
  main: number;
  /** A lower bound of the main process's start (a time taken before the spawn), until a listing shows it. */
  mainSince: number;
  /** Processes once seen as the run's: pid → start (the main one too, once seen). */
  known: ReadonlyMap<number, number>;
  /** When a known process (or the main one) was seen gone: its pid names someone else after that. */
  goneBy: ReadonlyMap<number, number>;
  /** How far a listed start may be off the wall clock (see ProcessLister). */
  slack: number;
  /** This process: the main process's parent, and never a member. */
  self: number;
  /** Never a member either (the listing program). */
  exclude?: number;
}

/** The run's processes in one listing (zombies included), given what earlier looks found. Pure: tested with recorded listings. */
export function runMembers(listing: readonly ListedProcess[], run: RunKnowledge): ListedProcess[] {
  const byPid = new Map<number, ListedProcess>();
  const children = new Map<number, ListedProcess[]>();
  for (const p of listing) {
    byPid.set(p.pid, p);
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const same = (a: number, b: number | undefined): boolean => sameStart(a, b, run.slack);
  const mainStart = run.known.get(run.main);
  const mainGone = run.goneBy.get(run.main);
  const mainNow = byPid.get(run.main);
  // Until a listing has shown the main process, a process on its pid is it only if it is our child
  // and started after the spawn began and before the main process was seen gone.
  const isMain = (p: ListedProcess): boolean =>
    mainStart !== undefined ? same(p.start, mainStart) : p.ppid === run.self && p.start + run.slack >= run.mainSince && (mainGone === undefined || p.start <= mainGone + run.slack);
  const mainHere = mainNow && isMain(mainNow) ? mainNow : undefined;
  // The process group is named by the main pid, which is not handed out again while the group
  // exists: unless that pid runs as another process already (then the group is gone), a process in
  // that group is the run's.
  const groupIsOurs = mainNow === undefined || mainHere !== undefined;

  const found = new Map<number, ListedProcess>();
  const queue: { pid: number; start: number }[] = [];
  const take = (p: ListedProcess): void => {
    if (found.has(p.pid) || p.pid === run.self || p.pid === run.exclude || p.pid <= 0) return;
    found.set(p.pid, p);
    queue.push(p);
  };
  for (const p of listing) {
    if (p === mainHere || p.cookie || (groupIsOurs && p.pgid === run.main) || same(p.start, run.known.get(p.pid))) take(p);
  }
  // Known processes gone meanwhile still name their children where parent pids stay (Windows).
  for (const [pid, start] of run.known) queue.push({ pid, start });
  if (mainStart === undefined) queue.push({ pid: run.main, start: run.mainSince });
  while (queue.length > 0) {
    const parent = queue.pop()!;
    const holder = byPid.get(parent.pid);
    const holderIsParent = holder !== undefined && (same(holder.start, parent.start) || (parent.pid === run.main && holder === mainHere));
    const gone = run.goneBy.get(parent.pid);
    for (const c of children.get(parent.pid) ?? []) {
      if (c.start + run.slack < parent.start) continue; // older than its parent: that pid was someone else's then
      if (gone !== undefined && c.start > gone + run.slack) continue; // born after the parent was gone
      if (holder && !holderIsParent && c.start >= holder.start) continue; // the child of whoever holds the pid now
      take(c);
    }
  }
  return [...found.values()];
}

/** The processes of one hook run, from process listings (see the top of the file). */
export class ProcessTree implements ProcessProbe {
  readonly #lister: ProcessLister;
  readonly #cookieEntry: string;
  #main = 0;
  /** Made before the hook is spawned: its process cannot have started earlier. */
  readonly #createdAt = Date.now();
  readonly #known = new Map<number, number>();
  readonly #goneBy = new Map<number, number>();
  /** The last listing, by pid: what the stop loop checks between looks. */
  #last = new Map<number, ListedProcess>();
  #looking: Promise<number[]> | null = null;
  #lookCostMs = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(lookup: 'ps' | 'cim', cookieEntry: string) {
    this.#lister = lookup === 'cim' ? cimLister : psLister;
    this.#cookieEntry = cookieEntry;
  }

  /** Called right after the spawn, with the hook's pid. */
  started(pid: number): void {
    this.#main = pid;
    if (this.#lister.remembers) this.#schedule(REMEMBER_FIRST_MS);
  }

  /** The hook's main process has exited: a child born after this is not its child (Windows hands pids out again). */
  mainExited(): void {
    if (this.#main !== 0 && !this.#goneBy.has(this.#main)) this.#goneBy.set(this.#main, this.#lister.fromMs(Date.now()));
  }

  /** Live processes of the run, the main one included while it runs; never this process. A fresh look. */
  async members(): Promise<number[]> {
    if (this.#main === 0) return [];
    // A look under way may have begun before the processes asked about: wait for it, then look again.
    while (this.#looking) await this.#looking.catch(() => []);
    return this.#look();
  }

  /** Stops the looks while the hook runs. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  startOf(pid: number): number | null {
    return this.#last.get(pid)?.start ?? null;
  }

  /** As the last look saw it, and not gone since (a signal 0 answers that without a listing). */
  isRunning(pid: number, start: number): boolean {
    const p = this.#last.get(pid);
    if (!p || p.zombie || !sameStart(p.start, start, this.#lister.slack)) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  get lookEveryMs(): number {
    return Math.max(STOP_LOOK_MIN_MS, 4 * this.#lookCostMs);
  }

  #look(): Promise<number[]> {
    const began = Date.now();
    const look = this.#lister.list(this.#cookieEntry).then(
      (listing) => {
        const ended = Date.now();
        this.#lookCostMs = ended - began;
        return this.#absorb(listing, ended);
      },
      () => {
        // No listing (ps missing, PowerShell broken): nothing can be found beyond the process group,
        // which the pty's own stop reaches. Forget the last listing, so nothing is taken as running.
        this.#last = new Map();
        return [];
      },
    );
    this.#looking = look;
    void look.finally(() => {
      if (this.#looking === look) this.#looking = null;
    });
    return look;
  }

  /** `listedBy`: when the listing was complete (what it did not show was gone by then). */
  #absorb({ processes: listing, listerPid }: Listing, listedBy: number): number[] {
    const members = runMembers(listing, {
      main: this.#main,
      mainSince: this.#lister.fromMs(this.#createdAt),
      known: this.#known,
      goneBy: this.#goneBy,
      slack: this.#lister.slack,
      self: process.pid,
      exclude: listerPid,
    });
    const byPid = new Map<number, ListedProcess>();
    for (const p of listing) byPid.set(p.pid, p);
    for (const [pid, start] of this.#known) {
      const now = byPid.get(pid);
      if ((!now || !sameStart(now.start, start, this.#lister.slack)) && !this.#goneBy.has(pid)) this.#goneBy.set(pid, this.#lister.fromMs(listedBy));
    }
    for (const p of members) {
      if (sameStart(p.start, this.#known.get(p.pid), this.#lister.slack)) continue;
      this.#known.set(p.pid, p.start);
      this.#goneBy.delete(p.pid); // a pid seen gone before, now a new process of the run
    }
    const live = members.filter((p) => !p.zombie);
    this.#last = new Map(live.map((p) => [p.pid, p]));
    return live.map((p) => p.pid);
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#closed || this.#looking) return this.#schedule(REMEMBER_MIN_MS);
      void this.#look().finally(() => {
        this.#schedule(Math.min(REMEMBER_MAX_MS, Math.max(REMEMBER_MIN_MS, REMEMBER_COST_FACTOR * this.#lookCostMs)));
      });
    }, ms);
    this.#timer.unref();
  }
}
