// `window.hookgate` in a plain browser (the UI served by `hookgate daemon --web`): the protocol's
// client half over the daemon's WebSocket. The login cookie was set by the one-time link, so the
// socket is authenticated by the upgrade; no token lives in the page.
import type { HookgateApi } from '../../../electron/shared/api';
import { createRpcClient } from '../../../electron/shared/rpcClient';

export interface WebSocketApi {
  api: HookgateApi;
  /** Called once when the connection is lost (the daemon stopped or restarted). */
  onClose(listener: (why: string) => void): void;
}

export function connectWebSocketApi(url: string): Promise<WebSocketApi> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const client = createRpcClient((text) => ws.send(text));
    const closeListeners: ((why: string) => void)[] = [];
    let open = false;
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') client.receive(e.data);
    };
    ws.onopen = () => {
      open = true;
      resolve({ api: client.api, onClose: (l) => closeListeners.push(l) });
    };
    ws.onclose = (e) => {
      const why = e.reason || (open ? 'the connection to Hookgate was lost' : 'cannot connect to Hookgate (not logged in? open the login link again)');
      client.fail(new Error(why));
      if (!open) reject(new Error(why));
      for (const l of closeListeners) l(why);
    };
  });
}

/** The WebSocket address of the page's own host. */
export function webSocketUrl(loc: Location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/v1/ws`;
}
