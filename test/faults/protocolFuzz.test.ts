// Fault suite: property-based fuzz of the host's two doors, its local socket and its web API, with
// random and mutated messages (fast-check). The host never crashes, never answers anything but an
// error to a peer without the token, never writes outside $HOOKGATE_HOME, and refuses `../` ids.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../electron/shared/api';
import { ERROR_CODES } from '../../electron/shared/protocol';
import { runCli } from '../helpers/cli';
import { newLoginUrl, startDaemon, stopAll, type Daemon, type HostEnv } from '../helpers/daemon';
import { CHROMIUM, ensureRendererBuilt, launchChromium } from '../e2e/chromium';
import { CountedFailure, FaultLog, faultSeed } from './helpers/faultLog';
import { writeConfig } from './helpers/homes';
import { LineConn, type Reply } from './helpers/lineConn';

const log = new FaultLog('protocol');
const SEED = faultSeed();
log.seed(SEED);
log.plan(10); // four socket properties, three web ones, the stolen cookie, the checks after
const SECRET = 'SECRET-OUTSIDE-HOOKGATE-HOME';

let sandbox: string;
let env: HostEnv & { HOME: string; TMPDIR: string };
let daemon: Daemon;
let token: string;
let origin: string;
let before: Map<string, string>;

/** Every file under the sandbox except HOOKGATE_HOME, with size and mtime: what "outside" looks like. */
function outsideSnapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (p === env.HOOKGATE_HOME) continue;
      const st = fs.lstatSync(p);
      out.set(p, e.isDirectory() ? 'dir' : `${st.size}:${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(sandbox);
  return out;
}

beforeAll(async () => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-fuzz-'));
  env = {
    HOOKGATE_HOME: path.join(sandbox, 'home'),
    XDG_RUNTIME_DIR: path.join(sandbox, 'xdg'),
    HOME: path.join(sandbox, 'user'),
    TMPDIR: path.join(sandbox, 'tmp'),
  };
  for (const d of [env.XDG_RUNTIME_DIR, env.HOME, env.TMPDIR]) fs.mkdirSync(d, { mode: 0o700 });
  fs.writeFileSync(path.join(sandbox, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(env.HOME, 'secret.txt'), SECRET);
  writeConfig(env.HOOKGATE_HOME, [{ id: 'h1', name: 'first', script: 'exit 0' }]);
  daemon = await startDaemon(env, ['--web']);
  token = fs.readFileSync(path.join(env.HOOKGATE_HOME, 'host.token'), 'utf8').trim();
  origin = new URL(daemon.loginUrl!).origin;
  // One real signal, so the history has a run and a log to aim traversal at.
  const r = await runCli(['signal', 'snapshot-start'], { env: { ...env } });
  expect(r.code, r.stderr).toBe(0);
  before = outsideSnapshot();
});

afterAll(async () => {
  await stopAll();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

function hostAlive(): void {
  expect(daemon.proc.exitCode, `the daemon exited:\n${daemon.log().slice(-3000)}`).toBeNull();
  expect(daemon.proc.signalCode).toBeNull();
}

async function runProperty<T>(arb: fc.Arbitrary<T>, numRuns: number, fn: (v: T) => Promise<void>): Promise<number> {
  let tried = 0;
  const out = await fc.check(
    fc.asyncProperty(arb, async (v) => {
      tried++;
      await fn(v);
    }),
    { numRuns, seed: SEED, endOnFailure: true },
  );
  if (out.failed) throw new CountedFailure(clip(fc.defaultReportMessage(out) ?? 'property failed'), tried);
  hostAlive();
  return tried;
}

function clip(s: string): string {
  return s.length <= 3000 ? s : `${s.slice(0, 1500)} … ${s.slice(-1500)}`;
}

// ---- generators -----------------------------------------------------------------------------

const traversal = fc.constantFrom('../secret.txt', '../../secret.txt', '../../../../etc/passwd', '/etc/passwd', '..', '.', 'run-../../x', '..%2fsecret.txt', '%2e%2e/secret.txt', 'a/../../secret.txt', '..\\secret.txt', 'run-\u0000x', '', ' ');
const anyString = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }), traversal, fc.constantFrom('x'.repeat(70_000)));
const anyValue = fc.oneof(anyString, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, true, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}));
const methodName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...API_METHOD_NAMES, 'hello', 'subscribe', 'unsubscribe') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'signal ', 'SIGNAL', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const hookInput = { name: 'fuzz', conditions: ['CONDITION_SNAPSHOT_END'], script: 'exit 0' };
/** A valid request per method, to mutate from. */
const VALID: Record<string, unknown> = {
  signal: { condition: 'snapshot-end', plan: 'fuzz' },
  'command.output': { operationId: 'op-x', data: 'hi' },
  'command.end': { operationId: 'op-x' },
  'hooks.list': {},
  'hooks.get': { id: 'h1' },
  'hooks.add': { hook: hookInput },
  'hooks.edit': { id: 'h1', patch: { name: 'renamed' } },
  'hooks.remove': { id: 'no-such-hook' },
  'hooks.setEnabled': { id: 'h1', enabled: true },
  'hooks.move': { id: 'h1', toIndex: 0 },
  'hooks.test': { hook: hookInput },
  'history.list': { limit: 5 },
  'history.get': { operationId: 'op-x' },
  'history.log': { runId: 'run-x', offset: 0, limit: 100 },
  'hold.set': { until: null },
  'hold.resume': {},
  status: {},
  'waiting.list': {},
  'waiting.resolve': { operationId: 'op-x', action: 'skip' },
  'hookRun.cancel': { runId: 'run-x' },
  'facts.get': {},
  'web.loginUrl': {},
  'plans.list': {},
  'plans.get': { id: 'fuzz' },
  'plans.set': { id: 'fuzz', patch: { name: 'Fuzz', staleAfterSec: 86_400 } },
  'plans.discover': {},
  'plans.connect': { id: 'fuzz', apply: false },
  'plans.disconnect': { id: 'fuzz', apply: false },
  'plans.export': { prometheusDir: null },
  subscribe: { events: ['operation'] },
  unsubscribe: {},
};

const mutatedRequest = fc
  .tuple(fc.constantFrom(...Object.keys(VALID)), fc.nat({ max: 7 }), fc.constantFrom('params', 'v', 'id', 'type', 'method', 'stream', 'extra'), anyValue, anyString, methodName)
  .map(([method, how, field, value, key, otherMethod]) => {
    const params = structuredClone(VALID[method]) as Record<string, unknown>;
    const msg: Record<string, unknown> = { v: 1, id: 1, type: 'request', method, params };
    switch (how) {
      case 0: // the whole params replaced
        msg.params = value;
        break;
      case 1: // one known param replaced (ids get traversal and junk)
        if (Object.keys(params).length) params[Object.keys(params)[Number(key.length) % Object.keys(params).length]!] = value;
        break;
      case 2: // an unknown param added
        params[key || 'k'] = value;
        break;
      case 3: // an envelope field replaced or removed
        if (field === 'extra') msg[key || 'k'] = value;
        else if (value === null) delete msg[field];
        else msg[field] = value;
        break;
      case 4: // a nested field of the hook or patch
        for (const inner of ['hook', 'patch']) if (params[inner] && typeof params[inner] === 'object') (params[inner] as Record<string, unknown>)[key || 'name'] = value;
        break;
      case 5: // another method's name (or none that exists) with these params
        msg.method = otherMethod;
        break;
      default: // the valid request as it is
        break;
    }
    return sanitize(msg);
  });

/**
 * Scripts stay `exit 0` and hooks stay in the home folder: the fuzz is about the host, and a random
 * string run by sh may create a file (`>x`) wherever the hook runs, which would prove nothing.
 */
function sanitize(msg: Record<string, unknown>): Record<string, unknown> {
  const p = msg.params;
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    for (const inner of ['hook', 'patch']) {
      const h = (p as Record<string, unknown>)[inner];
      if (h && typeof h === 'object' && !Array.isArray(h)) {
        const hook = h as Record<string, unknown>;
        if ('script' in hook || inner === 'hook') hook.script = 'exit 0';
        if ('cwd' in hook) hook.cwd = null;
        if ('timeoutSec' in hook) hook.timeoutSec = 5;
        if ('onError' in hook && typeof hook.onError === 'string' && hook.onError.includes('RETRY')) hook.onError = 'ON_ERROR_IGNORE';
      }
    }
    if ('wait' in (p as Record<string, unknown>)) (p as Record<string, unknown>).wait = false;
  }
  return msg;
}

/** What the host may send: a response, an event, or an error with a known code. Never junk. */
function wellFormed(r: Reply): boolean {
  const m = r.msg;
  if (!m || m.v !== 1) return false;
  if (m.type === 'response' || m.type === 'event') return true;
  return m.type === 'error' && (ERROR_CODES as readonly string[]).includes((m.error as { code?: string })?.code ?? '');
}

// ---- the socket ---------------------------------------------------------------------------------

describe('fault: protocol fuzz against the socket', () => {
  it('requests without a hello, or with a wrong token, only ever get errors, and no data', async () => {
    await log.check('socket: random and mutated requests without the token (no hello, or a wrong one)', 'each reply is an error (no response, no event, nothing of the history), the host lives', async () => {
      const arb = fc.tuple(fc.oneof(fc.constant(null), anyString, fc.constant(token.slice(0, -1)), fc.constant(`${token} `), fc.constant(token.toUpperCase())), fc.array(mutatedRequest, { minLength: 1, maxLength: 3 }));
      return runProperty(arb, 150, async ([badToken, msgs]) => {
        const c = await LineConn.open(daemon.socket);
        try {
          if (badToken !== null && badToken !== token) c.send({ v: 1, id: 'h', type: 'request', method: 'hello', params: { token: badToken } });
          for (const m of msgs) if (m.method !== 'hello') c.send(m);
          await c.waitFor(() => false, 150);
          for (const r of c.replies) {
            expect(wellFormed(r), r.raw.slice(0, 300)).toBe(true);
            expect(r.msg!.type, `answered without the token: ${r.raw.slice(0, 300)}`).toBe('error');
            expect(r.raw).not.toContain(SECRET);
          }
        } finally {
          c.close();
        }
      });
    });
  });

  it('mutated requests after a valid hello get a well-formed answer; the connection and the host live on', async () => {
    await log.check('socket: mutated requests of every method after a valid hello', 'every reply well-formed (response, event, or an error with a known code); a status probe on the same connection is answered; no reply carries a file from outside the home; the host lives', async () => {
      return runProperty(fc.array(mutatedRequest, { minLength: 1, maxLength: 4 }), 250, async (msgs) => {
        const c = await LineConn.open(daemon.socket);
        try {
          c.send({ v: 1, id: 'hello', type: 'request', method: 'hello', params: { token } });
          for (const m of msgs) c.send(m);
          c.send({ v: 1, id: 'probe', type: 'request', method: 'status', params: {} });
          const probe = await c.waitFor((r) => r.msg?.id === 'probe', 15_000);
          // A message over the size cap closes the connection (after saying so); anything else is answered.
          if (!probe) expect(c.replies.some((r) => (r.msg?.error as { code?: string })?.code === 'too-large') || c.closed, `no answer to the probe after ${JSON.stringify(msgs).slice(0, 400)}`).toBe(true);
          for (const r of c.replies) {
            expect(wellFormed(r), r.raw.slice(0, 300)).toBe(true);
            expect(r.raw).not.toContain(SECRET);
          }
        } finally {
          c.close();
        }
        hostAlive();
      });
    });
  });

  it('random bytes, broken UTF-8, lone newlines and oversized lines, before and after hello, never take the host down', async () => {
    await log.check('socket: random byte streams (before and after hello)', 'only well-formed errors come back, before hello nothing but errors; the host lives', async () => {
      const chunk = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x0a]), new Uint8Array([0x0a, 0x0a, 0x0a]), new Uint8Array([0xc3, 0x0a]), Buffer.from('{"v":1,"id":1,"type":"request","method":"status"\n')));
      return runProperty(fc.tuple(fc.boolean(), fc.array(chunk, { minLength: 1, maxLength: 6 }), fc.nat({ max: 9 }).map((n) => n === 0)), 100, async ([hello, chunks, huge]) => {
        const c = await LineConn.open(daemon.socket);
        try {
          if (hello) c.send({ v: 1, id: 'hello', type: 'request', method: 'hello', params: { token } });
          for (const ch of chunks) c.write(ch);
          if (huge) c.write(Buffer.alloc(hello ? 13 * 1024 * 1024 : 8192, 0x61));
          c.write('\n');
          await c.waitFor(() => false, 100);
          for (const r of c.replies) {
            expect(wellFormed(r), r.raw.slice(0, 300)).toBe(true);
            if (!hello) expect(r.msg!.type).toBe('error');
          }
        } finally {
          c.close();
        }
      });
    });
  });

  it('history.log and history.get with ../ and other path ids are refused without reading any file', async () => {
    await log.check('socket: history.log / history.get with traversal ids', 'an error (bad-params or failed), never a response; no reply carries the planted secret', async () => {
      const id = fc.oneof(traversal, fc.tuple(fc.constantFrom('', 'run-', 'op-', 'cmd-', '../', '/'), traversal, fc.constantFrom('', '.log', '/..', '%00')).map(([a, b, c]) => a + b + c));
      return runProperty(fc.tuple(fc.constantFrom('history.log', 'history.get'), id), 100, async ([method, bad]) => {
        const c = await LineConn.open(daemon.socket);
        try {
          c.send({ v: 1, id: 'hello', type: 'request', method: 'hello', params: { token } });
          c.send({ v: 1, id: 2, type: 'request', method, params: method === 'history.log' ? { runId: bad } : { operationId: bad } });
          const r = await c.waitFor((x) => x.msg?.id === 2);
          expect(r?.msg?.type, `${method} ${JSON.stringify(bad)}: ${r?.raw.slice(0, 200)}`).toBe('error');
          expect(r!.raw).not.toContain(SECRET);
        } finally {
          c.close();
        }
      });
    });
  });
});

// ---- the web API ---------------------------------------------------------------------------------

interface HttpReply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(opts: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<HttpReply> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: opts.method, path: opts.path, headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    // The server may close the connection instead of answering (a header over its size cap): no answer is no data.
    req.on('error', (err) => (['ECONNRESET', 'EPIPE'].includes((err as NodeJS.ErrnoException).code ?? '') ? resolve({ status: 0, body: '', headers: {} }) : reject(err)));
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.end(opts.body);
  });
}

describe('fault: protocol fuzz against the web API', () => {
  const pathArb = fc.oneof(
    fc.constantFrom('/', '/index.html', '/v1/signal', '/v1/ws', '/v1/signal/../signal', '/../../secret.txt', '/%2e%2e/%2e%2e/secret.txt', '/..%2f..%2fsecret.txt', '//etc/passwd', '/?login=', '/?login=../../x', '/assets/../../../secret.txt', '/%00', '/%zz'),
    fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`),
    fc.webPath().map((p) => p || '/'),
  );
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH');
  const hostHeader = fc.constantFrom('ok', 'ok', 'ok', 'evil.example:80', 'localhost', '');
  const originHeader = fc.constantFrom(undefined, undefined, 'self', 'http://evil.example', 'null');
  const auth = fc.oneof(fc.constant(undefined), fc.constantFrom('Bearer', 'Bearer ', `Bearer ${token}x`, 'Basic YWRtaW46YWRtaW4='), anyString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`));
  // The session cookie is named for the port (hookgate_session_<port>); the bare name too.
  const cookie = fc.oneof(
    fc.constant(undefined),
    fc.tuple(fc.boolean(), fc.string({ maxLength: 40 })).map(([ported, s]) => `hookgate_session${ported ? `_${new URL(origin).port}` : ''}=${s.replace(/[^\x21-\x7e]/g, '')}`),
  );
  const body = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.constantFrom('{"condition":"snapshot-start"}', 'not json', '{'.repeat(5000)));

  it('requests without the token or a session are never answered with anything but an error', async () => {
    await log.check('web: random method, path, Host, Origin, bearer, cookie and body, without valid credentials', 'status 400–499 every time, or the connection closed (never 2xx/3xx), no body carries the planted secret, the host lives', async () => {
      const u = new URL(origin);
      return runProperty(fc.record({ method, path: pathArb, host: hostHeader, origin: originHeader, auth, cookie, body }), 300, async (r) => {
        const headers: Record<string, string> = {};
        headers.host = r.host === 'ok' ? u.host : r.host;
        if (r.origin) headers.origin = r.origin === 'self' ? origin : r.origin;
        if (r.auth !== undefined) headers.authorization = r.auth;
        if (r.cookie !== undefined) headers.cookie = r.cookie;
        if (r.body !== undefined) headers['content-type'] = 'application/json';
        const res = await request({ method: r.method, path: r.path, headers, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body });
        if (res.status !== 0) {
          expect(res.status, `${r.method} ${r.path} → ${res.status} ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }
        expect(res.body).not.toContain(SECRET);
      });
    });
  });

  it('WebSocket upgrades without a session are refused', async () => {
    await log.check('web: WebSocket upgrades with no, random or stolen-looking cookies', 'never 101 Switching Protocols; the host lives', async () => {
      const u = new URL(origin);
      return runProperty(fc.tuple(cookie, fc.constantFrom('/v1/ws', '/v1/ws?token=x', '/', '/v1/ws/../ws'), originHeader), 40, async ([c, p, o]) => {
        const headers: Record<string, string> = { host: u.host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
        if (c !== undefined) headers.cookie = c;
        if (o) headers.origin = o === 'self' ? origin : o;
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request({ host: u.hostname, port: u.port, path: p, headers, agent: false });
          req.on('upgrade', (_res, socket) => {
            socket.destroy();
            resolve(101);
          });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(0) : reject(err)));
          req.end();
        });
        expect(status, `upgrade ${p} with ${String(c)}`).not.toBe(101);
      });
    });
  });

  it('POST /v1/signal with the token and random bodies answers JSON, a decision or an error', async () => {
    await log.check('web: POST /v1/signal with the token and random or mutated bodies', 'a JSON answer every time: 200 with a decision, or 400/413/500 with an error code; the host lives', async () => {
      const u = new URL(origin);
      const signalBody = fc.oneof(
        body,
        mutatedRequest.map((m) => JSON.stringify(m.params ?? null)),
        fc.record({ condition: fc.constantFrom('snapshot-end', 'CONDITION_ANY_ERROR', 'nope', ''), plan: anyString, operationId: fc.option(traversal) }).map((v) => JSON.stringify(v)),
      );
      return runProperty(signalBody, 60, async (b) => {
        const res = await request({ method: 'POST', path: '/v1/signal', headers: { host: u.host, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: b ?? '' });
        expect([200, 400, 413, 500], `${res.status} ${res.body.slice(0, 200)}`).toContain(res.status);
        const parsed = JSON.parse(res.body) as { decision?: string; error?: { code: string } };
        if (res.status === 200) expect(['proceed', 'skip', 'fail']).toContain(parsed.decision);
        else expect(ERROR_CODES).toContain(parsed.error?.code);
        expect(res.body).not.toContain(SECRET);
      });
    });
  });
});

