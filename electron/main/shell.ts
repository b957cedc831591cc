// The tray app's shell around a running engine host: the IPC binding, the window, the tray, the
// notifications and the app settings, wired to the host's events; and a clean quit. Everything
// Electron is passed in, so the wiring is tested against small fakes.
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  IpcMain,
  Menu,
  MenuItemConstructorOptions,
  NativeImage,
  NativeTheme,
  Notification,
  NotificationConstructorOptions,
  Screen,
} from 'electron';
import path from 'node:path';
import type { ApiEvent, ApiEventData, ApiMethod, ApiRequest, ApiResponse } from '../shared/api';
import type { OperationRecord } from '../shared/history';
import type { ApiDispatcher } from '../core/host/apiDispatcher';
import { bindApiToIpc, forwardEventsToWindow } from './ipcBridge';
import { applyStartAtLogin, type LaunchInfo } from './loginItem';
import { applyPlanActivity, type Notice, type PlanActivity } from './notificationPolicy';
import { Notifier } from './notifier';
import type { AppSettingsStore } from './settingsStore';
import { TrayController, type TrayLike } from './trayController';
import { trayIconFile } from './trayIcons';
import type { TrayAvailability } from './trayAvailability';
import { holdUntil, type MenuAction } from './trayMenu';
import { applyStalePlans, applyTrayEvent, EMPTY_TRAY_MODEL, isOpen, type TrayModel } from './trayState';
import { sessionEndHandler } from './sessionEnd';
import { TrayWindow, type WindowMode } from './trayWindow';

/** The parts of Electron the shell uses (the real module in index.ts, fakes in tests). */
export interface ElectronParts {
  app: Pick<App, 'on' | 'quit' | 'exit'> & { dock?: Pick<NonNullable<App['dock']>, 'hide'> | undefined; setLoginItemSettings: App['setLoginItemSettings'] };
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  Tray: new (image: NativeImage) => TrayLike;
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => Menu };
  Notification: (new (options: NotificationConstructorOptions) => Notification) & { isSupported(): boolean };
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  screen: Pick<Screen, 'getDisplayMatching' | 'getDisplayNearestPoint' | 'getCursorScreenPoint'>;
  nativeImage: { createFromPath: (file: string) => NativeImage };
  nativeTheme?: Pick<NativeTheme, 'themeSource'>;
  /** 'shutdown' on Linux and macOS (its event's preventDefault makes the system wait). */
  powerMonitor?: {
    on(event: 'shutdown', listener: (e?: { preventDefault(): void }) => void): unknown;
    removeListener(event: 'shutdown', listener: (e?: { preventDefault(): void }) => void): unknown;
  };
  dialog?: { showErrorBox(title: string, content: string): void };
}

export interface ShellOptions {
  electron: ElectronParts;
  host: ApiDispatcher;
  /** Stops the host (calls in flight get `graceMs`, then hooks are cancelled; history flushed) and its transports. */
  stopHost: (graceMs?: number) => Promise<void>;
  settings: AppSettingsStore;
  platform: NodeJS.Platform;
  tray: TrayAvailability;
  preload: string;
  page: { file: string } | { url: string };
  assetsDir: string;
  launch: LaunchInfo;
  log?: (msg: string) => void;
  now?: () => number;
  /** How often the tooltip ("4 min ago") and hold expiry are refreshed. */
  tickMs?: number;
  /** How often staleness is checked. */
  staleCheckMs?: number;
  /**
   * Whether the desktop's StatusNotifier watcher took our icon (Linux; null: cannot tell). Asked
   * once the icon exists: when it says no, the app opens a normal window instead of an invisible tray.
   */
  checkTrayRegistered?: () => Promise<boolean | null>;
  /** Linux on native Wayland: the window cannot be placed by the icon nor kept on top (trayWindow.ts). */
  wayland?: boolean;
  /** A problem found at start that keeps hooks from running (node-pty did not load): shown in the tray and the window. */
  startupProblem?: string | null;
  /** How long a logout or shutdown waits for the host to stop (sessionEnd.ts). */
  sessionEndLimitMs?: number;
}

/** How much history seeds the tray and staleness at start: enough pages to know each plan. */
const SEED_PAGE = 500;
const SEED_PAGES_FOR_STALENESS = 5;

