// `hookgate history [--limit N] [--plan P] [--decision D] [--before ID|TIME] [--text T] [--json]`
// and `hookgate history show ID|last [--plan P] [--json]` (a hook run's log bytes, or an operation
// with its runs). IDs may be shortened to any prefix only one operation (or hook run) has.
import { UsageError, boolFlag, parseArgs, parseIntFlag, stringFlag, type FlagSpecs } from '../argParser';
import { HistoryError, HistoryStore, isPlainId } from '../../core/history';
import { readConfigFile } from '../../core/config';
import { hookgatePaths } from '../../core/paths';
import { DECISIONS, type Decision, type HookRunRecord, type OperationRecord, type OperationWithRuns } from '../../shared/history';
import { matchPrefix, shortIds } from '../shortIds';
import { lastLine } from '../../shared/terminalText';

const HELP = `usage: hookgate history [--limit N] [--plan P] [--decision D] [--before ID|TIME] [--text T] [--json]
       hookgate history show ID|last [--plan P] [--json]

  history          operations, newest first: id, when, plan, repo, kind, decision, status, reason
                   (for a backup that failed, why it failed), duration
    --limit N      how many (default 20)
    --plan P       only this plan
    --decision D   only ${DECISIONS.join(', ')}
    --before X     only operations older than the operation X or the ISO time X (the next page)
    --text T       only operations whose ids, plan, repo, reason, error or hook runs mention T
    --json         an array of operations with their hook runs
  history show ID  for an operation: the operation and its hook runs (--json: as JSON);
                   for a hook run: its log, byte for byte as recorded. ID may be shortened to
                   any prefix no other operation or hook run has (the ID column shows one)
    last           the newest operation (with --plan P: the newest of that plan)
    --plan P       with last (or no ID): the newest operation of plan P
`;

