// The app's one window. In tray mode: frameless, placed next to the tray icon on the display that
// holds it, toggled by the icon, hidden when it loses focus. Without a tray: a normal window whose
// title says why, and closing it quits (nothing else could bring it back).
//
// Linux on native Wayland (Electron 38 and later choose it by themselves when WAYLAND_DISPLAY is
// set): a client cannot place its window, keep it on top, read the cursor or leave the taskbar, so
// a frameless popup would appear wherever the compositor puts it, with no way to move or close it.
// There the tray's window is a normal framed one: the icon still toggles it, its close button and
// Esc hide it, and it does not hide when it loses focus.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMainInvokeEvent, Rectangle, Screen, WebContents } from 'electron';
import { operationHash, type WindowQuery } from '../shared/windowApi';
import type { AppSettings } from './appSettings';
import { placeTrayWindow } from './windowPlacement';

/** `floating`: the frameless popup by the icon (all but native Wayland). */
export type WindowMode = { kind: 'tray'; floating?: boolean } | { kind: 'normal'; reason: string };

export interface TrayWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  screen: Pick<Screen, 'getDisplayMatching' | 'getDisplayNearestPoint' | 'getCursorScreenPoint'>;
  platform: NodeJS.Platform;
  preload: string;
  /** The built renderer's index.html, or a dev server's URL (electron-vite dev). */
  page: { file: string } | { url: string };
  settings: () => AppSettings;
  /** Saves the size a normal window was resized to. */
  saveSize?: (size: { width: number; height: number }) => void;
  /** Closing a normal window (there is no tray to come back from). */
  onCloseNormal: () => void;
  /** The page crashed or failed to load again after one reload: the shell shows it. */
  onPageProblem?: (problem: string) => void;
  /** Windows: the session ends (logoff, shutdown); the app hears nothing else. */
  onSessionEnd?: () => void;
  /** A problem the page should show (query `problem`). */
  problem?: () => string | null;
  log?: (msg: string) => void;
  now?: () => number;
}

/** A page that crashes or fails to load is loaded again this many times before it is given up. */
const PAGE_RELOADS = 1;

/** A click on the tray icon first blurs (and so hides) the window: that click must not re-open it. */
const BLUR_CLICK_GRACE_MS = 300;

export class TrayWindow {
  private win: BrowserWindow | null = null;
  private hiddenByBlurAt = 0;
  private loaded = false;
  private pendingHash: string | null = null;
  private quitting = false;
  private reloads = 0;
  private readonly now: () => number;

