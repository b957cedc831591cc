// `hookgate daemon --web`: the built renderer and the API over a WebSocket, on 127.0.0.1 only.
// A browser gets in through a one-time login link (exchanged for an HttpOnly, SameSite=Strict
// cookie); everything else without that cookie is refused, as is any request whose Host or Origin
// is not this server (DNS rebinding, cross-site pages). Tools that can only make HTTP calls use
// `POST /v1/signal` with the host token as a bearer.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, type HelloResult } from '../../shared/protocol';
import { ApiCallError, type ApiDispatcher } from './apiDispatcher';
import { ClientSession } from './clientSession';
import { tokensEqual } from './hostToken';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer); null or missing serves a page that says how to build it. */
  staticDir: string | null;
  dispatcher: ApiDispatcher;
  /** The host token, accepted as a bearer by POST /v1/signal. */
  token: string;
  hello: () => HelloResult;
  log: (msg: string) => void;
}

export const SESSION_COOKIE = 'hookgate_session';
export const WS_PATH = '/v1/ws';
const MAX_SIGNAL_BODY = 1024 * 1024;
/**
 * A body over its cap is still read (and thrown away) up to this much, so the client gets its 413
 * instead of a reset from closing on unread data; beyond this the connection is cut.
 */
const MAX_DISCARDED_BODY = 64 * 1024 * 1024;
const MAX_SESSIONS = 100;
/** Open connections (browser tabs keep ~6 each, plus the WebSocket); more are answered 503. */
export const MAX_WEB_CONNECTIONS = 64;
/** An over-the-cap connection gets this long to send its request before it is closed. */
const OVERLOADED_TIMEOUT_MS = 10_000;

const SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  // The login link carries a token: never leak it in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export class HostWebServer {
  private readonly loginTokens = new Set<string>();
  private readonly sessions = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  /** Connections accepted beyond MAX_WEB_CONNECTIONS: their request gets a 503 and they close. */
  private readonly overloaded = new WeakSet<import('node:net').Socket>();
  private connections = 0;
  private readonly wss: WebSocketServer;
  private nextWs = 1;
  private port = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly o: WebServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    server.on('connection', (socket: import('node:net').Socket) => {
      this.connections++;
      socket.once('close', () => this.connections--);
      if (this.connections > MAX_WEB_CONNECTIONS) {
        // Said once per crossing, not per refused connection: a flood must not flood the log too.
        if (this.connections === MAX_WEB_CONNECTIONS + 1) o.log(`web: more than ${MAX_WEB_CONNECTIONS} connections open; answering 503 to the ones beyond`);
        this.overloaded.add(socket);
        socket.setTimeout(OVERLOADED_TIMEOUT_MS, () => socket.destroy());
      }
    });
    server.on('request', (req, res) => {
      this.handle(req, res).catch((err: Error) => {
        o.log(`web: ${req.method} ${req.url}: ${err.message}`);
        if (!res.headersSent) this.send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
        else res.destroy();
      });
    });
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as import('node:net').Socket, head));
  }

  static async listen(o: WebServerOptions): Promise<HostWebServer> {
    const server = http.createServer({ maxHeaderSize: 16 * 1024 });
    const web = new HostWebServer(server, o);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only: nothing listens on other interfaces.
      server.listen(o.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    web.port = (server.address() as AddressInfo).port;
    return web;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A fresh link that logs one browser in, once. */
  newLoginUrl(): string {
    const t = randomBytes(24).toString('base64url');
    this.loginTokens.add(t);
    return `${this.origin}/?login=${t}`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.close(1001, 'host stopping');
    this.wss.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    setTimeout(() => this.server.closeAllConnections(), 2000).unref();
    await closed;
  }

  // ---- checks --------------------------------------------------------------------------------

  /**
   * The request's path as a URL on this server. Not `new URL(req.url, origin)`: that reads `//x/y`
   * as another host (and throws on a bare `//`, which answered 500); null when it is not a path.
   */
  private requestUrl(req: http.IncomingMessage): URL | null {
    const target = req.url ?? '/';
    if (!target.startsWith('/')) return null;
    try {
      return new URL(`${this.origin}${target}`);
    } catch {
      return null;
    }
  }

  /** Host must name this server: a page on another name that resolves to 127.0.0.1 is refused. */
  private hostOk(req: http.IncomingMessage): boolean {
    const h = req.headers.host;
    return h === `127.0.0.1:${this.port}` || h === `localhost:${this.port}`;
  }

  /** A browser always sends Origin on cross-site requests and WebSockets; it must be ours. */
  private originOk(req: http.IncomingMessage): boolean {
    const o = req.headers.origin;
    return o === undefined || o === `http://127.0.0.1:${this.port}` || o === `http://localhost:${this.port}`;
  }

  private session(req: http.IncomingMessage): boolean {
    const id = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    return id !== undefined && [...this.sessions].some((s) => tokensEqual(s, id));
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.overloaded.has(req.socket)) {
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '5');
      return this.afterBody(req, () => this.refuse(res, 503, `too many connections to Hookgate's web server (at most ${MAX_WEB_CONNECTIONS}): close some and retry`));
    }
    const url = this.requestUrl(req);
    if (!url) return this.refuse(res, 400, 'bad request target: a path starting with "/" is expected');
    if (!this.hostOk(req)) return this.refuse(res, 421, `wrong Host header ${JSON.stringify(req.headers.host ?? '')}: use ${this.origin}`);
    if (!this.originOk(req)) return this.refuse(res, 403, `foreign Origin ${JSON.stringify(req.headers.origin)}: refused`);

    if (url.pathname === '/v1/signal') return this.signal(req, res);

    const login = url.searchParams.get('login');
    if (login !== null && req.method === 'GET') {
      const match = [...this.loginTokens].find((t) => tokensEqual(t, login));
      if (!match) return this.refuse(res, 403, 'this login link is wrong or was used already: ask the host for a new one (hookgate status --login-url)');
      this.loginTokens.delete(match);
      const sid = randomBytes(32).toString('base64url');
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.values().next().value!);
      this.sessions.add(sid);
      this.o.log(`web: a browser logged in (${req.headers['user-agent'] ?? 'unknown agent'})`);
      url.searchParams.delete('login');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
      });
      res.end();
      return;
    }

    if (!this.session(req)) return this.refuse(res, 401, 'not logged in: open the login link that hookgate daemon printed (or run: hookgate status --login-url)');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.refuse(res, 405, `${req.method} is not allowed here`);
    return this.staticFile(url.pathname, req, res);
  }

  private async signal(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') return this.json(res, 405, { error: { code: 'bad-message', message: 'POST a signal as JSON' } });
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(auth);
    if (!m || !tokensEqual(m[1]!.trim(), this.o.token)) {
      return this.afterBody(req, () => this.json(res, 401, { error: { code: 'unauthorized', message: 'Authorization: Bearer <the token from host.token in the Hookgate folder> is required' } }));
    }
    const read = await readBody(req, MAX_SIGNAL_BODY);
    if (read.tooLarge !== null) {
      if (read.tooLarge > MAX_DISCARDED_BODY) return; // cut off by readBody
      res.setHeader('Connection', 'close');
      return this.json(res, 413, { error: { code: 'too-large', message: `the signal's body is ${read.tooLarge} bytes; at most ${MAX_SIGNAL_BODY} bytes are accepted` } });
    }
    const body = read.text;
    let params: unknown;
    try {
      params = JSON.parse(body);
    } catch (err) {
      return this.json(res, 400, { error: { code: 'bad-message', message: `not JSON: ${(err as Error).message}` } });
    }
    try {
      const result = await this.o.dispatcher.call('signal', params, { client: `web POST /v1/signal (${req.socket.remotePort})` });
      return this.json(res, 200, result);
    } catch (err) {
      const code = err instanceof ApiCallError ? err.code : 'failed';
      return this.json(res, code === 'bad-params' ? 400 : code === 'host-stopping' ? 503 : 500, { error: { code, message: (err as Error).message } });
    }
  }

  private staticFile(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const root = this.o.staticDir ? path.resolve(this.o.staticDir) : null;
    if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
      return this.send(res, 200, 'text/html; charset=utf-8', `<!doctype html><meta charset="utf-8"><title>Hookgate</title><p>Hookgate's host is running, but the UI is not built here (${escapeHtml(root ?? 'no folder')}). Run <code>npm run build:app</code>.</p>`, req.method === 'HEAD');
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return this.refuse(res, 400, 'bad path');
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return this.refuse(res, 404, 'not found');
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      return this.refuse(res, 404, 'not found');
    }
    return this.send(res, 200, TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', data, req.method === 'HEAD');
  }

  // ---- WebSocket -----------------------------------------------------------------------------

  private upgrade(req: http.IncomingMessage, socket: import('node:net').Socket, head: Buffer): void {
    const deny = (status: number, why: string) => {
      this.o.log(`web: WebSocket refused (${status}): ${why}`);
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${why}\n`);
    };
    if (this.overloaded.has(socket)) return deny(503, `too many connections (at most ${MAX_WEB_CONNECTIONS})`);
    const url = this.requestUrl(req);
    if (!url) return deny(400, 'bad request target');
    if (url.pathname !== WS_PATH) return deny(404, `no WebSocket at ${url.pathname}`);
    if (!this.hostOk(req)) return deny(421, 'wrong Host header');
    if (!this.originOk(req)) return deny(403, `foreign Origin ${JSON.stringify(req.headers.origin)}`);
    if (!this.session(req)) return deny(401, 'not logged in');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const label = `web client ${this.nextWs++}`;
    this.sockets.add(ws);
    const session = new ClientSession({
      dispatcher: this.o.dispatcher,
      label,
      token: null, // the cookie was checked at the upgrade
      hello: this.o.hello,
      log: this.o.log,
      transport: {
        send: (msg) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
        },
        close: (why) => ws.close(1008, why.slice(0, 120)),
        bufferedBytes: () => ws.bufferedAmount,
      },
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return session.handleText('\u0000binary');
      session.handleText(data.toString());
    });
    ws.on('error', (err) => this.o.log(`${label}: ${err.message}`));
    ws.on('close', () => {
      this.sockets.delete(ws);
      session.dispose();
    });
  }

  // ---- replies -------------------------------------------------------------------------------

  /**
   * Answers once the request's body is read (and thrown away): answering and closing on unread data
   * makes the peer's kernel see a reset, which can swallow the answer.
   */
  private afterBody(req: http.IncomingMessage, answer: () => void): void {
    void readBody(req, 0).then((r) => {
      if (r.tooLarge === null || r.tooLarge <= MAX_DISCARDED_BODY) answer();
    });
  }

  private refuse(res: http.ServerResponse, status: number, message: string): void {
    this.send(res, status, 'text/plain; charset=utf-8', `${message}\n`);
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    this.send(res, status, 'application/json', `${JSON.stringify(body)}\n`);
  }

  private send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(headOnly ? undefined : body);
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Reads a body of at most `max` bytes. A longer one is read on and thrown away (tooLarge counts
 * it) up to MAX_DISCARDED_BODY; past that the connection is destroyed.
 */
function readBody(req: http.IncomingMessage, max: number): Promise<{ text: string; tooLarge: number | null }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_DISCARDED_BODY) {
        req.socket.destroy();
        return;
      }
      if (size <= max) parts.push(c);
      else parts.length = 0;
    });
    req.on('end', () => resolve(size > max ? { text: '', tooLarge: size } : { text: Buffer.concat(parts).toString('utf8'), tooLarge: null }));
    // Closed mid-body (or destroyed above): there is nobody to answer.
    req.on('close', () => {
      if (!req.complete) resolve({ text: '', tooLarge: Number.MAX_SAFE_INTEGER });
    });
    req.on('error', () => {});
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
