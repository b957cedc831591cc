// @vitest-environment jsdom
// Gallery and Settings against a fake window.hookgate.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import type { HookgateApi } from '../../electron/shared/api';
import type { GalleryItem } from '../../electron/shared/gallery';
import { ApiContext } from '../../renderer/src/api/ApiContext';
import { LiveStore } from '../../renderer/src/live/liveStore';
import { LiveContext } from '../../renderer/src/live/useLive';
import { GalleryView } from '../../renderer/src/views/GalleryView';
import { SettingsView } from '../../renderer/src/views/SettingsView';
import { fakeApi, noStatus } from './fakeApi';

afterEach(cleanup);

async function mount(api: HookgateApi, ui: ReactNode) {
  const store = new LiveStore(api);
  await store.load();
  render(
    <ApiContext.Provider value={api}>
      <LiveContext.Provider value={store}>{ui}</LiveContext.Provider>
    </ApiContext.Provider>,
  );
}

const item = (over: Partial<GalleryItem>): GalleryItem => ({
  id: 'ac', name: 'On AC power', description: 'Skips the backup on battery power.', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL',
  timeoutSec: 30, guard: true, flavour: 'posix', script: '#!/bin/sh\n', params: [], ...over,
});
const hook = (id: string, name: string) => ({ id, name, enabled: true, conditions: ['CONDITION_SNAPSHOT_START'], scope: { plans: [], repos: [] }, script: '', onError: 'ON_ERROR_CANCEL' as const, timeoutSec: 30, warnExitCodes: [], env: {}, cwd: null, guard: false, alsoAfterSkip: false });

describe('Gallery', () => {
  it('adding opens an unsaved draft (required settings asked first); nothing is saved; an added item says so', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'hooks.list': () => ({ hooks: [{ ...hook('ac-power', 'AC'), gallery: 'ac' } as never], problems: [] }),
      'gallery.list': () => ({
        platform: 'linux',
        items: [item({}), item({ id: 'healthchecks', name: 'healthchecks', description: 'Pings healthchecks.io when a backup ends.', params: [{ name: 'HC_URL', label: 'Ping URL', description: 'e.g. https://hc-ping.com/uuid', default: '', required: true, kind: 'url' }] })],
      }),
    });
    const onDraft = vi.fn();
    await mount(api, <GalleryView onDraft={onDraft} />);
    const ac = await screen.findByRole('listitem', { name: 'On AC power' });
    expect(ac.textContent).toMatch(/Skips the backup on battery power\./);
    await waitFor(() => expect(within(ac).getByText('added')).toBeTruthy());
    fireEvent.click(within(ac).getByRole('button', { name: 'Add another On AC power' }));
    expect(onDraft).toHaveBeenCalledTimes(1);
    // The item's short name, as the CLI names it; "AC" is taken (names are unique in any case), so "ac 2".
    expect(onDraft.mock.calls[0]![0]).toMatchObject({ id: null, name: 'ac 2', gallery: 'ac', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', guard: true });

    const hc = screen.getByRole('listitem', { name: 'healthchecks' });
    fireEvent.click(within(hc).getByRole('button', { name: 'Add healthchecks' }));
    expect(onDraft).toHaveBeenCalledTimes(1);
    fireEvent.change(within(hc).getByRole('textbox', { name: 'Ping URL' }), { target: { value: ' https://hc-ping.com/abc ' } });
    fireEvent.click(within(hc).getByRole('button', { name: 'Continue in the editor' }));
    expect(onDraft.mock.calls[1]![0]).toMatchObject({ name: 'healthchecks', env: [{ name: 'HC_URL', value: 'https://hc-ping.com/abc' }] });
    // A draft: nothing reached the config.
    expect(api.calls.some((c) => c.method === 'gallery.add' || c.method === 'hooks.add')).toBe(false);
  });
});

describe('Settings', () => {
  it('holds and resumes; without the tray app, says notifications belong to it', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'app.settings.get': () => ({ settings: null }),
      'hold.set': ({ until }) => ({ hold: { since: new Date().toISOString(), until: until ?? null } }),
    });
    await mount(api, <SettingsView />);
    expect(await screen.findByText(/belong to the tray app/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '1 hour' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'hold.set')).toBe(true));
    const until = Date.parse((api.calls.find((c) => c.method === 'hold.set')!.params as { until: string }).until);
    expect(Math.abs(until - (Date.now() + 3600_000))).toBeLessThan(5000);
  });

  it('shows and changes the tray app\'s settings when the shell lends them', async () => {
    let settings = { notifications: { onFailure: true, onWaiting: true, onSkip: false, staleAfterDays: null }, startAtLogin: false, theme: 'system' as 'system' | 'light' | 'dark' };
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'app.settings.get': () => ({ settings }),
      'app.settings.set': ({ patch }) => ({ settings: (settings = { ...settings, ...patch, notifications: { ...settings.notifications, ...patch.notifications } } as typeof settings) }),
    });
    await mount(api, <SettingsView />);
    const skip = await screen.findByRole('checkbox', { name: /When a backup is skipped/ });
    fireEvent.click(skip);
    await waitFor(() => expect(settings.notifications.onSkip).toBe(true));
    fireEvent.click(screen.getByRole('checkbox', { name: /Start Hookgate at login/ }));
    await waitFor(() => expect(settings.startAtLogin).toBe(true));
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(settings.theme).toBe('dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('imports from Backrest: file, preview of what would be imported and skipped, confirm', async () => {
    const api = fakeApi({
      status: noStatus,
      'history.list': () => ({ operations: [], hasMore: false }),
      'app.settings.get': () => ({ settings: null }),
      'config.importBackrest': ({ apply }) => ({ imported: [hook('mount', 'plan documents: snapshot-start')], skipped: [{ where: 'repos[0].hooks[1] (repo "b2")', why: 'a Discord message' }], applied: apply }),
    });
    await mount(api, <SettingsView />);
    const file = new File([JSON.stringify({ repos: [], plans: [] })], 'config.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Backrest config.json'), { target: { files: [file] } });
    const preview = await screen.findByRole('region', { name: 'import preview' });
    expect(preview.textContent).toMatch(/From config\.json: 1 hook to import, 1 skipped\./);
    expect(preview.textContent).toMatch(/Skipped repos\[0\]\.hooks\[1\] \(repo "b2"\): a Discord message/);
    expect(api.calls.find((c) => c.method === 'config.importBackrest')!.params).toEqual({ config: { repos: [], plans: [] }, apply: false });
    fireEvent.click(within(preview).getByRole('button', { name: 'Import 1' }));
    expect(await screen.findByText(/Imported 1 hook\. They are in Hooks\./)).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'config.importBackrest').at(-1)!.params).toMatchObject({ apply: true });
  });
});
