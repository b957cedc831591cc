// The editor's preview renders a script for a chosen event with sample data and given facts.
import { describe, expect, it } from 'vitest';
import { previewHookScript } from '../../../electron/core/engine/hookPreview';
import { UNKNOWN_FACTS } from '../../../electron/shared/systemFacts';

describe('previewHookScript', () => {
  it('renders the event, the plan and simulated facts', () => {
    const p = previewHookScript({
      script: '#!/bin/sh\necho {{ .EventName .Event }} {{ .Plan.Id }} {{ .System.Battery.Percent }}',
      condition: 'CONDITION_SNAPSHOT_START',
      facts: UNKNOWN_FACTS,
      simulate: { batteryPercent: 15 },
    });
    expect(p).toEqual({ text: '#!/bin/sh\necho snapshot start laptop 15', error: null });
  });

  it('error events get an error text; others none', () => {
    const script = '{{ if .Error }}fail: {{ .Error }}{{ else }}ok{{ end }}';
    expect(previewHookScript({ script, condition: 'CONDITION_SNAPSHOT_ERROR', facts: UNKNOWN_FACTS, error: 'disk full' }).text).toBe('fail: disk full');
    expect(previewHookScript({ script, condition: 'CONDITION_SNAPSHOT_SUCCESS', facts: UNKNOWN_FACTS }).text).toBe('ok');
  });

  it('reports a template error with its position instead of throwing', () => {
    const p = previewHookScript({ script: 'a\n{{ .Nope.Deeper }}', condition: 'CONDITION_SNAPSHOT_START', facts: UNKNOWN_FACTS });
    expect(p.text).toBeNull();
    expect(p.error?.message).toMatch(/Nope/);
    const q = previewHookScript({ script: 'a\n{{ if }}', condition: 'CONDITION_SNAPSHOT_START', facts: UNKNOWN_FACTS });
    expect(q.error).toMatchObject({ line: 2 });
  });
});
