// Which icon file the tray shows for a state on each platform (drawn by scripts/gen-icons.mjs).
// Electron picks the `@2x` file beside it on high-density displays by itself.
import path from 'node:path';
import type { TrayState } from './trayState';

export function trayIconFile(state: TrayState, platform: NodeJS.Platform, assetsDir: string): string {
  switch (platform) {
    case 'darwin':
      // A template image: the menu bar tints it for light and dark mode.
      return path.join(assetsDir, 'tray', 'mac', `${state}Template.png`);
    case 'win32':
      return path.join(assetsDir, 'tray', 'win', `${state}.ico`);
    default:
      // 22 px is what AppIndicator / StatusNotifier panels draw; XEmbed trays scale it.
      return path.join(assetsDir, 'tray', 'linux', `${state}-22.png`);
  }
}
