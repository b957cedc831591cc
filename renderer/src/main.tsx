// The page's entry: window.hookgate comes from the preload in the tray app; in a plain browser
// (under `hookgate daemon --web`) it is made here over the daemon's WebSocket, one that Reconnect
// can make again without reloading the page.
import { createRoot } from 'react-dom/client';
import { App, type HostConnection } from './App';
import { reconnectingApi } from './api/reconnectingApi';
import { connectWebSocketApi, forgetWebSession, webSessionSecret, webSocketUrl } from './api/webSocketApi';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let connection: HostConnection | undefined;
  if (!window.hookgate) {
    try {
      const secret = await webSessionSecret({ location: window.location, history: window.history, storage: window.sessionStorage, fetch: window.fetch.bind(window) });
      const connect = () =>
        connectWebSocketApi(webSocketUrl(window.location), secret).catch((err: Error) => {
          // A host that refuses the secret (it restarted: sessions end with it) will refuse it again.
          forgetWebSession(window.sessionStorage);
          throw err;
        });
      const ws = reconnectingApi(await connect(), connect);
      window.hookgate = ws.api;
      connection = ws;
    } catch (err) {
      root.render(
        <main className="fatal" role="alert">
          <h1>Hookgate</h1>
          <p>{(err as Error).message}</p>
          <p>
            Run <code>hookgate status --login-url</code> for a fresh login link.
          </p>
        </main>,
      );
      return;
    }
  }
  root.render(<App api={window.hookgate} connection={connection} />);
}

void start();
