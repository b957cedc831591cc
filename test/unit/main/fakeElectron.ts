// Small fakes of the Electron objects the shell uses: enough behaviour to drive it (events, show /
// hide, IPC handlers, menus) and a record of what it did, for tests that cannot start Electron.
import { EventEmitter } from 'node:events';
import type { ElectronParts } from '../../../electron/main/shell';

type Listener = (...args: unknown[]) => void;

export class Emitter {
  private readonly ee = new EventEmitter();
  on(event: string, l: Listener): this {
    this.ee.on(event, l);
    return this;
  }
  once(event: string, l: Listener): this {
    this.ee.once(event, l);
    return this;
  }
  off(event: string, l: Listener): this {
    this.ee.off(event, l);
    return this;
  }
  removeListener(event: string, l: Listener): this {
    return this.off(event, l);
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.ee.emit(event, ...args);
  }
  listenerCount(event: string): number {
    return this.ee.listenerCount(event);
  }
}

export interface FakeImage {
  file: string;
}

export class FakeFrame {
  constructor(public url: string) {}
}

let nextWebContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextWebContentsId++;
  readonly sent: Array<[string, unknown]> = [];
  readonly executed: string[] = [];
  mainFrame = new FakeFrame('about:blank');
  destroyed = false;
  devTools = false;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  readonly session = { permissionHandler: null as null | ((...a: unknown[]) => void), setPermissionRequestHandler: (h: (...a: unknown[]) => void) => void (this.session.permissionHandler = h) };
  send(channel: string, data: unknown): void {
    this.sent.push([channel, data]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isDevToolsOpened(): boolean {
    return this.devTools;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  async executeJavaScript(code: string): Promise<unknown> {
    this.executed.push(code);
    return undefined;
  }
  /** Simulates the page finishing its load at `url`. */
  finishLoad(url: string): void {
    this.mainFrame.url = url;
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible: boolean;
  focused = false;
  destroyed = false;
  bounds: { x: number; y: number; width: number; height: number };
  loaded: { file?: string; url?: string; query?: Record<string, string> } | null = null;
  title: string;

  constructor(readonly options: Record<string, unknown> & { width: number; height: number; show?: boolean; title?: string }) {
    super();
    this.visible = options.show !== false;
    this.bounds = { x: 0, y: 0, width: options.width, height: options.height };
    this.title = options.title ?? '';
    FakeBrowserWindow.all.push(this);
  }
  /** How many of the next loads fail (a missing or unreadable index.html). */
  static failLoads = 0;
  loadCount = 0;
  async loadFile(file: string, opts?: { query?: Record<string, string> }): Promise<void> {
    this.loadCount++;
    this.loaded = { file, query: opts?.query };
    if (FakeBrowserWindow.failLoads > 0) {
      FakeBrowserWindow.failLoads--;
      throw new Error(`ERR_FILE_NOT_FOUND (-6) loading 'file://${file}'`);
    }
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  /** Simulates the user clicking elsewhere. */
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }
  allWorkspaces = false;
  setVisibleOnAllWorkspaces(on: boolean): void {
    this.allWorkspaces = on;
  }
  getSize(): [number, number] {
    return [this.bounds.width, this.bounds.height];
  }
  setBounds(b: { x: number; y: number; width: number; height: number }): void {
    this.bounds = b;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
  }
  /** Simulates the user closing it; returns whether it was prevented. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return prevented;
  }
}

export class FakeTray extends Emitter {
  static all: FakeTray[] = [];
  image: FakeImage;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  poppedUp: FakeMenu[] = [];
  destroyed = false;
  bounds = { x: 1600, y: 1048, width: 24, height: 24 };
  readonly images: string[] = [];
  constructor(image: FakeImage) {
    super();
    this.image = image;
    FakeTray.all.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
    this.images.push(image.file);
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setContextMenu(m: FakeMenu | null): void {
    this.contextMenu = m;
  }
  popUpContextMenu(m: FakeMenu): void {
    this.poppedUp.push(m);
  }
  getBounds() {
    return this.bounds;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  /** Finds an item by its label path ("Hold backups", "For 1 hour"). */
  item(...labels: string[]): FakeMenuItem {
    let items = this.items;
    let found: FakeMenuItem | undefined;
    for (const l of labels) {
      found = items.find((i) => i.label?.startsWith(l));
      if (!found) throw new Error(`no menu item "${l}" in ${items.map((i) => i.label ?? '---').join(', ')}`);
      items = found.submenu ?? [];
    }
    return found!;
  }
}

export class FakeNotification extends Emitter {
  static all: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.all.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, h: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, h);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a channel as the page in `wc` would (ipcRenderer.invoke). */
  async invoke(wc: FakeWebContents, channel: string, payload: unknown, frame: FakeFrame = wc.mainFrame): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ sender: wc, senderFrame: frame }, payload);
  }
}

export class FakeApp extends Emitter {
  quitCalls = 0;
  exitCode: number | null = null;
  loginItem: unknown = null;
  readonly dock = { hidden: false, hide: () => void (this.dock.hidden = true) };
  /** Like Electron: emits before-quit, and quits unless a listener prevented it. */
  quit(): void {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('quit');
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  setLoginItemSettings(s: unknown): void {
    this.loginItem = s;
  }
}

export const fakeScreen = {
  display: { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
  cursor: { x: 1610, y: 1060 },
  getDisplayMatching() {
    return fakeScreen.display;
  },
  getDisplayNearestPoint() {
    return fakeScreen.display;
  },
  getCursorScreenPoint() {
    return fakeScreen.cursor;
  },
};

/** dialog.showErrorBox, recorded. */
export class FakeDialog {
  readonly shown: Array<[string, string]> = [];
  showErrorBox(title: string, content: string): void {
    this.shown.push([title, content]);
  }
}

export function fakeElectron(): { parts: ElectronParts; app: FakeApp; ipcMain: FakeIpcMain; theme: { themeSource: string }; powerMonitor: Emitter; dialog: FakeDialog } {
  FakeBrowserWindow.all = [];
  FakeBrowserWindow.failLoads = 0;
  FakeTray.all = [];
  FakeNotification.all = [];
  FakeNotification.supported = true;
  const app = new FakeApp();
  const ipcMain = new FakeIpcMain();
  const theme = { themeSource: 'system' };
  const powerMonitor = new Emitter();
  const dialog = new FakeDialog();
  const parts = {
    powerMonitor,
    dialog,
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (t: FakeMenuItem[]) => new FakeMenu(t) },
    Notification: FakeNotification,
    ipcMain,
    screen: fakeScreen,
    nativeImage: { createFromPath: (file: string): FakeImage => ({ file }) },
    nativeTheme: theme,
  };
  return { parts: parts as unknown as ElectronParts, app, ipcMain, theme, powerMonitor, dialog };
}
