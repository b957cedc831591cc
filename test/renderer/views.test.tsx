// @vitest-environment jsdom
// The tray window's views against a fake window.hookgate: what a user sees and what each button asks.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import type { HookgateApi } from '../../electron/shared/api';
import { ApiContext } from '../../renderer/src/api/ApiContext';
import { LiveStore } from '../../renderer/src/live/liveStore';
import { LiveContext } from '../../renderer/src/live/useLive';
import { fakeApi, hookRun, noStatus, operation } from './fakeApi';

// xterm needs a real layout engine; its behaviour is covered by the browser tests.
vi.mock('../../renderer/src/terminal/TerminalView', () => ({
  TerminalView: ({ source, label }: { source: { kind: string; runId: string }; label: string }) => (
    <div role="log" aria-label={label} data-source={`${source.kind}:${source.runId}`} />
  ),
}));

const { NowView } = await import('../../renderer/src/views/NowView');
const { WaitingView } = await import('../../renderer/src/views/WaitingView');
const { HistoryView } = await import('../../renderer/src/views/HistoryView');
const { HookEditor } = await import('../../renderer/src/editor/HookEditor');
const { App } = await import('../../renderer/src/App');

afterEach(cleanup);

async function mount(api: HookgateApi, ui: ReactNode) {
  const store = new LiveStore(api);
  await store.load();
  render(
    <ApiContext.Provider value={api}>
      <LiveContext.Provider value={store}>{ui}</LiveContext.Provider>
    </ApiContext.Provider>,
  );
  return store;
}

describe('Now', () => {
  it('shows the latest decision in plain words with its hook runs', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [{ ...operation(), hookRuns: [hookRun(), hookRun({ id: 'run-2', hookName: 'notify', outcome: 'ok', exitCode: 0, reason: '', durationMs: 31, condition: 'CONDITION_SNAPSHOT_END' })] }], hasMore: false }),
    });
    const onOpenRun = vi.fn();
    await mount(api, <NowView onOpenRun={onOpenRun} />);
    expect(screen.getByTestId('latest-decision').textContent).toBe('Skipped: battery at 15 %');
    const latest = screen.getByRole('region', { name: 'latest operation' });
    expect(latest.textContent).toMatch(/snapshot · laptop → nas/);
    expect(latest.textContent).toMatch(/battery.*snapshot-start.*exited 1.*1\.0 s/);
    expect(latest.textContent).toMatch(/notify.*snapshot-end.*exited 0.*31 ms/);
    fireEvent.click(screen.getByRole('button', { name: 'battery: exited 1, open its log' }));
    expect(onOpenRun).toHaveBeenCalledWith('op-1', 'run-1');
  });

  it('a running hook appears live with its output, a countdown and Cancel, and leaves when it ends', async () => {
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [], hasMore: false }), 'hookRun.cancel': () => ({ cancelled: true }) });
    const store = await mount(api, <NowView onOpenRun={() => {}} />);
    expect(screen.getByText('Nothing has run yet.')).toBeTruthy();
    const start = { id: 'run-9', operationId: 'op-9', hookId: 'mount', hookName: 'mount', condition: 'CONDITION_SNAPSHOT_START' as const, attempt: 1, startedAt: new Date().toISOString(), timeoutSec: 90 };
    act(() => {
      api.emit('operation', operation({ id: 'op-9', status: 'gating', decision: null, reason: '', endedAt: null }));
      api.emit('hookStart', start);
    });
    const running = screen.getByRole('region', { name: 'mount is running' });
    expect(running.textContent).toMatch(/timeout in 1 min (29|30) s/);
    expect(within(running).getByRole('log').dataset.source).toBe('live:run-9');
    // Output is handed to whoever taps the run; a late tap gets the tail so far.
    act(() => api.emit('output', { runId: 'run-9', operationId: 'op-9', data: 'mounting…\r\n' }));
    const seen: string[] = [];
    const tap = store.tap('run-9', (d) => seen.push(d));
    expect(tap.tail).toBe('mounting…\r\n');
    act(() => api.emit('output', { runId: 'run-9', operationId: 'op-9', data: 'done\r\n' }));
    expect(seen).toEqual(['done\r\n']);
    fireEvent.click(within(running).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'hookRun.cancel' && (c.params as { runId: string }).runId === 'run-9')).toBe(true));
    act(() => {
      api.emit('hookEnd', hookRun({ id: 'run-9', operationId: 'op-9', hookName: 'mount', outcome: 'cancelled', exitCode: null, killedWith: 'SIGTERM', reason: '' }));
      api.emit('operation', operation({ id: 'op-9', status: 'skipped', reason: 'hook "mount" was cancelled' }));
    });
    expect(screen.queryByRole('region', { name: 'mount is running' })).toBeNull();
    expect(screen.getByTestId('latest-decision').textContent).toBe('Skipped: hook "mount" was cancelled');
    expect(screen.getByRole('region', { name: 'latest operation' }).textContent).toMatch(/cancelled \(stopped with SIGTERM\)/);
  });
});

