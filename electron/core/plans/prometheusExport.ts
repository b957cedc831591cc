// The plans for node_exporter's textfile collector (`--collector.textfile.directory`): how fleets of
// laptops are watched without anything home-made. Opt-in (settings.prometheusTextfileDir); the file
// is replaced atomically (a temp file that does not end in .prom, then a rename), so the collector
// never reads half of it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { PLAN_STATUSES, type PlanSummary } from '../../shared/plans';

export const PROMETHEUS_FILE = 'hookgate.prom';

/** A label value as the exposition format wants it: backslash, double quote and newline escaped. */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function seconds(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t / 1000;
}

/** The metrics of every plan, in the text exposition format. */
export function prometheusText(plans: readonly PlanSummary[]): string {
  const out: string[] = [];
  const family = (name: string, help: string, rows: string[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...rows);
  };
  const id = (s: PlanSummary) => `plan="${label(s.plan.id)}",name="${label(s.plan.name)}",tool="${label(s.plan.tool)}"`;
  family(
    'hookgate_plan_last_success_timestamp_seconds',
    'Unix time the plan last backed up successfully (0: never).',
    plans.map((s) => `hookgate_plan_last_success_timestamp_seconds{${id(s)}} ${seconds(s.lastSuccess?.at)}`),
  );
  family(
    'hookgate_plan_last_attempt_timestamp_seconds',
    'Unix time the plan last started a run, whatever became of it (0: never).',
    plans.map((s) => `hookgate_plan_last_attempt_timestamp_seconds{${id(s)}} ${seconds(s.lastAttempt?.at)}`),
  );
  family(
    'hookgate_plan_status',
    'The plan\'s status as Hookgate shows it: 1 for the current one, 0 for the others.',
    plans.flatMap((s) => PLAN_STATUSES.map((st) => `hookgate_plan_status{plan="${label(s.plan.id)}",status="${st}"} ${s.status === st ? 1 : 0}`)),
  );
  family(
    'hookgate_plan_stale_after_seconds',
    'How long the plan may go without a success before it is stale (0: never stale).',
    plans.map((s) => `hookgate_plan_stale_after_seconds{${id(s)}} ${s.plan.staleAfterSec ?? 0}`),
  );
  return `${out.join('\n')}\n`;
}

/** Checks a folder to export into: absolute, an existing directory. Returns the problem, or null. */
export async function checkExportDir(dir: string): Promise<string | null> {
  if (!path.isAbsolute(dir)) return `${dir}: not an absolute path`;
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) return `${dir}: not a folder`;
  } catch (err) {
    return `${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`;
  }
  return null;
}

/** Replaces `dir/hookgate.prom` atomically; the temp file's name does not end in .prom (the collector skips it). */
export async function writeTextfile(dir: string, text: string): Promise<string> {
  const file = path.join(dir, PROMETHEUS_FILE);
  const tmp = path.join(dir, `.${PROMETHEUS_FILE}.tmp-${process.pid}`);
  try {
    await fs.writeFile(tmp, text, { mode: 0o644 });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  return file;
}

export interface PrometheusExporterOptions {
  /** The folder to write into, as the config says now (null: not exporting). */
  dir: () => string | null;
  summaries: () => PlanSummary[];
  log: (msg: string) => void;
  /** Writes are gathered for this long after a change (default 500 ms). */
  debounceMs?: number;
  /** Written again this often, as staleness changes with time alone (default 5 min; 0: never). */
  refreshMs?: number;
}

export class PrometheusExporter {
  private timer: NodeJS.Timeout | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failing: string | null = null;

  constructor(private readonly opts: PrometheusExporterOptions) {
    const every = opts.refreshMs ?? 300_000;
    if (every > 0) {
      this.refresh = setInterval(() => {
        if (this.opts.dir()) this.schedule();
      }, every);
      this.refresh.unref();
    }
  }

  /** A plan changed: write soon (several changes in a row make one write). */
  schedule(): void {
    if (this.timer || !this.opts.dir()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.opts.debounceMs ?? 500);
    this.timer.unref();
  }

  /** Writes now (when exporting); never rejects — a problem is said once, until it clears. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const dir = this.opts.dir();
    if (!dir) return this.writing;
    this.writing = this.writing.then(async () => {
      try {
        await writeTextfile(dir, prometheusText(this.opts.summaries()));
        if (this.failing) this.opts.log(`the Prometheus textfile in ${dir} is written again`);
        this.failing = null;
      } catch (err) {
        const why = `the Prometheus textfile cannot be written to ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
        if (this.failing !== why) this.opts.log(why);
        this.failing = why;
      }
    });
    return this.writing;
  }

  /** Writes what is pending, and stops. */
  async close(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    this.refresh = null;
    if (this.timer) await this.flush();
    await this.writing;
  }
}
