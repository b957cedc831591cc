// Each gallery hook run for real (its script in a pty through the engine's test path) under
// simulated facts: it passes and fails as it should, and says why in a line a person can read.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookFromGallery } from '../../../electron/core/gallery';
import type { SimulatedFacts } from '../../../electron/shared/systemFacts';
import { openFactsEngine, type FactsEngine } from '../../helpers/facts';

let fx: FactsEngine;
beforeAll(async () => {
  fx = await openFactsEngine();
});
afterAll(async () => {
  await fx.close();
});

async function test(id: string, simulate: SimulatedFacts, params: Record<string, string> = {}, more: { condition?: 'CONDITION_SNAPSHOT_END'; error?: string; env?: Record<string, string> } = {}) {
  const hook = { ...hookFromGallery(id, { platform: 'linux', params }) };
  if (more.env) hook.env = { ...(hook.env as Record<string, string>), ...more.env };
  const r = await fx.engine.testHook(hook, { simulate, condition: more.condition, error: more.error });
  return { decision: r.decision, reason: r.reason, exitCode: r.run.exitCode, output: r.output };
}

const UNKNOWN: SimulatedFacts = { batteryPercent: null, charging: null, onAC: null, online: null, metered: null, wifiSSID: null };

describe('gallery: battery above threshold', () => {
  it('skips on battery below the threshold, saying the level', async () => {
    expect(await test('battery', { batteryPercent: 15, onAC: false })).toMatchObject({ decision: 'skip', reason: 'battery at 15 % (below 40 %)', exitCode: 1 });
  });
  it('proceeds above it, on AC whatever the level, and when the level is unknown', async () => {
    expect(await test('battery', { batteryPercent: 80, onAC: false })).toMatchObject({ decision: 'proceed', reason: 'battery at 80 %' });
    expect(await test('battery', { batteryPercent: 15, onAC: true })).toMatchObject({ decision: 'proceed', reason: 'on AC power (battery at 15 %)' });
    expect(await test('battery', UNKNOWN)).toMatchObject({ decision: 'proceed', reason: 'battery level unknown; not blocking' });
  });
  it('uses MIN_PERCENT', async () => {
    expect(await test('battery', { batteryPercent: 50, onAC: false }, { MIN_PERCENT: '60' })).toMatchObject({ decision: 'skip', reason: 'battery at 50 % (below 60 %)' });
    expect(await test('battery', { batteryPercent: 60, onAC: false }, { MIN_PERCENT: '60' })).toMatchObject({ decision: 'proceed' });
  });
});

describe('gallery: on AC power', () => {
  it('skips on battery and proceeds on AC or when unknown', async () => {
    expect(await test('ac', { onAC: false, batteryPercent: 64 })).toMatchObject({ decision: 'skip', reason: 'on battery power (battery at 64 %)' });
    expect(await test('ac', { onAC: true })).toMatchObject({ decision: 'proceed', reason: 'on AC power' });
    expect(await test('ac', UNKNOWN)).toMatchObject({ decision: 'proceed', reason: 'power source unknown; not blocking' });
  });
});

describe('gallery: not on a metered network', () => {
  it('skips on a metered network, naming the Wi-Fi, and proceeds otherwise', async () => {
    expect(await test('unmetered', { metered: true, wifiSSID: 'Pixel hotspot' })).toMatchObject({ decision: 'skip', reason: 'on a metered network (Wi-Fi "Pixel hotspot")' });
    expect(await test('unmetered', { metered: false })).toMatchObject({ decision: 'proceed', reason: 'network not metered' });
    expect(await test('unmetered', UNKNOWN)).toMatchObject({ decision: 'proceed', reason: 'metered state unknown; not blocking' });
  });
});

describe('gallery: only on allowed Wi-Fi', () => {
  const allowed = { ALLOWED_SSIDS: 'Home, Office 2nd floor' };
  it('proceeds on a listed network (spaces around commas ignored, spaces inside kept)', async () => {
    expect(await test('wifi', { wifiSSID: 'Office 2nd floor' }, allowed)).toMatchObject({ decision: 'proceed', reason: 'on allowed Wi-Fi "Office 2nd floor"' });
    expect(await test('wifi', { wifiSSID: 'Home' }, allowed)).toMatchObject({ decision: 'proceed' });
  });
  it('skips on another network, exact names only, no glob matching', async () => {
    expect(await test('wifi', { wifiSSID: 'Cafe' }, allowed)).toMatchObject({ decision: 'skip', reason: 'Wi-Fi "Cafe" is not allowed (allowed: Home, Office 2nd floor)' });
    expect(await test('wifi', { wifiSSID: 'home' }, allowed)).toMatchObject({ decision: 'skip' });
    expect(await test('wifi', { wifiSSID: 'Cafe' }, { ALLOWED_SSIDS: '*' })).toMatchObject({ decision: 'skip' });
  });
  it('off Wi-Fi: passes with ALLOW_NOT_WIFI=1 (default), skips with 0', async () => {
    expect(await test('wifi', { wifiSSID: null }, allowed)).toMatchObject({ decision: 'proceed', reason: 'not on Wi-Fi (wired, or the network name is unknown)' });
    expect(await test('wifi', { wifiSSID: null }, { ...allowed, ALLOW_NOT_WIFI: '0' })).toMatchObject({ decision: 'skip' });
  });
});

