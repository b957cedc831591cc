// `hookgate test HOOK --simulate …` through the built binary: live output, the decision it would
// give and why, nothing recorded, and a bad --simulate refused in one line naming the key.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookFromGallery } from '../../electron/core/gallery';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

function homeWithHooks(): string {
  const home = tempHome();
  writeHooks(home, [
    { id: 'bat-1', ...hookFromGallery('battery', { platform: 'linux' }) },
    { id: 'wifi', ...hookFromGallery('wifi', { platform: 'linux', params: { ALLOWED_SSIDS: 'Home' } }) },
    {
      id: 'report',
      name: 'Error report',
      conditions: ['CONDITION_SNAPSHOT_ERROR', 'CONDITION_SNAPSHOT_END'],
      onError: 'ON_ERROR_FATAL',
      script: '#!/bin/sh\necho "event {{ .Event }} plan {{ .Plan.Id }} error: $HOOKGATE_ERROR"\n[ -z "$HOOKGATE_ERROR" ]\n',
    },
  ]);
  return home;
}

describe('hookgate test', () => {
  it('runs the battery hook with battery=15,ac=0: its output, then "would skip" with the reason; exit 1', async () => {
    const home = homeWithHooks();
    const r = await runCli(['test', 'battery', '--simulate', 'battery=15,ac=0'], { env: { HOOKGATE_HOME: home } });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split(/\r?\n/);
    expect(lines[0]).toBe('battery at 15 % (below 40 %)');
    expect(r.stdout).toContain('hookgate test: would skip — battery at 15 % (below 40 %)\n');
    expect(r.stdout).toContain('hook "battery" (CONDITION_SNAPSHOT_START): failed (exit 1): battery at 15 % (below 40 %)');
    expect(r.stdout).toMatch(/facts: battery 15 %, on AC no, online \w+, metered \w+, Wi-Fi /);
  });

  it('finds a hook by id as well as by name, and proceeds (exit 0) when the facts allow it', async () => {
    const home = homeWithHooks();
    const r = await runCli(['test', 'bat-1', '--simulate', 'battery=15', '--simulate', 'ac=1'], { env: { HOOKGATE_HOME: home } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('hookgate test: would proceed — on AC power (battery at 15 %)');
  });

  it('records nothing: no operation, no hook run, no log', async () => {
    const home = homeWithHooks();
    await runCli(['test', 'wifi', '--simulate', 'ssid="Cafe, 2nd floor"'], { env: { HOOKGATE_HOME: home } });
    const h = await runCli(['history', '--json'], { env: { HOOKGATE_HOME: home } });
    expect(JSON.parse(h.stdout)).toEqual([]);
    const logs = path.join(home, 'history', 'logs');
    expect(fs.existsSync(logs) ? fs.readdirSync(logs) : []).toEqual([]);
  });

  it('--json prints the result (output on stderr): decision, reason, the simulated facts, the test operation id', async () => {
    const home = homeWithHooks();
    const r = await runCli(['test', 'wifi', '--simulate', 'ssid="Cafe, 2nd floor"', '--json'], { env: { HOOKGATE_HOME: home } });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ decision: 'skip', reason: 'Wi-Fi "Cafe, 2nd floor" is not allowed (allowed: Home)', condition: 'CONDITION_SNAPSHOT_START', exitCode: 1 });
    expect(out.facts.wifiSSID).toBe('Cafe, 2nd floor');
    expect(out.operationId).toMatch(/^test-/);
    expect(r.stderr).toContain('Wi-Fi "Cafe, 2nd floor" is not allowed');
  });

  it('--event, --error and --plan reach the template and the environment; a FATAL after-hook would fail the operation', async () => {
    const home = homeWithHooks();
    const ok = await runCli(['test', 'report', '--event', 'snapshot-end', '--plan', 'docs'], { env: { HOOKGATE_HOME: home } });
    expect(ok.code, ok.stderr).toBe(0);
    // Into a pipe: plain lines (issue #12 item 5), not the pty's CRLF.
    expect(ok.stdout).toContain('event CONDITION_SNAPSHOT_END plan docs error: \n');
    expect(ok.stdout).toContain('hookgate test: done — ');
    const failed = await runCli(['test', 'report', '--event', 'snapshot-error', '--error', 'restic exited 3'], { env: { HOOKGATE_HOME: home } });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('event CONDITION_SNAPSHOT_ERROR plan default error: restic exited 3');
    expect(failed.stdout).toContain('hookgate test: would fail the operation — ');
  });

  it('a bad --simulate is one line naming the key and value, exit 2', async () => {
    const home = homeWithHooks();
    const bad = await runCli(['test', 'battery', '--simulate', 'battery=high'], { env: { HOOKGATE_HOME: home } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('hookgate test: --simulate: battery must be a whole percent 0–100 or "unknown", got "high"\n');
    const unknown = await runCli(['test', 'battery', '--simulate', 'ac=0,volume=11'], { env: { HOOKGATE_HOME: home } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^hookgate test: --simulate: unknown key "volume" \(known: battery, charging, ac, online, metered, ssid, hostname\)\n$/);
    const ac = await runCli(['test', 'battery', '--simulate', 'ac=maybe'], { env: { HOOKGATE_HOME: home } });
    expect(ac.stderr).toMatch(/^hookgate test: --simulate: ac must be 1\/0, true\/false, yes\/no or "unknown", got "maybe"\n$/);
  });

  it('an unknown hook or a missing HOOK is exit 2 with a line saying so', async () => {
    const home = homeWithHooks();
    const r = await runCli(['test', 'nope'], { env: { HOOKGATE_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hookgate test: no hook with the id or name "nope" \(3 hooks/);
    const none = await runCli(['test'], { env: { HOOKGATE_HOME: home } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('missing HOOK');
  });
});
