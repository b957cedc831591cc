import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CappedLog } from '../../../electron/core/runner';
import { cutMarker, formatBytes } from '../../../electron/core/runner/cappedLog';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const MARKER_RE = /\x18\x1b\[0m\r\n\[… hookgate: (.+) of output cut here …\]\r\n/;

describe('CappedLog', () => {
  it('keeps output under the cap whole, without a marker, and writes it as it comes', async () => {
    const file = path.join(dir, 'run.log');
    const log = new CappedLog(file, 1000);
    log.write('hello ');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello '); // visible while the hook still runs
    log.write(Buffer.from('world\r\n'));
    expect(await log.close()).toEqual({ bytes: 13, truncated: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('hello world\r\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps exactly the cap when the output is exactly that long', async () => {
    const file = path.join(dir, 'run.log');
    const log = new CappedLog(file, 10);
    log.write('0123456789');
    expect(await log.close()).toEqual({ bytes: 10, truncated: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('0123456789');
  });

  it('keeps the head and the tail of a long output and marks the cut with its size', async () => {
    const file = path.join(dir, 'run.log');
    const cap = 64 * 1024;
    const log = new CappedLog(file, cap);
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++) lines.push(`line ${String(i).padStart(5, '0')}\r\n`);
    for (const l of lines) log.write(l);
    const all = lines.join('');
    const result = await log.close();
    expect(result).toEqual({ bytes: all.length, truncated: true });

    const text = fs.readFileSync(file, 'utf8');
    const m = MARKER_RE.exec(text)!;
    expect(m).not.toBeNull();
    const head = text.slice(0, m.index);
    const tail = text.slice(m.index + m[0].length);
    expect(all.startsWith(head)).toBe(true);
    expect(all.endsWith(tail)).toBe(true);
    expect(head.length).toBeGreaterThan(cap / 2 - 20);
    expect(tail.length).toBeGreaterThan(cap / 2 - 20);
    expect(tail.startsWith('line ')).toBe(true); // the tail begins at a line, not mid-way through one
    expect(tail.endsWith('line 19999\r\n')).toBe(true);
    expect(m[1]).toBe(formatBytes(all.length - head.length - tail.length));
    expect(fs.statSync(file).size).toBeLessThanOrEqual(cap + Buffer.byteLength(cutMarker(all.length)));
  });

  it('cuts a single huge write the same way', async () => {
    const file = path.join(dir, 'run.log');
    const log = new CappedLog(file, 1000);
    log.write('H'.repeat(10) + 'x'.repeat(100_000) + 'T'.repeat(10));
    expect(await log.close()).toMatchObject({ bytes: 100_020, truncated: true });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('H'.repeat(10))).toBe(true);
    expect(text.endsWith('T'.repeat(10))).toBe(true);
    expect(text).toContain('99.0 KB of output cut here');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000 + Buffer.byteLength(cutMarker(100_000)));
  });

  it('never splits a UTF-8 character at either side of the cut', async () => {
    const file = path.join(dir, 'run.log');
    const log = new CappedLog(file, 101); // odd cap: the cut falls inside 3-byte characters
    log.write('€'.repeat(20_000));
    await log.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.toString('utf8')).not.toContain('\uFFFD');
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true);
  });

  it('holds memory and disk to the cap however much is written', async () => {
    const file = path.join(dir, 'run.log');
    const cap = 256 * 1024;
    const log = new CappedLog(file, cap);
    const chunk = Buffer.alloc(64 * 1024, 'z');
    for (let i = 0; i < 1600; i++) log.write(chunk); // 100 MiB
    expect(fs.statSync(file).size).toBeLessThanOrEqual(cap);
    const result = await log.close();
    expect(result).toEqual({ bytes: 1600 * 64 * 1024, truncated: true });
    expect(fs.statSync(file).size).toBeLessThanOrEqual(cap + 100);
    expect(fs.readFileSync(file, 'utf8')).toContain('104.6 MB of output cut here');
  });

  it('close is idempotent and later writes are ignored', async () => {
    const file = path.join(dir, 'run.log');
    const log = new CappedLog(file, 100);
    log.write('abc');
    const first = await log.close();
    log.write('more');
    expect(await log.close()).toBe(first);
    expect(fs.readFileSync(file, 'utf8')).toBe('abc');
  });

  it('names the path when the log cannot be opened', () => {
    expect(() => new CappedLog(path.join(dir, 'missing', 'run.log'), 100)).toThrow(/cannot open log file ".*missing\/run\.log"/);
  });
});

describe('formatBytes', () => {
  it('reads as a person would say it', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(850)).toBe('850 bytes');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
  });
});
