// `hookgate daemon [--web [--port N]]`: hosts the engine in the foreground, for machines without
// the tray app (and for the browser tests): the local socket, and with --web the UI and the API on
// 127.0.0.1. Logs what it does; SIGINT/SIGTERM stop it cleanly.
import path from 'node:path';
import { hookgatePaths } from '../../core/paths';
import { startHost } from '../../core/host';
import { boolFlag, parseArgs, parseIntFlag, stringFlag, UsageError } from '../argParser';

const HELP = `usage: hookgate daemon [--web [--port N]] [--quiet]

Runs the engine in the foreground: every "hookgate signal" and "hookgate run" goes through it, so
runs, decisions and the hold are shared. One host per user (the tray app counts as one).

  --web         also serve the UI and the API (WebSocket) on 127.0.0.1, and POST /v1/signal;
                a login link is printed on a terminal only (never into a log), and works
                once, for 2 minutes: "hookgate status --login-url" prints another
  --port N      the web port (default: a free one; printed at start)
  --quiet       log only problems
`;

declare const __HOOKGATE_VERSION__: string;

export default async function daemon(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { web: { type: 'boolean' }, port: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate daemon' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`unexpected "${p.positionals[0]}"`);
  const portText = stringFlag(p, 'port');
  if (portText !== undefined && !boolFlag(p, 'web')) throw new UsageError('--port needs --web');
  const port = portText === undefined ? 0 : parseIntFlag(portText, 'port', 0, 65535);
  const quiet = boolFlag(p, 'quiet');
  const log = (msg: string) => {
    if (!quiet || /fail|cannot|error|problem|stale/i.test(msg)) process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
  };

  const paths = hookgatePaths();
  // The built renderer sits beside the CLI bundle (out/cli/hookgate.js → out/renderer).
  const staticDir = process.env.HOOKGATE_RENDERER_DIR ?? path.resolve(path.dirname(process.argv[1] ?? '.'), '..', 'renderer');
  let running;
  try {
    running = await startHost({ paths, version: __HOOKGATE_VERSION__, log, web: boolFlag(p, 'web') ? { port, staticDir } : null });
  } catch (err) {
    // Known refusals (another host runs; a socket folder that is not ours) are one line, no stack.
    process.stderr.write(`hookgate daemon: ${(err as Error).message}\n`);
    return 1;
  }
  log(`hookgate ${__HOOKGATE_VERSION__} host running: pid ${process.pid}, home ${paths.home}`);
  log(`socket: ${running.location.socket}`);
  if (running.web) {
    // Printed even with --quiet: without it nobody can log in. A login link only on a terminal:
    // a log file or the journal may be readable by others (the adm group…), and a link is a key.
    const how = '"hookgate status --login-url" prints a login link';
    if (process.stdout.isTTY) process.stdout.write(`${new Date().toISOString()} web UI: ${running.web.newLoginUrl()}  (one-time link for 2 minutes; ${how})\n`);
    else process.stdout.write(`${new Date().toISOString()} web UI: ${running.web.origin}/  (${how})\n`);
  }

  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      if (++signals > 1) {
        log(`${sig} again: exiting now`);
        process.exit(130);
      }
      log(`${sig}: stopping (running hooks get a few seconds, then are cancelled; waiting gates answer skip)`);
      running.stop().then(
        () => {
          log('stopped');
          resolve(0);
        },
        (err: Error) => {
          log(`stopping failed: ${err.message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
