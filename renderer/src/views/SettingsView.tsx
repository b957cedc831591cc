// Settings: hold/resume, notifications, start at login, theme, web access, import from Backrest.
import { useEffect, useState } from 'react';
import type { AppSettingsView, AppSettingsViewPatch } from '../../../electron/shared/api';
import { useApi } from '../api/ApiContext';
import { useLive } from '../live/useLive';
import { applyTheme, storedTheme, type ThemeChoice } from '../theme';
import { BackrestImport } from './BackrestImport';

function tomorrowMorning(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d.toISOString();
}

export function SettingsView() {
  const api = useApi();
  const live = useLive();
  const [app, setApp] = useState<AppSettingsView | null>(null);
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  const [web, setWeb] = useState<string | null>(null);
  const [loginUrl, setLoginUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.call('app.settings.get', {}).then(
      (r) => {
        setApp(r.settings);
        if (r.settings) setTheme(r.settings.theme);
      },
      () => setApp(null),
    );
    api.call('status', {}).then(
      (s) => setWeb(s.host.web),
      () => {},
    );
  }, [api]);

  const guard = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const patchApp = (patch: AppSettingsViewPatch) => guard(async () => setApp((await api.call('app.settings.set', { patch })).settings));
  const chooseTheme = (t: ThemeChoice) => {
    setTheme(t);
    applyTheme(t);
    if (app) void patchApp({ theme: t });
  };

  return (
    <div className="view settings" aria-label="Settings">
      {error ? <p className="notice tone-bad" role="alert">{error}</p> : null}
      <section>
        <h2 className="section-title">Hold backups</h2>
        {live.hold ? (
          <div className="row gap">
            <span className="grow tone-warn">On hold {live.hold.until ? `until ${new Date(live.hold.until).toLocaleString()}` : 'until resumed'}.</span>
            <button type="button" className="primary" onClick={() => void guard(() => api.call('hold.resume', {}))}>
              Resume
            </button>
          </div>
        ) : (
          <div className="row gap wrap">
            <span className="muted small grow">While held, every backup is skipped without running hooks.</span>
            <button type="button" onClick={() => void guard(() => api.call('hold.set', { until: new Date(Date.now() + 3600_000).toISOString() }))}>
              1 hour
            </button>
            <button type="button" onClick={() => void guard(() => api.call('hold.set', { until: tomorrowMorning() }))}>
              Until tomorrow
            </button>
            <button type="button" onClick={() => void guard(() => api.call('hold.set', { until: null }))}>
              Until resumed
            </button>
          </div>
        )}
      </section>

      <section>
        <h2 className="section-title">Notifications</h2>
        {app ? (
          <>
            {(
              [
                ['onFailure', 'When an operation fails'],
                ['onWaiting', 'When a backup waits for a retry'],
                ['onSkip', 'When a backup is skipped'],
              ] as const
            ).map(([k, label]) => (
              <label key={k} className="check">
                <input type="checkbox" checked={app.notifications[k]} onChange={(e) => void patchApp({ notifications: { [k]: e.target.checked } })} /> {label}
              </label>
            ))}
          </>
        ) : (
          <p className="muted small">Notifications and start at login belong to the tray app; this window is served by <code>hookgate daemon</code>.</p>
        )}
      </section>

      {app ? (
        <section>
          <h2 className="section-title">Start</h2>
          <label className="check">
            <input type="checkbox" checked={app.startAtLogin} onChange={(e) => void patchApp({ startAtLogin: e.target.checked })} /> Start Hookgate at login
          </label>
        </section>
      ) : null}

      <section>
        <h2 className="section-title">Theme</h2>
        <div className="row gap" role="radiogroup" aria-label="Theme">
          {(['system', 'light', 'dark'] as const).map((t) => (
            <label key={t} className="check">
              <input type="radio" name="theme" checked={theme === t} onChange={() => chooseTheme(t)} /> {t === 'system' ? 'Like the system' : t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </div>
      </section>

      <section>
        <h2 className="section-title">Web access</h2>
        {web ? (
          <>
            <p className="small">
              The UI is served on <code>{web}</code> (this computer only). A browser gets in with a one-time link.
            </p>
            <div className="row gap">
              <button type="button" onClick={() => void guard(async () => setLoginUrl((await api.call('web.loginUrl', {})).url))}>
                New login link
              </button>
              {loginUrl ? (
                <input readOnly aria-label="Login link" className="grow" value={loginUrl} onFocus={(e) => e.currentTarget.select()} />
              ) : null}
            </div>
          </>
        ) : (
          <p className="muted small">
            Off. Start <code>hookgate daemon --web</code> to use Hookgate from a browser on this computer.
          </p>
        )}
      </section>

      <BackrestImport />
    </div>
  );
}
