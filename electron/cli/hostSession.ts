// Reaching the running host from a CLI command, when there is one: a command that can work both
// through the host and on the files (hold, resume, status) asks here first.
import { hookgatePaths, type HookgatePaths } from '../core/paths';
import { RemoteError } from '../shared/protocol';
import { HostClient, HostLostError, HostRefusedError } from './hostClient';

/** The running host, or null (none runs, or it refused us: then we say why and go on without it). */
export async function connectToHost(command: string, paths: HookgatePaths = hookgatePaths()): Promise<HostClient | null> {
  try {
    return await HostClient.connect({ paths, client: `${command} (pid ${process.pid})` });
  } catch (err) {
    if (err instanceof HostRefusedError) {
      process.stderr.write(`hookgate: ${err.message}; working without the host\n`);
      return null;
    }
    throw err;
  }
}

/** Further from now than this, a date says its year. */
const YEAR_SHOWN_BEYOND_MS = 180 * 86_400_000;

/** "Thu 26 Nov 04:30" in the user's locale, for a hold's end; "Sat 2 Jan 2027 04:30" when far off or in another year. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const far = d.getFullYear() !== now.getFullYear() || Math.abs(d.getTime() - now.getTime()) > YEAR_SHOWN_BEYOND_MS;
  return d.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', ...(far ? { year: 'numeric' } : {}), hour: '2-digit', minute: '2-digit' });
}

/**
 * Runs a command's work against the host; a refusal (bad input, the host stopping) or a host that
 * went away becomes one line on stderr and exit 1, not a stack trace.
 */
export async function reportHostErrors(command: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RemoteError || err instanceof HostLostError) {
      process.stderr.write(`${command}: ${err instanceof RemoteError ? `the host refused: ${err.message}` : err.message}\n`);
      return 1;
    }
    throw err;
  }
}
