// `hookgate daemon --web`: the built renderer and the API over a WebSocket, on 127.0.0.1 only.
// A browser gets in through a one-time login link (good for 2 minutes): the page posts the link's
// token to /v1/login and gets back an HttpOnly, SameSite=Strict cookie and a session secret that it
// keeps in its own (per-port) storage. Cookies are scoped by host, not by port, so every other
// server on 127.0.0.1 — another local user's too — receives the cookie: it alone authorises
// nothing. The WebSocket needs the cookie, and its first message must carry the session's secret;
// a new state-changing HTTP endpoint must ask for the secret the same way. Requests whose Host or
// Origin is not this server are refused (DNS rebinding, cross-site pages). Tools that can only make
// HTTP calls use `POST /v1/signal` with the host token as a bearer.
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
  /** The clock login links expire by (tests move it). */
  now?: () => number;
}

/** The cookie's name is this plus `_<port>`: hosts on other ports keep their own sessions. */
export const SESSION_COOKIE = 'hookgate_session';
export const WS_PATH = '/v1/ws';
export const LOGIN_PATH = '/v1/login';
/** How long an unused login link works. */
export const LOGIN_LINK_TTL_MS = 2 * 60 * 1000;
const MAX_LOGIN_BODY = 4096;
const MAX_LOGIN_LINKS = 100;
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
  /** Unused login tokens, with when each was issued. */
  private readonly loginTokens = new Map<string, number>();
  private readonly sessions = new Map<string, WebSession>();
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
        o.log(`web: ${req.method} ${(req.url ?? '').replace(/login=[^&]*/g, 'login=…')}: ${err.message}`);
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

  /** The session cookie's name on this port. */
  get cookieName(): string {
    return `${SESSION_COOKIE}_${this.port}`;
  }

  /** A fresh link that logs one browser in, once, within LOGIN_LINK_TTL_MS. */
  newLoginUrl(): string {
    this.pruneLoginTokens();
    const t = randomBytes(24).toString('base64url');
    if (this.loginTokens.size >= MAX_LOGIN_LINKS) this.loginTokens.delete(this.loginTokens.keys().next().value!);
    this.loginTokens.set(t, this.now());
    return `${this.origin}/?login=${t}`;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private pruneLoginTokens(): void {
    const now = this.now();
    for (const [t, at] of this.loginTokens) if (now - at > LOGIN_LINK_TTL_MS) this.loginTokens.delete(t);
  }

  /** Why a login token is no good, or null when it is. Expired ones are forgotten. */
  private loginProblem(token: string): { key: string | null; problem: string | null } {
    const key = [...this.loginTokens.keys()].find((t) => tokensEqual(t, token)) ?? null;
    if (key === null) return { key, problem: 'this login link is wrong or was used already: ask the host for a new one (hookgate status --login-url)' };
    if (this.now() - this.loginTokens.get(key)! > LOGIN_LINK_TTL_MS) {
      this.loginTokens.delete(key);
      return { key: null, problem: `this login link has expired (a link works for ${LOGIN_LINK_TTL_MS / 60_000} minutes, once): ask the host for a new one (hookgate status --login-url)` };
    }
    return { key, problem: null };
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

  /** The session this request's cookie names, if it was issued here, on this port. */
  private session(req: http.IncomingMessage): WebSession | null {
    const id = parseCookies(req.headers.cookie)[this.cookieName];
    if (id === undefined) return null;
    for (const [sid, s] of this.sessions) if (tokensEqual(sid, id) && s.port === this.port) return s;
    return null;
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

    if (url.pathname === LOGIN_PATH) return this.login(req, res);

    const loginToken = url.searchParams.get('login');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.refuse(res, 405, `${req.method} is not allowed here`);
    if (isPage(url.pathname)) {
      // The page itself: for a session, or for a login link still good (the page then posts it to
      // /v1/login and takes it out of the address bar). Its scripts and styles are the public app.
      if (loginToken !== null) {
        const { problem } = this.loginProblem(loginToken);
        if (problem) return this.refuse(res, 403, problem);
      } else if (!this.session(req)) {
        return this.refuse(res, 401, 'not logged in: open the login link that hookgate daemon printed (or run: hookgate status --login-url)');
      }
    }
    return this.staticFile(url.pathname, req, res);
  }

  /**
   * The login exchange: a login link's token (once, within its time) for a session — an HttpOnly
   * cookie, and the secret the page keeps and shows in the WebSocket's first message.
   */
  private async login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') return this.afterBody(req, () => this.json(res, 405, { error: { code: 'bad-message', message: `POST {"login": "<the token of the login link>"} to ${LOGIN_PATH}` } }));
    const read = await readBody(req, MAX_LOGIN_BODY);
    if (read.tooLarge !== null) {
      if (read.tooLarge > MAX_DISCARDED_BODY) return;
      res.setHeader('Connection', 'close');
      return this.json(res, 413, { error: { code: 'too-large', message: `a login is at most ${MAX_LOGIN_BODY} bytes` } });
    }
    let token: unknown;
    try {
      token = (JSON.parse(read.text) as { login?: unknown } | null)?.login;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string') return this.json(res, 400, { error: { code: 'bad-message', message: `expected {"login": "<the token of the login link>"}` } });
    const { key, problem } = this.loginProblem(token);
    if (problem || key === null) return this.json(res, 403, { error: { code: 'unauthorized', message: problem ?? 'refused' } });
    this.loginTokens.delete(key);
    const sid = randomBytes(32).toString('base64url');
    const session: WebSession = { secret: randomBytes(32).toString('base64url'), port: this.port };
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(sid, session);
    this.o.log(`web: a browser logged in (${req.headers['user-agent'] ?? 'unknown agent'})`);
    res.setHeader('Set-Cookie', `${this.cookieName}=${sid}; HttpOnly; SameSite=Strict; Path=/`);
    return this.json(res, 200, { secret: session.secret });
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
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return this.send(res, 200, type, data, req.method === 'HEAD', isImmutableAsset(rel) ? IMMUTABLE : undefined);
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
    const session = this.session(req);
    if (!session) return deny(401, 'not logged in');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, session));
  }

  private accept(ws: WebSocket, webSession: WebSession): void {
    const label = `web client ${this.nextWs++}`;
    this.sockets.add(ws);
    const session = new ClientSession({
      dispatcher: this.o.dispatcher,
      label,
      // The cookie let it upgrade; its first message must show the session's secret, which only
      // the page that made the login exchange has.
      token: webSession.secret,
      wrongTokenMessage: 'wrong session secret: log in again with a new link (hookgate status --login-url)',
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

  private send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false, extra?: Record<string, string>): void {
    res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(headOnly ? undefined : body);
  }
}

interface WebSession {
  /** Shown in the hello of each WebSocket; never in a cookie or a URL. */
  secret: string;
  /** The port it was issued on: a cookie reaches every port of the host, the session only this one. */
  port: number;
}

/**
 * The build's files under assets/ are named by their content's hash, so a name never changes its
 * bytes: the browser may keep them, and keeps the compiled code of the scripts with them (V8's code
 * cache), which makes every later opening of the window start sooner. The page itself, which names
 * them, is never kept (no-store), so a new build is picked up at once. They hold no secret.
 */
const IMMUTABLE = { 'Cache-Control': 'private, max-age=31536000, immutable' };
export function isImmutableAsset(rel: string): boolean {
  return /^\/assets\/[\w.-]+-[\w-]{8}\.(?:js|css|woff2|svg|png)$/.test(rel);
}

/** The page (index.html) rather than one of its files. */
function isPage(pathname: string): boolean {
  return pathname.endsWith('/') || pathname === '/index.html';
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
