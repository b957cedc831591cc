// Splits a byte stream into newline-terminated lines with a cap on each line, so a peer that
// never sends a newline (or sends 100 MB) costs at most `maxBytes` of memory before it is cut off.

export interface LineReaderOptions {
  maxBytes: number;
  onLine: (line: string) => void;
  /** Called once when a line grows past the cap; the reader then drops everything after it. */
  onOverflow: (bytesSeen: number) => void;
}

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(private readonly opts: LineReaderOptions) {}

  /** The cap can change, e.g. a larger one once a client has authenticated. */
  set maxBytes(n: number) {
    this.opts.maxBytes = n;
  }

  get maxBytes(): number {
    return this.opts.maxBytes;
  }

  push(chunk: Buffer): void {
    if (this.overflowed) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      if (this.size + piece.length > this.opts.maxBytes) return this.overflow(this.size + piece.length);
      const line = this.parts.length ? Buffer.concat([...this.parts, piece]) : piece;
      this.parts = [];
      this.size = 0;
      start = nl + 1;
      const text = line.toString('utf8').replace(/\r$/, '');
      if (text.trim() !== '') this.opts.onLine(text);
      // onLine may have ended this connection (e.g. a failed hello).
      if (this.overflowed) return;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) return;
    if (this.size + rest.length > this.opts.maxBytes) return this.overflow(this.size + rest.length);
    // Copy: the caller's buffer may be reused.
    this.parts.push(Buffer.from(rest));
    this.size += rest.length;
  }

  /** Stops delivering lines (after a protocol error that closes the connection). */
  stop(): void {
    this.overflowed = true;
    this.parts = [];
    this.size = 0;
  }

  /** Bytes of an unfinished line (a truncated message at end of stream). */
  get pending(): number {
    return this.size;
  }

  private overflow(seen: number): void {
    this.stop();
    this.opts.onOverflow(seen);
  }
}
