// Ids for operations and hook runs: sortable by creation time, unique across processes, and
// safe as file names (hook-run logs are named after them).
import { randomBytesPooled } from '../randomPool';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
let lastMs = 0;
let seq = 0;

function randomChars(n: number): string {
  let out = '';
  for (const b of randomBytesPooled(n)) out += ALPHABET[b % 36];
  return out;
}

/**
 * `op-m3k9a1b2c00x7f2k`: base36 milliseconds (9 characters, sortable until the year 5188), a
 * per-process sequence for ids made within the same millisecond, and 5 random characters.
 */
export function newId(prefix?: string): string {
  let now = Date.now();
  if (now <= lastMs) {
    seq++;
    if (seq >= 36 * 36) {
      // More than 1296 ids in one millisecond: borrow the next one.
      lastMs++;
      seq = 0;
    }
    now = lastMs;
  } else {
    lastMs = now;
    seq = 0;
  }
  const id = now.toString(36).padStart(9, '0') + seq.toString(36).padStart(2, '0') + randomChars(5);
  return prefix ? `${prefix}-${id}` : id;
}

/** A plain id: letters, digits, `_`, `-`, `.`; no path separators, no `..`, no NUL. */
export function isPlainId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(id) && !id.includes('..');
}
