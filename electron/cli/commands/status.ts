// `hookgate status`: is a host running, is there a hold, which gates wait, which hooks run.
import type { ApiResponse } from '../../shared/api';
import type { Hold } from '../../shared/config';
import { boolFlag, parseArgs, UsageError } from '../argParser';
import { connectToHost, formatWhen, reportHostErrors } from '../hostSession';

const HELP = `usage: hookgate status [--json] [--login-url]

Says whether a host (the tray app or "hookgate daemon") runs, whether backups are held, which
gates wait for a retry, and which hooks run now.

  --login-url   print a fresh one-time link to the host's web UI (hookgate daemon --web)
  --json        print the status as JSON
`;

function holdLine(hold: Hold | null): string {
  if (!hold) return 'hold: none';
  return `hold: backups held ${hold.until ? `until ${formatWhen(hold.until)}` : 'until resumed'} (since ${formatWhen(hold.since)})`;
}

export default function status(argv: string[]): Promise<number> {
  return reportHostErrors('hookgate status', () => statusCommand(argv));
}

async function statusCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { json: { type: 'boolean' }, 'login-url': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate status' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`unexpected "${p.positionals[0]}"`);
  const json = boolFlag(p, 'json');
  const host = await connectToHost('hookgate status');

  if (boolFlag(p, 'login-url')) {
    if (!host) {
      process.stderr.write('hookgate: no host runs; start one with "hookgate daemon --web"\n');
      return 1;
    }
    try {
      const { url } = await host.call('web.loginUrl', {});
      if (!url) {
        process.stderr.write(`hookgate: the host (pid ${host.host.pid}) serves no web UI; start it with "hookgate daemon --web"\n`);
        return 1;
      }
      process.stdout.write(`${url}\n`);
      return 0;
    } finally {
      host.close();
    }
  }

  if (!host) {
    const { readConfigFile } = await import('../../core/config');
    const { hookgatePaths } = await import('../../core/paths');
    const { config } = await readConfigFile(hookgatePaths().config);
    const hold = config.hold && (config.hold.until === null || Date.parse(config.hold.until) > Date.now()) ? config.hold : null;
    if (json) process.stdout.write(`${JSON.stringify({ host: null, hold, waiting: [], running: [] }, null, 2)}\n`);
    else process.stdout.write(`host: not running (each signal runs the engine in its own process)\n${holdLine(hold)}\n`);
    return 0;
  }
  let s: ApiResponse<'status'>;
  try {
    s = await host.call('status', {});
  } finally {
    host.close();
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `host: running, pid ${s.host.pid}, since ${formatWhen(s.host.since)}, version ${s.host.version}`,
    `  socket: ${s.host.socket}`,
    ...(s.host.web ? [`  web: ${s.host.web} (hookgate status --login-url for a login link)`] : []),
    holdLine(s.hold),
    `waiting gates: ${s.waiting.length === 0 ? 'none' : ''}`,
    ...s.waiting.map(
      (g) => `  ${g.operationId}  plan ${g.operation.plan}, repo ${g.operation.repo}: ${g.operation.reason}${g.operation.nextAttemptAt ? `; next attempt ${formatWhen(g.operation.nextAttemptAt)}` : ''}`,
    ),
    `running hooks: ${s.running.length === 0 ? 'none' : ''}`,
    ...s.running.map((r) => `  ${r.id}  "${r.hookName}" (${r.condition}) of ${r.operationId}, since ${formatWhen(r.startedAt)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
