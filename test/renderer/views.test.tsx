// @vitest-environment jsdom
// The tray window's views against a fake window.hookgate: what a user sees and what each button asks.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import type { HookgateApi } from '../../electron/shared/api';
import { ApiContext } from '../../renderer/src/api/ApiContext';
import { LiveStore } from '../../renderer/src/live/liveStore';
import { LiveContext } from '../../renderer/src/live/useLive';
import { fakeApi, hookRun, noStatus, operation, planSummary } from './fakeApi';

// xterm and CodeMirror need a real layout engine; they are covered by the browser tests.
vi.mock('../../renderer/src/terminal/LazyTerminal', () => ({
  LazyTerminal: ({ source, label }: { source: { kind: string; runId: string }; label: string }) => (
    <div role="log" aria-label={label} data-source={`${source.kind}:${source.runId}`} />
  ),
}));
vi.mock('../../renderer/src/editor/ScriptEditor', () => ({
  ScriptEditor: ({ value, onChange, label, problems }: { value: string; onChange: (v: string) => void; label: string; problems: { line: number; severity: string }[] }) => (
    <div>
      <textarea aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />
      <ul aria-label="marks">
        {problems.map((p, i) => (
          <li key={i}>{`${p.severity}@${p.line}`}</li>
        ))}
      </ul>
    </div>
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

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('Now: one row per plan', () => {
  it('says for each backup whether it ran and why not, with its last success and next run', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'plans.list': () => ({
        plans: [
          planSummary('laptop', { plan: { ...planSummary('laptop').plan, name: 'Laptop to NAS', tool: 'borgmatic' }, status: 'skipped', reason: 'battery at 15 %', lastSuccess: { operationId: 'op-0', at: ago(3 * 3600_000), snapshotId: 'abc', dataAdded: 1000 } }),
          planSummary('b2', { status: 'failed', reason: 'restic: repository is locked', nextRun: { at: new Date(Date.now() + 3600_000).toISOString(), source: 'restic-b2.timer' } }),
          planSummary('photos', { status: 'never-run', reason: '' }),
        ],
        problems: [],
      }),
    });
    await mount(api, <NowView onOpenRun={() => {}} />);
    const list = await screen.findByRole('list', { name: 'backups' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Laptop to NAS: Skipped', 'b2: Failed', 'photos: Never run']);
    expect(rows[0]!.textContent).toMatch(/battery at 15 %/);
    expect(rows[0]!.textContent).toMatch(/last success 3 h ago/);
    // The absolute time is there on hover and focus.
    expect(within(rows[0]!).getByText(/last success 3 h ago/).getAttribute('title')).toMatch(/Today|Yesterday|\d{4}/);
    expect(rows[1]!.textContent).toMatch(/restic: repository is locked/);
    expect(rows[1]!.textContent).toMatch(/next run in (59 min|1 h)/);
    expect(rows[2]!.textContent).toMatch(/no success yet/);
    // Nothing about hook counts.
    expect(list.textContent).not.toMatch(/hooks passed/);
  });

  it('shows a running backup live: its hook, then the backup command’s own output', async () => {
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [], hasMore: false }), 'plans.list': () => ({ plans: [planSummary('laptop', { status: 'backed-up', reason: '' })], problems: [] }) });
    await mount(api, <NowView onOpenRun={() => {}} />);
    await screen.findByRole('list', { name: 'backups' });
    const start = { id: 'run-9', operationId: 'op-9', hookId: 'mount', hookName: 'mount', condition: 'CONDITION_SNAPSHOT_START' as const, attempt: 1, startedAt: new Date().toISOString(), timeoutSec: 90 };
    act(() => {
      api.emit('operation', operation({ id: 'op-9', plan: 'laptop', status: 'gating', decision: null, reason: '', endedAt: null, command: ['restic', 'backup', '/home'] }));
      api.emit('hookStart', start);
    });
    const row = screen.getByRole('listitem', { name: 'laptop: Running' });
    const hook = within(row).getByRole('region', { name: 'mount is running' });
    expect(within(hook).getByRole('log').dataset.source).toBe('live:run-9');
    act(() => {
      api.emit('hookEnd', hookRun({ id: 'run-9', operationId: 'op-9', hookName: 'mount', outcome: 'ok', exitCode: 0, reason: 'mounted' }));
      api.emit('operation', operation({ id: 'op-9', plan: 'laptop', status: 'running', decision: 'proceed', reason: 'mounted', endedAt: null, command: ['restic', 'backup', '/home'] }));
    });
    const cmd = within(screen.getByRole('listitem', { name: 'laptop: Running' })).getByRole('region', { name: 'restic is running' });
    expect(cmd.textContent).toMatch(/restic backup \/home/);
    expect(within(cmd).getByRole('log').dataset.source).toBe('live:cmd-op-9');
  });

  it('a waiting backup says which hook holds it, when it tries again and gives up; Run now says what it ignores', async () => {
    const waiting = operation({ id: 'op-w', plan: 'laptop', status: 'waiting', decision: 'wait', reason: 'not on AC power', attempts: 2, nextAttemptAt: new Date(Date.now() + 125_000).toISOString(), endedAt: null, ...({ waitingOn: 'ac-power', waitUntil: new Date(Date.now() + 1800_000).toISOString() } as object) });
    const api = fakeApi({
      status: () => ({ ...noStatus(), waiting: [{ operationId: 'op-w', operation: waiting }] }),
      'history.list': () => ({ operations: [{ ...waiting, hookRuns: [] }], hasMore: false }),
      'plans.list': () => ({ plans: [planSummary('laptop', { status: 'waiting', reason: 'not on AC power' })], problems: [] }),
      'waiting.resolve': () => ({ resolved: true }),
    });
    await mount(api, <NowView onOpenRun={() => {}} />);
    const row = await screen.findByRole('listitem', { name: 'laptop: Waiting' });
    expect(row.textContent).toMatch(/Held back by the hook ac-power/);
    expect(row.textContent).toMatch(/Next try in 2 min \d+ s/);
    expect(row.textContent).toMatch(/gives up (Today|Yesterday|.*\d{4})/);
    const runNow = within(row).getByRole('button', { name: 'Run the backup now, ignoring “not on AC power”' });
    fireEvent.click(runNow);
    await waitFor(() => expect(api.calls.find((c) => c.method === 'waiting.resolve')?.params).toEqual({ operationId: 'op-w', action: 'run-now' }));
  });

  it('with no plans yet says no backups are connected; the newest decision is announced politely', async () => {
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [], hasMore: false }), 'plans.list': () => ({ plans: [], problems: [] }) });
    await mount(api, <NowView onOpenRun={() => {}} />);
    expect(await screen.findByText('No backups connected yet')).toBeTruthy();
    const live = screen.getByTestId('announce');
    expect(live.getAttribute('aria-live')).toBe('polite');
    act(() => api.emit('operation', operation({ id: 'op-5', plan: 'laptop', status: 'skipped', reason: 'battery at 15 %' })));
    expect(live.textContent).toBe('laptop: Skipped, battery at 15 %');
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
    fireEvent.click(within(gate).getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(api.calls.find((c) => c.method === 'waiting.resolve')?.params).toEqual({ operationId: 'op-w', action: 'run-now' }));
    act(() => api.emit('operation', { ...waiting, status: 'running', decision: 'proceed', reason: 'run now by user' }));
    expect(screen.getByText('No backup is waiting.')).toBeTruthy();
  });
});

