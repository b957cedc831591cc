// The CLI's side of the host's socket: find the running host, show it the token, call methods of
// the API table, receive events. Kept light on purpose (no zod, no engine, no node-pty): this is
// the whole of what `hookgate signal` loads when a host runs. Types come from the contract only.
import fs from 'node:fs';
import net from 'node:net';
import nodePath from 'node:path';
import type { ApiEvent, ApiEventData, ApiMethod, ApiRequest, ApiResponse, HookgateApi } from '../shared/api';
import {
  encodeLine,
  MAX_HOST_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  RemoteError,
  type ErrorCode,
  type HelloResult,
  type Message,
  type RequestMessage,
} from '../shared/protocol';
import { hostLocation } from '../core/host/hostLocation';
import type { HookgatePaths } from '../core/paths';

/** The host went away (crashed, killed, stopped) while we were talking to it. */
export class HostLostError extends Error {
  override name = 'HostLostError';
}

/** A host runs but would not let us in (wrong token, another user's host…). */
export class HostRefusedError extends Error {
  override name = 'HostRefusedError';
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export interface ConnectOptions {
  paths: HookgatePaths;
  /** Names this client in the host's log, e.g. "hookgate signal (pid 42)". */
  client: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export class HostClient implements HookgateApi {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly closeListeners = new Set<(err: HostLostError | null) => void>();
  private nextId = 1;
  private buf = '';
  private lost: HostLostError | null = null;
  private closedByUs = false;
  host!: HelloResult;

  private constructor(
    private readonly socket: net.Socket,
    readonly socketPath: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.drop(`connection error: ${err.message}`));
    socket.on('close', () => this.drop('the connection closed'));
  }

  /**
   * Connects to the running host and says hello. Resolves null when no host runs (no socket, or a
   * stale one nobody listens on); throws HostRefusedError when one runs but refuses us.
   */
  static async connect(o: ConnectOptions): Promise<HostClient | null> {
    const loc = hostLocation(o.paths, o.env);
    // host.json names the socket the host really uses (this process may lack XDG_RUNTIME_DIR, e.g. under cron).
    const candidates = [...new Set([readSocketFromInfo(loc.infoFile), loc.socket].filter((s): s is string => !!s))];
    for (const path of candidates) {
      // Before a byte goes out (the token, a signal): the socket must be this user's own.
      if (!trustedSocket(path)) continue;
      const socket = await openSocket(path, o.timeoutMs ?? 3000);
      if (!socket) continue;
      const client = new HostClient(socket, path);
      let token: string;
      try {
        token = fs.readFileSync(loc.tokenFile, 'utf8').trim();
      } catch (err) {
        client.close();
        throw new HostRefusedError(`a host listens on ${path}, but its token ${loc.tokenFile} cannot be read: ${(err as Error).message}`);
      }
      try {
        client.host = (await client.raw('hello', { token, client: o.client })) as HelloResult;
      } catch (err) {
        client.close();
        if (err instanceof RemoteError) throw new HostRefusedError(`the host on ${path} refused us: ${err.message}`);
        // It died or closed between connect and hello: as good as no host.
        return null;
      }
      return client;
    }
    return null;
  }

  call<M extends ApiMethod>(method: M, params: ApiRequest<M>, opts: { stream?: boolean } = {}): Promise<ApiResponse<M>> {
    return this.raw(method, params, opts) as Promise<ApiResponse<M>>;
  }

  /** Receive these events (all when omitted) from now on. */
  async subscribe(events?: ApiEvent[]): Promise<void> {
    await this.raw('subscribe', events ? { events } : {});
  }

  on<E extends ApiEvent>(event: E, listener: (data: ApiEventData<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (data: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Called once when the connection ends: with the reason if the host went away, null if we closed it. */
  onClose(listener: (err: HostLostError | null) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Bytes written to the host and not yet taken by it. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  get isLost(): boolean {
    return this.lost !== null;
  }

  close(): void {
    this.closedByUs = true;
    this.socket.end();
    this.socket.destroy();
  }

  private raw(method: string, params: unknown, opts: { stream?: boolean } = {}): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.nextId++;
    const msg: RequestMessage = { v: PROTOCOL_VERSION, id, type: 'request', method, params };
    if (opts.stream) msg.stream = true;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(encodeLine(msg));
    });
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    if (this.buf.length > MAX_HOST_MESSAGE_BYTES) {
      this.drop(`the host sent a message larger than ${MAX_HOST_MESSAGE_BYTES} bytes`);
      this.socket.destroy();
      return;
    }
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (line.trim()) this.onMessage(line);
    }
  }

  private onMessage(line: string): void {
    let msg: Message;
    try {
      msg = JSON.parse(line) as Message;
    } catch {
      return;
    }
    if (msg.type === 'event') {
      for (const l of this.listeners.get(msg.event) ?? []) l(msg.data);
      return;
    }
    if (msg.type !== 'response' && msg.type !== 'error') return;
    const p = msg.id === null ? undefined : this.pending.get(Number(msg.id));
    if (!p) return;
    this.pending.delete(Number(msg.id));
    if (msg.type === 'response') p.resolve(msg.result);
    else p.reject(new RemoteError(msg.error.code as ErrorCode, msg.error.message));
  }

  private drop(why: string): void {
    if (this.lost) return;
    this.lost = new HostLostError(`the host (pid ${this.host?.pid ?? '?'}) went away: ${why}`);
    for (const p of this.pending.values()) p.reject(this.lost);
    this.pending.clear();
    const err = this.closedByUs ? null : this.lost;
    for (const l of this.closeListeners) l(err);
  }
}

/**
 * Whether `socketPath` is a socket this user made, in a folder only this user can use: false when
 * there is none. In a shared folder (the /tmp fallback) another user can create the folder or the
 * socket first, to collect the token and answer signals ("proceed — all good"); such a socket is
 * refused (HostRefusedError) without being spoken to. A folder that is ours and closed to others
 * keeps what is in it ours, so checking before connecting leaves no gap.
 */
export function trustedSocket(socketPath: string): boolean {
  const uid = process.getuid?.();
  if (process.platform === 'win32' || uid === undefined) return true; // named pipes: per-user names, the OS checks
  const dir = nodePath.dirname(socketPath);
  const refuse = (why: string) =>
    new HostRefusedError(`not using the host socket ${socketPath}: ${why}; another user may have put it there to answer in the host's place (remove it, or set XDG_RUNTIME_DIR to a folder of your own)`);
  let dirSt: fs.Stats;
  let st: fs.Stats;
  try {
    dirSt = fs.lstatSync(dir);
    st = fs.lstatSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw refuse(`cannot check it: ${(err as Error).message}`);
  }
  if (!dirSt.isDirectory()) throw refuse(`${dir} is ${dirSt.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`);
  if (dirSt.uid !== uid) throw refuse(`its folder ${dir} belongs to uid ${dirSt.uid}, not to you (uid ${uid})`);
  if ((dirSt.mode & 0o077) !== 0) throw refuse(`its folder ${dir} is open to others (mode ${(dirSt.mode & 0o777).toString(8)}, 700 expected)`);
  if (!st.isSocket()) throw refuse('it is not a socket');
  if (st.uid !== uid) throw refuse(`it belongs to uid ${st.uid}, not to you (uid ${uid})`);
  if ((st.mode & 0o077) !== 0) throw refuse(`it is open to others (mode ${(st.mode & 0o777).toString(8)}, 600 expected)`);
  return true;
}

function readSocketFromInfo(file: string): string | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { socket?: unknown };
    return typeof v.socket === 'string' ? v.socket : null;
  } catch {
    return null;
  }
}

/** Null when nothing listens there (absent, or stale after a crash). */
function openSocket(path: string, timeoutMs: number): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const s = net.connect(path);
    const timer = setTimeout(() => {
      s.destroy();
      resolve(null);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}