export class Shell {
  model: TrayModel = EMPTY_TRAY_MODEL;
  activity: Record<string, PlanActivity> = {};
  private win: TrayWindow;
  private trayCtl: TrayController | null;
  /** What keeps the app from working, said in the tray's tooltip and menu (null: nothing). */
  private problem: string | null = null;
  readonly notifier: Notifier;
  private readonly cleanups: Array<() => void> = [];
  private quitting: Promise<void> | null = null;
  private stopped = false;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;

  private constructor(private readonly o: ShellOptions) {
    this.log = o.log ?? (() => {});
    this.now = o.now ?? Date.now;
    const { electron: e } = o;
    const mode = o.tray.available ? ({ kind: 'tray', floating: !o.wayland } as const) : ({ kind: 'normal', reason: o.tray.reason } as const);
    this.win = this.newWindow(mode);
    this.trayCtl = o.tray.available
      ? new TrayController({
          tray: new e.Tray(e.nativeImage.createFromPath(trayIconFile('idle', o.platform, o.assetsDir))),
          buildMenu: (t) => e.Menu.buildFromTemplate(t),
          image: (file) => e.nativeImage.createFromPath(file),
          platform: o.platform,
          assetsDir: o.assetsDir,
          onAction: (a) => void this.menuAction(a),
          onClick: (bounds) => this.window.toggle(bounds),
          now: this.now,
        })
      : null;
    this.notifier = new Notifier({
      Notification: e.Notification,
      settings: () => o.settings.get().notifications,
      onClick: (n) => this.openNotice(n),
      icon: path.join(o.assetsDir, 'icon.png'),
      platform: o.platform,
      now: this.now,
      log: this.log,
    });
  }

  get window(): TrayWindow {
    return this.win;
  }

  get tray(): TrayController | null {
    return this.trayCtl;
  }

  private newWindow(mode: WindowMode): TrayWindow {
    const { o } = this;
    const e = o.electron;
    return new TrayWindow(
      {
        BrowserWindow: e.BrowserWindow,
        screen: e.screen,
        platform: o.platform,
        preload: o.preload,
        page: o.page,
        settings: () => o.settings.get(),
        saveSize: (size) => o.settings.update({ window: size }),
        onCloseNormal: () => e.app.quit(),
        onPageProblem: (problem) => this.pageProblem(problem),
        onSessionEnd: () => void this.endSession('the Windows session is ending'),
        log: this.log,
        problem: () => this.problem,
        now: this.now,
      },
      mode,
    );
  }

  /** Binds IPC, opens the window (hidden in the tray), seeds the tray from the host and follows its events. */
  static async start(o: ShellOptions): Promise<Shell> {
    const shell = new Shell(o);
    await shell.init();
    return shell;
  }