describe('History', () => {
  it('groups by day with times, names plan, kind, outcome and duration, pages, and filters by a known plan', async () => {
    const day = 86_400_000;
    const page1 = Array.from({ length: 30 }, (_, i) => ({
      ...operation({ id: `op-${100 - i}`, plan: i % 2 ? 'laptop' : 'photos', reason: `reason ${100 - i}`, startedAt: ago(i < 2 ? 60_000 : 3 * day), endedAt: ago(i < 2 ? 30_000 : 3 * day - 30_000) }),
      hookRuns: [hookRun({ id: `run-${100 - i}`, operationId: `op-${100 - i}` })],
    }));
    const page2 = [{ ...operation({ id: 'op-70', reason: 'the oldest', status: 'error', decision: 'proceed', error: 'Fatal: repository is locked' }), hookRuns: [] }];
    const api = fakeApi({
      status: noStatus,
      'plans.list': () => ({ plans: [planSummary('laptop', { plan: { ...planSummary('laptop').plan, name: 'Laptop' } }), planSummary('photos')], problems: [] }),
      'history.list': (q) => (q.before ? { operations: page2, hasMore: false } : q.plan === 'laptop' ? { operations: page1.filter((o) => o.plan === 'laptop'), hasMore: false } : { operations: page1, hasMore: true }),
    });
    await mount(api, <HistoryView />);
    const today = await screen.findByRole('list', { name: 'operations of Today' });
    expect(within(today).getAllByRole('listitem')).toHaveLength(2);
    const first = within(today).getAllByRole('button')[0]!;
    expect(first.getAttribute('aria-label')).toMatch(/^Today \d\d:\d\d( [AP]M)?, photos, backup: Skipped, reason 100$/);
    expect(first.textContent).toMatch(/30 s/);
    expect(screen.getAllByRole('heading').map((h) => h.textContent)).toContain('Today');
    expect(api.calls.some((c) => c.method === 'history.log')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(screen.getByText('Fatal: repository is locked')).toBeTruthy());

    // The plan filter is a choice of the known plans, by their names.
    const planFilter = screen.getByRole('combobox', { name: 'Filter by plan' });
    expect(within(planFilter).getAllByRole('option').map((o) => o.textContent)).toEqual(['All backups', 'Laptop', 'photos']);
    fireEvent.change(planFilter, { target: { value: 'laptop' } });
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'history.list').at(-1)!.params).toEqual({ limit: 30, plan: 'laptop' }));
  });

  it('an operation’s detail opens each hook’s log on demand, and says the backup command never ran after a skip', async () => {
    const op = { ...operation({ id: 'op-1', command: ['restic', 'backup', '/home'] }), hookRuns: [hookRun()] };
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [op], hasMore: false }) });
    await mount(api, <HistoryView />);
    fireEvent.click(await screen.findByRole('button', { name: /laptop, backup: Skipped/ }));
    fireEvent.click(screen.getByRole('button', { name: 'battery: exited 1, open its log' }));
    expect(screen.getByRole('log', { name: 'log of battery' }).dataset.source).toBe('log:run-1');
    fireEvent.click(screen.getByRole('button', { name: /Backup command/ }));
    expect(screen.getByText(/The backup command never ran: the backup was skipped first\./)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/cmd-op-|history\.log/);
  });
});

