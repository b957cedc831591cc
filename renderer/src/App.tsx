// The tray window: six views behind a tab bar (arrow keys move between tabs, Alt+1…6 jump), the
// live store shared by all of them, and a banner when the host is gone.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HookgateApi } from '../../electron/shared/api';
import { operationIdFromHash } from '../../electron/shared/windowApi';
import { ApiContext } from './api/ApiContext';
import { LiveStore } from './live/liveStore';
import { LiveContext, useLive } from './live/useLive';
import { applyTheme, storedTheme } from './theme';
import { GalleryView } from './views/GalleryView';
import { HistoryView, type HistoryFocus } from './views/HistoryView';
import { HooksView } from './views/HooksView';
import { NowView } from './views/NowView';
import { SettingsView } from './views/SettingsView';
import { WaitingView } from './views/WaitingView';

export const TABS = ['now', 'waiting', 'history', 'hooks', 'gallery', 'settings'] as const;
export type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { now: 'Now', waiting: 'Waiting', history: 'History', hooks: 'Hooks', gallery: 'Gallery', settings: 'Settings' };

export function App({ api, onConnectionLost }: { api: HookgateApi; onConnectionLost?: (l: (why: string) => void) => void }) {
  const store = useMemo(() => new LiveStore(api), [api]);
  const [lost, setLost] = useState<string | null>(null);
  useEffect(() => {
    applyTheme(storedTheme(), false);
    void store.load().catch((err: Error) => setLost(err.message));
    onConnectionLost?.((why) => {
      setLost(why);
      store.setConnected(false);
    });
    return () => store.dispose();
  }, [store, onConnectionLost]);
  return (
    <ApiContext.Provider value={api}>
      <LiveContext.Provider value={store}>
        <Shell lost={lost} />
      </LiveContext.Provider>
    </ApiContext.Provider>
  );
}

function initialFocus(): HistoryFocus | null {
  const id = operationIdFromHash(window.location.hash);
  return id ? { operationId: id } : null;
}

function Shell({ lost }: { lost: string | null }) {
  const [focus, setFocus] = useState<HistoryFocus | null>(initialFocus);
  const [tab, setTab] = useState<Tab>(focus ? 'history' : 'now');
  const [editHook, setEditHook] = useState<string | null>(null);
  const live = useLive();
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    // The tray app opens the window at #/history/<id> (a notification's click).
    const onHash = () => {
      const f = initialFocus();
      if (f) {
        setFocus(f);
        setTab('history');
      }
    };
    window.addEventListener('hashchange', onHash);
    const onKey = (e: globalThis.KeyboardEvent) => {
      const n = Number(e.key);
      if (e.altKey && n >= 1 && n <= TABS.length) {
        e.preventDefault();
        setTab(TABS[n - 1]!);
        tabRefs.current[TABS[n - 1]!]?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]!);
    tabRefs.current[TABS[next]!]?.focus();
  };

  const running = live.running.filter((r) => !r.operationId.startsWith('test-')).length;
  const counts: Partial<Record<Tab, number>> = { now: running, waiting: live.waiting.length };

  return (
    <div className="app">
      <nav className="tabs" role="tablist" aria-label="Hookgate">
        {TABS.map((t, i) => (
          <button
            key={t}
            ref={(el) => {
              tabRefs.current[t] = el;
            }}
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            title={`${TAB_LABELS[t]} (Alt+${i + 1})`}
            onClick={() => setTab(t)}
            onKeyDown={onTabKey}
          >
            {TAB_LABELS[t]}
            {counts[t] ? <span className="count">{counts[t]}</span> : null}
          </button>
        ))}
      </nav>
      {lost ? (
        <p className="notice tone-bad banner" role="alert">
          {lost}. <button type="button" className="link" onClick={() => window.location.reload()}>Reconnect</button>
        </p>
      ) : null}
      <main className="panel-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'now' ? (
          <NowView
            onOpenRun={(operationId, runId) => {
              setFocus({ operationId, runId });
              setTab('history');
            }}
          />
        ) : null}
        {tab === 'waiting' ? <WaitingView /> : null}
        {tab === 'history' ? <HistoryView focus={focus} /> : null}
        {tab === 'hooks' ? <HooksView editId={editHook} onEditDone={() => setEditHook(null)} /> : null}
        {tab === 'gallery' ? (
          <GalleryView
            onAdded={(id) => {
              setEditHook(id);
              setTab('hooks');
            }}
          />
        ) : null}
        {tab === 'settings' ? <SettingsView /> : null}
      </main>
    </div>
  );
}
