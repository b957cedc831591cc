// `hookgate plans [--json]`, `hookgate plans show ID [--json]`, `hookgate plans set ID …`: the
// backups Hookgate knows, their status in plain words, and their expectations. Through the running
// host when there is one (it is the config's one writer), else on the files here.
import type { Plan, PlanPatch, PlanSummary } from '../../shared/plans';
import { PLAN_STATUS_WORDS, PLAN_TOOLS } from '../../shared/plans';
import { formatByteSize } from '../../shared/byteSize';
import { boolFlag, parseArgs, stringFlag, UsageError, type FlagSpecs } from '../argParser';
import { connectToHost, reportHostErrors } from '../hostSession';
import { CONNECT_HELP, CONNECT_VERBS } from './plansConnect';

const HELP = `usage: hookgate plans [--json]
       hookgate plans show ID [--json]
       hookgate plans set ID [--name TEXT] [--stale-after DUR|off] [--max-duration DUR]
                             [--healthchecks URL|off] [--tool TOOL] [--json]
       hookgate plans export --prometheus DIR|off

  plans            every backup Hookgate knows: status, last success, next run, why
  plans show ID    one plan (by id or name) in full: settings, last attempt, hooks that apply
  plans set ID     change a plan's settings (a plan only the history names is added to the config)
    --name TEXT          the name shown for it
    --stale-after DUR    "stale" when no backup succeeded for this long (2d, 36h, 1w); off: never
    --max-duration DUR   how long one run may take before Hookgate stops waiting for its end
                         (default 6h)
    --healthchecks URL   ping a healthchecks-style URL: /start, success, /fail with the reason; off: none
    --tool TOOL          ${PLAN_TOOLS.join(', ')}
  plans export --prometheus DIR
                   write hookgate.prom into node_exporter's textfile-collector folder DIR, now and
                   whenever a plan changes (last success, last attempt, status per plan); off: stop
  --json           the answer as JSON

Find and connect:
${CONNECT_HELP}`;

type PlanList = { plans: PlanSummary[]; problems: string[] };

interface Backend {
  list(): Promise<PlanList>;
  get(id: string): Promise<PlanSummary>;
  set(id: string, patch: PlanPatch): Promise<{ plan: Plan; created: boolean }>;
  export(dir: string | null): Promise<{ prometheusDir: string | null; file: string | null }>;
  close(): void;
  /** Where a change went, for the confirmation line. */
  where: string;
}

/** A plan not found or a setting refused without a host: one line on stderr, exit 1, as a host's refusal. */
class PlanCommandError extends Error {}

export default async function plans(argv: string[]): Promise<number> {
  try {
    return await reportHostErrors('hookgate plans', () => plansCommand(argv));
  } catch (err) {
    if (!(err instanceof PlanCommandError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}

async function plansCommand(argv: string[]): Promise<number> {
  const verb = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'list';
  const rest = verb === 'list' && argv[0] !== 'list' ? argv : argv.slice(1);
  if (verb === 'list') return list(rest);
  if (verb === 'show') return show(rest);
  if (verb === 'set') return set(rest);
  if (verb === 'export') return exportCommand(rest);
  if ((CONNECT_VERBS as readonly string[]).includes(verb)) return (await import('./plansConnect')).default(verb, rest);
  throw new UsageError(`hookgate plans: unknown verb "${verb}" (list, show ID, set ID, export, ${CONNECT_VERBS.join(', ')}; see "hookgate plans --help")`);
}

async function openBackend(command: string): Promise<Backend> {
  const host = process.env.HOOKGATE_NO_HOST === '1' ? null : await connectToHost(command);
  if (host) {
    return {
      list: () => host.call('plans.list', {}),
      get: (id) => host.call('plans.get', { id }),
      set: (id, patch) => host.call('plans.set', { id, patch }),
      export: (dir) => host.call('plans.export', { prometheusDir: dir }),
      close: () => host.close(),
      where: `by the host (pid ${host.host.pid})`,
    };
  }
  const [{ ConfigStore, ConfigError }, { HistoryStore }, { hookgatePaths }, { NextRuns, PlanBook, PlanLookupError, SCHEDULED_TOOLS }, { discoveryOptions }] = await Promise.all([
    import('../../core/config'),
    import('../../core/history'),
    import('../../core/paths'),
    import('../../core/plans'),
    import('../../core/discovery'),
  ]);
  const paths = hookgatePaths();
  const config = await ConfigStore.load(paths);
  const history = await HistoryStore.open(paths, config.config.settings, { log: (m) => process.stderr.write(`hookgate: ${m}\n`) });
  for (const p of history.problems) process.stderr.write(`hookgate: history: ${p}\n`);
  const hold = () => {
    const h = config.config.hold;
    return h && (h.until === null || Date.parse(h.until) > Date.now()) ? h : null;
  };
  // A one-shot CLI looks at the tools' schedules once, before it answers, where a plan has one.
  const nextRuns = new NextRuns(() => discoveryOptions(), (m) => process.stderr.write(`hookgate: ${m}\n`));
  if (config.config.plans.some((p) => SCHEDULED_TOOLS.has(p.tool))) await nextRuns.refresh();
  const book = new PlanBook({ config, history, hold, nextRun: (p) => nextRuns.get(p) });
  // Lookups and bad settings are the user's to fix: said in one line, like the host's refusals.
  const said = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PlanLookupError || err instanceof ConfigError) throw new PlanCommandError(`${command}: ${err.message}`);
      throw err;
    }
  };
  return {
    list: () => book.list(),
    get: (id) => said(() => book.get(id)),
    set: (id, patch) => said(() => book.set(id, patch)),
    export: (dir) => said(() => book.setExport(dir)),
    close: () => history.close(),
    where: `in ${config.file}; no host runs`,
  };
}