  private async init(): Promise<void> {
    const { o } = this;
    const { app } = o.electron;
    this.cleanups.push(bindApiToIpc({ ipcMain: o.electron.ipcMain, dispatcher: o.host, isTrustedSender: (ev) => this.window.isTrustedSender(ev), log: this.log }));
    this.cleanups.push(forwardEventsToWindow(o.host, () => this.window.webContents));

    // Events that arrive while the seed is read are held back and applied after it: they are newer.
    let buffered: Array<[ApiEvent, unknown]> | null = [];
    this.cleanups.push(
      o.host.subscribe((event, data) => {
        if (buffered) buffered.push([event, data]);
        else this.onEvent(event, data, true);
      }),
    );

    // Registered before the first await: a second launch or a Quit during the seed is not lost (a
    // quick Quit must still stop the host).
    app.on('second-instance', () => this.window.show(this.tray?.bounds() ?? null));
    // macOS: opening the app again from Finder or Spotlight while it runs.
    app.on('activate', () => this.window.show(this.tray?.bounds() ?? null));
    // A tray app keeps running with its window closed.
    app.on('window-all-closed', () => {});
    app.on('before-quit', (e) => {
      if (this.stopped) return;
      e.preventDefault();
      void this.quit().then(() => app.quit());
    });
    const pm = o.electron.powerMonitor;
    if (pm) {
      const onShutdown = (ev?: { preventDefault(): void }) => void this.endSession('the system is shutting down', ev);
      pm.on('shutdown', onShutdown);
      this.cleanups.push(() => pm.removeListener('shutdown', onShutdown));
    }

    if (o.startupProblem) {
      this.problem = `cannot run hooks: ${o.startupProblem}`;
      o.electron.dialog?.showErrorBox('Hookgate cannot run hooks', `${o.startupProblem[0]!.toUpperCase()}${o.startupProblem.slice(1)}.\n\nEvery backup gate fails until this is fixed. Install the Hookgate package built for this system (see the README's list of supported systems).`);
    }
    if (this.tray) {
      // A tray app has no Dock icon on macOS.
      app.dock?.hide();
      this.window.create();
      // Something that keeps every hook from running is not left for the user to find out.
      if (this.problem) this.window.show();
    } else {
      this.log(`no tray icon: ${o.tray.available ? '' : o.tray.reason}; opening a normal window`);
      this.window.show();
    }
    this.renderTray();
    if (this.tray && o.checkTrayRegistered) void this.verifyTray(o.checkTrayRegistered);

    await this.seed();
    const pending: Array<[ApiEvent, unknown]> = buffered;
    buffered = null;
    for (const [event, data] of pending) this.onEvent(event, data, true);
    this.renderTray();

    this.applyTheme();
    this.syncStartAtLogin();
    this.cleanups.push(
      o.settings.onChange((next, prev) => {
        if (next.startAtLogin !== prev.startAtLogin) this.syncStartAtLogin();
        if (next.theme !== prev.theme) this.applyTheme();
        if (next.notifications.staleAfterDays !== prev.notifications.staleAfterDays) void this.checkStaleness();
      }),
    );
    void this.checkStaleness();

    const tick = setInterval(() => this.renderTray(), o.tickMs ?? 30_000);
    const stale = setInterval(() => void this.checkStaleness(), o.staleCheckMs ?? 3600_000);
    tick.unref?.();
    stale.unref?.();
    this.cleanups.push(() => clearInterval(tick), () => clearInterval(stale));
  }

  private renderTray(): void {
    this.tray?.render(this.model, this.problem);
  }

  /**
   * The icon exists, but a desktop whose watcher came up late (or a broken one) may not show it:
   * then the user would have no way in. Fall back to a normal window, and say why.
   */
  private async verifyTray(check: () => Promise<boolean | null>): Promise<void> {
    let registered: boolean | null;
    try {
      registered = await check();
    } catch (err) {
      this.log(`could not check the tray icon: ${(err as Error).message}`);
      return;
    }
    if (registered !== false || this.stopped || this.quitting) return;
    const reason = "the desktop's tray did not take Hookgate's icon";
    this.log(`no tray icon: ${reason}; opening a normal window`);
    this.trayCtl?.destroy();
    this.trayCtl = null;
    const old = this.win;
    this.win = this.newWindow({ kind: 'normal', reason });
    old.destroy();
    this.win.show();
  }

  /** The window's page crashed or did not load twice: said in a dialog, the tray and the log. */
  private pageProblem(problem: string): void {
    this.log(problem);
    this.problem = problem;
    this.renderTray();
    this.o.electron.dialog?.showErrorBox('Hookgate', `${problem}\n\nThe gates keep working; quit Hookgate and start it again to get the window back.`);
  }

  /** Logout or shutdown: stop within a limit the system waits for, then quit (sessionEnd.ts). */
  private endSession(why: string, ev?: { preventDefault(): void }): Promise<void> {
    this.onSessionEnd ??= sessionEndHandler({
      stop: (graceMs) => this.quit(graceMs),
      quit: () => this.o.electron.app.quit(),
      limitMs: this.o.sessionEndLimitMs,
      log: this.log,
    });
    return this.onSessionEnd(why, ev);
  }
  private onSessionEnd: ReturnType<typeof sessionEndHandler> | null = null;

