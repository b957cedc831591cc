// Issue "One engine host": bad input on the socket never disturbs the host or other clients.
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';
import fs from 'node:fs';

afterEach(stopAll);

/** Sends `payload` after a valid hello and collects what comes back until the host closes or `ms` pass. */
async function exchange(socket: string, token: string, payload: (s: net.Socket) => Promise<void> | void, untilClosed = false): Promise<{ replies: Record<string, unknown>[]; closed: boolean }> {
  const s = net.connect(socket);
  await new Promise((r, j) => s.once('connect', r).once('error', j));
  s.on('error', () => {});
  let buf = '';
  const replies: Record<string, unknown>[] = [];
  let closed = false;
  s.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      replies.push(JSON.parse(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
    }
  });
  const done = new Promise<void>((r) => s.on('close', () => ((closed = true), r())));
  s.write(`${JSON.stringify({ v: 1, id: 'hello', type: 'request', method: 'hello', params: { token } })}\n`);
  await payload(s);
  const t0 = Date.now();
  while (!closed && Date.now() - t0 < 20_000 && (untilClosed || replies.filter((m) => m.id !== 'hello').length === 0)) await new Promise((r) => setTimeout(r, 20));
  if (untilClosed) await Promise.race([done, new Promise((r) => setTimeout(r, 1000))]);
  s.destroy();
  return { replies: replies.filter((m) => m.id !== 'hello'), closed };
}

describe('the host socket under bad input', () => {
  it('garbage, truncated JSON, a 100 MB line, unknown types and wrong versions get an error or a closed connection; a running client is served meanwhile', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [{ id: 'slow', conditions: ['CONDITION_SNAPSHOT_START'], script: '#!/bin/sh\necho working\nsleep 2\necho done\n' }]);
    const daemon = await startDaemon(env);
    const token = fs.readFileSync(path.join(env.HOOKGATE_HOME, 'host.token'), 'utf8').trim();
    const good = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'good' }))!;
    const output: string[] = [];
    good.on('output', (ev) => output.push(ev.data));
    const signal = good.call('signal', { condition: 'CONDITION_SNAPSHOT_START', plan: 'good' }, { stream: true });

    const line = (o: unknown) => `${typeof o === 'string' ? o : JSON.stringify(o)}\n`;
    const garbage = await exchange(daemon.socket, token, (s) => void s.write(line('\x00\xff garbage {')));
    expect(garbage.replies[0]).toMatchObject({ type: 'error', error: { code: 'bad-message' } });

    const truncated = await exchange(daemon.socket, token, (s) => void s.end('{"v":1,"id":7,"type":"request","method":"sta'), true);
    expect(truncated.replies[0]).toMatchObject({ type: 'error', error: { code: 'bad-message', message: expect.stringContaining('truncated') } });
    expect(truncated.closed).toBe(true);

    const unknownType = await exchange(daemon.socket, token, (s) => void s.write(line({ v: 1, id: 1, type: 'event', event: 'output', data: {} })));
    expect(unknownType.replies[0]).toMatchObject({ id: 1, type: 'error', error: { code: 'unknown-type' } });

    const wrongVersion = await exchange(daemon.socket, token, (s) => void s.write(line({ v: 99, id: 2, type: 'request', method: 'status', params: {} })));
    expect(wrongVersion.replies[0]).toMatchObject({ id: 2, type: 'error', error: { code: 'wrong-version' } });

    const badParams = await exchange(daemon.socket, token, (s) => void s.write(line({ v: 1, id: 3, type: 'request', method: 'signal', params: { condition: 'CONDITION_NOPE' } })));
    expect(badParams.replies[0]).toMatchObject({ id: 3, type: 'error', error: { code: 'bad-params', message: expect.stringContaining('unknown condition "CONDITION_NOPE"') } });

    const unknownMethod = await exchange(daemon.socket, token, (s) => void s.write(line({ v: 1, id: 4, type: 'request', method: 'rm -rf', params: {} })));
    expect(unknownMethod.replies[0]).toMatchObject({ id: 4, type: 'error', error: { code: 'unknown-method' } });

    const huge = await exchange(
      daemon.socket,
      token,
      async (s) => {
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        for (let i = 0; i < 100 && !s.destroyed; i++) {
          if (!s.write(chunk)) await new Promise((r) => (s.once('drain', r), s.once('close', r)));
        }
        if (!s.destroyed) s.write('\n');
      },
      true,
    );
    expect(huge.closed).toBe(true);
    expect(huge.replies[0]).toMatchObject({ type: 'error', error: { code: 'too-large' } });

    // The well-formed client was served all along, with its live output.
    const result = await signal;
    expect(result.decision).toBe('proceed');
    expect(output.join('')).toMatch(/working\r?\ndone/);
    expect(await good.call('status', {})).toMatchObject({ host: { pid: daemon.pid } });
    good.close();
    expect(daemon.proc.exitCode).toBe(null);
  });
});
