// History: operations grouped by day with absolute times, a page at a time (no log is read until a
// run is opened), filtered by plan (a choice of the known plans), outcome and text. Each row: time,
// plan, kind, outcome icon and word, duration. Its detail: what happened, the backup command's log
// and each hook's log. On a wide window the detail sits beside the list.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import type { Decision } from '../../../electron/shared/history';
import { useApi } from '../api/ApiContext';
import { dayLabel, formatDuration, formatWhen, kindNoun, operationDuration, outcomeOf } from '../format/describe';
import { iconFor, StatusIcon } from '../format/StatusIcon';
import { useLive, useNow } from '../live/useLive';
import { LazyTerminal as TerminalView } from '../terminal/LazyTerminal';
import { RunRow } from './RunRow';

type Op = ApiResponse<'history.list'>['operations'][number];
const PAGE = 30;

/** The decisions a user can filter by, in their words. */
const OUTCOME_FILTERS: { value: Decision; label: string }[] = [
  { value: 'proceed', label: 'Ran' },
  { value: 'skip', label: 'Skipped' },
  { value: 'fail', label: 'Failed' },
  { value: 'wait', label: 'Waited' },
];

export interface HistoryFocus {
  operationId: string;
  runId?: string;
  /** Open History filtered to one plan. */
  plan?: string;
}

