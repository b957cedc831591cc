import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteRing, decodeTail, utf8CompleteLength } from '../../../electron/core/runner/byteRing';

describe('ByteRing', () => {
  it('holds exactly the last `capacity` bytes of whatever was pushed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 30 }), (cap, chunks) => {
        const ring = new ByteRing(cap);
        for (const c of chunks) ring.push(Buffer.from(c));
        const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
        expect(ring.contents().equals(all.subarray(Math.max(0, all.length - cap)))).toBe(true);
        expect(ring.total).toBe(all.length);
      }),
    );
  });
});

describe('UTF-8 cut helpers', () => {
  it('decodes a tail that starts inside a character without a replacement character', () => {
    const bytes = Buffer.from('€uro', 'utf8');
    expect(decodeTail(bytes.subarray(1))).toBe('uro');
  });

  it('finds where the last complete character ends', () => {
    const bytes = Buffer.from('a€', 'utf8'); // 61 e2 82 ac
    expect(utf8CompleteLength(bytes)).toBe(4);
    expect(utf8CompleteLength(bytes.subarray(0, 3))).toBe(1);
    expect(utf8CompleteLength(bytes.subarray(0, 2))).toBe(1);
    expect(utf8CompleteLength(Buffer.from('ab'))).toBe(2);
  });
});
