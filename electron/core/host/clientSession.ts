// One client's conversation with the host, whatever carries it (a socket line, a WebSocket
// message): the hello with the token first, then requests checked envelope-first, answers, and the
// events it subscribed to or that belong to its own running signal. A bad message gets an error
// reply; only an unauthenticated or oversized peer is cut off. Nothing here can throw into the host.
import { API_EVENT_NAMES, type ApiEvent } from '../../shared/api';
import {
  errorMessage,
  HELLO_TIMEOUT_MS,
  PROTOCOL_VERSION,
  type ErrorCode,
  type HelloResult,
  type Message,
  type RequestMessage,
} from '../../shared/protocol';
import { ApiCallError, eventOperationId, type ApiDispatcher } from './apiDispatcher';
import { tokensEqual } from './hostToken';

export interface SessionTransport {
  send(msg: Message): void;
  /** Ends the connection (after the messages already sent). */
  close(why: string): void;
  /** Bytes queued for the peer and not yet taken by it. */
  bufferedBytes(): number;
}

export interface ClientSessionOptions {
  dispatcher: ApiDispatcher;
  transport: SessionTransport;
  /** "socket client 3": names the peer in the host's log. */
  label: string;
  /** The token a hello must carry (the web session's secret for a WebSocket); null: none is asked. */
  token: string | null;
  /** What a peer with a wrong token is told. */
  wrongTokenMessage?: string;
  hello: () => HelloResult;
  log: (msg: string) => void;
  helloTimeoutMs?: number;
}

/** Output events to a peer are dropped while this much is queued for it (a stalled subscriber). */
const OUTPUT_HIGH_WATERMARK = 8 * 1024 * 1024;
/** Output is batched per run on its way out: at most this long… */
const OUTPUT_BATCH_MS = 16;
/** …or this many characters, whichever comes first (a hook printing 100 MB becomes few, big messages). */
const OUTPUT_BATCH_CHARS = 256 * 1024;
/** Calls one connection may have running at once. */
const MAX_IN_FLIGHT = 256;

export class ClientSession {
  private authenticated: boolean;
  private closed = false;
  private subscribed: Set<ApiEvent> | null = null;
  /** Operations whose events this peer gets because one of its own streaming calls runs them. */
  private readonly watched = new Map<string, number>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private droppedOutput = 0;
  /** Output bytes a stalled peer missed, per run: told to it in the run's stream once it reads again. */
  private readonly dropped = new Map<string, { operationId: string; bytes: number }>();
  private readonly outputBatch = new Map<string, { operationId: string; parts: string[] }>();
  private outputChars = 0;
  private outputTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  private readonly helloTimer: NodeJS.Timeout | null;
  private readonly owner = {};
  clientName = '';

