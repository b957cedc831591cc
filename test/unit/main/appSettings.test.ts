import { describe, expect, it } from 'vitest';
import { appSettingsPatchSchema, DEFAULT_APP_SETTINGS, mergeAppSettings, readAppSettings } from '../../../electron/main/appSettings';

describe('app settings', () => {
  it('defaults: failures and waiting gates notify, skips and staleness do not, no start at login', () => {
    expect(DEFAULT_APP_SETTINGS).toEqual({
      notifications: { onFailure: true, onWaiting: true, onSkip: false, staleAfterDays: null },
      startAtLogin: false,
      theme: 'system',
      window: { width: 420, height: 600 },
    });
  });

  it('keeps the valid fields of a damaged file and defaults the rest', () => {
    const s = readAppSettings({ notifications: { onSkip: true, staleAfterDays: -3 }, theme: 'purple', startAtLogin: true, window: 'big' });
    expect(s.notifications).toEqual({ onFailure: true, onWaiting: true, onSkip: true, staleAfterDays: null });
    expect(s.theme).toBe('system');
    expect(s.startAtLogin).toBe(true);
    expect(s.window).toEqual({ width: 420, height: 600 });
    expect(readAppSettings(null)).toEqual(DEFAULT_APP_SETTINGS);
  });

  it('merges a patch without resetting what it leaves out', () => {
    const current = mergeAppSettings(DEFAULT_APP_SETTINGS, { notifications: { onSkip: true } });
    const next = mergeAppSettings(current, appSettingsPatchSchema.parse({ notifications: { staleAfterDays: 7 } }));
    expect(next.notifications).toEqual({ onFailure: true, onWaiting: true, onSkip: true, staleAfterDays: 7 });
  });

  it('refuses unknown or wrongly typed fields in a patch', () => {
    expect(appSettingsPatchSchema.safeParse({ notifications: { onSkip: 'yes' } }).success).toBe(false);
    expect(appSettingsPatchSchema.safeParse({ nodeIntegration: true }).success).toBe(false);
  });
});
