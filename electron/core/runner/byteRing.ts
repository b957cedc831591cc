// The last N bytes of a stream, in fixed memory: how a hook that prints 200 MB keeps a tail for the
// log and for the reason without holding the 200 MB.

export class ByteRing {
  readonly capacity: number;
  #buf: Buffer | null = null; // allocated on first push: most hooks never fill it
  #start = 0;
  #length = 0;
  #total = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`ByteRing capacity must be a non-negative integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Bytes held now (≤ capacity). */
  get length(): number {
    return this.#length;
  }

  /** Bytes ever pushed. */
  get total(): number {
    return this.#total;
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    const cap = this.capacity;
    if (cap === 0 || chunk.length === 0) return;
    const buf = (this.#buf ??= Buffer.allocUnsafe(cap));
    if (chunk.length >= cap) {
      chunk.copy(buf, 0, chunk.length - cap);
      this.#start = 0;
      this.#length = cap;
      return;
    }
    const end = (this.#start + this.#length) % cap;
    const first = Math.min(chunk.length, cap - end);
    chunk.copy(buf, end, 0, first);
    if (first < chunk.length) chunk.copy(buf, 0, first);
    const length = this.#length + chunk.length;
    if (length >= cap) {
      this.#start = (end + chunk.length) % cap;
      this.#length = cap;
    } else {
      this.#length = length;
    }
  }

  /** A copy of the bytes held, oldest first. */
  contents(): Buffer {
    const buf = this.#buf;
    if (!buf || this.#length === 0) return Buffer.alloc(0);
    const end = this.#start + this.#length;
    if (end <= this.capacity) return Buffer.from(buf.subarray(this.#start, end));
    return Buffer.concat([buf.subarray(this.#start), buf.subarray(0, end - this.capacity)]);
  }
}

/** How many bytes at the start of `buf` are the continuation of a UTF-8 character cut off before it. */
export function utf8ContinuationPrefix(buf: Buffer): number {
  let n = 0;
  while (n < buf.length && n < 3 && (buf[n] & 0xc0) === 0x80) n++;
  return n;
}

/** The length of `buf` without an incomplete UTF-8 character at its end. */
export function utf8CompleteLength(buf: Buffer): number {
  // Look back at most 3 bytes for the lead byte of the last character.
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** Decodes a tail cut at an arbitrary byte: a leading partial character is dropped, not shown as U+FFFD. */
export function decodeTail(buf: Buffer): string {
  return buf.subarray(utf8ContinuationPrefix(buf)).toString('utf8');
}