async function list(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate plans' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`hookgate plans: unexpected "${p.positionals[0]}" (did you mean "hookgate plans show ID"?)`);
  const b = await openBackend('hookgate plans');
  try {
    const r = await b.list();
    for (const problem of r.problems) process.stderr.write(`hookgate: config: ${problem}\n`);
    if (boolFlag(p, 'json')) {
      process.stdout.write(`${JSON.stringify(r.plans, null, 2)}\n`);
      return 0;
    }
    if (r.plans.length === 0) {
      process.stdout.write('no backups known yet: a backup tool that signals Hookgate (hookgate signal --plan ID …) shows up here\n');
      return 0;
    }
    const now = Date.now();
    const colour = useColour(process.stdout);
    const rows = r.plans.map((s) => [planLabel(s.plan), statusWord(s, colour), s.lastSuccess ? ago(s.lastSuccess.at, now) : 'never', s.nextRun ? inFuture(s.nextRun.at, now) : '-', cut(s.reason, 70)]);
    process.stdout.write(table(['PLAN', 'STATUS', 'LAST SUCCESS', 'NEXT RUN', 'REASON'], rows));
    return 0;
  } finally {
    b.close();
  }
}

async function show(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate plans show' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length !== 1) throw new UsageError('hookgate plans show: expected one plan ID or name');
  const b = await openBackend('hookgate plans show');
  try {
    const s = await b.get(p.positionals[0]!);
    if (boolFlag(p, 'json')) {
      process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(describePlan(s, useColour(process.stdout)));
    return 0;
  } finally {
    b.close();
  }
}

const SET_FLAGS: FlagSpecs = {
  name: { type: 'string' },
  'stale-after': { type: 'string' },
  'max-duration': { type: 'string' },
  healthchecks: { type: 'string' },
  tool: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

async function set(argv: string[]): Promise<number> {
  const p = parseArgs(argv, SET_FLAGS, { command: 'hookgate plans set' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length !== 1) throw new UsageError('hookgate plans set: expected one plan ID (or name), then the settings to change');
  const { parseDuration } = await import('../../core/plans/duration');
  const duration = (flag: string, allowOff: boolean): number | null | undefined => {
    const v = stringFlag(p, flag);
    if (v === undefined) return undefined;
    if (allowOff && /^(off|never|none)$/i.test(v.trim())) return null;
    const sec = parseDuration(v);
    if (sec === null) throw new UsageError(`hookgate plans set: --${flag}: "${v}" is not a duration (e.g. 2d, 36h, 90m, 1w${allowOff ? ', or off' : ''})`);
    if (sec < 60) throw new UsageError(`hookgate plans set: --${flag}: ${v} is shorter than a minute`);
    return sec;
  };
  const patch: PlanPatch = {};
  const name = stringFlag(p, 'name');
  if (name !== undefined) patch.name = name;
  const stale = duration('stale-after', true);
  if (stale !== undefined) patch.staleAfterSec = stale;
  const max = duration('max-duration', false);
  if (max !== undefined && max !== null) patch.maxDurationSec = max;
  const hc = stringFlag(p, 'healthchecks');
  if (hc !== undefined) patch.healthchecksUrl = /^(off|none)$/i.test(hc.trim()) ? null : hc.trim();
  const tool = stringFlag(p, 'tool');
  if (tool !== undefined) {
    if (!(PLAN_TOOLS as readonly string[]).includes(tool)) throw new UsageError(`hookgate plans set: --tool: "${tool}" is not one of ${PLAN_TOOLS.join(', ')}`);
    patch.tool = tool as Plan['tool'];
  }
  if (Object.keys(patch).length === 0) throw new UsageError('hookgate plans set: nothing to change (give --name, --stale-after, --max-duration, --healthchecks or --tool)');
  const b = await openBackend('hookgate plans set');
  try {
    const r = await b.set(p.positionals[0]!, patch);
    if (boolFlag(p, 'json')) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${r.created ? 'added' : 'changed'} plan ${planLabel(r.plan)} ${b.where}: ${describeSettings(r.plan, patch)}\n`);
    return 0;
  } finally {
    b.close();
  }
}

async function exportCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { prometheus: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate plans export' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const target = stringFlag(p, 'prometheus');
  if (target === undefined || p.positionals.length) throw new UsageError('hookgate plans export: expected --prometheus DIR (node_exporter\'s textfile-collector folder) or --prometheus off');
  const { resolve } = await import('node:path');
  const dir = /^(off|none)$/i.test(target.trim()) ? null : resolve(target);
  const b = await openBackend('hookgate plans export');
  try {
    const r = await b.export(dir);
    if (boolFlag(p, 'json')) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else process.stdout.write(r.file ? `exporting plans to ${r.file} ${b.where}; it is rewritten whenever a plan changes\n` : `Prometheus export stopped ${b.where}\n`);
    return 0;
  } finally {
    b.close();
  }
}

function describeSettings(plan: Plan, patch: PlanPatch): string {
  const parts: string[] = [];
  if (patch.name !== undefined) parts.push(`name "${plan.name}"`);
  if (patch.staleAfterSec !== undefined) parts.push(plan.staleAfterSec === null ? 'never stale' : `stale after ${spanWords(plan.staleAfterSec)} without a success`);
  if (patch.maxDurationSec !== undefined) parts.push(`a run may take ${spanWords(plan.maxDurationSec)}`);
  if (patch.healthchecksUrl !== undefined) parts.push(plan.healthchecksUrl === null ? 'no healthchecks pings' : `pings ${plan.healthchecksUrl}`);
  if (patch.tool !== undefined) parts.push(`tool ${plan.tool}`);
  return parts.join(', ');
}

function describePlan(s: PlanSummary, colour: boolean): string {
  const now = Date.now();
  const p = s.plan;
  const lines: [string, string][] = [
    ['plan', planLabel(p)],
    ['status', `${statusWord(s, colour)} — ${s.reason}`],
    ['tool', p.tool],
  ];
  if (p.source) lines.push(['where', p.source.description]);
  lines.push(['connected', p.connection ? `since ${when(p.connection.connectedAt)}` : 'no (signals reach Hookgate by hand-made wiring)']);
  lines.push(['last attempt', s.lastAttempt ? `${when(s.lastAttempt.at)} (${ago(s.lastAttempt.at, now)}): ${s.lastAttempt.status}${s.lastAttempt.reason ? ` — ${s.lastAttempt.reason}` : ''}` : 'none']);
  if (s.lastSuccess) {
    const extra = [s.lastSuccess.snapshotId ? `snapshot ${s.lastSuccess.snapshotId.slice(0, 12)}` : '', s.lastSuccess.dataAdded !== null ? `${formatByteSize(s.lastSuccess.dataAdded, 1, 0)} added` : ''].filter(Boolean).join(', ');
    lines.push(['last success', `${when(s.lastSuccess.at)} (${ago(s.lastSuccess.at, now)})${extra ? `, ${extra}` : ''}`]);
  } else {
    lines.push(['last success', 'never']);
  }
  lines.push(['next run', s.nextRun ? `${when(s.nextRun.at)} (${s.nextRun.source})` : 'not known']);
  lines.push(['stale after', p.staleAfterSec === null ? 'never (set with --stale-after)' : `${spanWords(p.staleAfterSec)} without a success`]);
  lines.push(['max duration', spanWords(p.maxDurationSec)]);
  lines.push(['healthchecks', p.healthchecksUrl ?? 'none']);
  lines.push(['hooks', s.hooks.length ? s.hooks.map((h) => h.name).join(', ') : 'none apply']);
  lines.push(['operations', `${s.operations} in the history (see "hookgate history --plan ${shellWord(p.id)}")`]);
  return lines.map(([k, v]) => `${`${k}:`.padEnd(14)}${v}\n`).join('');
}

function planLabel(p: Plan): string {
  return p.name === p.id ? p.id : `${p.name} (${p.id})`;
}

const STATUS_COLOURS: Record<PlanSummary['status'], string> = {
  'backed-up': '32',
  skipped: '33',
  failed: '31',
  running: '36',
  waiting: '33',
  held: '35',
  stale: '33',
  'never-run': '2',
  'ended-without-report': '31',
};

function statusWord(s: PlanSummary, colour: boolean): string {
  const word = PLAN_STATUS_WORDS[s.status];
  return colour ? `\x1b[${STATUS_COLOURS[s.status]}m${word}\x1b[0m` : word;
}

/** Colours only for a person at a terminal, and never when NO_COLOR is set. */
function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

function spanWords(sec: number): string {
  if (sec % 86_400 === 0) return `${sec / 86_400} day${sec === 86_400 ? '' : 's'}`;
  if (sec % 3600 === 0) return `${sec / 3600} h`;
  if (sec % 60 === 0) return `${sec / 60} min`;
  return `${sec} s`;
}

function ago(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '-';
  return `${approx((now - t) / 1000)} ago`;
}

function inFuture(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '-';
  return t <= now ? 'due now' : `in ${approx((t - now) / 1000)}`;
}

function approx(sec: number): string {
  const s = Math.max(0, sec);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  const d = Math.round(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'}`;
}

/** Local time, `2026-05-01 08:00`. */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function cut(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** Columns padded to their widest cell; colour codes do not count towards a cell's width. */
function table(head: string[], rows: string[][]): string {
  const width = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd() + '\n';
  return line(head) + rows.map(line).join('');
}
