// "When it runs": a compact multi-select — the chosen events in words on one line, and when opened
// the conditions grouped by operation, each with what it means.
import { CONDITION_MEANINGS, CONDITIONS, conditionKind, conditionShortName, type Condition } from '../../../electron/shared/conditions';

const GROUPS: { title: string; kind: string | null }[] = [
  { title: 'Backup', kind: 'snapshot' },
  { title: 'Prune', kind: 'prune' },
  { title: 'Check', kind: 'check' },
  { title: 'Forget', kind: 'forget' },
  { title: 'Any operation', kind: null },
];

/** "before a backup, a backup failed" — the chosen conditions in words. */
export function conditionsInWords(value: Condition[]): string {
  if (!value.length) return 'never (pick at least one event)';
  return value.map((c) => CONDITION_MEANINGS[c].split(';')[0]!.replace(/ \(.*\)$/, '')).join(', ');
}

export function ConditionPicker({
  value,
  onChange,
  alsoAfterSkip,
  onAlsoAfterSkip,
}: {
  value: Condition[];
  onChange: (v: Condition[]) => void;
  alsoAfterSkip: boolean;
  onAlsoAfterSkip: (v: boolean) => void;
}) {
  const toggle = (c: Condition, on: boolean) => onChange(on ? CONDITIONS.filter((x) => x === c || value.includes(x)) : value.filter((x) => x !== c));
  const hasEnd = value.some((c) => c.endsWith('_END'));
  return (
    <div className="field">
      <span className="field-title" id="when-label">
        When it runs
      </span>
      <details className="multiselect">
        <summary aria-labelledby="when-label when-value">
          <span id="when-value">{conditionsInWords(value)}</span>
        </summary>
        <div className="multiselect-menu" role="group" aria-label="Events">
          {GROUPS.map((g) => (
            <div key={g.title} className="condition-group" role="group" aria-label={g.title}>
              <div className="group-title">{g.title}</div>
              {CONDITIONS.filter((c) => conditionKind(c) === g.kind).map((c) => (
                <label key={c} className="check" title={c}>
                  <input type="checkbox" checked={value.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
                  <span>
                    {CONDITION_MEANINGS[c].replace(/ \(.*\)$/, '')} <code className="muted small">{conditionShortName(c)}</code>
                  </span>
                </label>
              ))}
            </div>
          ))}
        </div>
      </details>
      {hasEnd ? (
        <label className="check small">
          <input type="checkbox" checked={alsoAfterSkip} onChange={(e) => onAlsoAfterSkip(e.target.checked)} />
          <span>
            Also after a skip <span className="muted">— for a cleanup such as an unmount; leave it off for a monitoring ping, so a skipped backup is never reported as a success</span>
          </span>
        </label>
      ) : null}
    </div>
  );
}
