// Issue #12 item 8: the small ones, each through the real CLI binary.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

function env(home = tempHome('hookgate-small-')): Record<string, string> {
  return { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' };
}

describe('hold', () => {
  it('a DURATION beyond what a hold can be is refused with the limit, not a crash', async () => {
    const r = await runCli(['hold', '100000000000h'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hookgate hold: DURATION 100000000000h is longer than a hold can be (365 days); give no DURATION to hold until "hookgate resume"\n');
    const until = await runCli(['hold', '--until', '2999-01-01T00:00'], { env: env() });
    expect(until.code).toBe(2);
    expect(until.stderr).toMatch(/^hookgate hold: --until: 2999-01-01T00:00 is more than 365 days ahead; leave --until out/);
  });

  it('a far end is printed with its year', async () => {
    const r = await runCli(['hold', '300d'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const year = new Date(Date.now() + 300 * 86_400_000).getFullYear();
    expect(r.stdout).toMatch(new RegExp(`^hookgate: backups held until .*\\b${year}\\b.* — in `));
  });

  it('--help shows --json, in the usage line too', async () => {
    const r = await runCli(['hold', '--help'], { env: env() });
    expect(r.stdout.split('\n')[0]).toBe('usage: hookgate hold [DURATION | --until TIME] [--json]');
    expect(r.stdout).toMatch(/\n {2}--json +print the hold as JSON/);
  });
});

describe('exit codes', () => {
  it('--skip-code 0 (and --fail-code 0) is refused: it would tell the tool to run', async () => {
    for (const args of [
      ['signal', 'snapshot-start', '--skip-code', '0'],
      ['signal', 'snapshot-start', '--skip-code=00'],
      ['run', '--skip-code', '0', '--', 'true'],
    ]) {
      const r = await runCli(args, { env: env() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--skip-code: 0 means "proceed" to the backup tool; a skip needs a code from 1 to 255\n$/);
    }
    const fail = await runCli(['signal', 'snapshot-start', '--fail-code', '0'], { env: env() });
    expect(fail.code).toBe(2);
    expect(fail.stderr).toMatch(/--fail-code: 0 means "proceed"/);
  });
});

describe('reasons said once, on one line', () => {
  it('a hook that cannot start: "could not start" once', async () => {
    const home = tempHome('hookgate-small-');
    writeHooks(home, [{ id: 'mount', name: 'mount', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_FATAL', script: '#!/nonexistent/sh\necho hi\n' }]);
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: env(home) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nhookgate: fail — hook "mount" \(CONDITION_SNAPSHOT_START\): could not start: interpreter "\/nonexistent\/sh" not found/);
    expect(r.stdout.match(/could not start/g)).toHaveLength(1);
  });

  it('a hook that times out: "timed out after 1 s" once; what it printed last follows', async () => {
    const home = tempHome('hookgate-small-');
    writeHooks(home, [
      { id: 'slow', name: 'slow', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_FATAL', timeoutSec: 1, script: 'exec sleep 30\n' },
      { id: 'chatty', name: 'chatty', conditions: ['CONDITION_PRUNE_START'], onError: 'ON_ERROR_FATAL', timeoutSec: 1, script: 'echo "waiting for the NAS"; exec sleep 30\n' },
    ]);
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: env(home) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nhookgate: fail — hook "slow" \(CONDITION_SNAPSHOT_START\): timed out after 1 s \(stopped with SIG[A-Z]+\)\n$/);
    const chatty = await runCli(['signal', 'prune-start', '--plan', 'laptop'], { env: env(home) });
    expect(chatty.stdout).toMatch(/\nhookgate: fail — hook "chatty" \(CONDITION_PRUNE_START\): timed out after 1 s \(stopped with SIG[A-Z]+\): waiting for the NAS\n$/);
  });

  it('a reason of several lines (a status file) is cut to its last line in the decision line and the history table', async () => {
    const home = tempHome('hookgate-small-');
    const script = '#!/bin/sh\necho "checked the battery" > "$HOOKGATE_STATUS_FILE"\necho "battery at 15 percent" >> "$HOOKGATE_STATUS_FILE"\nexit 1\n';
    writeHooks(home, [{ id: 'battery', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script }]);
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: env(home) });
    expect(r.code).toBe(75);
    expect(r.stdout).toMatch(/\nhookgate: skip — hook "battery" \(CONDITION_SNAPSHOT_START\): exited 1 after [\d.]+ s: battery at 15 percent\n$/);
    const table = (await runCli(['history'], { env: env(home) })).stdout.split('\n');
    expect(table[1]).toMatch(/\s+skipped\s+battery at 15 percent\s+/);
    expect(table[1]).not.toContain('checked');
  });
});

describe('signal', () => {
  it('without --plan, says which plan it used', async () => {
    const r = await runCli(['signal', 'snapshot-start'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hookgate: proceed — no hooks for this event (plan "default": no --plan given)\n');
    const named = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: env() });
    expect(named.stdout).toBe('hookgate: proceed — no hooks for this event\n');
  });

  it('--help explains every flag signal takes', async () => {
    const help = (await runCli(['signal', '--help'], { env: env() })).stdout;
    const flags = ['plan', 'repo', 'task', 'paths', 'operation', 'snapshot-id', 'error', 'status', 'trigger', 'wait', 'max-wait', 'exit-codes', 'skip-code', 'fail-code', 'on-host-lost', 'quiet', 'json', 'color', 'help'];
    for (const f of flags) expect(help, `--${f}`).toMatch(new RegExp(`\\n {2}(-[a-z], )?--${f}\\b[^\\n]* {2,}\\S`));
    // Every flag the parser takes is one of them: an unknown one is refused, a listed one is not.
    for (const f of flags.filter((x) => !['help', 'wait', 'quiet', 'json'].includes(x))) {
      const r = await runCli(['signal', 'snapshot-start', `--${f}`], { env: env() });
      expect(r.stderr, f).not.toMatch(/unknown flag/);
    }
  });
});

describe('render', () => {
  it('takes --error, --plan, --snapshot-id, and a stored hook by id or name', async () => {
    const home = tempHome('hookgate-small-');
    const script = 'curl -fsS https://hc-ping.com/uuid{{ if .Error }}/fail{{ end }} # {{ .Plan.Id }} {{ .SnapshotId }} {{ .Event }} {{ .Error }}';
    writeHooks(home, [{ id: 'hc-1a2b', name: 'healthchecks', conditions: ['CONDITION_SNAPSHOT_END'], script }]);
    const byName = await runCli(['render', '--event', 'snapshot-end', '--error', 'disk full', '--plan', 'laptop', '--snapshot-id', '4f2a9c1e', 'healthchecks'], { env: env(home) });
    expect(byName.stderr).toBe('');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe('curl -fsS https://hc-ping.com/uuid/fail # laptop 4f2a9c1e CONDITION_SNAPSHOT_END disk full');
    const byId = await runCli(['render', '--plan', 'laptop', 'hc-1a2b'], { env: env(home) });
    expect(byId.stdout).toBe('curl -fsS https://hc-ping.com/uuid # laptop  CONDITION_UNKNOWN ');
    const file = path.join(home, 'tpl.txt');
    fs.writeFileSync(file, '{{ .Error }}|{{ .SnapshotId }}');
    expect((await runCli(['render', '--error', 'x', '--snapshot-id', 'y', file], { env: env(home) })).stdout).toBe('x|y');
    const none = await runCli(['render', 'no-such-thing'], { env: env(home) });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^hookgate render: template no-such-thing: no such file, and no hook with the id or name "no-such-thing"/);
    const mixed = await runCli(['render', '--data', file, '--plan', 'x', file], { env: env(home) });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe('hookgate render: --plan sets a hook variable; it cannot be used with --data\n');
  });
});
