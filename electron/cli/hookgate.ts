#!/usr/bin/env node
// The `hookgate` command. Each verb lives in its own module and is loaded only when used,
// so `hookgate signal` through a running host does not pay for the engine.
import { UsageError } from './argParser';

type CommandModule = { default: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, { load: () => Promise<CommandModule>; summary: string }> = {};

function registerCommand(name: string, summary: string, load: () => Promise<CommandModule>): void {
  COMMANDS[name] = { load, summary };
}

registerCommand('signal', 'a backup tool\'s lifecycle event: run its hooks, exit with the decision', () => import('./commands/signal'));
registerCommand('run', 'gate a backup command, run it in a terminal, then fire the after-events', () => import('./commands/run'));
registerCommand('daemon', 'host the engine in the foreground (socket; --web for the UI on 127.0.0.1)', () => import('./commands/daemon'));
registerCommand('hold', 'hold every backup: START answers skip until a time or until resumed', () => import('./commands/hold'));
registerCommand('resume', 'end a hold', () => import('./commands/resume'));
registerCommand('status', 'is a host running, the hold, waiting gates, running hooks', () => import('./commands/status'));
registerCommand('hooks', 'list, show, add, edit, remove, enable, disable, move hooks; import-backrest', () => import('./commands/hooks'));
registerCommand('history', 'operations and hook runs, newest first; history show ID prints a run\'s log', () => import('./commands/history'));
registerCommand('render', 'render a hook template as Go text/template does', () => import('./commands/render'));
registerCommand('gallery', 'ready hooks (battery, AC, network, Wi-Fi, target, healthchecks, notification): list, show, add', () => import('./commands/gallery'));
registerCommand('plans', 'the backups: status, last success, why; show ID; set ID --stale-after 2d …; discover; connect ID / disconnect ID', () => import('./commands/plans'));
registerCommand('test', 'run one hook now with simulated facts (battery=15,ac=0,…); print its output and decision', () => import('./commands/test'));


function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `usage: hookgate COMMAND [FLAGS]\n\ncommands:\n${lines.join('\n')}\n\nRun "hookgate COMMAND --help" for a command's flags.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`hookgate ${__HOOKGATE_VERSION__}\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`hookgate: unknown command "${name}" (try "hookgate --help")\n`);
    return 2;
  }
  try {
    const mod = await cmd.load();
    return await mod.default(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message.startsWith('hookgate') ? '' : `hookgate ${name}: `}${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

declare const __HOOKGATE_VERSION__: string;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A lock that cannot be taken (a full disk, a read-only home) is the user's to fix: its one line, no stack.
    const plain = err instanceof Error && (err.name === 'LockError' || err.name === 'LockTimeoutError');
    process.stderr.write(`hookgate: ${err instanceof Error ? (plain ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
    process.exitCode = 1;
  },
);
