// A hook run's log file with a size cap. The start of the output (what the hook set out to do) and the
// end (how it finished) are what a reader needs; the middle of a runaway hook is not. So the file is
// written straight through while it fits; once it would pass the cap, it keeps the first half as it is
// and the last half in a ring buffer in memory, and on close writes a marker line and that tail.
// Memory and disk stay bounded by the cap whatever the hook prints.
import fs from 'node:fs';
import { ByteRing, utf8CompleteLength, utf8ContinuationPrefix } from './byteRing';

/** The tail starts at the next line if one starts this close to the cut: a clean line beats a half one. */
const TAIL_LINE_SEARCH_BYTES = 4096;

export interface CappedLogResult {
  /** Bytes the run wrote to the log (the whole output, also the part that was cut). */
  bytes: number;
  truncated: boolean;
}

export class CappedLog {
  readonly path: string;
  readonly capBytes: number;
  readonly #headBytes: number;
  #fd: number | null;
  #fileBytes = 0;
  #total = 0;
  #tail: ByteRing | null = null; // set once the output outgrew the cap
  #result: CappedLogResult | null = null;
  #error: Error | null = null;

  /** Creates (or empties) the file, readable by the user only: hook output can hold secrets. Throws with the path on failure. */
  constructor(path: string, capBytes: number) {
    if (!Number.isInteger(capBytes) || capBytes < 0) throw new RangeError(`log cap must be a non-negative integer of bytes, got ${capBytes}`);
    this.path = path;
    this.capBytes = capBytes;
    this.#headBytes = Math.floor(capBytes / 2);
    try {
      this.#fd = fs.openSync(path, 'w+', 0o600); // read too: the part past the head is read back when the cut starts
    } catch (err) {
      throw new Error(`cannot open log file "${path}": ${(err as Error).message}`, { cause: err });
    }
  }

  /** The first write error, after which the log stops writing (the run goes on; a log is not worth failing a backup for). */
  get error(): Error | null {
    return this.#error;
  }

  write(chunk: string | Buffer): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.#total += bytes.length;
    if (this.#fd === null || bytes.length === 0) return;
    try {
      if (this.#tail) this.#tail.push(bytes);
      else if (this.#fileBytes + bytes.length <= this.capBytes) this.#append(bytes);
      else this.#startCutting(bytes);
    } catch (err) {
      this.#fail(err);
    }
  }

  /** Writes the marker and the kept tail if the output was cut, and closes the file. Idempotent. */
  async close(): Promise<CappedLogResult> {
    if (this.#result) return this.#result;
    const fd = this.#fd;
    if (fd !== null && this.#tail) {
      try {
        this.#writeCut(fd, this.#tail);
      } catch (err) {
        this.#fail(err);
      }
    }
    if (this.#fd !== null) fs.closeSync(this.#fd);
    this.#fd = null;
    this.#result = { bytes: this.#total, truncated: this.#tail !== null };
    this.#tail = null;
    return this.#result;
  }

  #append(bytes: Buffer): void {
    writeAll(this.#fd!, bytes, this.#fileBytes);
    this.#fileBytes += bytes.length;
  }

  // The output just outgrew the cap. Whatever the file holds past the head becomes the start of the tail.
  #startCutting(bytes: Buffer): void {
    const fd = this.#fd!;
    const tail = new ByteRing(this.capBytes - this.#headBytes);
    if (this.#fileBytes <= this.#headBytes) {
      const fill = this.#headBytes - this.#fileBytes;
      this.#append(bytes.subarray(0, fill));
      tail.push(bytes.subarray(fill));
    } else {
      const spill = Buffer.alloc(this.#fileBytes - this.#headBytes);
      fs.readSync(fd, spill, 0, spill.length, this.#headBytes);
      tail.push(spill);
      tail.push(bytes);
      fs.ftruncateSync(fd, this.#headBytes);
      this.#fileBytes = this.#headBytes;
    }
    this.#tail = tail;
  }

  #writeCut(fd: number, ring: ByteRing): void {
    // Neither side of the cut may split a UTF-8 character.
    const lookback = Math.min(4, this.#fileBytes);
    const last = Buffer.alloc(lookback);
    fs.readSync(fd, last, 0, lookback, this.#fileBytes - lookback);
    const headEnd = this.#fileBytes - lookback + utf8CompleteLength(last);

    let tail = ring.contents();
    const newline = tail.subarray(0, TAIL_LINE_SEARCH_BYTES).indexOf(0x0a);
    tail = tail.subarray(newline >= 0 ? newline + 1 : utf8ContinuationPrefix(tail));

    const cut = this.#total - headEnd - tail.length;
    fs.ftruncateSync(fd, headEnd);
    const marker = Buffer.from(cutMarker(cut), 'utf8');
    writeAll(fd, marker, headEnd);
    writeAll(fd, tail, headEnd + marker.length);
    this.#fileBytes = headEnd + marker.length + tail.length;
  }

  #fail(err: unknown): void {
    this.#error ??= new Error(`cannot write log file "${this.path}": ${(err as Error).message}`, { cause: err });
    if (this.#fd !== null) {
      try {
        fs.closeSync(this.#fd);
      } catch {
        // already failing; the first error is the one worth reporting
      }
      this.#fd = null;
    }
  }
}

/**
 * The line that stands where output was cut. It starts with CAN, which makes a terminal abandon an
 * escape sequence the cut left open (an OSC title would otherwise swallow the marker), and resets colours.
 */
export function cutMarker(cutBytes: number): string {
  return `\x18\x1b[0m\r\n[… hookgate: ${formatBytes(cutBytes)} of output cut here …]\r\n`;
}

/** Decimal units, as a person reads them in a log: `850 bytes`, `12.3 MB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} byte${n === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function writeAll(fd: number, buf: Buffer, position: number): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off, position + off);
}
