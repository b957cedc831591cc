// The web server against a fake host: login link → cookie, refusals, bearer signal, WebSocket.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HostWebServer, MAX_WEB_CONNECTIONS, SESSION_COOKIE, WS_PATH } from '../../../electron/core/host/webServer';
import { FakeDispatcher } from './fakeDispatcher';

const TOKEN = 'host-token';
let web: HostWebServer;
let dispatcher: FakeDispatcher;
let staticDir: string;

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

async function login(): Promise<string> {
  const url = new URL(web.newLoginUrl());
  const r = await request(`${url.pathname}${url.search}`);
  expect(r.status).toBe(303);
  return String(r.headers['set-cookie']![0]!.split(';')[0]);
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
  web = await HostWebServer.listen({ port: 0, staticDir, dispatcher, token: TOKEN, hello: () => ({ pid: 1, since: 'now', version: 't', protocol: 1 }), log: () => {} });
});

afterEach(async () => {
  await web.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('the web server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(web.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses the UI without the cookie; a login link sets an HttpOnly SameSite=Strict cookie once', async () => {
    expect((await request('/')).status).toBe(401);
    const link = new URL(web.newLoginUrl());
    const first = await request(`/${link.search}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']![0]!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect((await request(`/${link.search}`)).status).toBe(403);
    const page = await request('/', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hookgate UI');
    expect((await request('/', { headers: { Cookie: `${SESSION_COOKIE}=forged` } })).status).toBe(401);
  });

  it('refuses a foreign Origin or Host even with the cookie, and never serves files outside its folder', async () => {
    const cookie = await login();
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

  it('the WebSocket needs the cookie and our Origin, then speaks the API', async () => {
    expect(await openWs({})).toEqual({ status: 401 });
    const cookie = await login();
    expect(await openWs({ Cookie: cookie, Origin: 'http://evil.example' })).toEqual({ status: 403 });
    const r = await openWs({ Cookie: cookie, Origin: web.origin });
    if (!('ws' in r)) throw new Error(`refused: ${r.status}`);
    const got = new Promise<Record<string, unknown>>((resolve) => r.ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    r.ws.send(JSON.stringify({ v: 1, id: 1, type: 'request', method: 'status', params: {} }));
    expect(await got).toMatchObject({ id: 1, type: 'response', result: { ok: true } });
    r.ws.close();
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
