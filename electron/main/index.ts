// The tray app's main process, kept small (KopiaUI's way): one instance, the engine host (the same
// one `hookgate daemon` runs), and the shell around it — tray, window, notifications, IPC.
import path from 'node:path';
import * as electron from 'electron';
import { hookgateHome, hookgatePaths } from '../core/paths';
import { HostAlreadyRunningError, startHost, type RunningHost } from '../core/host';
import { ptyLoadProblem } from '../core/runner/ptyModule';
import { APP_ID } from './appIdentity';
import { startedAtLogin } from './loginItem';
import { AppSettingsStore, appSettingsForApi, openElectronStore } from './settingsStore';
import { followPowerEvents } from './powerEvents';
import { Shell } from './shell';
import {
  decideTrayAvailability,
  LOGIN_TRAY_WAIT_MS,
  probeStatusNotifierWatcher,
  statusNotifierItemRegistered,
  waitForStatusNotifierWatcher,
  waitForTrayRegistered,
} from './trayAvailability';
import { builtPaths } from './trayWindow';
import { runsOnNativeWayland } from './wayland';

const { app, dialog } = electron;

function log(msg: string): void {
  console.log(`${new Date().toISOString()} hookgate: ${msg}`);
}

async function main(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();
  const paths = hookgatePaths();
  let running: RunningHost;
  try {
    running = await startHost({ paths, version: app.getVersion(), log });
  } catch (err) {
    const already = err instanceof HostAlreadyRunningError;
    dialog.showErrorBox(
      already ? 'Hookgate is already running' : 'Hookgate could not start',
      already ? `${(err as Error).message}\n\nStop it (for example "hookgate daemon") and start the app again.` : String((err as Error).message),
    );
    app.exit(1);
    return;
  }

  try {
    await startShell(running, paths.home);
  } catch (err) {
    // The host must not outlive a shell that failed to start: stop it (history flushed) first.
    await running.stop().catch(() => {});
    throw err;
  }
}

/** Everything around the running host: app settings, the shell (tray, window, IPC), power events. */
async function startShell(running: RunningHost, home: string): Promise<void> {
  const settings = new AppSettingsStore(await openElectronStore(home));
  // The window's Settings view reads and changes these through the API (app.settings.*).
  running.host.appSettings = appSettingsForApi(settings);
  // node-pty is loaded here, not when the bundle is imported: if it cannot be, the tray and the
  // window say so (and every gate fails with the same words) instead of a process with no UI.
  const ptyProblem = ptyLoadProblem();
  if (ptyProblem) log(`cannot run hooks: ${ptyProblem}`);
  const linux = process.platform === 'linux';
  // At login the panel's StatusNotifier watcher may not be up yet: wait for it a while.
  const atLogin = startedAtLogin(process.argv);
  const waitStarted = Date.now();
  const watcher = !linux ? null : atLogin ? await waitForStatusNotifierWatcher({ probe: () => probeStatusNotifierWatcher(), timeoutMs: LOGIN_TRAY_WAIT_MS }) : await probeStatusNotifierWatcher();
  if (atLogin && linux) log(`started at login: the tray's watcher ${watcher ? 'answered' : watcher === false ? 'did not appear' : 'could not be asked'} after ${Math.round((Date.now() - waitStarted) / 1000)} s`);
  const tray = decideTrayAvailability({ platform: process.platform, env: process.env, statusNotifierWatcher: watcher, ...(atLogin ? { waitedMs: LOGIN_TRAY_WAIT_MS } : {}) });
  const built = builtPaths(import.meta.dirname);
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const shell = await Shell.start({
    electron,
    host: running.host,
    stopHost: (graceMs) => running.stop(graceMs),
    settings,
    platform: process.platform,
    tray,
    preload: built.preload,
    page: devUrl ? { url: devUrl } : { file: built.indexHtml },
    assetsDir: path.join(app.getAppPath(), 'assets'),
    launch: { execPath: process.execPath, appImage: process.env.APPIMAGE, isPackaged: app.isPackaged, appPath: app.getAppPath() },
    log,
    startupProblem: ptyProblem,
    wayland: runsOnNativeWayland(process.platform, process.env, process.argv),
    // A watcher answered, so our icon should be registered with it within a few seconds.
    ...(linux && watcher ? { checkTrayRegistered: () => waitForTrayRegistered({ check: () => statusNotifierItemRegistered(process.pid), timeoutMs: 5000 }) } : {}),
  });
  const stopPower = followPowerEvents(electron.powerMonitor, () => running.host.refreshFacts(), log);
  app.once('will-quit', stopPower);
  // A logout or `kill` quits like the menu does: hooks finished or cancelled, history flushed.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => app.quit());
  log(`started (engine home ${home}; ${shell.tray ? 'in the tray' : 'as a normal window'})`);
}

// Chromium's own files (caches, local storage, the single-instance lock) go in a folder of their own
// inside the Hookgate folder, not beside config.json and the history; and a test's HOOKGATE_HOME
// gets its own instance.
app.setPath('userData', path.join(hookgateHome(), 'electron'));

if (!app.requestSingleInstanceLock()) {
  // The running instance shows its window (its 'second-instance' handler).
  app.quit();
} else {
  main().catch((err: unknown) => {
    log(`could not start: ${(err as Error)?.stack ?? String(err)}`);
    dialog.showErrorBox('Hookgate could not start', String((err as Error)?.message ?? err));
    app.exit(1);
  });
}
