// The client half of the wire protocol, transport-free: give it a way to send a message's text and
// feed it the texts that arrive, and it is a HookgateApi. The browser's WebSocket client (the UI
// under `hookgate daemon --web`) wraps it; no DOM and no Node APIs here.
import type { ApiEvent, ApiEventData, ApiMethod, ApiRequest, ApiResponse, HookgateApi } from './api';
import { PROTOCOL_VERSION, RemoteError, type ErrorCode, type Message } from './protocol';

export interface RpcClient {
  api: HookgateApi;
  /** A message's text from the host. */
  receive(text: string): void;
  /** The connection is gone: every pending call fails with `error`. */
  fail(error: Error): void;
  /** The first message on a connection that asks for one: proves who we are (token or session secret). */
  hello(params: { token: string; client: string }): Promise<unknown>;
}

export function createRpcClient(send: (text: string) => void): RpcClient {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const subscribed = new Set<string>();
  let nextId = 1;
  let failed: Error | null = null;

  const raw = (method: string, params: unknown): Promise<unknown> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      send(JSON.stringify({ v: PROTOCOL_VERSION, id, type: 'request', method, params }));
    });
  };

  const api: HookgateApi = {
    call<M extends ApiMethod>(method: M, params: ApiRequest<M>): Promise<ApiResponse<M>> {
      return raw(method, params) as Promise<ApiResponse<M>>;
    },
    on<E extends ApiEvent>(event: E, listener: (data: ApiEventData<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (data: unknown) => void;
      set.add(l);
      // The host sends an event only after it was asked for it, once per event name.
      if (!subscribed.has(event)) {
        subscribed.add(event);
        raw('subscribe', { events: [event] }).catch(() => subscribed.delete(event));
      }
      return () => set.delete(l);
    },
  };

  return {
    api,
    hello: (params) => raw('hello', params),
    receive(text) {
      let msg: Message;
      try {
        msg = JSON.parse(text) as Message;
      } catch {
        return;
      }
      if (msg.type === 'event') {
        for (const l of listeners.get(msg.event) ?? []) l(msg.data);
        return;
      }
      if ((msg.type !== 'response' && msg.type !== 'error') || typeof msg.id !== 'number') return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.type === 'response') p.resolve(msg.result);
      else p.reject(new RemoteError(msg.error.code as ErrorCode, msg.error.message));
    },
    fail(error) {
      failed = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    },
  };
}
