// The terminal view's flow control: batching, high/low watermarks acknowledged by the terminal's
// write callback, and bounded memory with a marker where output was dropped.
import { describe, expect, it } from 'vitest';
import { BATCH_MS, HIGH_WATERMARK, LOW_WATERMARK, MAX_BATCH, MAX_QUEUED, OutputFlow, type FlowTimer } from '../../renderer/src/terminal/outputFlow';

/** A clock the test advances by hand. */
function manualClock() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: FlowTimer = {
    set: (fn, ms) => {
      const t = { at: now + ms, fn, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clear: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      due.fn();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

/** A terminal that parses only when told to (acknowledging writes in order). */
function fakeTerminal() {
  const writes: { data: string; parsed: () => void }[] = [];
  let shown = '';
  return {
    sink: { write: (data: string, parsed: () => void) => writes.push({ data, parsed }) },
    unparsed: () => writes.reduce((n, w) => n + w.data.length, 0),
    parseAll: () => {
      for (const w of writes.splice(0)) {
        shown += w.data;
        w.parsed();
      }
    },
    writes,
    shown: () => shown,
  };
}

describe('OutputFlow', () => {
  it('batches chunks that arrive within a frame into one write', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    flow.push('a');
    flow.push('b');
    flow.push('c');
    expect(term.writes).toHaveLength(0);
    advance(BATCH_MS);
    expect(term.writes.map((w) => w.data)).toEqual(['abc']);
  });

  it('writes no single piece larger than MAX_BATCH', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    flow.push('x'.repeat(MAX_BATCH * 3 + 5));
    advance(BATCH_MS);
    expect(term.writes.every((w) => w.data.length <= MAX_BATCH)).toBe(true);
    expect(term.writes.map((w) => w.data).join('')).toHaveLength(MAX_BATCH * 3 + 5);
  });

  it('stops at the high watermark and resumes only when the terminal is back at the low one', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    flow.push('y'.repeat(HIGH_WATERMARK * 2));
    advance(BATCH_MS);
    expect(term.unparsed()).toBeGreaterThanOrEqual(HIGH_WATERMARK);
    expect(term.unparsed()).toBeLessThan(HIGH_WATERMARK + MAX_BATCH);
    expect(flow.paused).toBe(true);
    const before = term.writes.length;
    // More output, more time: nothing is written while the terminal has not caught up.
    flow.push('z');
    advance(BATCH_MS * 10);
    expect(term.writes.length).toBe(before);
    // Parsing a little (still above the low watermark) does not resume…
    const w = term.writes.shift()!;
    w.parsed();
    advance(BATCH_MS);
    expect(term.writes.length).toBe(before - 1);
    // …catching up does.
    term.parseAll();
    expect(flow.paused).toBe(false);
    advance(BATCH_MS);
    expect(term.writes.length).toBeGreaterThan(0);
    term.parseAll();
    advance(BATCH_MS);
    term.parseAll();
    advance(BATCH_MS);
    term.parseAll();
    expect(term.shown().endsWith('z')).toBe(true);
  });

  it('keeps memory bounded when the terminal never catches up, and marks what it dropped', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    const chunk = 'line of output\r\n'.repeat(4096); // 64 KB
    for (let i = 0; i < 1600; i++) {
      flow.push(chunk); // 100 MB in all
      advance(1);
      expect(flow.backlog).toBeLessThanOrEqual(MAX_QUEUED + HIGH_WATERMARK + chunk.length + MAX_BATCH);
    }
    expect(flow.droppedTotal).toBeGreaterThan(90 * 1024 * 1024);
    // Once it catches up, the marker says how much is missing, then the newest output follows.
    for (let i = 0; i < 200 && flow.backlog > 0; i++) {
      term.parseAll();
      advance(BATCH_MS);
    }
    expect(term.shown()).toMatch(/\[… \d+(\.\d)? MB of output not shown here to keep up — the log in History has it/);
    expect(term.shown().endsWith(chunk)).toBe(true);
  });

  it('tells a log reader when the backlog is low enough to fetch more', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    let drains = 0;
    flow.onDrain(() => drains++);
    flow.push('p'.repeat(LOW_WATERMARK * 3));
    advance(BATCH_MS);
    expect(drains).toBe(0);
    term.parseAll();
    expect(drains).toBe(1);
    expect(flow.backlog).toBe(0);
  });

  it('after close, nothing more is written', () => {
    const { clock, advance, pending } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    flow.push('late');
    flow.close();
    advance(BATCH_MS);
    flow.push('later');
    advance(BATCH_MS);
    expect(term.writes).toHaveLength(0);
    expect(pending()).toBe(0);
  });
});

describe('OutputFlow.afterParsed', () => {
  it('waits for what was pushed before it, not for what comes after', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    let called = 0;
    flow.push('x'.repeat(MAX_BATCH + 10));
    flow.afterParsed(() => called++);
    advance(BATCH_MS);
    flow.push('more output arriving meanwhile');
    expect(called).toBe(0);
    term.parseAll();
    // The first push is parsed; the later one is not yet written, and does not hold the call back.
    expect(called).toBe(1);
    advance(BATCH_MS);
    term.parseAll();
    expect(called).toBe(1);
  });

  it('calls at once when nothing is waiting, and counts dropped output as done', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    let called = 0;
    flow.afterParsed(() => called++);
    expect(called).toBe(1);
    // More than the queue holds while the terminal parses nothing: the oldest is dropped.
    for (let i = 0; i < 3; i++) flow.push('y'.repeat(MAX_QUEUED / 2));
    flow.afterParsed(() => called++);
    for (let i = 0; i < 200 && called < 2; i++) {
      advance(BATCH_MS);
      term.parseAll();
    }
    expect(called).toBe(2);
    expect(flow.droppedTotal).toBeGreaterThan(0);
  });

  it('never calls after close', () => {
    const { clock, advance } = manualClock();
    const term = fakeTerminal();
    const flow = new OutputFlow(term.sink, clock);
    let called = 0;
    flow.push('z');
    flow.afterParsed(() => called++);
    flow.close();
    advance(BATCH_MS);
    term.parseAll();
    expect(called).toBe(0);
  });
});
