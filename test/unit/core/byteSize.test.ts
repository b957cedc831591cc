// One size formatter for restic's progress, `hookgate plans`, healthchecks pings and config errors,
// each with the precision its output always had.
import { describe, expect, it } from 'vitest';
import { formatByteSize } from '../../../electron/shared/byteSize';

describe('formatByteSize', () => {
  it('bytes whole, then binary units with the precision asked for below 10 and from 10 of a unit', () => {
    expect(formatByteSize(0)).toBe('0 B');
    expect(formatByteSize(1023)).toBe('1023 B');
    // healthchecks pings and config errors: one decimal
    expect(formatByteSize(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatByteSize(10 * 1024 * 1024)).toBe('10.0 MiB');
    // restic's progress line: two decimals below 10, one from 10
    expect(formatByteSize(1536, 2, 1)).toBe('1.50 KiB');
    expect(formatByteSize(100 * 1024, 2, 1)).toBe('100.0 KiB');
    // `hookgate plans`: one decimal below 10, none from 10
    expect(formatByteSize(1.5 * 1024 ** 3, 1, 0)).toBe('1.5 GiB');
    expect(formatByteSize(42 * 1024 ** 3, 1, 0)).toBe('42 GiB');
    expect(formatByteSize(2 * 1024 ** 5, 1, 0)).toBe('2048 TiB');
  });
});