describe('fault: a stolen web session cookie', () => {
  it('another local server on another 127.0.0.1 port gets the cookie from the browser, and can call nothing with it', async () => {
    const how = fs.existsSync(CHROMIUM) ? 'a real Chromium logged in through a login link, then opened the other server' : 'no Chromium here: the login exchange over HTTP, its cookie sent to the other server';
    await log.check('web: the session cookie captured by another server on 127.0.0.1 (cookies are per host, not per port)', `${how}; with the cookie and our Origin set by a script: the WebSocket opens but its calls, a guessed or missing secret, /v1/login and /v1/signal are all refused; the hooks are unchanged`, async () => {
      let captured = '';
      const thief = http.createServer((req, res) => {
        captured ||= req.headers.cookie ?? '';
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>not hookgate</title>');
      });
      await new Promise<void>((r) => thief.listen(0, '127.0.0.1', r));
      const thiefUrl = `http://127.0.0.1:${(thief.address() as AddressInfo).port}/`;
      let closeBrowser = async () => {};
      try {
        const link = await newLoginUrl(env);
        if (fs.existsSync(CHROMIUM)) {
          ensureRendererBuilt();
          const b = await launchChromium();
          closeBrowser = b.close;
          const page = await b.context.newPage();
          await page.goto(link);
          await page.getByRole('tablist').waitFor({ timeout: 60_000 }); // logged in: the UI is up
          await (await b.context.newPage()).goto(thiefUrl);
        } else {
          const r = await fetch(`${origin}/v1/login`, { method: 'POST', body: JSON.stringify({ login: new URL(link).searchParams.get('login') }) });
          await fetch(thiefUrl, { headers: { Cookie: r.headers.get('set-cookie')!.split(';')[0]! } });
        }
        expect(captured).toMatch(/hookgate_session/);

        const hooksBefore = (await runCli(['hooks', 'list', '--json'], { env: { ...env } })).stdout;
        const attempts = [
          { v: 1, id: 1, type: 'request', method: 'hooks.add', params: { hook: { name: 'stolen', conditions: ['CONDITION_SNAPSHOT_START'], script: `echo ${SECRET}` } } },
          { v: 1, id: 1, type: 'request', method: 'hello', params: { token: captured.split('=').at(-1), client: 'thief' } },
          { v: 1, id: 1, type: 'request', method: 'hello', params: { token: token, client: 'thief' } },
          { v: 1, id: 1, type: 'request', method: 'hello', params: { client: 'thief' } },
        ];
        for (const first of attempts) {
          const ws = new WebSocket(`ws://${new URL(origin).host}/v1/ws`, { headers: { Cookie: captured, Origin: origin } });
          const got: { type?: string }[] = [];
          ws.on('message', (d) => got.push(JSON.parse(String(d)) as { type?: string }));
          ws.on('error', () => {});
          const closed = new Promise<void>((r) => ws.once('close', () => r()));
          const opened = await new Promise<boolean>((r) => {
            ws.once('open', () => r(true));
            ws.once('unexpected-response', () => r(false));
          });
          if (opened) {
            ws.send(JSON.stringify(first));
            ws.send(JSON.stringify({ v: 1, id: 2, type: 'request', method: 'hooks.add', params: { hook: { name: 'stolen2', conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0' } } }));
          }
          await closed;
          expect(got.filter((m) => m.type !== 'error'), `${first.method}: answered`).toEqual([]);
        }
        const post = (p: string, body: string) => fetch(`${origin}${p}`, { method: 'POST', headers: { Cookie: captured, Origin: origin }, body });
        expect((await post('/v1/login', '{"login":"guess"}')).status).toBe(403);
        expect((await post('/v1/signal', '{"condition":"snapshot-start"}')).status).toBe(401);
        expect((await runCli(['hooks', 'list', '--json'], { env: { ...env } })).stdout).toBe(hooksBefore);
        return attempts.length + 2;
      } finally {
        await closeBrowser();
        thief.close();
      }
    });
  });
});

describe('fault: after the fuzz', () => {
  it('the host still serves, nothing outside HOOKGATE_HOME changed, and `history show` refuses ../ ids', async () => {
    await log.check('after all fuzzing: the host serves; nothing written outside $HOOKGATE_HOME', 'daemon alive; `hookgate status` and a signal work; every file of the sandbox outside the home (HOME, TMPDIR, XDG_RUNTIME_DIR, planted secrets) unchanged', async () => {
      hostAlive();
      const status = await runCli(['status'], { env: { ...env } });
      expect(status.code, status.stderr).toBe(0);
      await runCli(['resume'], { env: { ...env } });
      const sig = await runCli(['signal', 'snapshot-start', '--plan', 'after-fuzz'], { env: { ...env } });
      expect([0, 75], sig.stderr).toContain(sig.code);
      expect(outsideSnapshot()).toEqual(before);
    });
    await log.check('CLI: `hookgate history show` with ../ and path ids', 'exit 2 with an error, nothing of the planted secret printed', async () => {
      const ids = ['../secret.txt', '../../secret.txt', 'run-../../secret.txt', '/etc/passwd', '..', 'a/../../secret.txt', '..%2fsecret.txt'];
      for (const id of ids) {
        const r = await runCli(['history', 'show', id], { env: { ...env } });
        expect({ id, code: r.code }).toEqual({ id, code: 2 });
        expect(r.stdout + r.stderr).not.toContain(SECRET);
      }
      return ids.length;
    });
  });
});
