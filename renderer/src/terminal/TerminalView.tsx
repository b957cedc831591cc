// A terminal as the hook saw it (@xterm/xterm: colours, progress bars, carriage returns), fed
// either live from a running hook or page by page from a finished run's log. Everything goes
// through an OutputFlow, so a hook that prints hundreds of MB cannot swamp the page. A log box is
// as high as its content (a one-line log is one line), up to `rows`. This module (with xterm) is
// loaded when a terminal is first shown, not with the window.
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { useApi } from '../api/ApiContext';
import { useLiveStore } from '../live/useLive';
import { LOW_WATERMARK, OutputFlow } from './outputFlow';
import { LIVE_MOUNT_TAIL, tailFromLineStart } from './tail';
import { DARK_TERMINAL, LIGHT_TERMINAL } from './palette';

export type TerminalSource = { kind: 'live'; runId: string } | { kind: 'log'; runId: string } | { kind: 'text'; runId: string; text: string };

/** Bytes asked of history.log per page. */
const LOG_PAGE = 256 * 1024;
const FONT = 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace';
const FONT_SIZE = 12;

let cellWidth = 0;
/** The width of one cell of the terminal's font, measured once (columns fit the box exactly). */
function measureCell(): number {
  if (cellWidth) return cellWidth;
  const ctx = typeof document !== 'undefined' ? document.createElement('canvas').getContext?.('2d') : null;
  if (ctx) {
    ctx.font = `${FONT_SIZE}px ${FONT}`;
    cellWidth = ctx.measureText('W'.repeat(50)).width / 50;
  }
  if (!cellWidth || !Number.isFinite(cellWidth)) cellWidth = 7.25;
  return cellWidth;
}

/** What a log that cannot be read means to the user (the run never started, the log was pruned). */
export function logProblem(runId: string, message: string): string {
  if (/no hook run with the id|no such|ENOENT|not found/i.test(message)) {
    return runId.startsWith('cmd-') ? 'The backup command never ran, so there is no output.' : 'This run left no log (it may have been pruned).';
  }
  return `The log cannot be read: ${message.replace(/^history\.log: /, '')}`;
}

export function TerminalView({ source, rows = 14, label, fit = true }: { source: TerminalSource; rows?: number; label: string; fit?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const api = useApi();
  const live = useLiveStore();

  useEffect(() => {
    const el = host.current!;
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches && document.documentElement.dataset.theme !== 'light';
    let height = fit ? 1 : rows;
    // Columns that fit the box from the start: a resize later reflows every line already parsed.
    const colsFor = (width: number) => Math.max(20, Math.floor((width - 14) / measureCell()));
    const term = new Terminal({
      rows: height,
      cols: el.clientWidth ? colsFor(el.clientWidth) : 80,
      fontSize: FONT_SIZE,
      fontFamily: FONT,
      scrollback: source.kind === 'live' ? 1000 : 5000,
      disableStdin: true,
      cursorBlink: false,
      convertEol: false,
      theme: dark || document.documentElement.dataset.theme === 'dark' ? DARK_TERMINAL : LIGHT_TERMINAL,
    });
    // Output written before the terminal is opened is parsed without a screen: no rows drawn, no
    // scrollbar kept in step line by line (xterm 6 syncs it on every line until its scrollback is
    // full). So what is already there (a running hook's tail, a log's first page) is parsed first,
    // the box is sized to it, and only then is the terminal opened and drawn, once.
    let opened = false;
    const fitCols = () => {
      // A hidden view (display: none) has no width: keep the columns (a resize reflows every line).
      if (el.clientWidth === 0) return;
      const cols = colsFor(el.clientWidth);
      if (cols !== term.cols) term.resize(cols, height);
    };
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(fitCols) : null;
    // A log box grows with its content, up to `rows`; past that it scrolls. The cursor sits on the
    // last line of output (a final newline is held back until more comes), so that line is the last row.
    const grow = () => {
      if (!fit) return;
      const b = term.buffer.active;
      const used = b.baseY + b.cursorY + 1;
      const next = Math.min(rows, Math.max(1, used));
      if (next > height) {
        height = next;
        term.resize(term.cols, height);
      }
    };
    const open = () => {
      if (opened) return;
      opened = true;
      fitCols();
      grow();
      term.open(el);
      ro?.observe(el);
    };
    // Its own task: opening draws every row and measures the font (tens of ms), which should not
    // lengthen the task that mounted the view or parsed the output.
    let openTimer: ReturnType<typeof setTimeout> | undefined;
    const openSoon = () => {
      openTimer ??= setTimeout(open, 0);
    };
    const flow = new OutputFlow({
      write: (data, parsed) =>
        term.write(data, () => {
          if (opened) grow();
          parsed();
        }),
    });
    let stop = () => {};
    let held = '';
    const push = (data: string) => {
      const text = held + data;
      const end = /(?:\r?\n)+$/.exec(text);
      held = end ? end[0] : '';
      const out = end ? text.slice(0, -end[0].length) : text;
      if (out) flow.push(out);
    };

    if (source.kind === 'text') {
      push(source.text);
      flow.afterParsed(openSoon);
    } else if (source.kind === 'live') {
      const t = live.tap(source.runId, (data) => push(data));
      const { text, cut } = tailFromLineStart(t.tail, LIVE_MOUNT_TAIL);
      if (cut) flow.push('\x1b[2m[… earlier output not shown here — the log in History has it]\x1b[0m\r\n');
      push(text);
      // Opened once what came before was parsed, however much comes meanwhile.
      flow.afterParsed(openSoon);
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
          const first = offset === 0;
          offset = page.nextOffset;
          done = page.eof || page.nextOffset <= page.offset;
          push(page.text);
          if (done && page.truncated) push('\r\n\x1b[2m[the log was cut to its size cap: its middle is not kept]\x1b[0m');
          if (done && page.size === 0) flow.push('\x1b[2m(no output)\x1b[0m');
          if (first) flow.afterParsed(openSoon);
        } catch (err) {
          done = true;
          flow.push(`\x1b[2m${logProblem(source.runId, (err as Error).message)}\x1b[0m`);
          flow.afterParsed(openSoon);
        } finally {
          busy = false;
        }
        void next();
      };
      stop = flow.onDrain(() => void next());
      void next();
    }
    return () => {
      clearTimeout(openTimer);
      stop();
      flow.close();
      ro?.disconnect();
      term.dispose();
    };
  }, [api, live, source.kind, source.runId, source.kind === 'text' ? source.text : null, rows, fit]);

  return <div className="terminal" ref={host} role="log" aria-label={label} data-run-id={source.runId} />;
}
