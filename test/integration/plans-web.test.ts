// Issue "Plans": plans.list, plans.get and plans.set are one API entry each — the browser's
// WebSocket gets what the CLI gets over the socket.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PlanSummary } from '../../electron/shared/plans';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll, webHello, webLogin } from '../helpers/daemon';

afterEach(stopAll);

describe('plans through the web UI\'s WebSocket', () => {
  it('lists, gets and sets plans as the socket does', async () => {
    const env = hostEnv();
    const daemon = await startDaemon(env, ['--web', '--port', '0']);
    const login = new URL(daemon.loginUrl!);
    const { cookie, secret } = await webLogin(daemon.loginUrl!);
    expect((await runCli(['signal', 'snapshot-start', '--plan', 'nas', '--quiet'], { env: { ...env } })).code).toBe(0);
    expect((await runCli(['signal', 'snapshot-end', '--plan', 'nas', '--snapshot-id', 'abc123', '--quiet'], { env: { ...env } })).code).toBe(0);

    const ws = new WebSocket(`ws://${login.host}/v1/ws`, { headers: { Cookie: cookie, Origin: login.origin } });
    const replies = new Map<unknown, { type: string; result?: unknown; error?: { code: string; message: string } }>();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type !== 'event') replies.set(m.id, m);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(webHello(secret));
    let id = 0;
    const call = async (method: string, params: unknown) => {
      const n = ++id;
      ws.send(JSON.stringify({ v: 1, id: n, type: 'request', method, params }));
      return eventually(() => replies.get(n), 10_000, method);
    };
    try {
      const list = (await call('plans.list', {})).result as { plans: PlanSummary[]; problems: string[] };
      expect(list.plans).toHaveLength(1);
      expect(list.plans[0]).toMatchObject({ plan: { id: 'nas', tool: 'other' }, status: 'backed-up', lastSuccess: { snapshotId: 'abc123' } });
      // The same answer the CLI prints from the socket.
      const cli = JSON.parse((await runCli(['plans', '--json'], { env: { ...env } })).stdout) as PlanSummary[];
      expect(cli.map((p) => [p.plan.id, p.status, p.lastSuccess?.snapshotId])).toEqual(list.plans.map((p) => [p.plan.id, p.status, p.lastSuccess?.snapshotId]));

      expect((await call('plans.set', { id: 'nas', patch: { name: 'Laptop to NAS', staleAfterSec: 86_400 } })).result).toMatchObject({ created: true, plan: { name: 'Laptop to NAS' } });
      expect((await call('plans.get', { id: 'Laptop to NAS' })).result).toMatchObject({ plan: { id: 'nas', staleAfterSec: 86_400 } });
      const bad = await call('plans.set', { id: 'nas', patch: { staleAfterSec: 'soon' } });
      expect(bad).toMatchObject({ type: 'error', error: { code: 'bad-params' } });
      expect(bad.error!.message).toMatch(/staleAfterSec/);
    } finally {
      ws.close();
    }
  });
});
