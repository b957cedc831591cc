// Understanding a wrapped restic command: which operation it is, adding --json to backups,
// and turning its JSON lines into a readable progress line, a snapshot id and stats.
import path from 'node:path';
import type { OperationKind } from '../../shared/conditions';
import { formatByteSize } from '../../shared/byteSize';

/** restic's global flags that take a value as the next argument. */
const VALUE_FLAGS = new Set([
  '-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '--cacert', '--cache-dir',
  '--key-hint', '--limit-download', '--limit-upload', '-o', '--option', '--tls-client-cert', '--pack-size', '--compression',
]);

const KIND_BY_SUBCOMMAND: Record<string, OperationKind> = { backup: 'snapshot', forget: 'forget', prune: 'prune', check: 'check' };

export interface ResticCommand {
  /** Index of the subcommand in argv. */
  subcommandIndex: number;
  subcommand: string;
  kind: OperationKind | null;
  /** The value of -r/--repo, if given on the command line. */
  repo: string | null;
}

export function isRestic(argv: readonly string[]): boolean {
  if (argv.length === 0) return false;
  const base = path.basename(argv[0]!).toLowerCase();
  return base === 'restic' || base === 'restic.exe';
}

/** Parses `restic [global flags] SUBCOMMAND …`; null when argv is not restic or has no subcommand. */
export function parseResticCommand(argv: readonly string[]): ResticCommand | null {
  if (!isRestic(argv)) return null;
  let repo: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return null;
    if (a.startsWith('-')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      const takesValue = VALUE_FLAGS.has(name) && eq < 0;
      const value = eq >= 0 ? a.slice(eq + 1) : takesValue ? argv[i + 1] : undefined;
      if (name === '-r' || name === '--repo') repo = value ?? null;
      if (takesValue) i++;
      continue;
    }
    return { subcommandIndex: i, subcommand: a, kind: KIND_BY_SUBCOMMAND[a] ?? null, repo };
  }
  return null;
}

/** `restic … backup …` with `--json` added after the subcommand when absent. */
export function withJson(argv: readonly string[], cmd: ResticCommand): string[] {
  if (argv.includes('--json')) return [...argv];
  return [...argv.slice(0, cmd.subcommandIndex + 1), '--json', ...argv.slice(cmd.subcommandIndex + 1)];
}

/** restic's backup summary/status fields, by Backrest's (Go) names, as the template sees them. */
export type SnapshotStatsVars = Record<string, string | number | string[] | unknown>;

const GO_NAMES: Record<string, string> = {
  message_type: 'MessageType', error: 'Error', during: 'During', item: 'Item', total_files: 'TotalFiles',
  total_bytes: 'TotalBytes', files_done: 'FilesDone', bytes_done: 'BytesDone', current_files: 'CurrentFiles',
  percent_done: 'PercentDone', files_new: 'FilesNew', files_changed: 'FilesChanged', files_unmodified: 'FilesUnmodified',
  dirs_new: 'DirsNew', dirs_changed: 'DirsChanged', dirs_unmodified: 'DirsUnmodified', data_blobs: 'DataBlobs',
  tree_blobs: 'TreeBlobs', data_added: 'DataAdded', total_files_processed: 'TotalFilesProcessed',
  total_bytes_processed: 'TotalBytesProcessed', total_duration: 'TotalDuration', snapshot_id: 'SnapshotId',
  seconds_elapsed: 'SecondsElapsed', action: 'Action', message: 'Message',
};

export function toGoStats(entry: Record<string, unknown>): SnapshotStatsVars {
  const out: SnapshotStatsVars = {};
  for (const [k, v] of Object.entries(entry)) {
    const name = GO_NAMES[k];
    if (name && name !== 'SecondsElapsed') out[name] = v;
  }
  return out;
}

