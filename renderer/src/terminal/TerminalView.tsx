// A terminal as the hook saw it (@xterm/xterm: colours, progress bars, carriage returns), fed
// either live from a running hook or page by page from a finished run's log. Everything goes
// through an OutputFlow, so a hook that prints hundreds of MB cannot swamp the page.
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { useApi } from '../api/ApiContext';
import { useLiveStore } from '../live/useLive';
import { LOW_WATERMARK, OutputFlow } from './outputFlow';

export type TerminalSource = { kind: 'live'; runId: string } | { kind: 'log'; runId: string } | { kind: 'text'; runId: string; text: string };

/** Bytes asked of history.log per page. */
const LOG_PAGE = 256 * 1024;
/** Approximate cell width of the 12 px monospace font, for fitting columns without an addon. */
const CELL_WIDTH = 7.25;

const DARK = { background: '#14161a', foreground: '#d8dde3', cursor: '#14161a' };
const LIGHT = { background: '#fbfbfc', foreground: '#1f2328', cursor: '#fbfbfc', selectionBackground: '#b6d4fe' };

export function TerminalView({ source, rows = 14, label }: { source: TerminalSource; rows?: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const api = useApi();
  const live = useLiveStore();

  useEffect(() => {
    const el = host.current!;
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches && document.documentElement.dataset.theme !== 'light';
    const term = new Terminal({
      rows,
      cols: 80,
      fontSize: 12,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      scrollback: 5000,
      disableStdin: true,
      cursorBlink: false,
      convertEol: false,
      theme: dark || document.documentElement.dataset.theme === 'dark' ? DARK : LIGHT,
    });
    term.open(el);
    const fit = () => {
      const cols = Math.max(20, Math.floor((el.clientWidth - 14) / CELL_WIDTH));
      if (cols !== term.cols) term.resize(cols, rows);
    };
    fit();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(fit) : null;
    ro?.observe(el);
    const flow = new OutputFlow({ write: (data, parsed) => term.write(data, parsed) });
    let stop = () => {};

    if (source.kind === 'text') {
      flow.push(source.text);
    } else if (source.kind === 'live') {
      const t = live.tap(source.runId, (data) => flow.push(data));
      flow.push(t.tail);
      stop = t.off;
    } else {
      // A page is asked for only when the terminal has caught up: a 1 GB log never sits in memory.
      let offset = 0;
      let busy = false;
      let done = false;
      const next = async () => {
        if (busy || done || flow.backlog > LOW_WATERMARK) return;
        busy = true;
        try {
          const page = await api.call('history.log', { runId: source.runId, offset, limit: LOG_PAGE });
          offset = page.nextOffset;
          done = page.eof || page.nextOffset <= page.offset;
          flow.push(page.text);
          if (done && page.truncated) flow.push('\r\n\x1b[2m[the log was cut to its size cap: its middle is not kept]\x1b[0m\r\n');
          if (done && page.size === 0) flow.push('\x1b[2m(no output)\x1b[0m');
        } catch (err) {
          done = true;
          flow.push(`\x1b[31mcannot read the log: ${(err as Error).message}\x1b[0m`);
        } finally {
          busy = false;
        }
        void next();
      };
      stop = flow.onDrain(() => void next());
      void next();
    }
    return () => {
      stop();
      flow.close();
      ro?.disconnect();
      term.dispose();
    };
  }, [api, live, source.kind, source.runId, source.kind === 'text' ? source.text : null, rows]);

  return <div className="terminal" ref={host} role="log" aria-label={label} data-run-id={source.runId} />;
}
