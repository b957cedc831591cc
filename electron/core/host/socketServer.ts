// The host's local socket: a Unix domain socket in a 0700 folder (itself 0600), or a named pipe on
// Windows. One JSON message per line; the first must be a hello with the token. A peer that sends
// garbage gets an error reply; one that sends an oversized line or no valid hello is cut off.
// Other connections never notice.
import fs from 'node:fs';
import net from 'node:net';
import { encodeLine, errorMessage, MAX_HELLO_BYTES, MAX_MESSAGE_BYTES, type HelloResult } from '../../shared/protocol';
import type { ApiDispatcher } from './apiDispatcher';
import { ClientSession } from './clientSession';
import { ensurePrivateDir } from './hostLocation';
import { LineReader } from './lineReader';

export interface SocketServerOptions {
  socket: string;
  /** null for a named pipe. */
  socketDir: string | null;
  dispatcher: ApiDispatcher;
  token: string;
  hello: () => HelloResult;
  log: (msg: string) => void;
  helloTimeoutMs?: number;
}

/** How long a closing connection may take to drain what was sent to it. */
const CLOSE_GRACE_MS = 2000;

export class HostSocketServer {
  private readonly connections = new Set<net.Socket>();
  private nextId = 1;

  private constructor(
    private readonly server: net.Server,
    private readonly o: SocketServerOptions,
  ) {}

  /**
   * Listens on the socket. The caller has made sure no other host listens there (see
   * probeSocket); a leftover socket file is removed first.
   */
  static async listen(o: SocketServerOptions): Promise<HostSocketServer> {
    if (o.socketDir) {
      ensurePrivateDir(o.socketDir);
      removeStaleSocketFile(o.socket);
    }
    const server = net.createServer({ allowHalfOpen: true });
    const host = new HostSocketServer(server, o);
    server.on('connection', (s) => host.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The socket is born 0600: no moment where another user's connect could slip in.
      const oldMask = process.platform === 'win32' ? null : process.umask(0o177);
      try {
        server.listen(o.socket, () => {
          server.off('error', reject);
          resolve();
        });
      } finally {
        if (oldMask !== null) process.umask(oldMask);
      }
    });
    if (o.socketDir) fs.chmodSync(o.socket, 0o600);
    server.on('error', (err) => o.log(`socket server: ${err.message}`));
    return host;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, ends every connection, removes the socket file. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.connections) s.end();
    const timer = setTimeout(() => {
      for (const s of this.connections) s.destroy();
    }, CLOSE_GRACE_MS);
    await closed;
    clearTimeout(timer);
    if (this.o.socketDir) fs.rmSync(this.o.socket, { force: true });
  }

  private accept(socket: net.Socket): void {
    const label = `socket client ${this.nextId++}`;
    this.connections.add(socket);
    let ending = false;
    const session = new ClientSession({
      dispatcher: this.o.dispatcher,
      label,
      token: this.o.token,
      hello: this.o.hello,
      log: this.o.log,
      helloTimeoutMs: this.o.helloTimeoutMs,
      transport: {
        send: (msg) => {
          if (!socket.destroyed && socket.writable) socket.write(encodeLine(msg));
        },
        close: () => {
          ending = true;
          reader.stop();
          socket.end();
          setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
        },
        bufferedBytes: () => socket.writableLength,
      },
    });
    const reader = new LineReader({
      maxBytes: MAX_HELLO_BYTES,
      onLine: (line) => {
        session.handleText(line);
        // A client that has shown the token may send large messages (hook scripts).
        if (session.isAuthenticated) reader.maxBytes = MAX_MESSAGE_BYTES;
      },
      onOverflow: (seen) => {
        ending = true;
        const cap = reader.maxBytes;
        this.o.log(`${label}: closing: a message of more than ${cap} bytes (${seen} so far)`);
        if (socket.writable) socket.write(encodeLine(errorMessage(null, 'too-large', `message larger than ${cap} bytes; closing the connection`)));
        socket.end();
        session.dispose();
        // Whatever it still sends is thrown away unread.
        socket.resume();
        setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
      },
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('end', () => {
      if (!ending && reader.pending > 0) {
        this.o.log(`${label}: the connection ended in the middle of a message (${reader.pending} bytes)`);
        if (socket.writable) socket.write(encodeLine(errorMessage(null, 'bad-message', `truncated message: the stream ended after ${reader.pending} bytes without a newline`)));
      }
      // Half-closed by the peer: answers to calls still running can go out before we end.
      reader.stop();
      session.peerEnded();
      void this.endWhenIdle(socket, session);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.connections.delete(socket);
      session.dispose();
    });
  }

  private async endWhenIdle(socket: net.Socket, session: ClientSession): Promise<void> {
    // A peer that half-closes after its last request still wants the answer.
    await session.whenIdle();
    socket.end();
  }
}

/** Removes a socket file (only a socket: never a file someone put there by mistake). */
function removeStaleSocketFile(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new Error(`${file}: exists and is not a socket; remove it or set XDG_RUNTIME_DIR elsewhere`);
  fs.rmSync(file, { force: true });
}

export type SocketProbe = { state: 'listening' } | { state: 'stale' } | { state: 'absent' };

/** Is a host listening at `socket`? A socket file nobody listens on is stale (its host crashed). */
export function probeSocket(socket: string, timeoutMs = 2000): Promise<SocketProbe> {
  return new Promise((resolve) => {
    const c = net.connect(socket);
    const timer = setTimeout(() => {
      c.destroy();
      // Accepting but silent: something holds the socket; treat it as a live host.
      resolve({ state: 'listening' });
    }, timeoutMs);
    c.once('connect', () => {
      clearTimeout(timer);
      c.destroy();
      resolve({ state: 'listening' });
    });
    c.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code === 'ECONNREFUSED' || err.code === 'ENOTSOCK' ? { state: 'stale' } : { state: 'absent' });
    });
  });
}
