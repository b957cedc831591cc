// Properties of Go's float printing that hold for every float64, not only the recorded cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sprintf } from '../../../electron/core/template/printf';
import { formatFloat } from '../../../electron/core/template/strconv';
import { floatValue, intValue } from '../../../electron/core/template/value';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('printf float formatting (fmt + strconv)', () => {
  it('%v prints the shortest form that reads back as the same float64, as Go does', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const s = sprintf('%v', [floatValue(x)]);
        expect(Number(s.replace(/e([+-])0?/, 'e$1'))).toBe(x);
      }),
    );
  });

  it('%v uses an exponent exactly when the decimal exponent is below -4 or at least 6 (1e+06, 1e-05)', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const s = sprintf('%v', [floatValue(x)]);
        const e = Number(Math.abs(x).toExponential().split('e')[1]);
        expect(s.includes('e')).toBe(x !== 0 && (e < -4 || e >= 6));
      }),
    );
  });

  it('%.Ne agrees with the exact value rounded half to even (ties only at exact halves)', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: 0, max: 20 }), (x, p) => {
        const ours = formatFloat(x, 'e', p);
        const js = x.toExponential(p);
        // JavaScript rounds exact ties up; both agree everywhere else.
        if (ours !== js.replace(/e([+-])(\d)$/, 'e$10$2')) {
          const back = Number(ours);
          expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.abs(Number(js) - x));
        }
      }),
    );
  });

  it('%.Nf reads back within half a unit of the last digit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, p) => {
        const s = sprintf(`%.${p}f`, [floatValue(x)]);
        expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(0.5 * 10 ** -p * (1 + 1e-9) + Math.abs(x) * 1e-15);
      }),
    );
  });

  it('%d of any int64 is its decimal form, %x its hex form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (n) => {
        expect(sprintf('%d %x', [intValue(n), intValue(n)])).toBe(`${n} ${n < 0n ? '-' + (-n).toString(16) : n.toString(16)}`);
      }),
    );
  });
});
