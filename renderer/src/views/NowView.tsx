// Now: the latest operation at the top with its decision in plain words, its hook runs, and any
// hook running right now with its live output.
import { formatAgo, operationDuration, operationLine, operationTitle } from '../format/describe';
import { Badge } from '../format/Badge';
import { useLive, useNow } from '../live/useLive';
import { RunningHook } from './RunningHook';
import { RunRow } from './RunRow';

export function NowView({ onOpenRun }: { onOpenRun: (operationId: string, runId: string) => void }) {
  const live = useLive();
  const now = useNow(1000);
  const latest = live.operations[0];
  const earlier = live.operations.slice(1, 4);
  return (
    <div className="view" aria-label="Now">
      {live.hold ? (
        <p className="notice tone-warn" role="status">
          Backups are on hold {live.hold.until ? `until ${new Date(live.hold.until).toLocaleString()}` : 'until resumed'}.
        </p>
      ) : null}
      {live.running.filter((r) => !r.operationId.startsWith('test-')).map((r) => (
        <RunningHook key={r.id} run={r} />
      ))}
      {latest ? (
        <section className="card latest" aria-label="latest operation">
          <div className="row">
            <span className="title">{operationTitle(latest.op)}</span>
            <span className="grow" />
            <span className="muted small">{formatAgo(latest.op.startedAt, now)}</span>
          </div>
          <p className={`decision tone-${operationLine(latest.op).tone}`} data-testid="latest-decision">
            {operationLine(latest.op).text}
          </p>
          <p className="muted small">
            {latest.op.trigger !== 'unknown' ? `${latest.op.trigger} · ` : ''}
            {latest.op.attempts > 1 ? `attempt ${latest.op.attempts} · ` : ''}
            {operationDuration(latest.op, now)}
          </p>
          <div className="runs">
            {latest.runs.map((r) => (
              <RunRow key={r.id} run={r} onOpen={() => onOpenRun(r.operationId, r.id)} />
            ))}
          </div>
        </section>
      ) : (
        <div className="empty">
          <p>Nothing has run yet.</p>
          <p className="muted small">
            When your backup tool sends <code>hookgate signal snapshot-start</code> (or runs under <code>hookgate run</code>), its hooks and the decision appear here.
          </p>
        </div>
      )}
      {earlier.length ? (
        <section aria-label="earlier">
          <h2 className="section-title">Earlier</h2>
          <ul className="plain">
            {earlier.map((o) => {
              const l = operationLine(o.op);
              return (
                <li key={o.op.id} className="row">
                  <Badge tone={l.tone}>{l.text}</Badge>
                  <span className="grow" />
                  <span className="muted small">{formatAgo(o.op.startedAt, now)}</span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