  constructor(
    private readonly deps: TrayWindowDeps,
    readonly mode: WindowMode,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** The page's own address: only it may call the API. */
  get pageUrl(): string {
    return 'file' in this.deps.page ? pathToFileURL(this.deps.page.file).href : this.deps.page.url;
  }

  get window(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  get webContents(): WebContents | null {
    return this.window?.webContents ?? null;
  }

  /** The frameless popup next to the icon (tray mode, not on native Wayland). */
  get floating(): boolean {
    return this.mode.kind === 'tray' && this.mode.floating !== false;
  }

  /** Creates the window (hidden in tray mode, so the first click shows it at once). */
  create(): BrowserWindow {
    if (this.window) return this.window;
    const hidden = this.mode.kind === 'tray';
    const tray = this.floating;
    const { width, height } = this.deps.settings().window;
    const win = new this.deps.BrowserWindow({
      width,
      height,
      show: !hidden,
      frame: !tray,
      resizable: !tray,
      movable: !tray,
      minimizable: !tray,
      maximizable: !tray,
      fullscreenable: false,
      skipTaskbar: tray,
      alwaysOnTop: tray,
      title: this.title(),
      webPreferences: {
        preload: this.deps.preload,
        contextIsolation: true,
        nodeIntegration: false,
        sandbox: true,
        webSecurity: true,
        spellcheck: false,
        // Hidden in the tray is still "in use": timers and live output must keep their pace.
        backgroundThrottling: false,
      },
    });
    this.win = win;
    this.harden(win);
    // A menu bar window opens on the Space the user is on, also over a full-screen app.
    if (tray && this.deps.platform === 'darwin') win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    win.on('blur', () => {
      if (!this.floating || !win.isVisible() || win.webContents.isDevToolsOpened()) return;
      this.hiddenByBlurAt = this.now();
      win.hide();
    });
    win.on('close', (e) => {
      if (this.quitting) return;
      if (this.mode.kind === 'tray') {
        // Cmd+W / Alt+F4 on the tray window hides it: the app lives in the tray.
        e.preventDefault();
        win.hide();
      } else {
        this.deps.onCloseNormal();
      }
    });
    if (this.mode.kind === 'normal') {
      // The page's <title> would replace the line that says why there is no tray.
      win.on('page-title-updated', (e) => e.preventDefault());
      win.on('resized', () => {
        const [w, h] = win.getSize();
        if (w && h) this.deps.saveSize?.({ width: w, height: h });
      });
    }
    win.on('session-end', () => this.deps.onSessionEnd?.());
    win.webContents.on('did-finish-load', () => {
      this.loaded = true;
      if (this.pendingHash) this.navigate(this.pendingHash);
    });
    // Esc hides the window where it lives in the tray (on Wayland the only other way is its close button).
    win.webContents.on('before-input-event', (e, input) => {
      if (this.mode.kind === 'tray' && input.type === 'keyDown' && input.key === 'Escape' && !input.alt && !input.control && !input.meta && !input.shift) {
        e.preventDefault();
        win.hide();
      }
    });
    win.webContents.on('render-process-gone', (_e, details) => {
      if (this.quitting || details.reason === 'clean-exit') return;
      this.pageFailed(win, `the window's page ${details.reason === 'oom' ? 'ran out of memory' : details.reason === 'killed' ? 'was killed' : 'crashed'} (${details.reason}, exit code ${details.exitCode})`);
    });
    this.load(win);
    return win;
  }

  private load(win: BrowserWindow): void {
    this.loaded = false;
    const q: WindowQuery = this.mode.kind === 'tray' ? { window: 'tray' } : { window: 'normal', noTray: this.mode.reason };
    const problem = this.deps.problem?.();
    if (problem) q.problem = problem;
    const query: Record<string, string> = { ...q };
    const loading = 'file' in this.deps.page ? win.loadFile(this.deps.page.file, { query }) : win.loadURL(`${this.deps.page.url}?${new URLSearchParams(query).toString()}`);
    loading.catch((err: unknown) => {
      if (this.quitting || win.isDestroyed()) return;
      const where = 'file' in this.deps.page ? this.deps.page.file : this.deps.page.url;
      this.pageFailed(win, `the window's page did not load from ${where}: ${(err as Error)?.message ?? String(err)}`);
    });
  }

  /** A crash or a failed load: logged and loaded again once; after that, the shell says so. */
  private pageFailed(win: BrowserWindow, problem: string): void {
    if (this.reloads < PAGE_RELOADS) {
      this.reloads++;
      this.deps.log?.(`${problem}; loading it again`);
      this.load(win);
      return;
    }
    this.deps.log?.(`${problem}; not loading it again`);
    this.deps.onPageProblem?.(`${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
  }

  private title(): string {
    return this.mode.kind === 'normal' ? `Hookgate — no tray icon: ${this.mode.reason}` : 'Hookgate';
  }

  /** The page may not open windows, navigate elsewhere, or ask for permissions. */
  private harden(win: BrowserWindow): void {
    const wc = win.webContents;
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
    wc.on('will-navigate', (e, url) => {
      if (!this.isOwnUrl(url)) e.preventDefault();
    });
    wc.session?.setPermissionRequestHandler?.((_wc, _permission, callback) => callback(false));
  }

  /** The page itself, with any query or hash: same scheme, host and path. */
  private isOwnUrl(url: string | undefined): boolean {
    if (!url) return false;
    try {
      const own = new URL(this.pageUrl);
      const u = new URL(url);
      return u.protocol === own.protocol && u.host === own.host && u.pathname === own.pathname;
    } catch {
      return false;
    }
  }

  /** API calls are answered only for this window's own page (not a frame in it, not another page). */
  isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const wc = this.webContents;
    if (!wc || !event.sender || (event.sender !== wc && event.sender.id !== wc.id)) return false;
    const frame = event.senderFrame;
    const main = wc.mainFrame;
    // Frames are compared by identity, and by process and routing id should Electron hand out
    // another wrapper of the same frame.
    const isMain = !!frame && (frame === main || (frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId));
    return isMain && this.isOwnUrl(frame.url);
  }

  isVisible(): boolean {
    return this.window?.isVisible() ?? false;
  }

  /** Left click on the tray icon: show next to it, or hide. */
  toggle(trayBounds: Rectangle | null): void {
    if (this.isVisible()) {
      this.hide();
      return;
    }
    if (this.now() - this.hiddenByBlurAt < BLUR_CLICK_GRACE_MS) return;
    this.show(trayBounds);
  }

  show(trayBounds: Rectangle | null = null): void {
    const win = this.create();
    if (this.floating) this.place(win, trayBounds);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  hide(): void {
    this.window?.hide();
  }

  /** Opens the window on one operation (a notification's click). */
  openOperation(operationId: string, trayBounds: Rectangle | null = null): void {
    this.show(trayBounds);
    this.navigate(operationHash(operationId));
  }

  private navigate(hash: string): void {
    const win = this.window;
    if (!win || !this.loaded) {
      this.pendingHash = hash;
      return;
    }
    this.pendingHash = null;
    // Changing only the hash keeps the page (and its live state); the UI routes on hashchange.
    void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`).catch(() => {});
  }

  private place(win: BrowserWindow, trayBounds: Rectangle | null): void {
    const { screen } = this.deps;
    const hasBounds = !!trayBounds && trayBounds.width > 0 && trayBounds.height > 0;
    const cursor = screen.getCursorScreenPoint();
    const display = hasBounds ? screen.getDisplayMatching(trayBounds) : screen.getDisplayNearestPoint(cursor);
    const [width, height] = win.getSize();
    const size = { width: width || this.deps.settings().window.width, height: height || this.deps.settings().window.height };
    const p = placeTrayWindow({ trayBounds: hasBounds ? trayBounds : null, displayBounds: display.bounds, workArea: display.workArea, windowSize: size, cursor, platform: this.deps.platform });
    win.setBounds({ x: p.x, y: p.y, width: size.width, height: size.height });
  }

  /** Lets the window close for real (quitting). */
  destroy(): void {
    this.quitting = true;
    const win = this.window;
    this.win = null;
    win?.destroy();
  }
}

/** Where the built renderer and preload are, relative to the built main (out/main/index.js). */
export function builtPaths(mainDir: string): { preload: string; indexHtml: string } {
  return { preload: path.join(mainDir, '../preload/index.cjs'), indexHtml: path.join(mainDir, '../renderer/index.html') };
}
