// The fast check of history lines must agree with zod: whatever it accepts, zod accepts with the
// same output (fields and their order); a record it is unsure of goes to zod.
import { describe, expect, it } from 'vitest';
import { parseRecordLine } from '../../../electron/core/history';
import { fastRecordChecks } from '../../../electron/core/history/recordLine';
import { fastCheckFor } from '../../../electron/core/history/recordCheck';
import { hookRunRecordSchema, operationRecordSchema } from '../../../electron/shared/history';
import { op, run } from './records';

const WRONG_VALUES: unknown[] = [undefined, null, '', 'x', 'CONDITION_SNAPSHOT_START', 'success', 'operation', 'hookRun', 0, 1, -1, 1.5, 2 ** 60, true, false, [], ['a'], [1], {}];

/** Every record with one field set to a wrong (or another right) value, removed, or added. */
function variants(base: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [base];
  for (const k of Object.keys(base)) {
    for (const v of WRONG_VALUES) out.push({ ...base, [k]: v });
    const { [k]: _gone, ...rest } = base;
    out.push(rest);
  }
  out.push({ extra: 1, ...base }, { ...base, rev: 123, newer: { a: [1] } });
  return out;
}

describe('the fast check of history records', () => {
  it('is on for both record types (a schema change that turns it off fails here)', () => {
    expect(fastRecordChecks).toEqual({ operation: true, hookRun: true });
  });

  for (const [name, schema, base] of [
    ['operation', operationRecordSchema, { ...op({ command: ['restic', 'backup'], decision: 'proceed', exitCode: 0 }) }],
    ['hook run', hookRunRecordSchema, { ...run(op()) }],
  ] as const) {
    it(`${name}: accepts only what zod accepts, and gives what zod gives, field order included`, () => {
      const check = fastCheckFor(schema)!;
      let accepted = 0;
      for (const v of variants(base as Record<string, unknown>)) {
        const raw = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
        const fast = check(JSON.parse(JSON.stringify(v)) as Record<string, unknown>);
        const z = schema.safeParse(raw);
        if (fast) {
          accepted++;
          expect(z.success).toBe(true);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(z.data));
        }
        // And the line parser says the same either way.
        const line = parseRecordLine(JSON.stringify(v));
        expect(line.ok).toBe(z.success);
      }
      expect(accepted).toBeGreaterThan(10);
    });
  }

  it('leaves a record with a __proto__ field to zod', () => {
    const check = fastCheckFor(hookRunRecordSchema)!;
    expect(check(JSON.parse(JSON.stringify(run(op())).replace('{', '{"__proto__":{"polluted":1},')))).toBeNull();
  });
});