  /** Reads the hold, waiting gates and recent history, so the tray starts where the host is. */
  private async seed(): Promise<void> {
    try {
      const status = await this.call('status', {});
      this.model = applyTrayEvent(this.model, 'hold', { hold: status.hold });
      for (const g of status.waiting) this.model = applyTrayEvent(this.model, 'operation', g.operation);
      const pages = this.o.settings.get().notifications.staleAfterDays === null ? 1 : SEED_PAGES_FOR_STALENESS;
      let before: string | undefined;
      for (let i = 0; i < pages; i++) {
        const page = await this.call('history.list', { limit: SEED_PAGE, ...(before ? { before } : {}) });
        // Newest first: folded oldest first. Open records of the past are not "running now" (the
        // host that wrote them may be gone); live ones come from `status` and events.
        for (const op of [...page.operations].reverse()) {
          const { hookRuns: _runs, ...record } = op;
          if (!isOpen(record)) this.model = applyTrayEvent(this.model, 'operation', record);
          this.activity = applyPlanActivity(this.activity, record);
        }
        if (!page.hasMore || page.operations.length === 0) break;
        before = page.operations[page.operations.length - 1]!.id;
      }
    } catch (err) {
      this.log(`could not read the host's state for the tray: ${(err as Error).message}`);
    }
  }

  private onEvent(event: ApiEvent, data: unknown, live: boolean): void {
    this.model = applyTrayEvent(this.model, event, data as ApiEventData<typeof event>);
    if (event === 'operation') {
      const op = data as OperationRecord;
      this.activity = applyPlanActivity(this.activity, op);
      if (live) this.notifier.operation(op);
    }
    if (event === 'operation' || event === 'hold') this.renderTray();
  }

  private call<M extends ApiMethod>(method: M, params: ApiRequest<M>): Promise<ApiResponse<M>> {
    return this.o.host.call(method, params, { client: 'tray app' }) as Promise<ApiResponse<M>>;
  }

  async menuAction(a: MenuAction): Promise<void> {
    try {
      switch (a.type) {
        case 'open':
          this.window.show(this.tray?.bounds() ?? null);
          return;
        case 'hold':
          await this.call('hold.set', { until: holdUntil(a.choice, this.now()) });
          return;
        case 'resume':
          await this.call('hold.resume', {});
          return;
        case 'quit':
          this.o.electron.app.quit();
          return;
      }
    } catch (err) {
      this.log(`tray menu: ${a.type} failed: ${(err as Error).message}`);
    }
  }

  private openNotice(n: Notice): void {
    if (n.operationId) this.window.openOperation(n.operationId, this.tray?.bounds() ?? null);
    else this.window.show(this.tray?.bounds() ?? null);
  }

  async checkStaleness(): Promise<Notice[]> {
    // Plans with their own stale-after: the host says which are stale now (the tray shows a warning).
    let plans: ApiResponse<'plans.list'>['plans'] = [];
    try {
      plans = (await this.call('plans.list', {})).plans;
      this.model = applyStalePlans(this.model, plans);
      this.renderTray();
    } catch (err) {
      this.log(`could not read the plans' staleness: ${(err as Error).message}`);
    }
    const told = this.notifier.staleness(this.activity, this.o.settings.staleToldAt(), plans);
    for (const n of told) if (n.plan) this.o.settings.setStaleToldAt(n.plan, this.now());
    return told;
  }

  private syncStartAtLogin(): void {
    try {
      applyStartAtLogin(this.o.settings.get().startAtLogin, {
        platform: this.o.platform,
        launch: this.o.launch,
        setLoginItemSettings: (s) => this.o.electron.app.setLoginItemSettings(s),
      });
    } catch (err) {
      this.log(`could not change start at login: ${(err as Error).message}`);
    }
  }

  private applyTheme(): void {
    if (this.o.electron.nativeTheme) this.o.electron.nativeTheme.themeSource = this.o.settings.get().theme;
  }

  /** Stops following the host, stops the host (running hooks finished or cancelled, history flushed), closes tray and window. */
  quit(graceMs?: number): Promise<void> {
    this.quitting ??= (async () => {
      this.log('quitting: stopping the engine host');
      for (const c of this.cleanups.splice(0).reverse()) c();
      try {
        await this.o.stopHost(graceMs);
      } catch (err) {
        this.log(`stopping the host: ${(err as Error).message}`);
      }
      this.tray?.destroy();
      this.window.destroy();
      this.stopped = true;
    })();
    return this.quitting;
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
