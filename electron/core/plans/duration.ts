// Durations as people write and read them: `2d`, `4h`, `90m`, `1w`, `1d12h` in; "3 days", "4 h" out.

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400 };

/** Seconds of a duration like `2d`, `4h`, `1d12h`, `90m`, `45s`, `1w`; null when it is not one. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?\s*[smhdw]\s*)+$/.test(s)) return null;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return Math.round(total);
}

/** A span in the largest unit that reads naturally: "45 s", "12 min", "4 h", "3 days", "2 weeks". */
export function describeSpan(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) {
    const h = s / 3600;
    return `${h < 10 && Math.round(h * 2) % 2 ? (Math.round(h * 2) / 2).toFixed(1) : Math.round(h)} h`;
  }
  if (s < 14 * 86_400) return plural(Math.round(s / 86_400), 'day');
  return plural(Math.round(s / (7 * 86_400)), 'week');
}

/** A duration setting as it was given: whole units where they fit ("2d", "4h", "90m"). */
export function formatDuration(sec: number): string {
  for (const [u, n] of [['w', 7 * 86_400], ['d', 86_400], ['h', 3600], ['m', 60]] as const) if (sec % n === 0) return `${sec / n}${u}`;
  return `${sec}s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
