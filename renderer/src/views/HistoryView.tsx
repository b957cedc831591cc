// History: operations newest first, one page at a time (no log is read until a run is opened),
// filtered by plan, decision and text; an operation opens its hook runs, a run its full log.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import { DECISIONS, type Decision } from '../../../electron/shared/history';
import { useApi } from '../api/ApiContext';
import { formatAgo, operationDuration, operationLine, operationTitle } from '../format/describe';
import { Badge } from '../format/Badge';
import { useLive, useNow } from '../live/useLive';
import { TerminalView } from '../terminal/TerminalView';
import { RunRow } from './RunRow';

type Op = ApiResponse<'history.list'>['operations'][number];
const PAGE = 30;

export interface HistoryFocus {
  operationId: string;
  runId?: string;
}

export function HistoryView({ focus }: { focus?: HistoryFocus | null }) {
  const api = useApi();
  const live = useLive();
  const now = useNow(30_000);
  const [plan, setPlan] = useState('');
  const [decision, setDecision] = useState<Decision | ''>('');
  const [text, setText] = useState('');
  const [ops, setOps] = useState<Op[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openOp, setOpenOp] = useState<string | null>(focus?.operationId ?? null);
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
          ...(plan.trim() ? { plan: plan.trim() } : {}),
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
    setOpenOp(focus.operationId);
    setOpenRun(focus.runId ?? null);
    api.call('history.get', { operationId: focus.operationId }).then(setFocused, () => setFocused(null));
  }, [api, focus]);
  const shown = focused && !ops.some((o) => o.id === focused.id) ? [focused, ...ops] : ops;

  return (
    <div className="view" aria-label="History">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="Filter by plan" placeholder="Plan" value={plan} onChange={(e) => setPlan(e.target.value)} size={8} />
        <select aria-label="Filter by decision" value={decision} onChange={(e) => setDecision(e.target.value as Decision | '')}>
          <option value="">Any decision</option>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <input aria-label="Search text" placeholder="Search reasons, errors…" value={text} onChange={(e) => setText(e.target.value)} className="grow" />
      </form>
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      {shown.length === 0 && !loading ? <p className="empty muted">No operations{plan || decision || text ? ' match' : ' yet'}.</p> : null}
      <ul className="plain history" aria-label="operations">
        {shown.map((op) => {
          const l = operationLine(op);
          const isOpen = openOp === op.id;
          return (
            <li key={op.id} className={`history-item${isOpen ? ' open' : ''}`}>
              <button
                type="button"
                className="history-head"
                aria-expanded={isOpen}
                onClick={() => {
                  setOpenOp(isOpen ? null : op.id);
                  setOpenRun(null);
                }}
              >
                <span className="title">{operationTitle(op)}</span>
                <span className="grow" />
                <span className="muted small">
                  {formatAgo(op.startedAt, now)} · {operationDuration(op, now)}
                </span>
                <Badge tone={l.tone}>{l.text}</Badge>
              </button>
              {isOpen ? (
                <div className="history-body">
                  {op.task ? <p className="muted small">{op.task}</p> : null}
                  {op.error ? <p className="small tone-bad">Error: {op.error}</p> : null}
                  {op.hookRuns.length === 0 ? <p className="muted small">No hook ran.</p> : null}
                  {op.hookRuns.map((r) => (
                    <div key={r.id}>
                      <RunRow run={r} open={openRun === r.id} onOpen={() => setOpenRun(openRun === r.id ? null : r.id)} />
                      {openRun === r.id ? <TerminalView source={{ kind: 'log', runId: r.id }} rows={16} label={`log of ${r.hookName}`} /> : null}
                    </div>
                  ))}
                  {op.command ? (
                    <div>
                      <button type="button" className="link" onClick={() => setOpenRun(openRun === `cmd-${op.id}` ? null : `cmd-${op.id}`)}>
                        Output of <code>{op.command.join(' ')}</code>
                      </button>
                      {openRun === `cmd-${op.id}` ? <TerminalView source={{ kind: 'log', runId: `cmd-${op.id}` }} rows={16} label="log of the command" /> : null}
                    </div>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <button type="button" className="more" disabled={loading} onClick={() => void load(ops[ops.length - 1]?.id)}>
          {loading ? 'Loading…' : 'Older operations'}
        </button>
      ) : null}
    </div>
  );
}
