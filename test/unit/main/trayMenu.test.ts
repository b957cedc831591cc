import { describe, expect, it } from 'vitest';
import { holdUntil, trayMenu, type MenuEntry } from '../../../electron/main/trayMenu';
import { T0 } from './operationFixture';

function labels(entries: MenuEntry[]): string[] {
  return entries.map((e) => (e.kind === 'separator' ? '---' : e.kind === 'submenu' ? `${e.label} ▸ ${labels(e.entries).join(' / ')}` : `${e.label}${e.enabled ? '' : ' (disabled)'}`));
}

describe('tray menu', () => {
  it('offers open, the three holds, resume (disabled when nothing is held) and quit', () => {
    expect(labels(trayMenu(null, T0))).toEqual([
      'Open Hookgate',
      '---',
      'Hold backups ▸ For 1 hour / Until tomorrow / Until I resume',
      'Resume backups (disabled)',
      '---',
      'Quit Hookgate',
    ]);
  });

  it('says the hold and enables resume while held', () => {
    const m = trayMenu({ since: new Date(T0).toISOString(), until: null }, T0);
    expect(labels(m)).toEqual([
      'Open Hookgate',
      '---',
      'Backups held until you resume (disabled)',
      'Hold backups instead ▸ For 1 hour / Until tomorrow / Until I resume',
      'Resume backups',
      '---',
      'Quit Hookgate',
    ]);
  });

  it('treats an expired hold as no hold', () => {
    const m = trayMenu({ since: new Date(T0 - 7200_000).toISOString(), until: new Date(T0 - 1).toISOString() }, T0);
    expect(labels(m)).toContain('Resume backups (disabled)');
  });

  it('carries the action each item performs', () => {
    const hold = trayMenu(null, T0).find((e) => e.kind === 'submenu');
    expect(hold?.kind === 'submenu' && hold.entries.map((e) => (e.kind === 'item' ? e.action : null))).toEqual([
      { type: 'hold', choice: 'hour' },
      { type: 'hold', choice: 'tomorrow' },
      { type: 'hold', choice: 'resume' },
    ]);
  });
});

describe('hold end times', () => {
  it('is an hour from now, the next local midnight, or never', () => {
    const now = new Date(2026, 10, 26, 22, 15).getTime();
    expect(holdUntil('hour', now)).toBe(new Date(now + 3600_000).toISOString());
    expect(holdUntil('tomorrow', now)).toBe(new Date(2026, 10, 27, 0, 0).toISOString());
    expect(holdUntil('resume', now)).toBeNull();
  });

  it('crosses a month end', () => {
    expect(holdUntil('tomorrow', new Date(2026, 11, 31, 9, 0).getTime())).toBe(new Date(2027, 0, 1).toISOString());
  });
});

describe('tray menu on panels without tooltips', () => {
  it('heads the menu with the last decision, not clickable', () => {
    const m = trayMenu(null, T0, 'Backup laptop skipped 4 min ago: battery 15 %');
    expect(labels(m).slice(0, 3)).toEqual(['Backup laptop skipped 4 min ago: battery 15 % (disabled)', '---', 'Open Hookgate']);
  });
});
