// Issue "Plans": telling others. A plan's healthchecks-style URL, pinged against a local HTTP server
// as healthchecks.io would see it: /start, success, /fail with the reason; a skip never pings
// anything that counts as a success. And the opt-in Prometheus textfile, replaced atomically.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../electron/core/host/engineHost';
import { hookgatePaths } from '../../electron/core/paths';
import { pingUrl, runIdFor } from '../../electron/core/plans/healthchecks';
import { SystemFactsProvider } from '../../electron/core/system';
import { eventually } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

interface Ping {
  method: string;
  path: string;
  rid: string | null;
  body: string;
}

let home: string;
let host: EngineHost;
let server: http.Server;
let pings: Ping[];
let status = 200;
let base: string;
const ctx = { client: 'test' };

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-hc-'));
  pings = [];
  status = 200;
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const u = new URL(req.url!, 'http://x');
      pings.push({ method: req.method!, path: u.pathname, rid: u.searchParams.get('rid'), body });
      res.writeHead(status).end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/ping/0f3c-uuid`;
});

afterEach(async () => {
  await host?.stop(100);
  await new Promise((r) => server.close(r));
  fs.rmSync(home, { recursive: true, force: true });
});

async function open(): Promise<EngineHost> {
  const facts = new SystemFactsProvider({ sources: [], logger: () => {} });
  const logs: string[] = [];
  const h = await EngineHost.open({ paths: hookgatePaths(home), version: 'test', facts, log: (m) => logs.push(m) });
  (h as unknown as { logs: string[] }).logs = logs;
  return h;
}

const settled = () => host.plans!.healthchecks.settled();

describe('healthchecks pings', () => {
  it('a backup that proceeds and succeeds: /start, then the URL itself, one run id', async () => {
    host = await open();
    await host.call('plans.set', { id: 'nas', patch: { healthchecksUrl: base } }, ctx);
    const start = (await host.call('signal', { condition: 'snapshot-start', plan: 'nas' }, ctx)) as { operationId: string };
    await host.call('signal', { condition: 'snapshot-end', plan: 'nas', status: 'success', snapshotId: '4f2a9c3e', snapshotStats: { DataAdded: 3 * 1024 * 1024 } }, ctx);
    await settled();
    const rid = runIdFor(start.operationId);
    expect(rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pings).toEqual([
      { method: 'POST', path: '/ping/0f3c-uuid/start', rid, body: 'backup started: no hooks for this event' },
      { method: 'POST', path: '/ping/0f3c-uuid', rid, body: 'backup succeeded: snapshot 4f2a9c3e, 3.0 MiB added' },
    ]);
  });

  it('a skip pings only /log — nothing that counts as a success — and a failure /fail with the reason', async () => {
    writeHooks(home, [{ id: 'battery', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo "Battery at 15%"; exit 1' }]);
    host = await open();
    await host.call('plans.set', { id: 'nas', patch: { healthchecksUrl: base } }, ctx);
    const skip = (await host.call('signal', { condition: 'snapshot-start', plan: 'nas' }, ctx)) as { decision: string };
    expect(skip.decision).toBe('skip');
    await settled();
    expect(pings.map((p) => [p.path, p.body])).toEqual([['/ping/0f3c-uuid/log', 'backup skipped: Battery at 15%']]);

    writeHooks(home, []);
    await host.call('plans.set', { id: 'nas', patch: { healthchecksUrl: base } }, ctx);
    pings = [];
    await host.call('signal', { condition: 'snapshot-start', plan: 'nas' }, ctx);
    await host.call('signal', { condition: 'snapshot-error', plan: 'nas', error: 'restic: repository is locked' }, ctx);
    await settled();
    expect(pings.map((p) => [p.path, p.body])).toEqual([
      ['/ping/0f3c-uuid/start', 'backup started: no hooks for this event'],
      ['/ping/0f3c-uuid/fail', 'restic: repository is locked'],
    ]);
  });

  it('an operation that ends without a report pings /fail with why', async () => {
    host = await open();
    await host.call('plans.set', { id: 'b2', patch: { healthchecksUrl: base, maxDurationSec: 1 } }, ctx);
    await host.call('signal', { condition: 'snapshot-start', plan: 'b2' }, ctx);
    await eventually(() => pings.find((p) => p.path.endsWith('/fail')), 30_000, 'the /fail ping');
    expect(pings.map((p) => p.path)).toEqual(['/ping/0f3c-uuid/start', '/ping/0f3c-uuid/fail']);
    expect(pings[1]!.body).toMatch(/^no end of the backup was reported within the plan's max duration of 1 s/);
  });

  it('a prune or check never pings success; a ping that fails is said once, and nothing else breaks', async () => {
    host = await open();
    await host.call('plans.set', { id: 'nas', patch: { healthchecksUrl: base } }, ctx);
    await host.call('signal', { condition: 'check-start', plan: 'nas' }, ctx);
    await host.call('signal', { condition: 'check-success', plan: 'nas' }, ctx);
    await settled();
    expect(pings.map((p) => [p.path, p.body])).toEqual([['/ping/0f3c-uuid/log', 'check succeeded']]);
    status = 404;
    await host.call('signal', { condition: 'snapshot-start', plan: 'nas' }, ctx);
    await host.call('signal', { condition: 'snapshot-end', plan: 'nas', status: 'success' }, ctx);
    await settled();
    const logs = (host as unknown as { logs: string[] }).logs.filter((l) => l.includes('healthchecks ping'));
    expect(logs).toEqual([`plan "nas": the healthchecks ping (start) to 127.0.0.1:${new URL(base).port} failed: HTTP 404 Not Found`]);
  });

  it('keeps the URL\'s own query and builds each kind\'s address', () => {
    expect(pingUrl('https://hc-ping.com/abc/', 'start', 'r')).toBe('https://hc-ping.com/abc/start?rid=r');
    expect(pingUrl('https://hc.example/ping/key/laptop-nas?create=1', 'fail', 'r')).toBe('https://hc.example/ping/key/laptop-nas/fail?create=1&rid=r');
    expect(pingUrl('https://hc-ping.com/abc', 'success', 'r')).toBe('https://hc-ping.com/abc?rid=r');
  });
});

describe('the Prometheus textfile', () => {
  it('is opt-in, written atomically on every change, and removed when stopped', async () => {
    host = await open();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-textfile-'));
    try {
      await expect(host.call('plans.export', { prometheusDir: 'relative/dir' }, ctx)).rejects.toThrow(/not an absolute path/);
      await expect(host.call('plans.export', { prometheusDir: path.join(dir, 'missing') }, ctx)).rejects.toThrow(/no such folder/);
      await host.call('signal', { condition: 'snapshot-start', plan: 'nas' }, ctx);
      await host.call('signal', { condition: 'snapshot-end', plan: 'nas', status: 'success' }, ctx);
      const r = (await host.call('plans.export', { prometheusDir: dir }, ctx)) as { file: string };
      expect(r.file).toBe(path.join(dir, 'hookgate.prom'));
      const text = fs.readFileSync(r.file, 'utf8');
      expect(text).toMatch(/^# HELP hookgate_plan_last_success_timestamp_seconds /);
      expect(text).toMatch(/^hookgate_plan_last_success_timestamp_seconds\{plan="nas",name="nas",tool="other"\} \d{10}\.\d+$/m);
      expect(text).toMatch(/^hookgate_plan_status\{plan="nas",status="backed-up"\} 1$/m);
      expect(text).toMatch(/^hookgate_plan_status\{plan="nas",status="failed"\} 0$/m);

      // A change is written again (after a short gathering), through a rename: only the .prom file stays.
      await host.call('signal', { condition: 'snapshot-start', plan: 'say "hi"\\' }, ctx);
      await eventually(() => fs.readFileSync(r.file, 'utf8').includes('plan="say \\"hi\\"\\\\",status="running"} 1'), 30_000, 'the textfile to be rewritten');
      expect(fs.readdirSync(dir)).toEqual(['hookgate.prom']);

      await host.call('plans.export', { prometheusDir: null }, ctx);
      expect(fs.existsSync(r.file)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
