// `hookgate signal CONDITION …`: a backup tool's lifecycle event; blocks until the decision.
import { exitCodeFor } from '../../core/engine/exitCodes';
import { boolFlag, parseArgs, stringFlag, UsageError } from '../argParser';
import { EXIT_CODE_FLAGS, exitCodesFrom } from '../exitCodeFlags';
import { decisionLine, openSession } from '../engineSession';
import { outputStyle } from '../outputStyle';
import { conditionArg, GATE_FLAGS, gateRequest, hostLostPolicy } from '../signalFlags';

const HELP = `usage: hookgate signal CONDITION [flags]

Runs the hooks of CONDITION (e.g. snapshot-start, snapshot-end, prune-start, any-error) and exits
with the decision: proceed 0; skip and fail as the preset says (borgmatic: 75 and 1).

  --plan ID --repo ID --task TEXT    what the event is about (default plan and repo: "default")
  --operation ID                     the operation this event belongs to (default: the last open one)
  --snapshot-id ID --error TEXT --status success|warning|error --paths P[,P…]
  --wait [--max-wait DUR]            on a retry decision, wait and evaluate again (else: skip now)
  --exit-codes borgmatic|systemd|duplicati   --skip-code N --fail-code N
  --trigger manual|scheduled         (default: detected)
  --on-host-lost local|skip|fail|proceed   if the host (tray app, daemon) dies mid-signal: evaluate
                                     here (default), or answer that decision
  --quiet                            no hook output, just the decision line
  --json                             print the result as JSON (hook output goes to stderr)
  --color always|never|auto          colours and progress redraws in hook output; auto: only on a
                                     terminal (not with TERM=dumb; NO_COLOR takes colours out)
`;

export default async function signal(argv: string[]): Promise<number> {
  const p = parseArgs(
    argv,
    { ...GATE_FLAGS, ...EXIT_CODE_FLAGS, operation: { type: 'string' }, 'snapshot-id': { type: 'string' }, error: { type: 'string' }, status: { type: 'string' } },
    { command: 'hookgate signal' },
  );
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (p.positionals.length > 1) throw new UsageError(`one CONDITION expected, got ${p.positionals.length}: ${p.positionals.join(' ')}`);
  const condition = conditionArg(p.positionals[0]);
  const codes = exitCodesFrom(p);
  const status = stringFlag(p, 'status');
  if (status !== undefined && status !== 'success' && status !== 'warning' && status !== 'error') {
    throw new UsageError(`--status: "${status}" is not success, warning or error`);
  }
  const req = {
    ...gateRequest(p, condition),
    operationId: stringFlag(p, 'operation'),
    snapshotId: stringFlag(p, 'snapshot-id'),
    error: stringFlag(p, 'error'),
    status: status as 'success' | 'warning' | 'error' | undefined,
  };
  const json = boolFlag(p, 'json');
  const out = json ? process.stderr : process.stdout;
  const session = await openSession('hookgate signal', { quiet: boolFlag(p, 'quiet'), out, style: outputStyle(out, process.env, p) }, hostLostPolicy(p));
  try {
    const result = await session.signal(req);
    const code = exitCodeFor(result.decision, codes);
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...result, exitCode: code }, null, 2)}\n`);
    } else {
      process.stdout.write(decisionLine(result));
    }
    return code;
  } finally {
    await session.close();
  }
}
