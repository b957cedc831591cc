// A small stand-in for EngineHost: answers `echo` and `slow`, emits events on demand.
import type { ApiEvent } from '../../../electron/shared/api';
import { ApiCallError, type ApiDispatcher, type CallContext, type EventListener } from '../../../electron/core/host/apiDispatcher';

export class FakeDispatcher implements ApiDispatcher {
  readonly listeners = new Set<EventListener>();
  readonly calls: { method: string; params: unknown; client: string }[] = [];
  released = 0;

  async call(method: string, params: unknown, ctx: CallContext): Promise<unknown> {
    this.calls.push({ method, params, client: ctx.client });
    if (method === 'status') return { ok: true, params };
    if (method === 'signal') {
      ctx.onOperation?.('op-1');
      this.emit('hookStart', { operationId: 'op-1', id: 'run-1' });
      this.emit('output', { operationId: 'op-1', runId: 'run-1', data: 'hello\n' });
      this.emit('output', { operationId: 'op-2', runId: 'run-2', data: 'not yours\n' });
      await new Promise((r) => setTimeout(r, 20));
      return { decision: 'proceed' };
    }
    if (method === 'facts.get') throw new Error('boom');
    throw new ApiCallError('unknown-method', `unknown method "${method}"`);
  }

  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  release(): void {
    this.released++;
  }

  emit(event: ApiEvent, data: unknown): void {
    for (const l of this.listeners) l(event, data);
  }
}
