// A small icon beside a status word (never instead of it): a tick, a cross, a skip arrow, a clock,
// pause bars, a spinner, a dot.
import type { Tone } from './describe';

export type IconName = 'ok' | 'bad' | 'skip' | 'wait' | 'held' | 'busy' | 'none' | 'unknown';

export function iconFor(word: string, tone: Tone): IconName {
  if (tone === 'busy') return 'busy';
  if (/^Held/.test(word)) return 'held';
  if (/^Waiting/.test(word)) return 'wait';
  if (/^Skipped/.test(word)) return 'skip';
  if (/^Never/.test(word)) return 'none';
  if (/without a report|^Stale/.test(word)) return 'unknown';
  return tone === 'ok' ? 'ok' : tone === 'bad' ? 'bad' : tone === 'warn' ? 'skip' : 'none';
}

const PATHS: Record<Exclude<IconName, 'busy'>, string> = {
  ok: 'M3.5 8.5l3 3 6-7',
  bad: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  skip: 'M3 11c1-4 5-6 9-4M12 4v3.2H8.8',
  wait: 'M8 4.5V8l2.5 1.5M14 8A6 6 0 1 1 2 8a6 6 0 0 1 12 0',
  held: 'M6 4.5v7M10 4.5v7',
  none: 'M5 8h6',
  unknown: 'M6 6a2 2 0 1 1 2.6 1.9c-.4.2-.6.5-.6 1v.6M8 11.8v.2',
};

export function StatusIcon({ name, tone }: { name: IconName; tone: Tone }) {
  if (name === 'busy') return <span className="spinner" aria-hidden />;
  return (
    <svg className={`status-icon tone-${tone}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