describe('Waiting', () => {
  it('shows the next attempt and the last reason; Run now and Skip resolve the gate', async () => {
    const waiting = operation({ id: 'op-w', status: 'waiting', decision: 'wait', reason: 'offline', attempts: 2, nextAttemptAt: new Date(Date.now() + 125_000).toISOString(), endedAt: null });
    const api = fakeApi({
      status: () => ({ ...noStatus(), waiting: [{ operationId: 'op-w', operation: waiting }] }),
      'history.list': () => ({ operations: [], hasMore: false }),
      'waiting.resolve': () => ({ resolved: true }),
    });
    await mount(api, <WaitingView />);
    const gate = screen.getByRole('listitem', { name: 'waiting: snapshot · laptop → nas' });
    expect(gate.textContent).toMatch(/Waiting: offline/);
    expect(gate.textContent).toMatch(/Next attempt in 2 min \d+ s/);
    expect(gate.textContent).toMatch(/attempt 2/);
    fireEvent.click(within(gate).getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(api.calls.find((c) => c.method === 'waiting.resolve')?.params).toEqual({ operationId: 'op-w', action: 'run-now' }));
    act(() => api.emit('operation', { ...waiting, status: 'running', decision: 'proceed', reason: 'run now by user' }));
    expect(screen.getByText('No backup is waiting.')).toBeTruthy();
  });
});

