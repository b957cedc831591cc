// A coloured word for a state; the colour repeats the word, never replaces it.
import type { ReactNode } from 'react';
import type { Tone } from './describe';

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}
