// `hookgate resume`: ends a hold. Through the host when one runs, else in the config.
import { boolFlag, parseArgs, UsageError } from '../argParser';
import { connectToHost, reportHostErrors } from '../hostSession';

const HELP = `usage: hookgate resume

Ends a hold ("hookgate hold"): START signals run their hooks again.
`;

export default function resume(argv: string[]): Promise<number> {
  return reportHostErrors('hookgate resume', () => resumeCommand(argv));
}

async function resumeCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { help: { type: 'boolean', short: 'h' } }, { command: 'hookgate resume' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`unexpected "${p.positionals[0]}"`);
  const host = await connectToHost('hookgate resume');
  let wasHeld: boolean;
  let where: string;
  if (host) {
    try {
      wasHeld = (await host.call('status', {})).hold !== null;
      await host.call('hold.resume', {});
      where = `by the host (pid ${host.host.pid})`;
    } finally {
      host.close();
    }
  } else {
    const { ConfigStore } = await import('../../core/config');
    const { hookgatePaths } = await import('../../core/paths');
    const store = await ConfigStore.load(hookgatePaths());
    const h = store.config.hold;
    wasHeld = h !== null && (h.until === null || Date.parse(h.until) > Date.now());
    if (store.config.hold !== null) await store.update((c) => void (c.hold = null));
    where = `in ${store.file}; no host runs`;
  }
  process.stdout.write(wasHeld ? `hookgate: resumed — backups run their hooks again — ${where}\n` : 'hookgate: not held; nothing to resume\n');
  return 0;
}