describe('Hook editor', () => {
  const checks = ({ script }: { script: string }) =>
    script.includes('{{ if }}')
      ? { errors: [{ line: 2, col: 7, message: 'template: hook:2: missing value for if' }], warnings: [], shell: true }
      : script.includes('.Error }}')
        ? { errors: [], warnings: [{ line: 2, col: 6, variable: '.Error', message: '.Error is an error message from outside, written into the shell script unquoted' }], shell: true }
        : { errors: [], warnings: [], shell: true };

  it('orders name, when, behaviour, script beside its live preview; marks problems at their line; keeps the rest under Advanced; saves', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'template.check': checks,
      'template.preview': ({ condition }) => ({ text: `#!/bin/sh\necho ${condition}`, error: null }),
      'hooks.add': (p) => ({ ...(p.hook as object), id: 'new-1' }) as never,
    });
    const onDone = vi.fn();
    await mount(api, <HookEditor hook={null} onDone={onDone} />);
    expect(screen.getByRole('heading', { name: 'New hook' })).toBeTruthy();
    const script = screen.getByRole('textbox', { name: 'Script' });
    const problems = screen.getByRole('list', { name: 'script problems' });
    fireEvent.change(script, { target: { value: '#!/bin/sh\n{{ if }}\n' } });
    await waitFor(() => expect(problems.textContent).toBe('Line 2: missing value for if'));
    fireEvent.change(script, { target: { value: '#!/bin/sh\necho {{ .Error }}\n' } });
    await waitFor(() => expect(problems.textContent).toMatch(/^Line 2: \.Error is an error message from outside/));
    expect(screen.getByRole('list', { name: 'marks' }).textContent).toBe('warning@2');

    // "When it runs" is one compact line until opened; the groups name each event's meaning.
    expect(screen.getByText('before a backup')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Backup' }).textContent).toMatch(/before a backup; its hooks decide whether it runs/);
    // The behaviour is one choice with its meaning below.
    expect((screen.getByRole('combobox', { name: 'If it fails' }) as HTMLSelectElement).value).toBe('ON_ERROR_CANCEL');
    expect(screen.getByText(/skip the operation quietly and stop later hooks/)).toBeTruthy();
    // The preview follows the script without a click.
    await waitFor(() => expect(screen.getByLabelText('rendered script').textContent).toBe('#!/bin/sh\necho CONDITION_SNAPSHOT_START'));
    // Timeout, codes, environment, folder, scope and guard are under Advanced.
    const advanced = screen.getByText('Advanced').closest('details')!;
    expect(within(advanced).getByRole('textbox', { name: 'Timeout in seconds' })).toBeTruthy();
    expect(within(advanced).getByRole('textbox', { name: 'Plans' })).toBeTruthy();
    expect(within(advanced).getByRole('textbox', { name: 'Working folder' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Name: give the hook a name.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'On AC' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.calls.find((c) => c.method === 'hooks.add')!.params).toMatchObject({ hook: { name: 'On AC', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', cwd: null, guard: false } });
  });

  it('an END hook can opt in to run after a skip too', async () => {
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [], hasMore: false }), 'template.check': checks, 'template.preview': () => ({ text: '', error: null }), 'hooks.add': (p) => ({ ...(p.hook as object), id: 'n' }) as never });
    await mount(api, <HookEditor hook={null} onDone={() => {}} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'unmount' } });
    expect(screen.queryByRole('checkbox', { name: /Also after a skip/ })).toBeNull();
    fireEvent.click(within(screen.getByRole('group', { name: 'Backup' })).getByRole('checkbox', { name: /after a backup ran, whatever its result/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Also after a skip/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.find((c) => c.method === 'hooks.add')!.params).toMatchObject({ hook: { alsoAfterSkip: true, conditions: ['CONDITION_SNAPSHOT_START', 'CONDITION_SNAPSHOT_END'] } }));
  });

  it('Test sends the simulated facts and shows the decision it would give', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'template.check': () => ({ errors: [], warnings: [], shell: true }),
      'template.preview': () => ({ text: '', error: null }),
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
    expect(screen.getByRole('log', { name: 'test output' }).dataset.source).toBe('text:test-run');
  });
});

