// `hookgate test HOOK`: runs one hook now, as it would run for an event, with the machine's facts
// overridden — its live output, then the decision it would give and why. Nothing is recorded as an
// operation and no backup is affected. The editor's Test button goes the same way (hooks.test).
import type { Condition } from '../../shared/conditions';
import type { SimulatedFacts, SystemFacts } from '../../shared/systemFacts';
import { HookLookupError } from '../../core/config';
import { parseSimulate, SimulateError } from '../../core/system';
import { boolFlag, parseArgs, stringFlag, UsageError } from '../argParser';
import { openLocalEngine } from '../engineSession';
import { outputStyle, styledWriter } from '../outputStyle';
import { conditionArg } from '../signalFlags';

const HELP = `usage: hookgate test HOOK [flags]

Runs the hook HOOK (its id or name) now, with simulated system facts, and prints its output and
the decision it would give. Nothing is recorded and no backup is affected; the hook runs in this
process (a running tray app is not involved).

  --event CONDITION       the event to run it for (default: its START condition, else its first)
  --simulate K=V[,K=V…]   facts put over the real ones: battery=15, charging=0, ac=0, online=1,
                          metered=1, ssid=Home, hostname=x; any value may be "unknown";
                          quote a value with commas: ssid="Cafe, 2nd floor"
  --error TEXT            .Error and $HOOKGATE_ERROR (for ERROR/END hooks)
  --plan ID --repo ID     .Plan.Id and .Repo.Id (default: "default")
  --json                  print the result as JSON (the hook's output goes to stderr)
  --color always|never|auto  colours and progress redraws in the hook's output; auto: only on a
                          terminal (not with TERM=dumb; NO_COLOR takes colours out)

Exit status: 0 when the hook would let the backup proceed, 1 when it would skip, fail or wait,
2 for a bad flag or an unknown hook.
`;

export default async function test(argv: string[]): Promise<number> {
  const p = parseArgs(
    argv,
    {
      event: { type: 'string' },
      simulate: { type: 'string', multiple: true },
      error: { type: 'string' },
      plan: { type: 'string' },
      repo: { type: 'string' },
      json: { type: 'boolean' },
      color: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { command: 'hookgate test' },
  );
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length !== 1) {
    throw new UsageError(p.positionals.length === 0 ? 'missing HOOK (its id or name; see "hookgate hooks list")' : `one HOOK expected, got ${p.positionals.length}: ${p.positionals.join(' ')}`);
  }
  const hookRef = p.positionals[0]!;
  const event: Condition | undefined = stringFlag(p, 'event') === undefined ? undefined : conditionArg(stringFlag(p, 'event'));
  let simulate: SimulatedFacts | undefined;
  try {
    // Repeated --simulate flags add up, as one comma-separated list would.
    const given = p.flags.simulate as string[] | undefined;
    if (given) simulate = parseSimulate(given.join(','));
  } catch (err) {
    if (err instanceof SimulateError) throw new UsageError(err.message);
    throw err;
  }
  const json = boolFlag(p, 'json');
  const out = json ? process.stderr : process.stdout;
  const hookOutput = styledWriter(out, outputStyle(out, process.env, p));

  const engine = await openLocalEngine();
  try {
    const result = await engine.testHook(
      hookRef,
      { condition: event, simulate, error: stringFlag(p, 'error'), plan: stringFlag(p, 'plan'), repo: stringFlag(p, 'repo') },
      {
        onOutput: (data) => hookOutput.write(data),
      },
    );
    hookOutput.endLine();
    const code = result.decision === 'proceed' ? 0 : 1;
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...result, exitCode: code }, null, 2)}\n`);
      return code;
    }
    const what = result.condition.endsWith('_START') ? `would ${result.decision}` : result.decision === 'fail' ? 'would fail the operation' : 'done';
    process.stdout.write(`hookgate test: ${what} — ${result.reason}\n`);
    process.stdout.write(`  ${result.detail}\n  facts: ${describeFacts(result.facts)}\n`);
    return code;
  } catch (err) {
    if (err instanceof HookLookupError) {
      process.stderr.write(`hookgate test: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await engine.close();
  }
}

function describeFacts(f: SystemFacts): string {
  const flag = (b: boolean | null) => (b === null ? 'unknown' : b ? 'yes' : 'no');
  return [
    `battery ${f.battery.percent === null ? 'unknown' : `${f.battery.percent} %`}`,
    `on AC ${flag(f.onAC)}`,
    `online ${flag(f.online)}`,
    `metered ${flag(f.metered)}`,
    `Wi-Fi ${f.wifiSSID === null ? 'unknown' : `"${f.wifiSSID}"`}`,
  ].join(', ');
}
