// The socket transport against a fake host: authentication, bad input, streaming, isolation.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostSocketServer } from '../../../electron/core/host/socketServer';
import { PROTOCOL_VERSION } from '../../../electron/shared/protocol';
import { FakeDispatcher } from './fakeDispatcher';

const TOKEN = 'secret-token';

/** A raw line client: collects every message, knows when the host closed. */
class RawClient {
  readonly messages: Record<string, unknown>[] = [];
  closed = false;
  private buf = '';
  private readonly waiters: (() => void)[] = [];
  constructor(readonly s: net.Socket) {
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        this.messages.push(JSON.parse(this.buf.slice(0, nl)));
        this.buf = this.buf.slice(nl + 1);
      }
      this.waiters.splice(0).forEach((w) => w());
    });
    s.on('error', () => {});
    s.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  static connect(p: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(p, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }
  send(obj: unknown): void {
    this.s.write(`${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n`);
  }
  async until(pred: () => boolean, ms = 5000): Promise<void> {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out; got ${JSON.stringify(this.messages).slice(0, 500)} closed=${this.closed}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  reply(id: number | string | null) {
    return this.messages.find((m) => m.id === id && (m.type === 'response' || m.type === 'error'));
  }
  async hello(token = TOKEN) {
    this.send({ v: 1, id: 'h', type: 'request', method: 'hello', params: { token, client: 'test' } });
    await this.until(() => !!this.reply('h') || this.closed);
    return this.reply('h');
  }
}

let dir: string;
let server: HostSocketServer;
let dispatcher: FakeDispatcher;
let sock: string;
const logs: string[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-sock-'));
  sock = path.join(dir, 'run', 'h.sock');
  dispatcher = new FakeDispatcher();
  server = await HostSocketServer.listen({
    socket: sock,
    socketDir: path.dirname(sock),
    dispatcher,
    token: TOKEN,
    hello: () => ({ pid: process.pid, since: 'now', version: 'test', protocol: PROTOCOL_VERSION }),
    log: (m) => logs.push(m),
    helloTimeoutMs: 500,
  });
});

afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the host socket', () => {
  it('is a 0600 socket in a 0700 folder', () => {
    expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(sock)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(sock).isSocket()).toBe(true);
  });

  it('answers hello with who the host is, and then serves calls', async () => {
    const c = await RawClient.connect(sock);
    expect(await c.hello()).toMatchObject({ type: 'response', result: { pid: process.pid, protocol: 1 } });
    c.send({ v: 1, id: 1, type: 'request', method: 'status', params: {} });
    await c.until(() => !!c.reply(1));
    expect(c.reply(1)).toMatchObject({ type: 'response', result: { ok: true } });
    expect(dispatcher.calls[0]!.client).toBe('socket client 1 (test)');
  });

  it('refuses a wrong token and closes the connection', async () => {
    const c = await RawClient.connect(sock);
    expect(await c.hello('guess')).toMatchObject({ type: 'error', error: { code: 'unauthorized' } });
    await c.until(() => c.closed);
    expect(dispatcher.calls).toEqual([]);
  });

  it('refuses any call before hello, and closes a silent connection after the hello timeout', async () => {
    const c = await RawClient.connect(sock);
    c.send({ v: 1, id: 1, type: 'request', method: 'status', params: {} });
    await c.until(() => c.closed);
    expect(c.reply(1)).toMatchObject({ error: { code: 'unauthorized' } });
    const silent = await RawClient.connect(sock);
    await silent.until(() => silent.closed, 3000);
    expect(dispatcher.calls).toEqual([]);
  });

  it('a message larger than the hello cap before authentication closes the connection', async () => {
    const c = await RawClient.connect(sock);
    c.s.write('x'.repeat(10_000));
    await c.until(() => c.closed);
    expect(c.messages[0]).toMatchObject({ type: 'error', error: { code: 'too-large' } });
  });

  it('garbage, wrong versions, unknown types and methods get error replies; the connection and others go on', async () => {
    const c = await RawClient.connect(sock);
    const other = await RawClient.connect(sock);
    await c.hello();
    await other.hello();
    c.send('this is not json');
    c.send('{"v":1,"id":2,"type":"requ');
    c.send('[1,2,3]');
    c.send({ v: 2, id: 3, type: 'request', method: 'status' });
    c.send({ id: 4, type: 'request', method: 'status' });
    c.send({ v: 1, id: 5, type: 'response', result: 1 });
    c.send({ v: 1, id: 6, type: 'request', method: 'no.such.method' });
    c.send({ v: 1, type: 'request', method: 'status' });
    c.send({ v: 1, id: 7, type: 'request', method: 'facts.get' });
    c.send({ v: 1, id: 8, type: 'request', method: 'subscribe', params: { events: ['nope'] } });
    c.send({ v: 1, id: 9, type: 'request', method: 'status', params: {} });
    await c.until(() => !!c.reply(9));
    const errors = c.messages.filter((m) => m.type === 'error').map((m) => (m.error as { code: string }).code);
    // Calls answer asynchronously, checks of the envelope at once: compare regardless of order.
    expect(errors.sort()).toEqual(['bad-message', 'bad-message', 'bad-message', 'wrong-version', 'wrong-version', 'unknown-type', 'unknown-method', 'bad-message', 'failed', 'bad-params'].sort());
    expect(c.reply(3)).toMatchObject({ error: { message: expect.stringContaining('this host speaks v1') } });
    expect(c.reply(7)).toMatchObject({ error: { message: 'boom' } });
    expect(c.reply(9)).toMatchObject({ type: 'response' });
    other.send({ v: 1, id: 1, type: 'request', method: 'status', params: {} });
    await other.until(() => !!other.reply(1));
    expect(c.closed || other.closed).toBe(false);
  });

  it('a 100 MB line closes only that connection, without the host buffering it', async () => {
    const c = await RawClient.connect(sock);
    const other = await RawClient.connect(sock);
    await c.hello();
    await other.hello();
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let written = 0;
    const rssBefore = process.memoryUsage().rss;
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (written < 100 && !c.closed) {
          written++;
          if (!c.s.write(chunk)) return void c.s.once('drain', pump);
        }
        resolve();
      };
      c.s.on('close', () => resolve());
      pump();
    });
    await c.until(() => c.closed, 20_000);
    expect(c.messages.some((m) => (m.error as { code?: string } | undefined)?.code === 'too-large')).toBe(true);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(90 * 1024 * 1024);
    other.send({ v: 1, id: 1, type: 'request', method: 'status', params: {} });
    await other.until(() => !!other.reply(1));
    expect(other.reply(1)).toMatchObject({ type: 'response' });
  });

  it('a truncated message at the end of the stream gets an error reply', async () => {
    const c = await RawClient.connect(sock);
    await c.hello();
    c.s.end('{"v":1,"id":5,"type":"request","meth');
    await c.until(() => c.closed);
    expect(c.messages.at(-1)).toMatchObject({ type: 'error', error: { code: 'bad-message', message: expect.stringContaining('truncated') } });
  });

  it('a streaming call gets the events of its own operation only; a subscriber gets all', async () => {
    const caller = await RawClient.connect(sock);
    const watcher = await RawClient.connect(sock);
    await caller.hello();
    await watcher.hello();
    watcher.send({ v: 1, id: 's', type: 'request', method: 'subscribe', params: { events: ['output'] } });
    await watcher.until(() => !!watcher.reply('s'));
    caller.send({ v: 1, id: 1, type: 'request', method: 'signal', params: {}, stream: true });
    await caller.until(() => !!caller.reply(1));
    const events = caller.messages.filter((m) => m.type === 'event').map((m) => `${m.event}:${(m.data as { operationId: string }).operationId}`);
    expect(events).toEqual(['hookStart:op-1', 'output:op-1']);
    await watcher.until(() => watcher.messages.filter((m) => m.type === 'event').length === 2);
    expect(watcher.messages.filter((m) => m.type === 'event').map((m) => m.event)).toEqual(['output', 'output']);
  });

  it('a client that half-closes after its request still gets the answer', async () => {
    const c = await RawClient.connect(sock);
    await c.hello();
    c.s.end(`${JSON.stringify({ v: 1, id: 1, type: 'request', method: 'signal', params: {} })}\n`);
    await c.until(() => c.closed);
    expect(c.reply(1)).toMatchObject({ type: 'response', result: { decision: 'proceed' } });
  });

  it('batches a flood of output into few events, in order, and before the events that follow it', async () => {
    const c = await RawClient.connect(sock);
    await c.hello();
    c.send({ v: 1, id: 's', type: 'request', method: 'subscribe', params: {} });
    await c.until(() => !!c.reply('s'));
    const chunks = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`);
    for (const data of chunks) dispatcher.emit('output', { runId: 'run-1', operationId: 'op-1', data });
    dispatcher.emit('hookEnd', { id: 'run-1', operationId: 'op-1' });
    await c.until(() => c.messages.some((m) => m.event === 'hookEnd'));
    const events = c.messages.filter((m) => m.type === 'event');
    const outputs = events.filter((m) => m.event === 'output');
    expect(outputs.length).toBeLessThan(5);
    expect(outputs.map((m) => (m.data as { data: string }).data).join('')).toBe(chunks.join(''));
    expect(events.at(-1)!.event).toBe('hookEnd');
  });
  it('a client that stops reading loses output, and is told how many bytes where the gap is', async () => {
    const c = await RawClient.connect(sock);
    await c.hello();
    c.send({ v: 1, id: 's', type: 'request', method: 'subscribe', params: { events: ['output', 'hookEnd'] } });
    await c.until(() => !!c.reply('s'));
    c.s.pause();
    // 40 MB while it reads nothing: far beyond what the host queues for one peer.
    const chunk = 'x'.repeat(1024 * 1024 - 1) + '\n';
    for (let i = 0; i < 40; i++) dispatcher.emit('output', { runId: 'run-1', operationId: 'op-1', data: chunk });
    c.s.resume();
    // An answer comes after everything queued before it: once it is here, the peer has caught up.
    c.send({ v: 1, id: 'r', type: 'request', method: 'status', params: {} });
    await c.until(() => !!c.reply('r'), 30_000);
    dispatcher.emit('output', { runId: 'run-1', operationId: 'op-1', data: 'tail\n' });
    dispatcher.emit('hookEnd', { id: 'run-1', operationId: 'op-1' });
    await c.until(() => c.messages.some((m) => m.event === 'hookEnd'), 30_000);
    const text = c.messages.filter((m) => m.event === 'output').map((m) => (m.data as { data: string }).data).join('');
    const marker = /\[… (\d+) bytes dropped: this client did not read fast enough\]/.exec(text);
    expect(marker, 'no "… N bytes dropped" note in the output').not.toBeNull();
    const got = text.replace(marker![0], '').replace(/\r\n/g, '');
    expect(got.endsWith('tail\n')).toBe(true);
    // What arrived plus what the note says was dropped is everything the run printed.
    expect(got.length - 'tail\n'.length + Number(marker![1])).toBe(40 * chunk.length);
    expect(Number(marker![1])).toBeGreaterThan(0);
    expect(text.indexOf(marker![0])).toBeLessThan(text.indexOf('tail\n'));
    expect(logs.some((l) => /not reading fast enough/.test(l))).toBe(true);
  });
});
