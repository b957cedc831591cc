// What a failure of the hook does: one choice, with its meaning in a line below.
import { ERROR_BEHAVIOUR_MEANINGS, ERROR_BEHAVIOURS, type ErrorBehaviour } from '../../../electron/shared/conditions';
import { BEHAVIOUR_CHOICES } from '../format/describe';

export function BehaviourPicker({ value, onChange }: { value: ErrorBehaviour; onChange: (v: ErrorBehaviour) => void }) {
  return (
    <label className="field">
      <span className="field-title">If it fails</span>
      <select aria-label="If it fails" value={value} onChange={(e) => onChange(e.target.value as ErrorBehaviour)} aria-describedby="behaviour-meaning">
        {ERROR_BEHAVIOURS.map((b) => (
          <option key={b} value={b}>
            {BEHAVIOUR_CHOICES[b]}
          </option>
        ))}
      </select>
      <span id="behaviour-meaning" className="muted small">
        {ERROR_BEHAVIOUR_MEANINGS[value]}
      </span>
    </label>
  );
}
