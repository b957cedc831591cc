// Now: one row per plan — did each backup run, and if not, why. A status word and icon, the reason
// in plain words, the last success, the next expected run; a running backup shows the hook or the
// backup command live; a waiting one which hook holds it, the next attempt, when waiting gives up,
// and Run now / Skip. The newest decision is announced to screen readers.
import { useEffect, useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import type { OperationRecord } from '../../../electron/shared/history';
import type { PlanSummary } from '../../../electron/shared/plans';
import { useApi } from '../api/ApiContext';
import { formatAgo, formatBytes, formatDuration, formatIn, formatWhen, kindNoun, outcomeOf, plainReason, PLAN_STATUS, type Tone } from '../format/describe';
import { iconFor, StatusIcon } from '../format/StatusIcon';
import type { HookStart } from '../live/liveStore';
import { useLive, useNow } from '../live/useLive';
import { RunningHook } from './RunningHook';
import { LazyTerminal } from '../terminal/LazyTerminal';
import { DiscoveredPlans } from './DiscoveredPlans';
import { OperationDetail } from './HistoryView';

export interface NowViewProps {
  onOpenRun: (operationId: string, runId: string) => void;
  /** Opens History on a plan's operations. */
  onOpenPlan?: (planId: string) => void;
  /** A wide window: the plans on the left, the chosen plan's runs on the right. */
  wide?: boolean;
}

/** The newest decision in words, for the polite live region. */
function announcement(op: OperationRecord | undefined, names: Map<string, string>): string {
  if (!op || op.status === 'gating') return '';
  const o = outcomeOf(op);
  return `${names.get(op.plan) ?? op.plan}: ${o.word}${o.detail ? `, ${o.detail}` : ''}`;
}

export function NowView({ onOpenRun, onOpenPlan, wide = false }: NowViewProps) {
  const live = useLive();
  const now = useNow(1000);
  const [chosen, setChosen] = useState<string | null>(null);
  const plans = live.plans;
  const names = new Map((plans ?? []).map((p) => [p.plan.id, p.plan.name]));
  // A test run from the editor is not a backup.
  const running = live.running.filter((r) => !r.operationId.startsWith('test-'));
  const newestOp = live.operations[0]?.op;

  const selected = wide && plans?.length ? (plans.find((p) => p.plan.id === chosen) ?? plans[0]!) : null;

  return (
    <div className={`view now${selected ? ' split' : ''}`} aria-label="Now">
      <div className="now-list">
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announce">
        {announcement(newestOp, names)}
      </p>
      {live.hold ? (
        <p className="notice tone-warn" role="status">
          Backups are on hold {live.hold.until ? `until ${formatWhen(live.hold.until, now)}` : 'until you resume them'}: every backup that starts is skipped.
        </p>
      ) : null}
      {live.plansError && !plans ? (
        <p className="notice tone-bad" role="alert">
          The backups could not be listed: {live.plansError}
        </p>
      ) : null}
      {plans === null && !live.plansError ? <p className="muted">Loading your backups…</p> : null}
      {plans && plans.length === 0 ? <EmptyState /> : null}
      {plans && plans.length ? (
        <ul className="plain plans" aria-label="backups">
          {plans.map((p) => {
            const ops = live.operations.filter((o) => o.op.plan === p.plan.id);
            return (
              <PlanRow
                key={p.plan.id}
                summary={p}
                latest={ops[0]?.op ?? null}
                running={running.filter((r) => ops.some((o) => o.op.id === r.operationId))}
                now={now}
                onOpenRun={onOpenRun}
                onOpenPlan={onOpenPlan}
                selected={selected ? selected.plan.id === p.plan.id : null}
                onSelect={() => setChosen(p.plan.id)}
              />
            );
          })}
        </ul>
      ) : null}
      {plans && plans.length ? <FindMore /> : null}
      {/* Hooks of an operation no plan row shows yet (its plan is being created) still show live. */}
      {running
        .filter((r) => !plans?.some((p) => live.operations.some((o) => o.op.id === r.operationId && o.op.plan === p.plan.id)))
        .map((r) => (
          <RunningHook key={r.id} run={r} />
        ))}
      </div>
      {selected ? <PlanDetail summary={selected} now={now} /> : null}
    </div>
  );
}

type Op = ApiResponse<'history.list'>['operations'][number];

/** A wide window's right side: the chosen plan's latest runs, the newest opened. */
function PlanDetail({ summary, now }: { summary: PlanSummary; now: number }) {
  const api = useApi();
  const live = useLive();
  const [ops, setOps] = useState<Op[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const newest = live.operations.find((o) => o.op.plan === summary.plan.id);
  const key = newest ? `${newest.op.id}:${newest.op.status}:${newest.runs.length}` : '';
  useEffect(() => {
    let gone = false;
    api.call('history.list', { plan: summary.plan.id, limit: 8 }).then(
      (r) => !gone && setOps(r.operations),
      () => !gone && setOps([]),
    );
    return () => {
      gone = true;
    };
  }, [api, summary.plan.id, key]);
  const shown = ops?.find((o) => o.id === open) ?? ops?.[0] ?? null;
  return (
    <section className="detail-pane" aria-label={`${summary.plan.name}: latest runs`}>
      <h2 className="pane-title">{summary.plan.name}</h2>
      {summary.plan.source ? <p className="muted small">{summary.plan.source.description}</p> : null}
      {ops === null ? <p className="muted">Loading…</p> : ops.length === 0 ? <p className="muted">It has not run yet.</p> : null}
      {ops?.length ? (
        <ul className="plain runs-mini" aria-label="latest runs">
          {ops.map((o) => {
            const out = outcomeOf(o);
            return (
              <li key={o.id}>
                <button type="button" className={`run-row${shown?.id === o.id ? ' current' : ''}`} aria-current={shown?.id === o.id} onClick={() => setOpen(o.id)}>
                  <span className="muted small">{formatWhen(o.startedAt, now)}</span>
                  <span className={`tone-${out.tone}`}>{out.word}</span>
                  {out.detail ? <span className="run-reason">{out.detail}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {shown ? <OperationDetail op={shown} openRun={openRun} setOpenRun={setOpenRun} now={now} /> : null}
      {summary.hooks.length ? <p className="muted small">Hooks that apply: {summary.hooks.map((h) => h.name).join(', ')}</p> : <p className="muted small">No hook applies to it: it always runs.</p>}
    </section>
  );
}

/** The status a row shows: the host's summary, unless the live events already know better. */
function rowStatus(summary: PlanSummary, latest: OperationRecord | null): { word: string; tone: Tone; reason: string } {
  const s = PLAN_STATUS[summary.status] ?? { word: summary.status, tone: 'muted' as Tone };
  if (latest && (latest.status === 'gating' || latest.status === 'running') && summary.status !== 'running') {
    return { word: 'Running', tone: 'busy', reason: latest.status === 'gating' ? 'checking its hooks' : summary.reason };
  }
  if (latest && latest.status === 'waiting' && summary.status !== 'waiting') return { word: 'Waiting', tone: 'warn', reason: outcomeOf(latest).detail };
  if (summary.status === 'backed-up') {
    // "last success …" says when; the reason says what it made, where known.
    const made = [summary.lastSuccess?.snapshotId ? `snapshot ${summary.lastSuccess.snapshotId.slice(0, 8)}` : '', typeof summary.lastSuccess?.dataAdded === 'number' ? `${formatBytes(summary.lastSuccess.dataAdded)} added` : '']
      .filter(Boolean)
      .join(' · ');
    return { word: s.word, tone: s.tone, reason: made };
  }
  return { word: s.word, tone: s.tone, reason: plainReason(summary.reason, s.word) };
}

function PlanRow({
  summary,
  latest,
  running,
  now,
  onOpenRun,
  onOpenPlan,
  selected,
  onSelect,
}: {
  summary: PlanSummary;
  latest: OperationRecord | null;
  running: HookStart[];
  now: number;
  onOpenRun: NowViewProps['onOpenRun'];
  onOpenPlan: NowViewProps['onOpenPlan'];
  /** In a wide window, whether its detail is the one shown (null: no detail pane). */
  selected: boolean | null;
  onSelect: () => void;
}) {
  const { plan, lastSuccess, nextRun } = summary;
  const st = rowStatus(summary, latest);
  const busy = latest && (latest.status === 'gating' || latest.status === 'running' || latest.status === 'waiting');
  return (
    <li className={`card plan-row tone-border-${st.tone}`} aria-label={`${plan.name}: ${st.word}`}>
      <div className="row">
        <StatusIcon name={iconFor(st.word, st.tone)} tone={st.tone} />
        {selected === null ? (
          <span className="title grow">{plan.name}</span>
        ) : (
          <button type="button" className="title grow plan-select" aria-pressed={selected} onClick={onSelect}>
            {plan.name}
          </button>
        )}
        <span className={`status-word tone-${st.tone}`}>{st.word}</span>
      </div>
      {st.reason ? <p className="reason">{st.reason}</p> : null}
      <p className="muted small meta">
        {lastSuccess ? (
          <span tabIndex={0} title={formatWhen(lastSuccess.at, now)} aria-label={`last success ${formatWhen(lastSuccess.at, now)}`}>
            last success {formatAgo(lastSuccess.at, now)}
          </span>
        ) : (
          <span>no success yet</span>
        )}
        {nextRun ? (
          <>
            {' · '}
            <span tabIndex={0} title={`${formatWhen(nextRun.at, now)} (${nextRun.source})`}>
              next run {Date.parse(nextRun.at) > now ? formatIn(Date.parse(nextRun.at) - now) : 'due'}
            </span>
          </>
        ) : null}
        {plan.tool !== 'other' ? ` · ${plan.tool}` : ''}
        {onOpenPlan ? (
          <button type="button" className="link small history-link" onClick={() => onOpenPlan(plan.id)} aria-label={`History of ${plan.name}`}>
            History
          </button>
        ) : null}
      </p>
      {busy && latest ? <LiveOperation op={latest} running={running} now={now} /> : null}
      {!busy && latest && (latest.status === 'failed' || latest.status === 'error') && latest.command ? (
        <button type="button" className="link small left" onClick={() => onOpenRun(latest.id, `cmd-${latest.id}`)}>
          See what {latest.command[0]} printed
        </button>
      ) : null}
    </li>
  );
}

/** A backup under way: elapsed time, the hook or the backup command live; a waiting gate's choices. */
function LiveOperation({ op, running, now }: { op: OperationRecord; running: HookStart[]; now: number }) {
  const elapsed = formatDuration(Math.max(0, now - Date.parse(op.startedAt)));
  if (op.status === 'waiting') return <WaitingGate op={op} now={now} />;
  return (
    <div className="live-op">
      <p className="small">
        {op.status === 'gating' ? 'Checking its hooks' : `The ${kindNoun(op.kind)} is running`} · {elapsed}
      </p>
      {running.map((r) => (
        <RunningHook key={r.id} run={r} />
      ))}
      {op.status === 'running' && op.command && !running.length ? (
        <section className="running" aria-label={`${op.command[0]} is running`}>
          <header className="row">
            <span className="spinner" aria-hidden />
            <code className="grow command">{op.command.join(' ')}</code>
          </header>
          <LazyTerminal source={{ kind: 'live', runId: `cmd-${op.id}` }} rows={8} label={`output of ${op.command[0]}`} />
        </section>
      ) : null}
      {op.status === 'running' && !op.command ? <p className="muted small">The backup tool runs it; Hookgate hears when it ends.</p> : null}
    </div>
  );
}

function WaitingGate({ op, now }: { op: OperationRecord; now: number }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const extra = op as OperationRecord & { waitingOn?: string; waitUntil?: string };
  const reason = outcomeOf(op).detail || 'a hook asked to wait';
  const resolve = async (action: 'run-now' | 'skip') => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('waiting.resolve', { operationId: op.id, action });
      if (!r.resolved) setError('It was no longer waiting.');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const runNow = `Run the ${kindNoun(op.kind)} now, ignoring “${reason}”`;
  return (
    <div className="waiting-gate">
      <p className="small">
        {extra.waitingOn ? (
          <>
            Held back by the hook <strong>{extra.waitingOn}</strong>.{' '}
          </>
        ) : null}
        {op.nextAttemptAt ? `Next try ${formatIn(Date.parse(op.nextAttemptAt) - now)}` : 'Next try when the battery, power or network changes'}
        {extra.waitUntil ? ` · gives up ${formatWhen(extra.waitUntil, now)}` : ''}
      </p>
      {error ? (
        <p className="tone-bad small" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row gap wrap">
        <button type="button" className="primary" disabled={busy} onClick={() => void resolve('run-now')} title={runNow} aria-label={runNow}>
          Run now
        </button>
        <button type="button" disabled={busy} onClick={() => void resolve('skip')} aria-label={`Skip this ${kindNoun(op.kind)}`}>
          Skip
        </button>
      </div>
      <p className="muted small">Run now ignores “{reason}” this once.</p>
    </div>
  );
}

/** Below the board: the backups on this machine that are not connected yet, found when asked. */
function FindMore() {
  const [open, setOpen] = useState(false);
  return (
    <details className="panel find-more" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Find backups on this laptop</summary>
      <DiscoveredPlans open={open} />
    </details>
  );
}

function EmptyState() {
  return (
    <div className="empty">
      <p className="empty-title">No backups connected yet</p>
      <p className="muted small">
        When a backup tool tells Hookgate that a backup starts (<code>hookgate signal snapshot-start</code>, or <code>hookgate run -- restic backup …</code>), it shows up here.
      </p>
      <DiscoveredPlans />
    </div>
  );
}
