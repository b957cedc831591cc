// Median and p95 of repeated measurements; every figure is reported beside its own reference.
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
}

export function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!;
  return { n: s.length, median: at(0.5), p95: at(0.95), min: s[0]! };
}

/** Runs `a` and `b` alternately so machine noise hits both alike. */
export async function interleaved(reps: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[number[], number[]]> {
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < reps; i++) {
    xa.push(await a());
    xb.push(await b());
  }
  return [xa, xb];
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
