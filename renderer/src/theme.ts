// Light or dark: the OS's choice (prefers-color-scheme, in CSS) unless the user picked one.
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'hookgate.theme';

export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(t: ThemeChoice, persist = true): void {
  if (t === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
  if (!persist) return;
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Storage may be off (a locked-down browser profile); the choice then lasts this page only.
  }
}
