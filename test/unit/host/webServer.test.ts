// The web server against a fake host: login link → cookie, refusals, bearer signal, WebSocket.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HostWebServer, LOGIN_LINK_TTL_MS, MAX_WEB_CONNECTIONS, WS_PATH } from '../../../electron/core/host/webServer';
import { FakeDispatcher } from './fakeDispatcher';

const TOKEN = 'host-token';
let web: HostWebServer;
let dispatcher: FakeDispatcher;
let staticDir: string;
let clock = 1_000_000;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(p: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const u = new URL(web.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: u.port, path: p, method: opts.method ?? 'GET', headers: { Host: u.host, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The page's login exchange: the link's token for the cookie and the session secret. */
async function login(link = web.newLoginUrl()): Promise<{ cookie: string; secret: string }> {
  const token = new URL(link).searchParams.get('login')!;
  const r = await request('/v1/login', { method: 'POST', body: JSON.stringify({ login: token }), headers: { 'Content-Type': 'application/json', Origin: web.origin } });
  expect(r.status, r.body).toBe(200);
  return { cookie: String(r.headers['set-cookie']![0]!.split(';')[0]), secret: (JSON.parse(r.body) as { secret: string }).secret };
}

/** A WebSocket's messages, in order. */
function collect(ws: WebSocket): { messages: Record<string, unknown>[]; closed: Promise<{ code: number; reason: string }> } {
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return { messages, closed };
}

function openWs(headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${web.origin.replace('http', 'ws')}${WS_PATH}`, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode! }));
    ws.once('error', () => {});
  });
}

beforeEach(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-web-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Hookgate UI</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'hg-secret.txt'), 'secret');
  dispatcher = new FakeDispatcher();
  web = await HostWebServer.listen({ port: 0, staticDir, dispatcher, token: TOKEN, hello: () => ({ pid: 1, since: 'now', version: 't', protocol: 1 }), log: () => {}, now: () => clock });
});

afterEach(async () => {
  await web.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

async function eventually<T>(fn: () => T, ms = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the web server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(web.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('the login link serves the page; the page trades it once for an HttpOnly SameSite=Strict cookie of this port and a secret', async () => {
    expect((await request('/')).status).toBe(401);
    const link = new URL(web.newLoginUrl());
    const token = link.searchParams.get('login')!;
    // Opening the link shows the page (its script does the exchange); that alone uses nothing up.
    const page = await request(`/${link.search}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hookgate UI');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await request(`/${link.search}`)).status).toBe(200);

    const exchange = await request('/v1/login', { method: 'POST', body: JSON.stringify({ login: token }), headers: { 'Content-Type': 'application/json' } });
    expect(exchange.status).toBe(200);
    const cookie = exchange.headers['set-cookie']![0]!;
    const port = new URL(web.origin).port;
    expect(cookie).toMatch(new RegExp(`^hookgate_session_${port}=[\\w-]{40,}; HttpOnly; SameSite=Strict; Path=/$`));
    const { secret } = JSON.parse(exchange.body) as { secret: string };
    expect(secret).toMatch(/^[\w-]{40,}$/);
    expect(cookie).not.toContain(secret);

    // Used: the link and the exchange refuse it from now on.
    expect((await request(`/${link.search}`)).status).toBe(403);
    const again = await request('/v1/login', { method: 'POST', body: JSON.stringify({ login: token }) });
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body)).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('used already') } });
    expect((await request('/', { headers: { Cookie: cookie.split(';')[0]! } })).status).toBe(200);
    expect((await request('/', { headers: { Cookie: `hookgate_session_${port}=forged` } })).status).toBe(401);
    expect((await request('/v1/login', { method: 'POST', body: '{"login": 5}' })).status).toBe(400);
    expect((await request('/v1/login')).status).toBe(405);
  });

  it('an unused login link expires after 2 minutes', async () => {
    const link = new URL(web.newLoginUrl());
    clock += LOGIN_LINK_TTL_MS - 1000;
    expect((await request(`/${link.search}`)).status).toBe(200);
    clock += 2000;
    const page = await request(`/${link.search}`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('this login link has expired (a link works for 2 minutes, once)');
    const exchange = await request('/v1/login', { method: 'POST', body: JSON.stringify({ login: link.searchParams.get('login') }) });
    expect(exchange.status).toBe(403);
    // A fresh one works.
    await login();
  });

  it('refuses a foreign Origin or Host even with the cookie, and never serves files outside its folder', async () => {
    const { cookie } = await login();
    expect((await request('/', { headers: { Cookie: cookie, Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await request('/', { headers: { Cookie: cookie, Host: 'evil.example:80' } })).status).toBe(421);
    expect((await request('/../hg-secret.txt', { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await request('/%2e%2e/hg-secret.txt', { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('POST /v1/signal answers with the decision for the bearer token only', async () => {
    const body = JSON.stringify({ condition: 'snapshot-start' });
    expect((await request('/v1/signal', { method: 'POST', body })).status).toBe(401);
    expect((await request('/v1/signal', { method: 'POST', body, headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const foreign = await request('/v1/signal', { method: 'POST', body, headers: { Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const ok = await request('/v1/signal', { method: 'POST', body, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ decision: 'proceed' });
    expect(dispatcher.calls.at(-1)).toMatchObject({ method: 'signal', params: { condition: 'snapshot-start' } });
    const bad = await request('/v1/signal', { method: 'POST', body: '{nope', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(bad.status).toBe(400);
  });

  it('the WebSocket needs the cookie and our Origin, then the session secret as its first message, then speaks the API', async () => {
    expect(await openWs({})).toEqual({ status: 401 });
    const { cookie, secret } = await login();
    expect(await openWs({ Cookie: cookie, Origin: 'http://evil.example' })).toEqual({ status: 403 });
    const r = await openWs({ Cookie: cookie, Origin: web.origin });
    if (!('ws' in r)) throw new Error(`refused: ${r.status}`);
    const c = collect(r.ws);
    r.ws.send(JSON.stringify({ v: 1, id: 'h', type: 'request', method: 'hello', params: { token: secret, client: 'test' } }));
    r.ws.send(JSON.stringify({ v: 1, id: 1, type: 'request', method: 'status', params: {} }));
    await eventually(() => c.messages.some((m) => m.id === 1));
    expect(c.messages.find((m) => m.id === 1)).toMatchObject({ type: 'response', result: { ok: true } });
    r.ws.close();
  });

  it('the cookie alone calls nothing: without the secret, or with a wrong one, the WebSocket is closed unanswered', async () => {
    const { cookie } = await login();
    for (const first of [
      { v: 1, id: 1, type: 'request', method: 'hooks.add', params: { hook: { name: 'x', script: 'id' } } },
      { v: 1, id: 1, type: 'request', method: 'hello', params: { token: 'guess', client: 'thief' } },
      { v: 1, id: 1, type: 'request', method: 'hello', params: { client: 'thief' } },
    ]) {
      const r = await openWs({ Cookie: cookie });
      if (!('ws' in r)) throw new Error(`refused: ${r.status}`);
      const c = collect(r.ws);
      r.ws.send(JSON.stringify(first));
      r.ws.send(JSON.stringify({ v: 1, id: 2, type: 'request', method: 'status', params: {} }));
      const closed = await c.closed;
      expect(closed.code).toBe(1008);
      expect(c.messages.every((m) => m.type === 'error')).toBe(true);
      expect(c.messages[0]).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(dispatcher.calls).toEqual([]);
  });

  it("a session is this server's: its cookie opens nothing on a host on another port", async () => {
    const other = await HostWebServer.listen({ port: 0, staticDir, dispatcher, token: TOKEN, hello: () => ({ pid: 1, since: 'now', version: 't', protocol: 1 }), log: () => {} });
    try {
      const { cookie } = await login();
      const sid = cookie.split('=')[1]!;
      const u = new URL(other.origin);
      const page = (c: string) =>
        new Promise<number>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port: u.port, path: '/', headers: { Host: u.host, Cookie: c } }, (res) => (res.resume(), resolve(res.statusCode!)));
          req.on('error', reject);
          req.end();
        });
      expect(await page(cookie)).toBe(401);
      expect(await page(`${other.cookieName}=${sid}`)).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('POST /v1/signal over 1 MiB is answered 413 with a JSON error, not a reset; so is an unauthorised one, 401', async () => {
    const big = JSON.stringify({ condition: 'snapshot-start', plan: 'x'.repeat(2 * 1024 * 1024) });
    const tooLarge = await request('/v1/signal', { method: 'POST', body: big, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ error: { code: 'too-large', message: expect.stringContaining('at most 1048576 bytes') } });
    expect(dispatcher.calls.some((c) => c.method === 'signal')).toBe(false);
    expect((await request('/v1/signal', { method: 'POST', body: big })).status).toBe(401);
    // Exactly at the cap is still read.
    const atCap = JSON.stringify({ condition: 'snapshot-start' }).padEnd(1024 * 1024, ' ');
    expect((await request('/v1/signal', { method: 'POST', body: atCap, headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it(`answers 503 beyond ${MAX_WEB_CONNECTIONS} open connections, and serves again once some close`, async () => {
    const u = new URL(web.origin);
    const idle = await Promise.all(
      Array.from({ length: MAX_WEB_CONNECTIONS }, () => new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(Number(u.port), '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      })),
    );
    try {
      // The connection after the cap: a request on it gets 503, a WebSocket upgrade too.
      const over = await request('/v1/signal', { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(over.status).toBe(503);
      expect(over.body).toContain(`at most ${MAX_WEB_CONNECTIONS}`);
      expect(over.headers['retry-after']).toBe('5');
      expect(await openWs({ Origin: web.origin })).toEqual({ status: 503 });
    } finally {
      await Promise.all(idle.map((s) => new Promise((r) => (s.once('close', r), s.destroy()))));
    }
    // The server sees the closes a moment later: wait for it to serve again, not for a fixed time.
    for (let i = 0; ; i++) {
      const r = await request('/v1/signal', { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${TOKEN}` } });
      if (r.status !== 503) {
        expect(r.status).toBe(200);
        break;
      }
      if (i > 200) throw new Error('still 503 after the idle connections closed');
      await new Promise((res) => setTimeout(res, 20));
    }
  });
});