  constructor(private readonly o: ClientSessionOptions) {
    this.authenticated = o.token === null;
    this.unsubscribe = o.dispatcher.subscribe((event, data) => this.onEvent(event, data));
    this.helloTimer = this.authenticated
      ? null
      : setTimeout(() => this.fail(null, 'unauthorized', `no hello with a token within ${Math.round((o.helloTimeoutMs ?? HELLO_TIMEOUT_MS) / 1000)} s`, true), o.helloTimeoutMs ?? HELLO_TIMEOUT_MS);
    this.helloTimer?.unref();
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  /** One message's text (a socket line, a WebSocket frame). */
  handleText(text: string): void {
    if (this.closed) return;
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (err) {
      return this.fail(null, 'bad-message', `not JSON: ${(err as Error).message}`, !this.authenticated);
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return this.fail(null, 'bad-message', 'a message must be a JSON object', !this.authenticated);
    }
    const m = msg as Record<string, unknown>;
    const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null;
    if (m.v !== PROTOCOL_VERSION) {
      return this.fail(id, 'wrong-version', `protocol version ${JSON.stringify(m.v ?? null)} is not supported; this host speaks v${PROTOCOL_VERSION}`, !this.authenticated);
    }
    if (m.type !== 'request') {
      return this.fail(id, 'unknown-type', `message type ${JSON.stringify(m.type ?? null)}: a client sends only "request"`, !this.authenticated);
    }
    if (id === null) return this.fail(null, 'bad-message', 'a request needs an "id" (string or number)', !this.authenticated);
    if (typeof m.method !== 'string') return this.fail(id, 'bad-message', 'a request needs a "method" (string)', !this.authenticated);
    const req = m as unknown as RequestMessage;

    if (req.method === 'hello') return this.hello(req);
    if (!this.authenticated) return this.fail(id, 'unauthorized', 'say hello with the token first', true);
    if (req.method === 'subscribe' || req.method === 'unsubscribe') return this.subscription(req);
    void this.call(req);
  }

  /** Resolves when no call of this peer is running (a half-closed peer still gets its answers). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The peer closed its side: it sends nothing more, and a process that exits looks the same, so
   * whatever waits on it (a gate, a command log) is released; calls still running are answered.
   */
  peerEnded(): void {
    if (!this.closed) this.o.dispatcher.release(this.owner);
  }

  /** The connection ended: stop events, close what its calls left open. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.outputTimer) clearTimeout(this.outputTimer);
    this.unsubscribe();
    this.o.dispatcher.release(this.owner);
  }

  private hello(req: RequestMessage): void {
    const p = req.params as { token?: unknown; client?: unknown } | undefined;
    if (this.o.token !== null) {
      if (typeof p?.token !== 'string' || !tokensEqual(p.token, this.o.token)) {
        this.o.log(`${this.o.label}: refused: wrong token`);
        return this.fail(req.id, 'unauthorized', this.o.wrongTokenMessage ?? 'wrong token (the host rewrites its token file at each start: read it again)', true);
      }
    }
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.authenticated = true;
    this.clientName = typeof p?.client === 'string' ? p.client.slice(0, 200) : '';
    this.send({ v: PROTOCOL_VERSION, id: req.id, type: 'response', result: this.o.hello() });
  }

  private subscription(req: RequestMessage): void {
    const events = (req.params as { events?: unknown } | undefined)?.events;
    if (events !== undefined && (!Array.isArray(events) || events.some((e) => typeof e !== 'string' || !(API_EVENT_NAMES as string[]).includes(e)))) {
      return this.fail(req.id, 'bad-params', `events: expected a list of ${API_EVENT_NAMES.join(', ')}`, false);
    }
    const list = (events as ApiEvent[] | undefined) ?? API_EVENT_NAMES;
    if (req.method === 'subscribe') {
      this.subscribed ??= new Set();
      for (const e of list) this.subscribed.add(e);
    } else if (this.subscribed) {
      for (const e of list) this.subscribed.delete(e);
    }
    this.send({ v: PROTOCOL_VERSION, id: req.id, type: 'response', result: { events: [...(this.subscribed ?? [])] } });
  }

  private async call(req: RequestMessage): Promise<void> {
    if (this.inFlight >= MAX_IN_FLIGHT) return this.fail(req.id, 'failed', `too many calls at once on one connection (at most ${MAX_IN_FLIGHT})`, false);
    this.inFlight++;
    let watching: string | null = null;
    try {
      const result = await this.o.dispatcher.call(req.method, req.params ?? {}, {
        client: `${this.o.label}${this.clientName ? ` (${this.clientName})` : ''}`,
        owner: this.owner,
        onOperation: req.stream
          ? (opId) => {
              if (watching === opId) return;
              if (watching) this.unwatch(watching);
              watching = opId;
              this.watched.set(opId, (this.watched.get(opId) ?? 0) + 1);
            }
          : undefined,
      });
      this.send({ v: PROTOCOL_VERSION, id: req.id, type: 'response', result });
    } catch (err) {
      if (err instanceof ApiCallError) this.fail(req.id, err.code, err.message, false);
      else this.fail(req.id, 'failed', (err as Error)?.message ?? String(err), false);
    } finally {
      this.inFlight--;
      if (watching) this.unwatch(watching);
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private unwatch(opId: string): void {
    const n = (this.watched.get(opId) ?? 1) - 1;
    if (n <= 0) this.watched.delete(opId);
    else this.watched.set(opId, n);
  }

  private onEvent(event: ApiEvent, data: unknown): void {
    if (this.closed || !this.authenticated) return;
    const wanted = this.subscribed?.has(event) || (this.watched.size > 0 && this.watched.has(eventOperationId(event, data) ?? ''));
    if (!wanted) return;
    if (event === 'output') return this.queueOutput(data as { runId: string; operationId: string; data: string });
    this.send({ v: PROTOCOL_VERSION, type: 'event', event, data });
  }

  private queueOutput(ev: { runId: string; operationId: string; data: string }): void {
    if (this.o.transport.bufferedBytes() > OUTPUT_HIGH_WATERMARK) {
      // A stalled peer must not grow the host's memory: it loses output (the log keeps it), and
      // is told how much where the gap is, so a cut-off screen is never taken for the whole output.
      if (this.droppedOutput++ === 0) this.o.log(`${this.o.label}: not reading fast enough; dropping output events for it`);
      const d = this.dropped.get(ev.runId);
      if (d) d.bytes += Buffer.byteLength(ev.data);
      else this.dropped.set(ev.runId, { operationId: ev.operationId, bytes: Buffer.byteLength(ev.data) });
      return;
    }
    this.droppedOutput = 0;
    this.queueDropMarkers();
    let b = this.outputBatch.get(ev.runId);
    if (!b) this.outputBatch.set(ev.runId, (b = { operationId: ev.operationId, parts: [] }));
    b.parts.push(ev.data);
    this.outputChars += ev.data.length;
    if (this.outputChars >= OUTPUT_BATCH_CHARS) this.flushOutput();
    else this.outputTimer ??= setTimeout(() => this.flushOutput(), OUTPUT_BATCH_MS);
  }

  /** Puts "… N bytes dropped" into each run's stream where its output was lost. */
  private queueDropMarkers(): void {
    if (this.dropped.size === 0) return;
    const markers = [...this.dropped];
    this.dropped.clear();
    for (const [runId, d] of markers) {
      let b = this.outputBatch.get(runId);
      if (!b) this.outputBatch.set(runId, (b = { operationId: d.operationId, parts: [] }));
      const text = droppedMarker(d.bytes);
      b.parts.push(text);
      this.outputChars += text.length;
    }
  }

  /** Sends batched output; called before anything else goes out, so order is kept. */
  private flushOutput(): void {
    if (this.outputTimer) clearTimeout(this.outputTimer);
    this.outputTimer = null;
    if (this.outputBatch.size === 0) return;
    const batches = [...this.outputBatch];
    this.outputBatch.clear();
    this.outputChars = 0;
    for (const [runId, b] of batches) this.sendNow({ v: PROTOCOL_VERSION, type: 'event', event: 'output', data: { runId, operationId: b.operationId, data: b.parts.join('') } });
  }

  private fail(id: string | number | null, code: ErrorCode, message: string, close: boolean): void {
    if (this.closed) return;
    this.send(errorMessage(id, code, message));
    if (close) {
      this.o.log(`${this.o.label}: closing: ${message}`);
      this.o.transport.close(message);
      this.dispose();
    }
  }

  private send(msg: Message): void {
    if (this.closed) return;
    // A run's end (or any answer) must not overtake the note that part of its output is missing.
    this.queueDropMarkers();
    this.flushOutput();
    this.sendNow(msg);
  }

  private sendNow(msg: Message): void {
    if (this.closed) return;
    try {
      this.o.transport.send(msg);
    } catch (err) {
      this.o.log(`${this.o.label}: cannot send: ${(err as Error).message}`);
      this.o.transport.close('send failed');
      this.dispose();
    }
  }
}

/** The note a peer reads in a run's output where it missed some of it. */
export function droppedMarker(bytes: number): string {
  return `\r\n[… ${bytes} bytes dropped: this client did not read fast enough]\r\n`;
}
