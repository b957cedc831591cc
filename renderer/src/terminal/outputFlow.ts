// Output on its way into the terminal view: batched (one write per ~16 ms, VS Code's and Hyper's
// habit) and flow-controlled by the terminal's write callback. xterm parses asynchronously; what was
// written and not yet parsed is "unacked". Above the high watermark nothing more is written until the
// terminal has caught up to the low watermark. The host cannot be paused (its events are a broadcast,
// and the hook keeps printing into its pty and its log), so what arrives meanwhile queues here up to a
// bound; beyond it the oldest queued output is dropped and a marker says how much — the log on disk
// keeps what its cap allows. Memory stays bounded (queue + unacked), and the page stays responsive
// because xterm is never handed more than it can parse in a few frames.

export interface FlowSink {
  /** Writes to the terminal; `parsed` is called once the terminal has processed the data. */
  write(data: string, parsed: () => void): void;
}

export interface FlowTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const BATCH_MS = 16;
/** Written-but-unparsed characters above which writing stops… */
export const HIGH_WATERMARK = 128 * 1024;
/** …and below which it resumes. */
export const LOW_WATERMARK = 32 * 1024;
/** Characters queued while the terminal catches up; beyond it the oldest are dropped. */
export const MAX_QUEUED = 1024 * 1024;
/**
 * At most this much per write. xterm parses its queued writes until ~12 ms have passed, but checks
 * the time only between writes, and every line feed costs it a scroll event (xterm 6 syncs its
 * scrollbar per line until its scrollback is full): a 128 KB write of short lines was one task of
 * most of a second; 8 KB still made tasks of 40–60 ms on a busy 2-core machine, 4 KB halves them.
 */
export const MAX_BATCH = 4 * 1024;

const browserTimer: FlowTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function droppedMarker(chars: number): string {
  const size = chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1024))} KB`;
  return `\x1b[0m\r\n\x1b[7m[… ${size} of output not shown here to keep up — the log in History has it, up to its size cap]\x1b[0m\r\n`;
}

export class OutputFlow {
  private queue: string[] = [];
  private queued = 0;
  private unacked = 0;
  private dropped = 0;
  private timer: unknown = null;
  private closed = false;
  /** Set when the high watermark was reached; cleared only at the low one (hysteresis). */
  private holding = false;
  /** Total characters dropped (for the view and the tests). */
  droppedTotal = 0;
  private readonly drainListeners = new Set<() => void>();
  /** Drain is told once per fall to the low watermark, not on every acknowledgement below it. */
  private drainTold = true;
  /** Characters pushed, and of them those parsed or dropped: `afterParsed` waits on the difference. */
  private pushedTotal = 0;
  private settledTotal = 0;
  private readonly parsedWaiters: { at: number; fn: () => void }[] = [];

  constructor(
    private readonly sink: FlowSink,
    private readonly clock: FlowTimer = browserTimer,
  ) {}

  push(data: string): void {
    if (this.closed || data.length === 0) return;
    this.drainTold = false;
    this.queue.push(data);
    this.queued += data.length;
    this.pushedTotal += data.length;
    while (this.queued > MAX_QUEUED && this.queue.length > 1) {
      const old = this.queue.shift()!;
      this.queued -= old.length;
      this.dropped += old.length;
      this.droppedTotal += old.length;
      this.settled(old.length);
    }
    this.schedule();
  }

  /**
   * Calls `fn` once everything pushed until now has been parsed by the terminal (or dropped), however
   * much is pushed meanwhile: a terminal that is opened only after its first output was parsed opens
   * even while a hook keeps printing.
   */
  afterParsed(fn: () => void): void {
    if (this.closed) return;
    if (this.settledTotal >= this.pushedTotal) return fn();
    this.parsedWaiters.push({ at: this.pushedTotal, fn });
  }

  private settled(n: number): void {
    this.settledTotal += n;
    while (this.parsedWaiters.length && this.parsedWaiters[0]!.at <= this.settledTotal) this.parsedWaiters.shift()!.fn();
  }

  /** Characters waiting here or in the terminal's parser: a reader of a log fetches more when low. */
  get backlog(): number {
    return this.queued + this.unacked;
  }

  get paused(): boolean {
    return this.holding;
  }

  /** Called whenever the backlog falls to the low watermark or below. */
  onDrain(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clock.clear(this.timer);
    this.timer = null;
    this.queue = [];
    this.queued = 0;
    this.drainListeners.clear();
    this.parsedWaiters.length = 0;
  }

  private schedule(): void {
    if (this.timer !== null || this.paused || this.closed) return;
    this.timer = this.clock.set(() => {
      this.timer = null;
      this.flush();
    }, BATCH_MS);
  }

  private flush(): void {
    if (this.closed) return;
    while (this.queue.length && this.unacked < HIGH_WATERMARK) {
      let batch = '';
      if (this.dropped) {
        batch = droppedMarker(this.dropped);
        this.dropped = 0;
      }
      const marker = batch.length;
      while (this.queue.length && batch.length < MAX_BATCH) {
        const next = this.queue[0]!;
        const room = MAX_BATCH - batch.length;
        if (next.length <= room) {
          batch += this.queue.shift()!;
          this.queued -= next.length;
        } else {
          batch += next.slice(0, room);
          this.queue[0] = next.slice(room);
          this.queued -= room;
        }
      }
      const n = batch.length;
      this.unacked += n;
      this.sink.write(batch, () => this.acked(n, n - marker));
    }
    if (this.unacked >= HIGH_WATERMARK) this.holding = true;
  }

  private acked(n: number, data: number): void {
    if (this.closed) return;
    this.unacked -= n;
    this.settled(data);
    if (this.unacked <= LOW_WATERMARK) {
      this.holding = false;
      if (this.queue.length) this.schedule();
      else if (!this.drainTold && this.backlog <= LOW_WATERMARK) {
        this.drainTold = true;
        for (const l of this.drainListeners) l();
      }
    }
  }
}
