// Test: runs the hook as it is in the editor, now, with simulated facts, outside any backup; shows
// its live output and the decision it would give.
import { useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../../electron/shared/api';
import { conditionShortName, type Condition } from '../../../electron/shared/conditions';
import { useApi } from '../api/ApiContext';
import { outcomeText } from '../format/describe';
import { Badge } from '../format/Badge';
import { useLiveStore } from '../live/useLive';
import { LazyTerminal as TerminalView } from '../terminal/LazyTerminal';

type TestResult = ApiResponse<'hooks.test'>;
type Tri = '' | 'yes' | 'no';

const DECISION_WORDS = { proceed: 'Would proceed', skip: 'Would skip', fail: 'Would fail', wait: 'Would wait and retry' } as const;
const DECISION_TONES = { proceed: 'ok', skip: 'muted', fail: 'bad', wait: 'warn' } as const;

const tri = (v: Tri): boolean | undefined => (v === '' ? undefined : v === 'yes');

export function TestPanel({ hook, hookName, conditions }: { hook: () => Record<string, unknown>; hookName: string; conditions: Condition[] }) {
  const api = useApi();
  const live = useLiveStore();
  const [battery, setBattery] = useState('');
  const [onAC, setOnAC] = useState<Tri>('');
  const [online, setOnline] = useState<Tri>('');
  const [metered, setMetered] = useState<Tri>('');
  const [ssid, setSsid] = useState('');
  const [errorText, setErrorText] = useState('');
  const [event, setEvent] = useState<Condition | ''>('');
  const [runId, setRunId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const offStart = useRef<(() => void) | null>(null);
  useEffect(() => () => offStart.current?.(), []);

  const chosen = event && conditions.includes(event) ? event : conditions[0];

  const test = async () => {
    setResult(null);
    setFailure(null);
    setRunId(null);
    setRunning(true);
    // The test run announces itself like any hook run (operation id `test-…`): show its output live.
    offStart.current?.();
    offStart.current = api.on('hookStart', (s) => {
      if (s.operationId.startsWith('test-') && s.hookName === hookName) setRunId(s.id);
    });
    const facts: Record<string, unknown> = {};
    if (battery.trim() !== '') facts.batteryPercent = Math.max(0, Math.min(100, Number(battery)));
    if (tri(onAC) !== undefined) facts.onAC = tri(onAC);
    if (tri(online) !== undefined) facts.online = tri(online);
    if (tri(metered) !== undefined) facts.metered = tri(metered);
    if (ssid.trim()) facts.wifiSSID = ssid.trim();
    try {
      const r = await api.call('hooks.test', {
        hook: hook(),
        ...(chosen ? { condition: chosen } : {}),
        simulate: facts,
        ...(errorText ? { error: errorText } : {}),
      });
      setResult(r);
      setRunId(r.run.id);
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setRunning(false);
      offStart.current?.();
      offStart.current = null;
    }
  };

  const triSelect = (label: string, v: Tri, set: (v: Tri) => void) => (
    <label>
      {label}{' '}
      <select aria-label={label} value={v} onChange={(e) => set(e.target.value as Tri)}>
        <option value="">real</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    </label>
  );

  return (
    <details className="panel" open={running || result !== null || undefined}>
      <summary>Test with simulated facts</summary>
      <div className="facts">
        <label>
          Battery %{' '}
          <input aria-label="Battery percent" inputMode="numeric" placeholder="real" value={battery} onChange={(e) => setBattery(e.target.value.replace(/[^0-9]/g, ''))} size={4} />
        </label>
        {triSelect('On AC', onAC, setOnAC)}
        {triSelect('Online', online, setOnline)}
        {triSelect('Metered', metered, setMetered)}
        <label>
          Wi-Fi{' '}
          <input aria-label="Wi-Fi SSID" placeholder="real" value={ssid} onChange={(e) => setSsid(e.target.value)} size={8} />
        </label>
        <label className="grow">
          Error text <input aria-label="Error text" placeholder="(none)" value={errorText} onChange={(e) => setErrorText(e.target.value)} />
        </label>
        {conditions.length > 1 ? (
          <label>
            Event{' '}
            <select aria-label="Test event" value={chosen} onChange={(e) => setEvent(e.target.value as Condition)}>
              {conditions.map((c) => (
                <option key={c} value={c}>
                  {conditionShortName(c)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="row gap">
        <button type="button" className="primary" disabled={running} onClick={() => void test()}>
          {running ? 'Testing…' : 'Test'}
        </button>
        <span className="muted small">Runs now; no backup is affected.</span>
      </div>
      {failure ? (
        <p className="tone-bad small" role="alert">
          {failure}
        </p>
      ) : null}
      {result ? (
        <p className={`decision tone-${DECISION_TONES[result.decision]}`} data-testid="test-decision" role="status">
          {DECISION_WORDS[result.decision]}: {result.reason} <Badge tone={outcomeText(result.run).tone}>{outcomeText(result.run).text}</Badge>
        </p>
      ) : null}
      {runId ? (
        <TerminalView
          key={runId}
          // The answer carries the output's tail too: shown when the live events did not reach this page.
          source={result && !live.hasTail(runId) ? { kind: 'text', runId, text: result.output.replace(/\r?\n/g, '\r\n') } : { kind: 'live', runId }}
          rows={8}
          label="test output"
        />
      ) : null}
    </details>
  );
}
