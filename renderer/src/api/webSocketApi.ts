// `window.hookgate` in a plain browser (the UI served by `hookgate daemon --web`): the protocol's
// client half over the daemon's WebSocket. Logging in is an exchange: the one-time link's token
// (taken out of the address bar at once) is posted to /v1/login for an HttpOnly cookie and a
// session secret. The cookie reaches every server on 127.0.0.1, so it alone opens nothing; the
// secret stays with this page — in its sessionStorage, which belongs to this origin (host *and*
// port) and this tab, so a reload keeps the login and no other local server can read it — and is
// the WebSocket's first message.
import type { HookgateApi } from '../../../electron/shared/api';
import { createRpcClient } from '../../../electron/shared/rpcClient';

export interface WebSocketApi {
  api: HookgateApi;
  /** Called once when the connection is lost (the daemon stopped or restarted). */
  onClose(listener: (why: string) => void): void;
}

const SECRET_KEY = 'hookgate.sessionSecret';
const NOT_LOGGED_IN = 'not logged in: open the login link that hookgate daemon printed';

/** What the page needs of the browser for the login exchange (the real ones, or a test's). */
export interface LoginEnv {
  location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
}

/**
 * The session secret: from a login link in the address bar (exchanged now), or from an earlier
 * exchange in this tab. Throws with a reader's message when there is neither, or the link is spent.
 */
export async function webSessionSecret(env: LoginEnv): Promise<string> {
  const params = new URLSearchParams(env.location.search);
  const login = params.get('login');
  if (login === null) {
    const kept = env.storage.getItem(SECRET_KEY);
    if (!kept) throw new Error(NOT_LOGGED_IN);
    return kept;
  }
  // Out of the address bar (and the history) before anything else: it is a credential until used.
  params.delete('login');
  const rest = params.toString();
  env.history.replaceState(null, '', `${env.location.pathname}${rest ? `?${rest}` : ''}${env.location.hash}`);
  const res = await env.fetch('/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login }), credentials: 'same-origin' });
  const body = (await res.json().catch(() => null)) as { secret?: unknown; error?: { message?: string } } | null;
  if (!res.ok || typeof body?.secret !== 'string') throw new Error(body?.error?.message ?? `the login failed (HTTP ${res.status})`);
  env.storage.setItem(SECRET_KEY, body.secret);
  return body.secret;
}

/** Forgets the secret (the host no longer knows it: it restarted, or the login ended). */
export function forgetWebSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(SECRET_KEY);
}

export function connectWebSocketApi(url: string, secret: string): Promise<WebSocketApi> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const client = createRpcClient((text) => ws.send(text));
    const closeListeners: ((why: string) => void)[] = [];
    let open = false;
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') client.receive(e.data);
    };
    ws.onopen = () => {
      client.hello({ token: secret, client: `browser (${navigator.userAgent.slice(0, 120)})` }).then(
        () => {
          open = true;
          resolve({ api: client.api, onClose: (l) => closeListeners.push(l) });
        },
        // The host closes the socket right after: onclose rejects with its reason.
        () => {},
      );
    };
    ws.onclose = (e) => {
      const why = e.reason || (open ? 'the connection to Hookgate was lost' : `cannot connect to Hookgate (${NOT_LOGGED_IN} again)`);
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
