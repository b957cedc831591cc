// What a failure of the hook does, each choice explained in a line.
import { ERROR_BEHAVIOUR_MEANINGS, ERROR_BEHAVIOURS, errorBehaviourShortName, type ErrorBehaviour } from '../../../electron/shared/conditions';

export function BehaviourPicker({ value, onChange }: { value: ErrorBehaviour; onChange: (v: ErrorBehaviour) => void }) {
  return (
    <fieldset className="behaviours">
      <legend>If it fails</legend>
      {ERROR_BEHAVIOURS.map((b) => (
        <label key={b} className="check" title={b}>
          <input type="radio" name="onError" checked={value === b} onChange={() => onChange(b)} />
          <span>
            <strong>{errorBehaviourShortName(b)}</strong> <span className="muted small">— {ERROR_BEHAVIOUR_MEANINGS[b]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
