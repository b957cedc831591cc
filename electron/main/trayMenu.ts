// The tray's context menu as data (Open, Hold backups ▸ 1 hour / until tomorrow / until I resume,
// Resume, Quit), so what it offers in each state is tested without Electron; the shell turns it
// into a native menu.
import type { Hold } from '../shared/config';
import { describeHold } from './trayTooltip';
import { isHeld } from './trayState';

export type HoldChoice = 'hour' | 'tomorrow' | 'resume';

export type MenuAction = { type: 'open' } | { type: 'hold'; choice: HoldChoice } | { type: 'resume' } | { type: 'quit' };

export type MenuEntry =
  | { kind: 'separator' }
  | { kind: 'item'; label: string; enabled: boolean; action: MenuAction | null }
  | { kind: 'submenu'; label: string; entries: MenuEntry[] };

/**
 * When a hold chosen at `now` ends (ISO, with the local offset lost to UTC): an hour from now,
 * the next local midnight ("tomorrow" begins), or never (null, until resumed).
 */
export function holdUntil(choice: HoldChoice, now: number): string | null {
  switch (choice) {
    case 'hour':
      return new Date(now + 3600_000).toISOString();
    case 'tomorrow': {
      const d = new Date(now);
      return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).toISOString();
    }
    case 'resume':
      return null;
  }
}

/**
 * The menu for a hold at `now`. `status` (the last decision, as the tooltip says it) heads the menu
 * where panels show no tooltip (Linux AppIndicator).
 */
export function trayMenu(hold: Hold | null, now: number, status?: string): MenuEntry[] {
  const held = isHeld(hold, now);
  const entries: MenuEntry[] = [];
  if (status) entries.push({ kind: 'item', label: status, enabled: false, action: null }, { kind: 'separator' });
  entries.push({ kind: 'item', label: 'Open Hookgate', enabled: true, action: { type: 'open' } }, { kind: 'separator' });
  // The hold is said in the menu too: on Linux (AppIndicator) there is no tooltip to say it.
  if (held && hold) entries.push({ kind: 'item', label: describeHold(hold, now), enabled: false, action: null });
  entries.push(
    {
      kind: 'submenu',
      label: held ? 'Hold backups instead' : 'Hold backups',
      entries: [
        { kind: 'item', label: 'For 1 hour', enabled: true, action: { type: 'hold', choice: 'hour' } },
        { kind: 'item', label: 'Until tomorrow', enabled: true, action: { type: 'hold', choice: 'tomorrow' } },
        { kind: 'item', label: 'Until I resume', enabled: true, action: { type: 'hold', choice: 'resume' } },
      ],
    },
    { kind: 'item', label: 'Resume backups', enabled: held, action: { type: 'resume' } },
    { kind: 'separator' },
    { kind: 'item', label: 'Quit Hookgate', enabled: true, action: { type: 'quit' } },
  );
  return entries;
}