describe('gallery: internet connection', () => {
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/generate_204`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('skips at once when offline', async () => {
    expect(await test('internet', { online: false }, { CHECK_URL: url })).toMatchObject({ decision: 'skip', reason: 'offline: no network connection' });
  });
  it('proceeds when CHECK_URL answers, skips with curl\'s error when it does not', async () => {
    expect(await test('internet', { online: true }, { CHECK_URL: url })).toMatchObject({ decision: 'proceed', reason: `online: ${url} answered` });
    const closed = await test('internet', { online: null }, { CHECK_URL: 'http://127.0.0.1:1/' });
    expect(closed.decision).toBe('skip');
    expect(closed.reason).toMatch(/^no internet: http:\/\/127\.0\.0\.1:1\/ did not answer: curl: \(7\)/);
  });
  it('without CHECK_URL, Hookgate\'s reading decides', async () => {
    expect(await test('internet', { online: true }, { CHECK_URL: '' })).toMatchObject({ decision: 'proceed', reason: 'online' });
  });
});

describe('gallery: backup target present', () => {
  const mountOf = (dir: string) => execFileSync('df', ['-P', dir], { encoding: 'utf8' }).split('\n')[1]!.split(/\s+/).slice(5).join(' ');
  it('proceeds when the folder is there, skips when it is not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-target-'));
    expect(await test('target', {}, { TARGET_PATH: dir, REQUIRE_MOUNT: '0' })).toMatchObject({ decision: 'proceed', reason: `${dir} is present` });
    expect(await test('target', {}, { TARGET_PATH: `${dir}/gone`, REQUIRE_MOUNT: '0' })).toMatchObject({
      decision: 'skip',
      reason: `${dir}/gone is not there (disk not connected or share not mounted?)`,
    });
  });
  it('with REQUIRE_MOUNT=1, a folder on the root filesystem is refused and one on another mount passes', async () => {
    expect(await test('target', {}, { TARGET_PATH: '/' })).toMatchObject({ decision: 'skip', reason: '/ is on the system disk, not on a mounted backup disk' });
    if (fs.existsSync('/dev/shm') && mountOf('/dev/shm') === '/dev/shm') {
      const dir = fs.mkdtempSync('/dev/shm/hookgate-target-');
      try {
        expect(await test('target', {}, { TARGET_PATH: dir })).toMatchObject({ decision: 'proceed', reason: `${dir} is present (on /dev/shm)` });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

describe('gallery: healthchecks.io ping', () => {
  const hits: { method: string; url: string; body: string }[] = [];
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        hits.push({ method: req.method!, url: req.url!, body });
        res.writeHead(200).end('OK');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/abc-123`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('pings the URL on success and URL/fail with the error on failure', async () => {
    expect(await test('healthchecks', {}, { HC_URL: base }, { condition: 'CONDITION_SNAPSHOT_END' })).toMatchObject({ decision: 'proceed', reason: `pinged ${base}` });
    expect(await test('healthchecks', {}, { HC_URL: `${base}/` }, { condition: 'CONDITION_SNAPSHOT_END', error: 'restic exited 3: disk full' })).toMatchObject({
      decision: 'proceed',
      reason: `pinged ${base}/fail`,
    });
    expect(hits.slice(-2)).toEqual([
      { method: 'POST', url: '/ping/abc-123', body: 'default: done' },
      { method: 'POST', url: '/ping/abc-123/fail', body: 'default: restic exited 3: disk full' },
    ]);
  });

  it('sends URL/log when START skipped the backup, through a real gate', async () => {
    const g = await openFactsEngine([
      { id: 'ac', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'exit 1' },
      { id: 'hc', ...hookFromGallery('healthchecks', { platform: 'linux', params: { HC_URL: base } }) },
    ]);
    try {
      const r = await g.engine.signal({ condition: 'CONDITION_SNAPSHOT_START', plan: 'docs' });
      expect(r.decision).toBe('skip');
      expect(hits.at(-1)).toEqual({ method: 'POST', url: '/ping/abc-123/log', body: 'docs: skipped' });
    } finally {
      await g.close();
    }
  });

  it('a ping that cannot reach the server fails the hook with curl\'s error, and being IGNORE, changes nothing', async () => {
    const r = await test('healthchecks', {}, { HC_URL: 'http://127.0.0.1:1/x' }, { condition: 'CONDITION_SNAPSHOT_END' });
    expect(r.decision).toBe('proceed');
    expect(r.exitCode).toBe(1);
    expect(r.reason).toMatch(/^could not ping http:\/\/127\.0\.0\.1:1\/x: curl: \(7\)/);
  }, 60_000);
});

describe('gallery: desktop notification', () => {
  it('calls notify-send with a title and body saying what happened', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-bin-'));
    const log = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done >> ${log}\necho >> ${log}\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}` };
    expect(await test('notify', {}, {}, { condition: 'CONDITION_SNAPSHOT_END', error: 'restic exited 1: "quoted" $HOME', env })).toMatchObject({
      decision: 'proceed',
      reason: 'notified: Backup failed',
    });
    expect(await test('notify', {}, {}, { condition: 'CONDITION_SNAPSHOT_END', env })).toMatchObject({ reason: 'notified: Backup done' });
    expect(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      '[--app-name=Hookgate][Backup failed][default: restic exited 1: "quoted" $HOME]',
      '[--app-name=Hookgate][Backup done][default]',
    ]);
  });
});
