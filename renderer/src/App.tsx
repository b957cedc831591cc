// The tray window: six views behind a tab bar (arrow keys move between tabs, Alt+1…6 jump), the
// live store shared by all of them, and a banner when the host is gone. Leaving a view with unsaved
// edits asks first. The gallery is loaded when first opened.
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HookgateApi } from '../../electron/shared/api';
import { operationIdFromHash } from '../../electron/shared/windowApi';
import { ApiContext } from './api/ApiContext';
import type { HookDraft } from './editor/hookDraft';
import { UnsavedProvider, useUnsaved } from './editor/unsaved';
import { LiveStore } from './live/liveStore';
import { LiveContext, useLive } from './live/useLive';
import { useWide } from './live/useWide';
import { applyTheme, storedTheme } from './theme';
import { HistoryView, type HistoryFocus } from './views/HistoryView';
import { HooksView } from './views/HooksView';
import { NowView } from './views/NowView';
import { SettingsView } from './views/SettingsView';
import { WaitingView } from './views/WaitingView';

const GalleryView = lazy(() => import('./views/GalleryView').then((m) => ({ default: m.GalleryView })));

/** A connection that can be lost and made again (the browser's WebSocket; Electron's IPC is never lost). */
export interface HostConnection {
  onLost(listener: (why: string) => void): () => void;
  reconnect(): Promise<void>;
}

export const TABS = ['now', 'waiting', 'history', 'hooks', 'gallery', 'settings'] as const;
export type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { now: 'Now', waiting: 'Waiting', history: 'History', hooks: 'Hooks', gallery: 'Gallery', settings: 'Settings' };

export function App({ api, connection }: { api: HookgateApi; connection?: HostConnection }) {
  const store = useMemo(() => new LiveStore(api), [api]);
  const [lost, setLost] = useState<string | null>(null);
  useEffect(() => {
    applyTheme(storedTheme(), false);
    void store.load().catch((err: Error) => setLost(err.message));
    const off = connection?.onLost((why) => {
      setLost(why);
      store.setConnected(false);
    });
    return () => {
      off?.();
      store.dispose();
    };
  }, [store, connection]);
  const reconnect = async () => {
    if (!connection) return window.location.reload();
    await connection.reconnect();
    setLost(null);
    store.setConnected(true);
    await store.load();
  };
  return (
    <ApiContext.Provider value={api}>
      <LiveContext.Provider value={store}>
        <UnsavedProvider>
          <Shell lost={lost} onReconnect={reconnect} />
        </UnsavedProvider>
      </LiveContext.Provider>
    </ApiContext.Provider>
  );
}

/** "the connection to Hookgate was lost" → "The connection to Hookgate was lost." */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return 'Hookgate cannot be reached.';
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

function LostBanner({ why, onReconnect }: { why: string; onReconnect: () => Promise<void> }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  return (
    <div className="banner tone-bad" role="alert">
      <div className="grow">
        <strong>{sentence(why)}</strong>
        <div className="small">{state.error ? `Reconnecting failed: ${state.error}` : 'What you see below may be out of date.'}</div>
      </div>
      <button
        type="button"
        disabled={state.busy}
        onClick={() => {
          setState({ busy: true, error: null });
          onReconnect().then(
            () => setState({ busy: false, error: null }),
            (err: Error) => setState({ busy: false, error: err.message }),
          );
        }}
      >
        {state.busy ? 'Reconnecting…' : 'Reconnect'}
      </button>
    </div>
  );
}

function initialFocus(): HistoryFocus | null {
  const id = operationIdFromHash(window.location.hash);
  return id ? { operationId: id } : null;
}

function Shell({ lost, onReconnect }: { lost: string | null; onReconnect: () => Promise<void> }) {
  const [focus, setFocus] = useState<HistoryFocus | null>(initialFocus);
  const [tab, setTabNow] = useState<Tab>(focus ? 'history' : 'now');
  const [editHook, setEditHook] = useState<string | null>(null);
  const [nowShown, setNowShown] = useState(tab === 'now');
  if (tab === 'now' && !nowShown) setNowShown(true);
  const [draft, setDraft] = useState<HookDraft | null>(null);
  const live = useLive();
  const wide = useWide();
  const unsaved = useUnsaved();
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const current = useRef(tab);
  current.current = tab;
  // Another tab replaces the open view: unsaved edits there are asked about first.
  const setTab = (t: Tab) => {
    if (t === current.current) return;
    unsaved.confirmLeave(() => setTabNow(t));
  };

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
    <div className={`app${lost ? ' stale' : ''}`}>
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
      {lost ? <LostBanner why={lost} onReconnect={onReconnect} /> : null}
      {/* Now stays mounted once shown, hidden while another tab is open: coming back to it is a
          repaint, not a rebuild — its live terminals keep their screens (making one again costs a
          tenth of a second, and going back to Now is the most common click). */}
      {nowShown ? (
        <main className="panel-body" role="tabpanel" id="panel-now" aria-labelledby="tab-now" hidden={tab !== 'now'}>
          <NowView
            onOpenRun={(operationId, runId) => {
              setFocus({ operationId, runId });
              setTab('history');
            }}
            onOpenPlan={(plan) => {
              setFocus({ operationId: '', plan });
              setTab('history');
            }}
            wide={wide}
          />
        </main>
      ) : null}
      {tab !== 'now' ? (
        <main className="panel-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'waiting' ? <WaitingView /> : null}
          {tab === 'history' ? <HistoryView focus={focus} wide={wide} /> : null}
          {tab === 'hooks' ? (
            <HooksView
              editId={editHook}
              draft={draft}
              onEditDone={() => {
                setEditHook(null);
                setDraft(null);
              }}
            />
          ) : null}
          {tab === 'gallery' ? (
            <Suspense fallback={<p className="view muted">Loading the gallery…</p>}>
              <GalleryView
                onDraft={(d) => {
                  setDraft(d);
                  setTabNow('hooks');
                }}
              />
            </Suspense>
          ) : null}
          {tab === 'settings' ? <SettingsView /> : null}
        </main>
      ) : null}
    </div>
  );
}