const LIST_FLAGS: FlagSpecs = {
  limit: { type: 'string', short: 'n' },
  plan: { type: 'string' },
  decision: { type: 'string' },
  before: { type: 'string' },
  text: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export default async function history(argv: string[]): Promise<number> {
  if (argv[0] === 'show') return show(argv.slice(1));
  const p = parseArgs(argv, LIST_FLAGS, { command: 'hookgate history' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`hookgate history: unexpected "${p.positionals[0]}" (did you mean "hookgate history show ID"?)`);
  const limitText = stringFlag(p, 'limit');
  const limit = limitText === undefined ? 20 : parseIntFlag(limitText, 'limit', 1, 1_000_000);
  const decisionText = stringFlag(p, 'decision');
  if (decisionText !== undefined && !(DECISIONS as readonly string[]).includes(decisionText)) {
    throw new UsageError(`hookgate history: --decision: unknown decision "${decisionText}" (one of ${DECISIONS.join(', ')})`);
  }
  const store = await openStore();
  let ops: OperationWithRuns[];
  try {
    ops = store.list({
      limit,
      plan: stringFlag(p, 'plan'),
      decision: decisionText as Decision | undefined,
      before: stringFlag(p, 'before'),
      text: stringFlag(p, 'text'),
    });
  } catch (err) {
    if (err instanceof HistoryError) throw new UsageError(`hookgate history: --${err.message}`);
    throw err;
  }
  if (boolFlag(p, 'json')) {
    process.stdout.write(`${JSON.stringify(ops, null, 2)}\n`);
    return 0;
  }
  if (ops.length === 0) {
    process.stdout.write('no operations recorded yet\n');
    return 0;
  }
  const ids = shortIds(
    ops.map((o) => o.id),
    store.operationIds(),
  );
  const rows = ops.map((o) => [
    ids.get(o.id)!,
    formatWhen(o.startedAt),
    o.plan || '-',
    o.repo || '-',
    o.kind,
    o.decision ?? '-',
    o.status,
    cut(summaryReason(o), 60),
    o.endedAt ? formatDuration(Date.parse(o.endedAt) - Date.parse(o.startedAt)) : 'running',
  ]);
  process.stdout.write(table(['ID', 'WHEN', 'PLAN', 'REPO', 'KIND', 'DECISION', 'STATUS', 'REASON', 'DURATION'], rows));
  return 0;
}

/**
 * The failure of an operation its gate let through (the command's error, a guard's stop), else
 * the decision's reason: a failed backup must not read "power ok".
 */
function failureOf(o: OperationRecord): string | null {
  const failed = o.status === 'error' || o.status === 'warning' || o.status === 'failed';
  return failed && o.error && o.decision !== 'skip' && o.decision !== 'fail' ? o.error : null;
}

function summaryReason(o: OperationRecord): string {
  return failureOf(o) ?? (o.reason || o.error || '');
}

async function show(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { json: { type: 'boolean' }, plan: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate history show' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const plan = stringFlag(p, 'plan');
  if (p.positionals.length > 1 || (p.positionals.length === 0 && plan === undefined)) {
    throw new UsageError('hookgate history show: expected one ID (an operation or a hook run, or a prefix of one), or last');
  }
  const given = p.positionals[0] ?? 'last';
  if (given !== 'last' && plan !== undefined) throw new UsageError('hookgate history show: --plan goes with last (the newest operation of that plan), not with an ID');
  if (!isPlainId(given)) {
    throw new UsageError(`hookgate history show: not a valid id: ${JSON.stringify(given)} (ids are letters, digits, "-", "_" and ".", without "..")`);
  }
  const store = await openStore();
  let id: string;
  if (given === 'last') {
    const newest = store.list({ limit: 1, plan })[0];
    if (!newest) throw new UsageError(`hookgate history show: no operations recorded yet${plan !== undefined ? ` for plan "${plan}"` : ''}`);
    id = newest.id;
  } else {
    id = resolveId(store, given);
  }
  const op = store.get(id);
  if (op) {
    if (boolFlag(p, 'json')) process.stdout.write(`${JSON.stringify(op, null, 2)}\n`);
    else process.stdout.write(describeOperation(op, store));
    return 0;
  }
  const run = store.getHookRun(id);
  if (!run) throw new UsageError(`hookgate history show: no operation or hook run with the id ${given}`);
  if (boolFlag(p, 'json')) {
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    return 0;
  }
  let log: Buffer;
  try {
    log = await store.readLog(id);
  } catch (err) {
    if (err instanceof HistoryError) {
      process.stderr.write(`hookgate history show: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(log, (err) => (err ? reject(err) : resolve())));
  return 0;
}

/** A whole id, or a prefix only one operation has (else only one hook run). */
function resolveId(store: HistoryStore, text: string): string {
  if (store.get(text) || store.getHookRun(text)) return text;
  const ambiguous = (ids: string[], what: string) =>
    new UsageError(
      `hookgate history show: "${text}" is the start of ${ids.length} ${what}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''} — give more of the id`,
    );
  const ops = matchPrefix(text, store.operationIds());
  if (ops.kind === 'one') return ops.id;
  if (ops.kind === 'many') throw ambiguous(ops.ids, 'operations');
  const runs = matchPrefix(text, store.hookRunIds());
  if (runs.kind === 'one') return runs.id;
  if (runs.kind === 'many') throw ambiguous(runs.ids, 'hook runs');
  throw new UsageError(`hookgate history show: no operation or hook run with the id ${text}`);
}

async function openStore(): Promise<HistoryStore> {
  const paths = hookgatePaths();
  // Only the retention settings are needed; a broken config is the hooks verbs' to report.
  const { config } = await readConfigFile(paths.config);
  const store = await HistoryStore.open(paths, config.settings, { log: (msg) => process.stderr.write(`hookgate: ${msg}\n`) });
  for (const problem of store.problems) process.stderr.write(`hookgate: history: ${problem}\n`);
  return store;
}

function describeOperation(o: OperationWithRuns, store: HistoryStore): string {
  const lines: [string, string][] = [
    ['operation', `${o.id} (${o.kind})`],
    ['plan', o.plan || '-'],
    ['repo', o.repo || '-'],
    ['task', o.task || '-'],
    ['trigger', o.trigger],
    ['started', formatWhen(o.startedAt)],
    ['ended', o.endedAt ? `${formatWhen(o.endedAt)} (took ${formatDuration(Date.parse(o.endedAt) - Date.parse(o.startedAt))})` : '-'],
    ['status', o.status],
  ];
  // A backup that failed after its gate let it through: the failure is the reason; the gate's
  // own reason ("power ok") goes with the decision.
  const failure = failureOf(o);
  if (failure) lines.push(['decision', `${o.decision ?? '-'} — ${o.reason || 'no reason given'}`], ['reason', failure]);
  else lines.push(['decision', o.decision ?? '-'], ['reason', o.reason || '-']);
  lines.push(['attempts', String(o.attempts)]);
  if (o.nextAttemptAt) lines.push(['next attempt', formatWhen(o.nextAttemptAt)]);
  if (o.error && o.error !== failure) lines.push(['error', o.error]);
  if (o.snapshotId) lines.push(['snapshot', o.snapshotId]);
  if (o.command) lines.push(['command', o.command.join(' ')]);
  if (o.exitCode !== null) lines.push(['exit code', String(o.exitCode)]);
  // A value of several lines (a status file's reason, a tool's error output) stays in its column.
  let out = lines.map(([k, v]) => `${`${k}:`.padEnd(14)}${v.trimEnd().replace(/\r?\n/g, `\n${' '.repeat(14)}`)}\n`).join('');
  if (o.hookRuns.length === 0) return out + 'hook runs:    none\n';
  out += `hook runs (show a log with "hookgate history show RUN-ID"):\n`;
  const ids = shortIds(
    o.hookRuns.map((r) => r.id),
    store.hookRunIds(),
  );
  out += indent(table(['RUN', 'CONDITION', 'HOOK', 'ATTEMPT', 'OUTCOME', 'EXIT', 'TOOK', 'REASON'], o.hookRuns.map((r) => runRow(r, ids.get(r.id)!))));
  return out;
}

function runRow(r: HookRunRecord, shortId: string): string[] {
  const exit = r.exitCode !== null ? String(r.exitCode) : r.signal ?? (r.killedWith ? `killed (${r.killedWith})` : '-');
  return [shortId, r.condition.replace(/^CONDITION_/, ''), cut(r.hookName, 24), String(r.attempt), r.outcome, exit, formatDuration(r.durationMs), cut(r.reason, 50)];
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** One line for a table cell: the text's last line (a multi-line reason ends with its point), cut to n. */
function cut(s: string, n: number): string {
  const one = lastLine(s).replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** Local time, `2026-05-01 08:00:03`. */
function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return m < 60 ? `${m}m${s ? `${s}s` : ''}` : `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ''}`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return line(head) + rows.map(line).join('');
}
