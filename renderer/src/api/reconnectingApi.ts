// One HookgateApi for the page's whole life over connections that come and go: calls go to the
// connection of the moment, listeners stay registered and are subscribed again on each new
// connection — so Reconnect after the host restarted keeps the window's state (an open editor,
// unsaved edits) instead of reloading the page.
import type { ApiEvent, ApiEventData, ApiMethod, ApiRequest, ApiResponse, HookgateApi } from '../../../electron/shared/api';

export interface Connection {
  api: HookgateApi;
  /** Called once when this connection is lost. */
  onClose(listener: (why: string) => void): void;
}

export interface ReconnectingApi {
  api: HookgateApi;
  /** Told each time the connection is lost, with why in words. */
  onLost(listener: (why: string) => void): () => void;
  /** Opens a new connection; rejects (and stays lost) when the host cannot be reached. */
  reconnect(): Promise<void>;
}

export function reconnectingApi(first: Connection, connect: () => Promise<Connection>): ReconnectingApi {
  let current: Connection | null = first;
  let lostWhy = '';
  const lostListeners = new Set<(why: string) => void>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const offs: (() => void)[] = [];

  const attach = (conn: Connection) => {
    current = conn;
    for (const off of offs.splice(0)) off();
    for (const [event, set] of listeners) offs.push(conn.api.on(event as ApiEvent, (data) => set.forEach((l) => l(data))));
    conn.onClose((why) => {
      if (current !== conn) return;
      current = null;
      lostWhy = why;
      for (const l of lostListeners) l(why);
    });
  };
  attach(first);

  const api: HookgateApi = {
    call<M extends ApiMethod>(method: M, params: ApiRequest<M>): Promise<ApiResponse<M>> {
      if (!current) return Promise.reject(new Error(lostWhy || 'not connected to Hookgate'));
      return current.api.call(method, params);
    },
    on<E extends ApiEvent>(event: E, listener: (data: ApiEventData<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        const s = set;
        if (current) offs.push(current.api.on(event, (data) => s.forEach((l) => l(data))));
      }
      const l = listener as (data: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };

  return {
    api,
    onLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    async reconnect() {
      attach(await connect());
    },
  };
}
