// `hookgate hold [DURATION | --until TIME]`: every START answers skip, without running hooks,
// until the time or until `hookgate resume`. Through the host when one runs, else in the config.
import type { Hold } from '../../shared/config';
import { boolFlag, parseArgs, parseDuration, stringFlag, UsageError } from '../argParser';
import { connectToHost, formatWhen, reportHostErrors } from '../hostSession';

/** The longest hold with an end; beyond it, a hold until resumed says what is meant. */
const MAX_HOLD_DAYS = 365;
const MAX_HOLD_MS = MAX_HOLD_DAYS * 86_400_000;

const HELP = `usage: hookgate hold [DURATION | --until TIME] [--json]

Holds every backup: while held, each START signal is answered skip ("held by user until …")
without running hooks. The hold is kept in the config, so it survives a restart.

  DURATION       how long, e.g. 1h, 30m, 2h30m, 7d; at most ${MAX_HOLD_DAYS} days
                 (default: until "hookgate resume")
  --until TIME   an ISO time (2026-05-01T08:00) or HH:MM (the next time the clock shows it),
                 at most ${MAX_HOLD_DAYS} days ahead
  --json         print the hold as JSON ({"hold": {"since": …, "until": … or null}})
`;

export default function hold(argv: string[]): Promise<number> {
  return reportHostErrors('hookgate hold', () => holdCommand(argv));
}

async function holdCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, { until: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { command: 'hookgate hold' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length > 1) throw new UsageError(`one DURATION expected, got ${p.positionals.join(' ')}`);
  const untilText = stringFlag(p, 'until');
  if (untilText !== undefined && p.positionals.length) throw new UsageError('give a DURATION or --until TIME, not both');
  const now = new Date();
  let until: string | null = null;
  if (p.positionals[0] !== undefined) {
    const ms = parseDuration(p.positionals[0], 'DURATION');
    if (ms <= 0) throw new UsageError('DURATION must be longer than 0');
    if (!(ms <= MAX_HOLD_MS)) {
      throw new UsageError(`DURATION ${p.positionals[0]} is longer than a hold can be (${MAX_HOLD_DAYS} days); give no DURATION to hold until "hookgate resume"`);
    }
    until = new Date(now.getTime() + ms).toISOString();
  } else if (untilText !== undefined) {
    const at = parseUntil(untilText, now);
    if (at.getTime() - now.getTime() > MAX_HOLD_MS) {
      throw new UsageError(`--until: ${untilText} is more than ${MAX_HOLD_DAYS} days ahead; leave --until out to hold until "hookgate resume"`);
    }
    until = at.toISOString();
  }

  let state: { hold: Hold | null };
  let where: string;
  const host = await connectToHost('hookgate hold');
  if (host) {
    try {
      state = await host.call('hold.set', { until });
      where = `by the host (pid ${host.host.pid})`;
    } finally {
      host.close();
    }
  } else {
    const { ConfigStore } = await import('../../core/config');
    const { hookgatePaths } = await import('../../core/paths');
    const store = await ConfigStore.load(hookgatePaths());
    const next = await store.update((c) => {
      c.hold = { since: now.toISOString(), until };
    });
    state = { hold: next.hold };
    where = `in ${store.file}; no host runs`;
  }
  if (boolFlag(p, 'json')) process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
  else process.stdout.write(`hookgate: backups held ${state.hold?.until ? `until ${formatWhen(state.hold.until)}` : 'until resumed'} — ${where}\n`);
  return 0;
}

/** An ISO time, or HH:MM meaning its next occurrence. */
function parseUntil(text: string, now: Date): Date {
  const hm = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (hm) {
    const h = Number(hm[1]);
    const m = Number(hm[2]);
    if (h > 23 || m > 59) throw new UsageError(`--until: "${text}" is not a time of day`);
    const d = new Date(now);
    d.setHours(h, m, 0, 0);
    if (d.getTime() <= now.getTime()) d.setDate(d.getDate() + 1);
    return d;
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`--until: "${text}" is neither an ISO time (2026-05-01T08:00) nor HH:MM`);
  if (t <= now.getTime()) throw new UsageError(`--until: ${text} is in the past`);
  return new Date(t);
}
