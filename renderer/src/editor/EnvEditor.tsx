// The hook's own environment variables, one row each.
export function EnvEditor({ value, onChange }: { value: { name: string; value: string }[]; onChange: (v: { name: string; value: string }[]) => void }) {
  const set = (i: number, patch: Partial<{ name: string; value: string }>) => onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="env">
      <legend>Environment variables</legend>
      {value.map((r, i) => (
        <div key={i} className="row gap">
          <input aria-label={`variable ${i + 1} name`} placeholder="NAME" value={r.name} onChange={(e) => set(i, { name: e.target.value })} size={12} />
          <input aria-label={`variable ${i + 1} value`} placeholder="value" value={r.value} onChange={(e) => set(i, { value: e.target.value })} className="grow" />
          <button type="button" aria-label={`remove variable ${r.name || i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => onChange([...value, { name: '', value: '' }])}>
        + Add a variable
      </button>
    </fieldset>
  );
}