export function HistoryView({ focus, wide = false }: { focus?: HistoryFocus | null; wide?: boolean }) {
  const api = useApi();
  const live = useLive();
  const now = useNow(30_000);
  const [plan, setPlan] = useState(focus?.plan ?? '');
  const [decision, setDecision] = useState<Decision | ''>('');
  const [text, setText] = useState('');
  const [ops, setOps] = useState<Op[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openOp, setOpenOp] = useState<string | null>(focus?.operationId || null);
  const [openRun, setOpenRun] = useState<string | null>(focus?.runId ?? null);
  const query = useRef(0);

  const load = useCallback(
    async (before?: string) => {
      const q = ++query.current;
      setLoading(true);
      try {
        const page = await api.call('history.list', {
          limit: PAGE,
          ...(before ? { before } : {}),
          ...(plan ? { plan } : {}),
          ...(decision ? { decision } : {}),
          ...(text.trim() ? { text: text.trim() } : {}),
        });
        if (q !== query.current) return;
        setOps((prev) => (before ? [...prev, ...page.operations] : page.operations));
        setHasMore(page.hasMore);
        setError(null);
      } catch (err) {
        if (q === query.current) setError((err as Error).message);
      } finally {
        if (q === query.current) setLoading(false);
      }
    },
    [api, plan, decision, text],
  );

  // Filters apply as they are typed (debounced); new operations from the host refresh the first page.
  useEffect(() => {
    const t = setTimeout(() => void load(), 200);
    return () => clearTimeout(t);
  }, [load]);
  const newest = live.operations[0];
  const newestKey = newest ? `${newest.op.id}:${newest.op.status}:${newest.runs.length}` : '';
  const seenKey = useRef(newestKey);
  useEffect(() => {
    // The first page is loaded by the filter effect; only a later change of the newest operation reloads it.
    if (seenKey.current === newestKey) return;
    seenKey.current = newestKey;
    if (newestKey && ops.length <= PAGE) void load();
    // Only a change of the newest operation should reload (`ops` and `load` are read, not watched).
  }, [newestKey]);

  // An operation opened from outside (a notification's #/history/<id>) may be older than the page.
  const [focused, setFocused] = useState<Op | null>(null);
  useEffect(() => {
    if (!focus) return;
    if (focus.plan !== undefined) setPlan(focus.plan);
    if (!focus.operationId) return;
    setOpenOp(focus.operationId);
    setOpenRun(focus.runId ?? null);
    api.call('history.get', { operationId: focus.operationId }).then(setFocused, () => setFocused(null));
  }, [api, focus]);
  const shown = focused && !ops.some((o) => o.id === focused.id) ? [focused, ...ops] : ops;

  const planNames = new Map((live.plans ?? []).map((p) => [p.plan.id, p.plan.name]));
  const knownPlans = [...new Set([...(live.plans ?? []).map((p) => p.plan.id), ...ops.map((o) => o.plan), ...(plan ? [plan] : [])])];
  const nameOf = (id: string) => planNames.get(id) ?? id;

  const groups: { day: string; ops: Op[] }[] = [];
  for (const op of shown) {
    const day = dayLabel(op.startedAt, now);
    const g = groups[groups.length - 1];
    if (g && g.day === day) g.ops.push(op);
    else groups.push({ day, ops: [op] });
  }
  const opened = shown.find((o) => o.id === openOp) ?? null;

  const list = (
    <div className="history-list">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <select aria-label="Filter by plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
          <option value="">All backups</option>
          {knownPlans.map((p) => (
            <option key={p} value={p}>
              {nameOf(p)}
            </option>
          ))}
        </select>
        <select aria-label="Filter by outcome" value={decision} onChange={(e) => setDecision(e.target.value as Decision | '')}>
          <option value="">Any outcome</option>
          {OUTCOME_FILTERS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
        <input aria-label="Search text" placeholder="Search reasons, errors…" value={text} onChange={(e) => setText(e.target.value)} className="grow" />
      </form>
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      {shown.length === 0 && !loading ? <p className="empty muted">{plan || decision || text ? 'Nothing matches.' : 'Nothing has run yet.'}</p> : null}
      {groups.map((g, i) => (
        // A day can come twice (an operation opened from a notification sits first): the key says which.
        <section key={`${g.day}-${i}`} aria-label={g.day}>
          <h2 className="section-title">{g.day}</h2>
          <ul className="plain history" aria-label={`operations of ${g.day}`}>
            {g.ops.map((op) => {
              const o = outcomeOf(op);
              const isOpen = openOp === op.id;
              return (
                <li key={op.id} className={`history-item${isOpen ? ' open' : ''}`}>
                  <button
                    type="button"
                    className="history-head"
                    aria-expanded={isOpen}
                    aria-label={`${formatWhen(op.startedAt, now)}, ${nameOf(op.plan)}, ${kindNoun(op.kind)}: ${o.word}${o.detail ? `, ${o.detail}` : ''}`}
                    onClick={() => {
                      setOpenOp(isOpen ? null : op.id);
                      setOpenRun(null);
                    }}
                  >
                    <span className="time muted small" title={formatWhen(op.startedAt, now)}>
                      {new Date(op.startedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
                    </span>
                    <span className="title plan-name">{nameOf(op.plan)}</span>
                    <span className="muted small">{kindNoun(op.kind)}</span>
                    <span className="grow" />
                    <span className={`outcome tone-${o.tone}`}>
                      <StatusIcon name={iconFor(o.word, o.tone)} tone={o.tone} /> {o.word}
                    </span>
                    <span className="muted small duration">{operationDuration(op, now)}</span>
                    {o.detail ? <span className="history-detail small">{o.detail}</span> : null}
                  </button>
                  {isOpen && !wide ? <OperationDetail op={op} openRun={openRun} setOpenRun={setOpenRun} now={now} /> : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {hasMore ? (
        <button type="button" className="more" disabled={loading} onClick={() => void load(ops[ops.length - 1]?.id)}>
          {loading ? 'Loading…' : 'Older'}
        </button>
      ) : null}
    </div>
  );

  if (!wide) {
    return (
      <div className="view" aria-label="History">
        {list}
      </div>
    );
  }
  return (
    <div className="view split" aria-label="History">
      {list}
      <section className="detail-pane" aria-label="details">
        {opened ? <OperationDetail op={opened} openRun={openRun} setOpenRun={setOpenRun} now={now} /> : <p className="muted empty">Choose an operation to see what happened.</p>}
      </section>
    </div>
  );
}

export function OperationDetail({ op, openRun, setOpenRun, now }: { op: Op; openRun: string | null; setOpenRun: (id: string | null) => void; now: number }) {
  const o = outcomeOf(op);
  const cmdRun = `cmd-${op.id}`;
  // The gate said no (or never answered): the wrapped command was not started.
  const commandRan = op.decision === 'proceed';
  return (
    <div className="history-body">
      <p className={`decision tone-${o.tone}`}>
        {o.word}
        {o.detail ? `: ${o.detail}` : ''}
      </p>
      <p className="muted small">
        {formatWhen(op.startedAt, now)}
        {op.endedAt ? ` – ${new Date(op.endedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}` : ' – still going'}
        {op.trigger !== 'unknown' ? ` · ${op.trigger}` : ''}
        {op.attempts > 1 ? ` · ${op.attempts} attempts` : ''}
        {op.repo && op.repo !== 'default' ? ` · to ${op.repo}` : ''}
      </p>
      {op.error && lastDiffers(op.error, o.detail) ? <pre className="error-text small">{op.error}</pre> : null}
      {op.command ? (
        <div>
          <button type="button" className="run-row" aria-expanded={openRun === cmdRun} onClick={() => setOpenRun(openRun === cmdRun ? null : cmdRun)}>
            <span className="run-name">Backup command</span>
            <code className="small command">{op.command.join(' ')}</code>
            {op.exitCode !== null ? <span className="muted small">exited {op.exitCode}</span> : null}
          </button>
          {openRun === cmdRun ? (
            commandRan ? (
              <TerminalView source={{ kind: 'log', runId: cmdRun }} rows={16} label={`log of ${op.command[0]}`} />
            ) : (
              <p className="muted small">The backup command never ran{op.status === 'skipped' ? ': the backup was skipped first' : ''}.</p>
            )
          ) : null}
        </div>
      ) : null}
      {op.hookRuns.length === 0 ? <p className="muted small">No hook ran.</p> : null}
      {op.hookRuns.map((r) => (
        <div key={r.id}>
          <RunRow run={r} open={openRun === r.id} onOpen={() => setOpenRun(openRun === r.id ? null : r.id)} />
          {openRun === r.id ? <TerminalView source={{ kind: 'log', runId: r.id }} rows={16} label={`log of ${r.hookName}`} /> : null}
        </div>
      ))}
      <p className="muted small">
        Took {formatDuration(Math.max(0, (op.endedAt ? Date.parse(op.endedAt) : now) - Date.parse(op.startedAt)))}
      </p>
    </div>
  );
}

function lastDiffers(error: string, shown: string): boolean {
  return error.trim() !== shown.trim() && error.includes('\n');
}
