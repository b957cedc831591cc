import { describe, expect, it } from 'vitest';
import { createRpcClient } from '../../../electron/shared/rpcClient';
import { RemoteError } from '../../../electron/shared/protocol';

describe('createRpcClient', () => {
  it('matches answers to calls, turns error replies into RemoteErrors, and subscribes on first listener', async () => {
    const sent: Record<string, unknown>[] = [];
    const c = createRpcClient((t) => sent.push(JSON.parse(t)));
    const status = c.api.call('status', {});
    const bad = c.api.call('hooks.get', { id: 'x' });
    expect(sent.map((m) => m.method)).toEqual(['status', 'hooks.get']);
    c.receive(JSON.stringify({ v: 1, id: 2, type: 'error', error: { code: 'failed', message: 'no hook "x"' } }));
    c.receive(JSON.stringify({ v: 1, id: 1, type: 'response', result: { hold: null } }));
    expect(await status).toEqual({ hold: null });
    await expect(bad).rejects.toBeInstanceOf(RemoteError);

    const got: unknown[] = [];
    c.api.on('output', (d) => got.push(d));
    c.api.on('output', () => {});
    expect(sent.filter((m) => m.method === 'subscribe')).toHaveLength(1);
    c.receive(JSON.stringify({ v: 1, type: 'event', event: 'output', data: { runId: 'r', operationId: 'o', data: 'hi' } }));
    expect(got).toEqual([{ runId: 'r', operationId: 'o', data: 'hi' }]);

    const pending = c.api.call('status', {});
    c.fail(new Error('connection lost'));
    await expect(pending).rejects.toThrow('connection lost');
    await expect(c.api.call('status', {})).rejects.toThrow('connection lost');
  });
});
