import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataBatcher } from '../../../electron/core/runner';

describe('DataBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends small writes together once the interval has passed', () => {
    const flushed: string[] = [];
    const b = new DataBatcher((d) => flushed.push(d), { intervalMs: 16 });
    b.write('a');
    b.write('b');
    vi.advanceTimersByTime(15);
    expect(flushed).toEqual([]);
    b.write('c');
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual(['abc']);
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['abc']);
  });

  it('sends at once when the batch reaches the size limit, without waiting for the timer', () => {
    const flushed: string[] = [];
    const b = new DataBatcher((d) => flushed.push(d), { intervalMs: 1000, maxBytes: 10 });
    b.write('12345');
    b.write('1234');
    expect(flushed).toEqual([]);
    b.write('abcd'); // would pass the limit: what was pending goes first
    expect(flushed).toEqual(['123451234']);
    b.write('efghijklmnop'); // big on its own
    expect(flushed).toEqual(['123451234', 'abcd', 'efghijklmnop']);
    vi.advanceTimersByTime(1000);
    expect(flushed).toHaveLength(3);
  });

  it('defaults to about one frame and about 200 KB', () => {
    const flushed: string[] = [];
    const b = new DataBatcher((d) => flushed.push(d));
    b.write('x');
    vi.advanceTimersByTime(16);
    expect(flushed).toEqual(['x']);
    b.write('y'.repeat(200 * 1024));
    expect(flushed).toHaveLength(2);
  });

  it('flushes what is pending on dispose and ignores writes after it', () => {
    const flushed: string[] = [];
    const b = new DataBatcher((d) => flushed.push(d));
    b.write('last words');
    b.dispose();
    expect(flushed).toEqual(['last words']);
    b.write('too late');
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['last words']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush() with nothing pending sends nothing', () => {
    const onFlush = vi.fn();
    new DataBatcher(onFlush).flush();
    expect(onFlush).not.toHaveBeenCalled();
  });
});
