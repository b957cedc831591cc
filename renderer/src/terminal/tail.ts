// What a terminal opened on a running hook shows of the output so far.

/**
 * Of a running hook's output so far, a terminal opened late (or opened again on going back to Now)
 * shows this much: a few hundred lines above the box's rows. Parsing the whole kept tail (256 KB)
 * held the page for a tenth of a second at every visit while a hook flooded; the log has it all.
 */
export const LIVE_MOUNT_TAIL = 32 * 1024;

/** The end of `tail` from a line start, at most `max` characters, and whether it was cut. */
export function tailFromLineStart(tail: string, max: number): { text: string; cut: boolean } {
  if (tail.length <= max) return { text: tail, cut: false };
  const from = tail.length - max;
  const nl = tail.indexOf('\n', from);
  return { text: nl >= 0 && nl < tail.length - 1 ? tail.slice(nl + 1) : tail.slice(from), cut: true };
}
