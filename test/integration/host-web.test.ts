// Issue "One engine host", web access: hookgate daemon --web on 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('hookgate daemon --web', () => {
  it('refuses calls without a session or with a foreign Origin; the login exchange gives a cookie and a secret; the WebSocket shows a shell signal live', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'bat', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: '#!/bin/sh\necho "Battery at 15%"\nexit 1\n' }]);
    const daemon = await startDaemon(env, ['--web', '--port', '0']);
    // Not on a terminal: the daemon's log has the address, never a login link.
    expect(daemon.log()).toMatch(/web UI: http:\/\/127\.0\.0\.1:\d+\/ {2}\("hookgate status --login-url" prints a login link\)/);
    expect(daemon.log()).not.toContain('login=');
    const login = new URL(daemon.loginUrl!);
    expect(login.hostname).toBe('127.0.0.1');
    const origin = login.origin;

    // No session: the UI, the API and the WebSocket are refused.
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

    // The page the link opens trades the link's token for a cookie and a secret, once.
    expect((await fetch(daemon.loginUrl!)).status).toBe(200);
    const exchange = () => fetch(`${origin}/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ login: login.searchParams.get('login') }) });
    const res = await exchange();
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const { secret } = (await res.json()) as { secret: string };
    expect((await exchange()).status).toBe(403);
    expect((await fetch(daemon.loginUrl!)).status).toBe(403);
    const page = await fetch(`${origin}/`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    // The page is never kept; the build's hashed files are, with their compiled code (the window opens sooner).
    expect(page.headers.get('cache-control')).toBe('no-store');
    const script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(await page.text())?.[1];
    expect(script, 'the window is built (npm run build) and its page names its script').toBeTruthy();
    const asset = await fetch(`${origin}/${script}`, { headers: { Cookie: cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect((await fetch(`${origin}/assets/../index.html`, { headers: { Cookie: cookie } })).headers.get('cache-control')).toBe('no-store');
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
    ws.send(JSON.stringify({ v: 1, id: 0, type: 'request', method: 'hello', params: { token: secret, client: 'test' } }));
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
  it('a second local server on another 127.0.0.1 port that captures the cookie cannot call anything with it', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'bat', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' }]);
    const daemon = await startDaemon(env, ['--web']);
    const origin = new URL(daemon.loginUrl!).origin;
    const loginRes = await fetch(`${origin}/v1/login`, { method: 'POST', headers: { Origin: origin }, body: JSON.stringify({ login: new URL(daemon.loginUrl!).searchParams.get('login') }) });
    const cookie = loginRes.headers.get('set-cookie')!.split(';')[0]!;
    // Cookies are per host, not per port: the browser sends this one to every server on 127.0.0.1.
    const thief = http.createServer((req, res) => {
      captured = req.headers.cookie ?? '';
      res.end('thanks');
    });
    let captured = '';
    await new Promise<void>((r) => thief.listen(0, '127.0.0.1', r));
    try {
      await fetch(`http://127.0.0.1:${(thief.address() as AddressInfo).port}/`, { headers: { Cookie: cookie } });
      expect(captured).toBe(cookie);

      // With it, a script (its own Origin header) opens the WebSocket, but no call gets through.
      const hooksBefore = (await runCli(['hooks', 'list', '--json'], { env: { ...env } })).stdout;
      for (const first of [
        { v: 1, id: 1, type: 'request', method: 'hooks.add', params: { hook: { name: 'pwned', conditions: ['CONDITION_SNAPSHOT_START'], script: 'touch /tmp/pwned' } } },
        { v: 1, id: 1, type: 'request', method: 'hello', params: { token: cookie.split('=')[1], client: 'thief' } },
        { v: 1, id: 1, type: 'request', method: 'hello', params: { client: 'thief' } },
      ]) {
        const ws = new WebSocket(`ws://${new URL(origin).host}/v1/ws`, { headers: { Cookie: captured, Origin: origin } });
        const got: Record<string, unknown>[] = [];
        ws.on('message', (d) => got.push(JSON.parse(String(d))));
        const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
        ws.on('error', () => {});
        await new Promise((r) => ws.once('open', r));
        ws.send(JSON.stringify(first));
        ws.send(JSON.stringify({ v: 1, id: 2, type: 'request', method: 'hooks.list', params: {} }));
        expect(await closed).toBe(1008);
        expect(got.map((m) => m.type)).toEqual(['error']);
      }
      // Nor over HTTP: no login, no signal, nothing but the (public) page.
      expect((await fetch(`${origin}/v1/login`, { method: 'POST', headers: { Cookie: captured }, body: '{"login":"x"}' })).status).toBe(403);
      expect((await fetch(`${origin}/v1/signal`, { method: 'POST', headers: { Cookie: captured }, body: '{"condition":"snapshot-start"}' })).status).toBe(401);
      expect((await runCli(['hooks', 'list', '--json'], { env: { ...env } })).stdout).toBe(hooksBefore);
      expect(daemon.log()).not.toMatch(/web client \d+ \(thief\)/);
    } finally {
      thief.close();
    }
  });
});
