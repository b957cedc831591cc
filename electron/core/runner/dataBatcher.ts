// Output on its way to a view, batched like Hyper's DataBatcher: a pty delivers many small chunks, and
// sending each one over IPC costs more than the bytes. Flush on a timer, or early when the batch is big.

/** About one frame at 60 Hz: the view cannot show more often than that anyway. */
export const BATCH_INTERVAL_MS = 16;
/** A batch this large goes out at once instead of waiting for the timer (Hyper uses 200 KB). */
export const BATCH_MAX_BYTES = 200 * 1024;

export interface DataBatcherOptions {
  intervalMs?: number;
  /** Measured in UTF-16 code units of the batched string, which is what crosses IPC. */
  maxBytes?: number;
}

export class DataBatcher {
  readonly #onFlush: (data: string) => void;
  readonly #intervalMs: number;
  readonly #maxBytes: number;
  #parts: string[] = [];
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(onFlush: (data: string) => void, opts: DataBatcherOptions = {}) {
    this.#onFlush = onFlush;
    this.#intervalMs = opts.intervalMs ?? BATCH_INTERVAL_MS;
    this.#maxBytes = opts.maxBytes ?? BATCH_MAX_BYTES;
  }

  write(data: string): void {
    if (this.#disposed || data.length === 0) return;
    // Keep batches under the limit: what is pending goes first, then a chunk that is big on its own goes alone.
    if (this.#size > 0 && this.#size + data.length > this.#maxBytes) this.flush();
    this.#parts.push(data);
    this.#size += data.length;
    if (this.#size >= this.#maxBytes) {
      this.flush();
      return;
    }
    this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs);
  }

  flush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#size === 0) return;
    const data = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    this.#onFlush(data);
  }

  /** Flushes what is pending (no output is lost on the way out) and ignores later writes. */
  dispose(): void {
    if (this.#disposed) return;
    this.flush();
    this.#disposed = true;
  }
}
