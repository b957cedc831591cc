// A raw client of the host's socket for fuzzing: writes whatever it is given, collects every reply
// line (unparseable ones too), and knows when the host closed the connection.
import net from 'node:net';

export interface Reply {
  raw: string;
  msg: Record<string, unknown> | null;
}

export class LineConn {
  readonly replies: Reply[] = [];
  closed = false;
  private buf = '';

  private constructor(private readonly socket: net.Socket) {
    socket.on('error', () => {});
    socket.setEncoding('utf8').on('data', (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const raw = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        let msg: Record<string, unknown> | null = null;
        try {
          msg = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          msg = null;
        }
        this.replies.push({ raw, msg });
      }
    });
    socket.on('close', () => (this.closed = true));
  }

  static open(path: string): Promise<LineConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(path);
      s.once('connect', () => resolve(new LineConn(s)));
      s.once('error', reject);
    });
  }

  write(data: string | Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  send(obj: unknown): void {
    this.write(`${JSON.stringify(obj)}\n`);
  }

  /** Waits until `pred` holds for some reply, or the connection closes, or `ms` pass. */
  async waitFor(pred: (r: Reply) => boolean, ms = 10_000): Promise<Reply | null> {
    const t0 = Date.now();
    for (;;) {
      const r = this.replies.find(pred);
      if (r) return r;
      if (this.closed || Date.now() - t0 > ms) return null;
      await new Promise((res) => setTimeout(res, 5));
    }
  }

  async settle(ms: number): Promise<void> {
    await new Promise((res) => setTimeout(res, ms));
  }

  close(): void {
    this.socket.destroy();
  }
}
