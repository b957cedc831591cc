// Sizes in binary units, as restic prints them (`1.5 GiB`). One function for the restic progress line, the window,
// `hookgate plans`, healthchecks pings and config errors; each keeps the precision it always had.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * `n` bytes in the largest binary unit it reaches: a whole number of bytes below 1 KiB, else with
 * `digits` decimals, and `digitsFrom10` from 10 of the unit on (`1.50 KiB` but `15.0 KiB` for 2, 1).
 */
export function formatByteSize(n: number, digits = 1, digitsFrom10 = digits): string {
  let v = n;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? digits : digitsFrom10)} ${UNITS[i]}`;
}
