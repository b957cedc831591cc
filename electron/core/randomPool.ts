// Random bytes for ids and temp names, taken from a pool the CSPRNG refills 4 KiB at a time: a call
// into the CSPRNG per id costs more than the rest of making one, and a gate makes several.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `n` (≤ 4096) cryptographically random bytes; each byte is handed out once. */
export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} pooled random bytes at a time, asked for ${n}`);
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + n));
  used += n;
  return out;
}
