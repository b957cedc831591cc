import { describe, expect, it } from 'vitest';
import { parseArgs, parseDuration, UsageError } from '../../../electron/cli/argParser';
import { detectTrigger } from '../../../electron/cli/trigger';

const specs = { plan: { type: 'string' as const }, env: { type: 'string' as const, multiple: true }, quiet: { type: 'boolean' as const, short: 'q' } };

describe('flag parsing', () => {
  it('takes --flag value, --flag=value, repeatable flags, short booleans and everything after --', () => {
    const p = parseArgs(['snapshot-start', '--plan', 'home', '--env=A=1', '--env', 'B=2', '-q', '--', 'restic', '--plan', 'x'], specs);
    expect(p.positionals).toEqual(['snapshot-start']);
    expect(p.flags).toEqual({ plan: 'home', env: ['A=1', 'B=2'], quiet: true });
    expect(p.rest).toEqual(['restic', '--plan', 'x']);
  });
  it('names the unknown flag, the flag missing its value, and a flag given twice', () => {
    expect(() => parseArgs(['--nope'], specs)).toThrow(new UsageError('hookgate: unknown flag --nope'));
    expect(() => parseArgs(['--plan'], specs)).toThrow(/--plan needs a value/);
    expect(() => parseArgs(['--plan', 'a', '--plan', 'b'], specs)).toThrow(/--plan given twice/);
    expect(() => parseArgs(['--quiet=yes'], specs)).toThrow(/--quiet takes no value/);
  });
  it('reads durations as 90s, 2m, 1h30m, 500ms or plain seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('45')).toBe(45_000);
    expect(() => parseDuration('2 minutes', '--timeout')).toThrow(/invalid --timeout "2 minutes"/);
  });
});

describe('trigger detection', () => {
  it('tells a systemd timer and cron (scheduled) from a terminal (manual); an explicit value wins', () => {
    expect(detectTrigger({ INVOCATION_ID: 'abc' }, false)).toBe('scheduled');
    expect(detectTrigger({}, false)).toBe('scheduled');
    expect(detectTrigger({ TERM: 'xterm' }, true)).toBe('manual');
    expect(detectTrigger({ TERM: 'xterm' }, false)).toBe('unknown');
    expect(detectTrigger({ HOOKGATE_TRIGGER: 'manual', INVOCATION_ID: 'x' }, false)).toBe('manual');
  });
});
