// An error signal without --error (README's borgmatic on_error: `{error}` must not be pasted into a
// shell) still tells the hooks a backup failed: `.Error` is never empty after an error.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { markerHook, readMarks, writeHooks } from '../helpers/hooks';

describe('hookgate signal snapshot-error without --error', () => {
  it('ERROR, ANY_ERROR and END see a non-empty .Error, and the operation is recorded with it', async () => {
    const home = tempHome();
    const mark = path.join(home, 'marks');
    writeHooks(home, [markerHook('after', ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_ANY_ERROR', 'CONDITION_SNAPSHOT_END'], mark)]);
    const env = { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' };
    expect((await runCli(['signal', 'snapshot-start', '--plan', 'nas'], { env })).code).toBe(0);
    const r = await runCli(['signal', 'snapshot-error', '--plan', 'nas'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const error = 'the backup failed (the tool gave no details; see its log)';
    expect(readMarks(mark)).toEqual([`CONDITION_SNAPSHOT_ERROR ${error}|`, `CONDITION_ANY_ERROR ${error}|`, `CONDITION_SNAPSHOT_END ${error}|`]);
    const ops = JSON.parse((await runCli(['history', '--json'], { env })).stdout);
    expect(ops[0]).toMatchObject({ status: 'error', error });
  });
});
