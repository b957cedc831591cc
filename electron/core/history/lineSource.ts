// Where the raw lines of hook runs not parsed yet are read from: the buffer a small history was read
// into, or — for a large one — the file itself, through a descriptor held open on the very file
// (inode) that was indexed. A compaction replaces the file by renaming a new one over it; the
// descriptor still reads the old one, so byte offsets taken at load stay right until the store
// reloads and drops this source.
import fs from 'node:fs';

export interface LineSource {
  /** The text of bytes `start`..`end` (one line, without its newline). */
  text(start: number, end: number): string;
  /** Lets go of what the source holds (a no-op for a buffer). */
  close(): void;
}

export class BufferLines implements LineSource {
  constructor(private readonly buf: Buffer) {}

  text(start: number, end: number): string {
    return this.buf.toString('utf8', start, end);
  }

  close(): void {}
}

/** Lines are read a block at a time: a page of operations has its hook runs close together. */
const BLOCK = 64 * 1024;

// A store dropped without close() must not leak its descriptor.
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
});

export class FileLines implements LineSource {
  private block: Buffer = Buffer.alloc(0);
  private blockAt = 0;
  private closed = false;

  /** Takes ownership of `fd` (open for reading on `file`, named in errors). */
  constructor(
    private readonly fd: number,
    private readonly file: string,
  ) {
    unclosed.register(this, fd, this);
  }

  text(start: number, end: number): string {
    if (this.closed) throw new Error(`history: ${this.file}: read after the store was closed`);
    if (start < this.blockAt || end > this.blockAt + this.block.length) {
      if (end - start > BLOCK) return this.read(start, end - start).toString('utf8');
      // Aligned blocks: a page walks its operations newest first, so backwards through the file.
      const at = start - (start % BLOCK);
      this.block = this.read(at, end - at > BLOCK ? 2 * BLOCK : BLOCK);
      this.blockAt = at;
      if (end > at + this.block.length) throw new Error(`history: ${this.file}: ends before byte ${end} (changed in place?)`);
    }
    return this.block.toString('utf8', start - this.blockAt, end - this.blockAt);
  }

  private read(at: number, len: number): Buffer {
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    try {
      while (got < len) {
        const n = fs.readSync(this.fd, buf, got, len - got, at + got);
        if (n === 0) break;
        got += n;
      }
    } catch (err) {
      throw new Error(`history: cannot read ${this.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return buf.subarray(0, got);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.block = Buffer.alloc(0);
    unclosed.unregister(this);
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