const battery = { id: 'battery', name: 'battery', enabled: true, conditions: ['CONDITION_SNAPSHOT_START'], scope: { plans: ['nas', 'media'], repos: [] }, script: '#!/bin/sh\nexit 0\n', onError: 'ON_ERROR_CANCEL' as const, timeoutSec: 30, warnExitCodes: [], env: {}, cwd: null, guard: false, alsoAfterSkip: false };

describe('the window', () => {
  it('moves between views with the arrow keys and Alt+number, and opens #/history/<id> in History', async () => {
    window.location.hash = '#/history/op-1';
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [{ ...operation(), hookRuns: [hookRun()] }], hasMore: false }),
      'history.get': () => ({ ...operation(), hookRuns: [hookRun()] }),
      'hooks.list': () => ({ hooks: [], problems: [] }),
      'plans.list': () => ({ plans: [], problems: [] }),
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

  it('the hooks list says each hook’s scope and behaviour in words; remove is apart and can be undone', async () => {
    let hooks = [battery];
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'plans.list': () => ({ plans: [], problems: [] }),
      'hooks.list': () => ({ hooks, problems: [] }),
      'hooks.remove': () => {
        hooks = [];
        return { ok: true as const };
      },
      'hooks.add': (p) => {
        hooks = [p.hook as typeof battery];
        return p.hook as never;
      },
      'hooks.move': () => ({ hooks, problems: [] }),
    });
    render(<App api={api} />);
    fireEvent.click(screen.getByRole('tab', { name: /Hooks/ }));
    const item = await screen.findByRole('button', { name: 'Edit battery' });
    expect(item.textContent).toMatch(/only nas, media · skips the backup when it fails/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove battery' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Edit battery' })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit battery' })).toBeTruthy());
    expect(api.calls.find((c) => c.method === 'hooks.add')!.params).toMatchObject({ hook: { id: 'battery', name: 'battery' } });
  });

  it('never drops unsaved edits: another tab asks to save, discard or keep editing', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'plans.list': () => ({ plans: [], problems: [] }),
      'hooks.list': () => ({ hooks: [battery], problems: [] }),
      'template.check': () => ({ errors: [], warnings: [], shell: true }),
      'template.preview': () => ({ text: '', error: null }),
      'hooks.edit': ({ patch }) => ({ ...battery, ...(patch as object) }) as never,
    });
    render(<App api={api} />);
    fireEvent.click(screen.getByRole('tab', { name: /Hooks/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit battery' }));
    expect(await screen.findByRole('heading', { name: 'Editing battery' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'battery 40' } });
    fireEvent.click(screen.getByRole('tab', { name: /Now/ }));
    const ask = screen.getByRole('alertdialog', { name: 'Unsaved changes' });
    expect(ask.textContent).toMatch(/You have changed the hook "battery"/);
    fireEvent.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(screen.getByRole('tab', { name: /Hooks/ }).getAttribute('aria-selected')).toBe('true');
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('battery 40');
    fireEvent.click(screen.getByRole('tab', { name: /Now/ }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: /Now/ }).getAttribute('aria-selected')).toBe('true'));
    expect(api.calls.find((c) => c.method === 'hooks.edit')!.params).toMatchObject({ id: 'battery', patch: { name: 'battery 40' } });
  });

  it('a lost host shows a banner, dims the page, and Reconnect reconnects without reloading', async () => {
    const api = fakeApi({ status: noStatus, 'history.list': () => ({ operations: [], hasMore: false }), 'plans.list': () => ({ plans: [], problems: [] }), 'plans.discover': () => ({ found: [], problems: [] }) });
    let lose: (why: string) => void = () => {};
    const reconnect = vi.fn(async () => {});
    render(<App api={api} connection={{ onLost: (l) => ((lose = l), () => {}), reconnect }} />);
    await screen.findByText('No backups connected yet');
    act(() => lose('the connection to Hookgate was lost'));
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toMatch(/^The connection to Hookgate was lost\./);
    expect(document.querySelector('.app.stale')).toBeTruthy();
    fireEvent.click(within(banner).getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(reconnect).toHaveBeenCalled());
    await waitFor(() => expect(document.querySelector('.app.stale')).toBeNull());
  });
});
