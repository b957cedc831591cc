// Conditions grouped by operation, each with what it means in a line.
import { CONDITION_MEANINGS, CONDITIONS, conditionKind, conditionShortName, type Condition } from '../../../electron/shared/conditions';

const GROUPS: { title: string; kind: string | null }[] = [
  { title: 'Backup', kind: 'snapshot' },
  { title: 'Prune', kind: 'prune' },
  { title: 'Check', kind: 'check' },
  { title: 'Forget', kind: 'forget' },
  { title: 'Any operation', kind: null },
];

export function ConditionPicker({
  value,
  onChange,
  alsoAfterSkip = false,
  onAlsoAfterSkip,
}: {
  value: Condition[];
  onChange: (v: Condition[]) => void;
  /** An END hook that also runs after a skipped backup (opt-in, as Backrest never fires END after a cancelled START). */
  alsoAfterSkip?: boolean;
  onAlsoAfterSkip?: (on: boolean) => void;
}) {
  const toggle = (c: Condition, on: boolean) => onChange(on ? CONDITIONS.filter((x) => x === c || value.includes(x)) : value.filter((x) => x !== c));
  return (
    <fieldset className="conditions">
      <legend>When it runs</legend>
      {GROUPS.map((g) => (
        <div key={g.title} className="condition-group" role="group" aria-label={g.title}>
          <div className="group-title">{g.title}</div>
          {CONDITIONS.filter((c) => conditionKind(c) === g.kind).map((c) => (
            <label key={c} className="check" title={c}>
              <input type="checkbox" checked={value.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
              <span>
                <code>{conditionShortName(c)}</code> <span className="muted small">— {CONDITION_MEANINGS[c]}</span>
              </span>
            </label>
          ))}
          {g.kind === 'snapshot' && onAlsoAfterSkip && value.includes('CONDITION_SNAPSHOT_END') ? (
            <label className="check indent" title="Also run this snapshot-end hook when the backup was skipped or held (e.g. to unmount a disk); leave off for monitoring pings">
              <input type="checkbox" checked={alsoAfterSkip} onChange={(e) => onAlsoAfterSkip(e.target.checked)} /> <span>also after a skip</span>
            </label>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}