function formatElapsed(sec: number): string {
  const s = Math.floor(sec % 60);
  const m = Math.floor(sec / 60) % 60;
  const h = Math.floor(sec / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

export interface ResticJsonEvents {
  /** Text to show the user in place of the raw JSON (may start with \r to overwrite a progress line). */
  display: (text: string) => void;
  summary: (stats: SnapshotStatsVars, snapshotId: string | null) => void;
}

export interface ResticJsonReaderOptions {
  /**
   * 'redraw' (a terminal): one progress line, rewritten in place with \r. 'lines' (a log, a pipe):
   * a progress line of its own each time another 10 % is done, and \n line ends throughout.
   */
  progress?: 'redraw' | 'lines';
}

/** In 'lines' mode, a progress line each time the done part passes another PROGRESS_STEP_PERCENT. */
export const PROGRESS_STEP_PERCENT = 10;

/**
 * Reads `restic backup --json` output as it comes through a pty (\r\n line ends, partial
 * chunks). Lines that are not restic JSON pass through unchanged.
 */
export class ResticJsonReader {
  private pending = '';
  private progressShown = false;
  /** 'lines' mode: the last step (of PROGRESS_STEP_PERCENT) a progress line was written for. */
  private lastStep = -1;
  private readonly lines: boolean;
  private readonly eol: string;

  constructor(
    private readonly on: ResticJsonEvents,
    opts: ResticJsonReaderOptions = {},
  ) {
    this.lines = opts.progress === 'lines';
    this.eol = this.lines ? '\n' : '\r\n';
  }

  write(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl + 1);
      this.pending = this.pending.slice(nl + 1);
      this.line(line);
    }
    // A partial line that cannot be JSON is shown right away (prompts, progress without newline).
    if (this.pending && !/^[{\r\x1b]/.test(stripLeadingControls(this.pending) || '{')) {
      this.passThrough(this.pending);
      this.pending = '';
    }
  }

  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    if (this.progressShown) this.on.display(this.eol);
    this.progressShown = false;
  }

  private passThrough(text: string): void {
    if (this.progressShown) {
      this.on.display(this.eol);
      this.progressShown = false;
    }
    this.on.display(text);
  }

  private line(raw: string): void {
    // On a terminal restic clears the line first: "\r\x1b[2K{…}\r\n".
    const text = stripLeadingControls(raw.replace(/\r?\n$/, '').replace(/\r$/, ''));
    let msg: Record<string, unknown> | null = null;
    if (text.trimStart().startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && typeof (parsed as Record<string, unknown>).message_type === 'string') {
          msg = parsed as Record<string, unknown>;
        }
      } catch {
        msg = null;
      }
    }
    if (!msg) {
      this.passThrough(raw);
      return;
    }
    const num = (k: string) => (typeof msg![k] === 'number' ? (msg![k] as number) : 0);
    switch (msg.message_type) {
      case 'status': {
        const pct = Math.floor(num('percent_done') * 100);
        const files = msg.total_files !== undefined ? ` · ${num('files_done')} of ${num('total_files')} files` : '';
        const line = `[${String(pct).padStart(3)}%] ${formatByteSize(num('bytes_done'), 2, 1)} of ${formatByteSize(num('total_bytes'), 2, 1)}${files} · ${formatElapsed(num('seconds_elapsed'))}`;
        if (this.lines) {
          const step = Math.floor(pct / PROGRESS_STEP_PERCENT);
          if (step > this.lastStep) {
            this.lastStep = step;
            this.on.display(`${line}\n`);
          }
          return;
        }
        this.on.display(`\r\x1b[K${line}`);
        this.progressShown = true;
        return;
      }
      case 'summary': {
        const id = typeof msg.snapshot_id === 'string' ? msg.snapshot_id : null;
        this.passThrough(
          `snapshot ${id ? id.slice(0, 8) : '(none)'} saved: ${num('files_new')} new, ${num('files_changed')} changed, ` +
            `${num('files_unmodified')} unmodified files; ${formatByteSize(num('data_added'), 2, 1)} added in ${formatElapsed(num('total_duration'))}${this.eol}`,
        );
        this.on.summary(toGoStats(msg), id);
        return;
      }
      case 'error': {
        const err = msg.error as { message?: string } | string | undefined;
        const text2 = typeof err === 'string' ? err : (err?.message ?? JSON.stringify(err));
        this.passThrough(`error${msg.during ? ` during ${String(msg.during)}` : ''}${msg.item ? ` of ${String(msg.item)}` : ''}: ${text2}${this.eol}`);
        return;
      }
      case 'verbose_status': {
        if (msg.action && msg.item) this.passThrough(`${String(msg.action)} ${String(msg.item)}${this.eol}`);
        return;
      }
      default:
        this.passThrough(raw);
    }
  }
}

/** Drops the carriage returns and CSI sequences (e.g. erase line) a terminal program puts first. */
function stripLeadingControls(text: string): string {
  return text.replace(/^(?:\r|\x1b\[[0-9;?]*[A-Za-z])+/, '');
}

/** restic's exit codes: 0 done, 3 done but some files could not be read. */
export function statusFromResticExit(code: number | null, kind: OperationKind | null): 'success' | 'warning' | 'error' {
  if (code === 0) return 'success';
  if (code === 3 && kind === 'snapshot') return 'warning';
  return 'error';
}
