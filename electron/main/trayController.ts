// Owns the Tray: shows the icon and tooltip for the tray model, and its menu. A left click toggles
// the window; the menu pops up on a right click, except on Linux, where it is attached to the icon
// (AppIndicator panels show only an attached menu).
import type { Menu, MenuItemConstructorOptions, NativeImage, Rectangle, Tray } from 'electron';
import type { MenuAction, MenuEntry } from './trayMenu';
import { trayMenu } from './trayMenu';
import { trayIconFile } from './trayIcons';
import { trayState, type TrayModel, type TrayState } from './trayState';
import { TOOLTIP_MAX, trayTooltip } from './trayTooltip';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export type TrayLike = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'popUpContextMenu' | 'getBounds' | 'on' | 'destroy' | 'isDestroyed'>;

export interface TrayControllerDeps {
  tray: TrayLike;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  image: (file: string) => NativeImage;
  platform: NodeJS.Platform;
  assetsDir: string;
  onAction: (action: MenuAction) => void;
  onClick: (bounds: Rectangle | null) => void;
  now?: () => number;
}

/** Turns the menu model into Electron's template, each item calling `onAction`. */
export function menuTemplate(entries: MenuEntry[], onAction: (a: MenuAction) => void): MenuItemConstructorOptions[] {
  return entries.map((e): MenuItemConstructorOptions => {
    if (e.kind === 'separator') return { type: 'separator' };
    if (e.kind === 'submenu') return { label: e.label, submenu: menuTemplate(e.entries, onAction) };
    const action = e.action;
    return { label: e.label, enabled: e.enabled, ...(action ? { click: () => onAction(action) } : {}) };
  });
}

export class TrayController {
  private state: TrayState | null = null;
  private tooltip = '';
  private menuKey = '';
  private menu: Menu | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: TrayControllerDeps) {
    this.now = deps.now ?? Date.now;
    const { tray } = deps;
    // KDE and other StatusNotifier hosts report a left click; AppIndicator panels never do (they
    // open the attached menu instead, whose first item opens the window).
    tray.on('click', () => deps.onClick(this.bounds()));
    if (deps.platform !== 'linux') {
      tray.on('right-click', () => {
        if (this.menu) tray.popUpContextMenu(this.menu);
      });
    }
  }

  get currentState(): TrayState | null {
    return this.state;
  }

  get currentTooltip(): string {
    return this.tooltip;
  }

  /** The icon's bounds, or null where the platform does not report them (Linux gives zeros). */
  bounds(): Rectangle | null {
    const b = this.deps.tray.getBounds();
    return b && b.width > 0 && b.height > 0 ? b : null;
  }

  /**
   * Brings icon, tooltip and menu up to date with the model (only what changed is touched). A
   * `problem` that keeps Hookgate from working shows the failed icon and heads tooltip and menu.
   */
  render(model: TrayModel, problem: string | null = null): void {
    const { tray } = this.deps;
    if (tray.isDestroyed()) return;
    const now = this.now();
    const state = problem ? 'failed' : trayState(model, now);
    if (state !== this.state) {
      this.state = state;
      tray.setImage(this.deps.image(trayIconFile(state, this.deps.platform, this.deps.assetsDir)));
    }
    const tooltip = problem ? clip(`Hookgate: ${problem}`, TOOLTIP_MAX) : trayTooltip(model, now);
    if (tooltip !== this.tooltip) {
      this.tooltip = tooltip;
      tray.setToolTip(tooltip);
    }
    // Linux panels show no tooltip: the first line of it heads the menu instead.
    const entries = trayMenu(model.hold, now, problem ? clip(problem, 100) : this.deps.platform === 'linux' ? tooltip.split('\n')[0] : undefined);
    const key = JSON.stringify(entries);
    if (key !== this.menuKey) {
      this.menuKey = key;
      this.menu = this.deps.buildMenu(menuTemplate(entries, this.deps.onAction));
      if (this.deps.platform === 'linux') tray.setContextMenu(this.menu);
    }
  }

  destroy(): void {
    if (!this.deps.tray.isDestroyed()) this.deps.tray.destroy();
  }
}
