// The 'electron' module as the main process sees it, made of the fakes (for vi.mock('electron')):
// named exports for index.ts, a default export for electron-store, plus what electron-store asks
// of app and ipcMain.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeMenu, FakeNotification, FakeTray, fakeScreen, type FakeMenuItem } from './fakeElectron';

export class MockApp extends FakeApp {
  isPackaged = false;
  lockHeld = true;
  readonly errors: Array<[string, string]> = [];
  appPath = path.resolve(import.meta.dirname, '../../..');
  userData = '';
  requestSingleInstanceLock(): boolean {
    return this.lockHeld;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  getAppPath(): string {
    return this.appPath;
  }
  setPath(name: string, value: string): void {
    if (name !== 'userData') throw new Error(`app.setPath("${name}") is not faked`);
    this.userData = value;
  }
  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    throw new Error(`app.getPath("${name}") is not faked`);
  }
}

export class MockIpcMain extends FakeIpcMain {
  readonly onChannels: string[] = [];
  on(channel: string): this {
    this.onChannels.push(channel);
    return this;
  }
}

export const app = new MockApp();
export const ipcMain = new MockIpcMain();
export const dialog = { shown: [] as Array<[string, string]>, showErrorBox: (t: string, c: string) => void dialog.shown.push([t, c]) };
export const nativeTheme = { themeSource: 'system' };
export const powerMonitor = new EventEmitter();
export const electronModule = {
  app,
  ipcMain,
  dialog,
  nativeTheme,
  powerMonitor,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: { buildFromTemplate: (t: FakeMenuItem[]) => new FakeMenu(t) },
  Notification: FakeNotification,
  screen: fakeScreen,
  nativeImage: { createFromPath: (file: string) => ({ file }) },
  shell: { openPath: async () => '' },
};
