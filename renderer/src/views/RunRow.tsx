// One hook run of an operation: name, event, outcome, exit code and duration; opens its log.
import type { HookRunRecord } from '../../../electron/shared/history';
import { conditionShortName } from '../../../electron/shared/conditions';
import { formatDuration, outcomeText } from '../format/describe';
import { Badge } from '../format/Badge';

export function RunRow({ run, onOpen, open }: { run: HookRunRecord; onOpen?: () => void; open?: boolean }) {
  const o = outcomeText(run);
  const body = (
    <>
      <span className="run-name">{run.hookName}</span>
      <span className="muted small">{conditionShortName(run.condition as never)}</span>
      <Badge tone={o.tone}>{o.text}</Badge>
      <span className="muted small">{formatDuration(run.durationMs)}</span>
      {run.reason ? <span className="run-reason">{run.reason}</span> : null}
    </>
  );
  return onOpen ? (
    <button type="button" className="run-row" onClick={onOpen} aria-expanded={open} aria-label={`${run.hookName}: ${o.text}, open its log`}>
      {body}
    </button>
  ) : (
    <div className="run-row">{body}</div>
  );
}
