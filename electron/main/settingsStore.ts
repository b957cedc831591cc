// The app's settings on disk, through electron-store (atomic writes), in `app-settings.json` beside
// the engine's files under HOOKGATE_HOME — so tests and portable setups keep everything in one
// folder. Also remembers when staleness was last told per plan, so a restart does not repeat it.
import { EventEmitter } from 'node:events';
import type { AppSettingsView, AppSettingsViewPatch } from '../shared/api';
import { mergeAppSettings, readAppSettings, type AppSettings, type AppSettingsPatch } from './appSettings';

/** The part of electron-store (conf) used here; tests pass a plain object. */
export interface KeyValueBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class AppSettingsStore {
  private current: AppSettings;
  private readonly events = new EventEmitter();

  constructor(private readonly backend: KeyValueBackend) {
    this.current = readAppSettings(backend.get('settings'));
  }

  get(): AppSettings {
    return this.current;
  }

  /** Merges a (validated) patch, saves it, and tells listeners what it was before. */
  update(patch: AppSettingsPatch): AppSettings {
    const prev = this.current;
    this.current = mergeAppSettings(prev, patch);
    this.backend.set('settings', this.current);
    this.events.emit('change', this.current, prev);
    return this.current;
  }

  onChange(listener: (next: AppSettings, prev: AppSettings) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  staleToldAt(): Record<string, number> {
    const v = this.backend.get('staleToldAt');
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'));
  }

  setStaleToldAt(plan: string, at: number): void {
    this.backend.set('staleToldAt', { ...this.staleToldAt(), [plan]: at });
  }
}

/** A backend in memory (no Electron): for the daemon-less tests and as a fallback. */
export function memoryBackend(initial: Record<string, unknown> = {}): KeyValueBackend & { data: Record<string, unknown> } {
  const data = { ...initial };
  return { data, get: (k) => data[k], set: (k, v) => void (data[k] = v) };
}

/**
 * Opens electron-store in `home`. Imported lazily: electron-store loads 'electron' at import time,
 * which only exists inside Electron (tests mock it).
 */
export async function openElectronStore(home: string): Promise<KeyValueBackend> {
  const { default: Store } = await import('electron-store');
  // A damaged file is started afresh rather than stopping the app (the fields are salvaged on read
  // when the JSON itself is intact).
  return new Store<Record<string, unknown>>({ cwd: home, name: 'app-settings', clearInvalidConfig: true });
}

/**
 * What the host's `app.settings.get` / `app.settings.set` answer in the tray app: the settings a
 * window may see (not the window size, which the shell keeps for itself), changed through the store
 * so the shell reacts (theme, start at login, notifications).
 */
export function appSettingsForApi(store: AppSettingsStore): { get(): AppSettingsView; set(patch: AppSettingsViewPatch): AppSettingsView } {
  const view = (s: AppSettings): AppSettingsView => ({ notifications: { ...s.notifications }, startAtLogin: s.startAtLogin, theme: s.theme });
  return {
    get: () => view(store.get()),
    set: (patch) => view(store.update(patch)),
  };
}
