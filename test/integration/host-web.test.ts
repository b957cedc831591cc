// Issue "One engine host", web access: hookgate daemon --web on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('hookgate daemon --web', () => {
  it('refuses calls without the cookie or with a foreign Origin; the login link gives a cookie; the WebSocket shows a shell signal live', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'bat', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: '#!/bin/sh\necho "Battery at 15%"\nexit 1\n' }]);
    const daemon = await startDaemon(env, ['--web', '--port', '0']);
    const login = new URL(daemon.loginUrl!);
    expect(login.hostname).toBe('127.0.0.1');
    const origin = login.origin;

    // No cookie: the UI, the API and the WebSocket are refused.
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/v1/signal`, { method: 'POST', body: '{"condition":"snapshot-start"}' })).status).toBe(401);
    const wsStatus = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://${login.host}/v1/ws`, { headers });
        ws.once('open', () => (ws.close(), resolve(101)));
        ws.once('unexpected-response', (_q, res) => resolve(res.statusCode!));
        ws.once('error', () => {});
      });
    expect(await wsStatus({})).toBe(401);

    const res = await fetch(daemon.loginUrl!, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(daemon.loginUrl!, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${origin}/`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${origin}/`, { headers: { Cookie: cookie, Origin: 'http://evil.example' } })).status).toBe(403);
    expect(await wsStatus({ Cookie: cookie, Origin: 'http://evil.example' })).toBe(403);

    // A browser's WebSocket with the cookie sees a signal sent from a shell, live.
    const ws = new WebSocket(`ws://${login.host}/v1/ws`, { headers: { Cookie: cookie, Origin: origin } });
    const events: { event: string; data: Record<string, unknown> }[] = [];
    const replies = new Map<unknown, Record<string, unknown>>();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'event') events.push(m);
      else replies.set(m.id, m);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ v: 1, id: 1, type: 'request', method: 'subscribe', params: {} }));
    await eventually(() => replies.get(1), 5000, 'subscribe');
    const cli = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: { ...env } });
    expect(cli.code).toBe(75);
    await eventually(() => events.some((e) => e.event === 'decision' && e.data.decision === 'skip'), 5000, 'the decision event');
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['operation', 'hookStart', 'output', 'hookEnd', 'decision']));
    expect(events.filter((e) => e.event === 'output').map((e) => e.data.data).join('')).toContain('Battery at 15%');
    ws.send(JSON.stringify({ v: 1, id: 2, type: 'request', method: 'hooks.list', params: {} }));
    const hooks = await eventually(() => replies.get(2), 5000, 'hooks.list');
    expect(hooks).toMatchObject({ type: 'response', result: { hooks: [{ id: 'bat' }] } });
    ws.close();
  });

  it('POST /v1/signal with the bearer token takes the socket JSON and answers with the decision', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'bat', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', scope: { plans: ['laptop'], repos: [] }, script: 'echo "on battery"; exit 1' }]);
    const daemon = await startDaemon(env, ['--web']);
    const origin = new URL(daemon.loginUrl!).origin;
    const token = fs.readFileSync(path.join(env.HOOKGATE_HOME, 'host.token'), 'utf8').trim();
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${origin}/v1/signal`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const skip = await post({ condition: 'snapshot-start', plan: 'laptop' });
    expect(skip.status).toBe(200);
    expect(await skip.json()).toMatchObject({ decision: 'skip', reason: 'on battery', operation: { plan: 'laptop', status: 'skipped' } });
    const ok = await post({ condition: 'CONDITION_SNAPSHOT_START', plan: 'desktop' });
    expect(await ok.json()).toMatchObject({ decision: 'proceed' });
    expect((await post({ condition: 'snapshot-start' }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ condition: 'snapshot-start' }, { Authorization: 'Bearer nope' })).status).toBe(401);
    const bad = await post({ condition: 'snapshot-start', wait: 'yes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('wait');
  });
});
