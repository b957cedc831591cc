// The tray window. For now it says what Hookgate is and how to reach it from a terminal;
// the views (Now, Waiting, History, Hooks, Gallery, Settings) come with the tray-window issue.
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 16 }}>
      <h1 style={{ fontSize: 18 }}>Hookgate</h1>
      <p>Backups run only when your hooks say so. Use <code>hookgate history</code> to see the last decisions.</p>
    </main>
  );
}
