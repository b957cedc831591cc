// The page's entry: window.hookgate comes from the preload in the tray app; in a plain browser
// (under `hookgate daemon --web`) it is made here over the daemon's WebSocket.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectWebSocketApi, webSocketUrl } from './api/webSocketApi';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let onClose: ((l: (why: string) => void) => void) | undefined;
  if (!window.hookgate) {
    try {
      const ws = await connectWebSocketApi(webSocketUrl(window.location));
      window.hookgate = ws.api;
      onClose = ws.onClose;
    } catch (err) {
      root.render(
        <main className="fatal" role="alert">
          <h1>Hookgate</h1>
          <p>{(err as Error).message}</p>
          <p>Run <code>hookgate status --login-url</code> for a fresh login link.</p>
        </main>,
      );
      return;
    }
  }
  root.render(<App api={window.hookgate} onConnectionLost={onClose} />);
}

void start();
