// Waiting: gates that wait for a retry, with the next attempt, the last reason, Run now and Skip.
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { formatIn, operationTitle } from '../format/describe';
import { useLive, useNow } from '../live/useLive';

export function WaitingView() {
  const live = useLive();
  const api = useApi();
  const now = useNow(1000);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (operationId: string, action: 'run-now' | 'skip') => {
    setBusy(operationId);
    setError(null);
    try {
      const r = await api.call('waiting.resolve', { operationId, action });
      if (!r.resolved) setError('That gate was no longer waiting.');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="view" aria-label="Waiting">
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      {live.waiting.length === 0 ? (
        <div className="empty">
          <p>No backup is waiting.</p>
          <p className="muted small">A hook with a retry behaviour makes its backup wait here; you can run it now or skip it.</p>
        </div>
      ) : (
        <ul className="plain">
          {live.waiting.map((op) => (
            <li key={op.id} className="card" aria-label={`waiting: ${operationTitle(op)}`}>
              <div className="row">
                <span className="title">{operationTitle(op)}</span>
                <span className="grow" />
                <span className="muted small">attempt {op.attempts}</span>
              </div>
              <p className="decision tone-warn">Waiting: {op.reason || 'a hook asked to retry'}</p>
              <p className="muted small">
                {op.nextAttemptAt ? `Next attempt ${formatIn(Date.parse(op.nextAttemptAt) - now)} (${new Date(op.nextAttemptAt).toLocaleTimeString()})` : 'Next attempt when a fact changes'}
              </p>
              <div className="row gap">
                <button type="button" className="primary" disabled={busy === op.id} onClick={() => void resolve(op.id, 'run-now')}>
                  Run now
                </button>
                <button type="button" disabled={busy === op.id} onClick={() => void resolve(op.id, 'skip')}>
                  Skip
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