describe('History', () => {
  it('pages with "Older operations" (no log read), filters, and opens a run\'s log only when asked', async () => {
    const page1 = Array.from({ length: 30 }, (_, i) => ({ ...operation({ id: `op-${100 - i}`, reason: `reason ${100 - i}` }), hookRuns: [hookRun({ id: `run-${100 - i}`, operationId: `op-${100 - i}` })] }));
    const page2 = [{ ...operation({ id: 'op-70', reason: 'the oldest' }), hookRuns: [] }];
    const api = fakeApi({
      status: noStatus,
      'history.list': (q) => (q.before ? { operations: page2, hasMore: false } : q.decision === 'fail' ? { operations: [], hasMore: false } : { operations: page1, hasMore: true }),
    });
    await mount(api, <HistoryView />);
    const list = await screen.findByRole('list', { name: 'operations' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(30));
    expect(api.calls.some((c) => c.method === 'history.log')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Older operations' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(31));
    expect(api.calls.filter((c) => c.method === 'history.list').at(-1)!.params).toMatchObject({ before: 'op-71', limit: 30 });
    expect(screen.queryByRole('button', { name: 'Older operations' })).toBeNull();

    fireEvent.click(within(list).getAllByRole('button')[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'battery: exited 1, open its log' }));
    expect(screen.getByRole('log', { name: 'log of battery' }).dataset.source).toBe('log:run-100');

    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by decision' }), { target: { value: 'fail' } });
    await waitFor(() => expect(screen.getByText('No operations match.')).toBeTruthy());
    expect(api.calls.filter((c) => c.method === 'history.list').at(-1)!.params).toEqual({ limit: 30, decision: 'fail' });
  });
});

describe('Hook editor', () => {
  it('shows parse errors and the lint at their lines as the script is typed, renders a preview, and saves', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'template.check': ({ script }) =>
        script.includes('{{ if }}')
          ? { errors: [{ line: 2, col: 7, message: 'template: hook:2: missing value for if' }], warnings: [], shell: true }
          : script.includes('.Error }}')
            ? { errors: [], warnings: [{ line: 2, col: 6, variable: '.Error', message: '.Error is an error message from outside, written into the shell script unquoted' }], shell: true }
            : { errors: [], warnings: [], shell: true },
      'template.preview': ({ condition }) => ({ text: `#!/bin/sh\necho ${condition}`, error: null }),
      'hooks.add': (p) => ({ ...(p.hook as object), id: 'new-1' }) as never,
    });
    const onDone = vi.fn();
    await mount(api, <HookEditor hook={null} onDone={onDone} />);
    const script = screen.getByRole('textbox', { name: 'Script' });
    const problems = screen.getByRole('list', { name: 'script problems' });
    fireEvent.change(script, { target: { value: '#!/bin/sh\n{{ if }}\n' } });
    await waitFor(() => expect(problems.textContent).toBe('Line 2: missing value for if'));
    fireEvent.change(script, { target: { value: '#!/bin/sh\necho {{ .Error }}\n' } });
    await waitFor(() => expect(problems.textContent).toMatch(/^Line 2: \.Error is an error message from outside/));
    expect(document.querySelector('.gutter .mark-warning')?.textContent).toBe('2');

    // Conditions come with their meanings; behaviours with theirs.
    expect(screen.getByRole('group', { name: 'Backup' }).textContent).toMatch(/snapshot-start — before a backup; its hooks decide whether it runs/);
    expect(screen.getByText(/skip the operation quietly and stop later hooks/)).toBeTruthy();

    fireEvent.click(screen.getByText('Preview'));
    fireEvent.click(screen.getByRole('button', { name: 'Render' }));
    await waitFor(() => expect(screen.getByLabelText('rendered script').textContent).toBe('#!/bin/sh\necho CONDITION_SNAPSHOT_START'));

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Name: give the hook a name.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'On AC' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.calls.find((c) => c.method === 'hooks.add')!.params).toMatchObject({ hook: { name: 'On AC', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL' } });
  });

  it('Test sends the simulated facts and shows the decision it would give', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'template.check': () => ({ errors: [], warnings: [], shell: true }),
      'hooks.test': () =>
        ({ run: hookRun({ id: 'test-run', operationId: 'test-1', reason: 'battery at 15 % (below 40 %)' }), decision: 'skip', reason: 'battery at 15 % (below 40 %)', output: 'battery at 15 % (below 40 %)\n' }) as never,
    });
    await mount(api, <HookEditor hook={null} onDone={() => {}} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Battery' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Battery percent' }), { target: { value: '15' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'On AC' }), { target: { value: 'no' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(screen.getByTestId('test-decision').textContent).toMatch(/^Would skip: battery at 15 % \(below 40 %\)/));
    expect(api.calls.find((c) => c.method === 'hooks.test')!.params).toMatchObject({ simulate: { batteryPercent: 15, onAC: false }, condition: 'CONDITION_SNAPSHOT_START' });
    // No live events reached this page: the answer's own output tail is shown.
    expect(screen.getByRole('log', { name: 'test output' }).dataset.source).toBe('text:test-run');
  });
});

describe('the window', () => {
  it('moves between views with the arrow keys and Alt+number, and opens #/history/<id> in History', async () => {
    window.location.hash = '#/history/op-1';
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [{ ...operation(), hookRuns: [hookRun()] }], hasMore: false }),
      'history.get': () => ({ ...operation(), hookRuns: [hookRun()] }),
      'hooks.list': () => ({ hooks: [], problems: [] }),
    });
    render(<App api={api} />);
    await waitFor(() => expect(screen.getByRole('tab', { name: /History/ }).getAttribute('aria-selected')).toBe('true'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'battery: exited 1, open its log' })).toBeTruthy());
    fireEvent.keyDown(screen.getByRole('tab', { name: /History/ }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: /Hooks/ }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /Hooks/ }));
    fireEvent.keyDown(window, { key: '1', altKey: true });
    expect(screen.getByRole('tab', { name: /Now/ }).getAttribute('aria-selected')).toBe('true');
    window.location.hash = '';
  });
});
