import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTPUT_TAIL_BYTES, runHookProcess } from '../../../electron/core/runner';
import { cutMarker } from '../../../electron/core/runner/cappedLog';
import { makeSandbox, type Sandbox } from './fixtures';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});
afterEach(() => sb.cleanup());

describe('runHookProcess: a hook that prints far too much', () => {
  it('keeps the head and the tail of 20 MB within a 1 MB log, and a bounded output', async () => {
    const cap = 1024 * 1024;
    let streamed = 0;
    const script = 'echo HEAD-OF-OUTPUT\nyes "0123456789 abcdefghij" | head -c 20000000\necho\necho TAIL-OF-OUTPUT\n';
    const r = await runHookProcess(sb.options(script, { logCapBytes: cap, onData: (d) => (streamed += d.length) }));
    expect(r.exitCode).toBe(0);
    expect(r.logTruncated).toBe(true);
    expect(r.logBytes).toBeGreaterThan(20_000_000); // every \n became \r\n on the way through the pty
    expect(streamed).toBe(r.logBytes); // ASCII: one character per byte

    const size = fs.statSync(sb.logPath).size;
    expect(size).toBeLessThanOrEqual(cap + Buffer.byteLength(cutMarker(r.logBytes)));
    const log = fs.readFileSync(sb.logPath, 'utf8');
    expect(log.startsWith('HEAD-OF-OUTPUT\r\n0123456789 abcdefghij\r\n')).toBe(true);
    expect(log.endsWith('\r\nTAIL-OF-OUTPUT\r\n')).toBe(true);
    expect(log).toMatch(/\[… hookgate: 19\.\d MB of output cut here …\]/);

    expect(r.output.length).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
    expect(r.output.endsWith('TAIL-OF-OUTPUT\r\n')).toBe(true);
    expect(r.reason).toBe('TAIL-OF-OUTPUT');
  });
});
