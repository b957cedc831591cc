// A hook that runs now: its live output, a countdown to its timeout, and Cancel.
import { useState } from 'react';
import { conditionShortName } from '../../../electron/shared/conditions';
import { useApi } from '../api/ApiContext';
import { formatIn } from '../format/describe';
import type { HookStart } from '../live/liveStore';
import { useNow } from '../live/useLive';
import { LazyTerminal as TerminalView } from '../terminal/LazyTerminal';

export function RunningHook({ run }: { run: HookStart }) {
  const api = useApi();
  const now = useNow(500);
  const [cancelling, setCancelling] = useState(false);
  const left = Date.parse(run.startedAt) + run.timeoutSec * 1000 - now;
  return (
    <section className="running" aria-label={`${run.hookName} is running`}>
      <header className="row">
        <span className="spinner" aria-hidden />
        <strong>{run.hookName}</strong>
        <span className="muted small">{conditionShortName(run.condition)}</span>
        <span className="run-actions">
          <span className="muted small" title={`timeout ${run.timeoutSec} s`} aria-live="off">
            {left > 0 ? `timeout ${formatIn(left)}` : 'timing out…'}
          </span>
          <button
            type="button"
            className="danger"
            disabled={cancelling}
            onClick={() => {
              setCancelling(true);
              void api.call('hookRun.cancel', { runId: run.id }).catch(() => setCancelling(false));
            }}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </span>
      </header>
      <TerminalView source={{ kind: 'live', runId: run.id }} rows={10} label={`output of ${run.hookName}`} />
    </section>
  );
}
