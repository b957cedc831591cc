// `hookgate signal CONDITION …`: a backup tool's lifecycle event; blocks until the decision.
import path from 'node:path';
import { exitCodeFor } from '../../core/engine/exitCodes';
import type { SignalRequest } from '../../core/engine/engine';
import { findCaller, rsnapshotAncestor } from '../../core/plans/callerProcess';
import { olderRsnapshotPostexec, rsnapshotEnd } from '../../core/plans/rsnapshotOutcome';
import { isStartCondition, type Condition } from '../../shared/conditions';
import { boolFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from '../argParser';
import { EXIT_CODE_FLAGS, exitCodesFrom } from '../exitCodeFlags';
import { decisionLine, openSession } from '../engineSession';
import { outputStyle } from '../outputStyle';
import { conditionArg, GATE_FLAGS, gateRequest, hostLostPolicy } from '../signalFlags';

const HELP = `usage: hookgate signal CONDITION [flags]

Runs the hooks of CONDITION (e.g. snapshot-start, snapshot-end, prune-start, any-error) and exits
with the decision: proceed 0; skip and fail as the preset says (borgmatic: 75 and 1). The last
line says the decision and why (and, without --plan, which plan the event was taken for).

What the event is about (hooks may be scoped to a plan or repo; templates see them):
  --plan ID              the backup plan (default "default")
  --repo ID              the repository (default "default")
  --task TEXT            a description, .Task in templates (default: "backup for plan …")
  --paths P[,P…]         the paths being backed up (repeatable); guard and target hooks check them
  --operation ID         the operation this event belongs to (default: the last one still open
                         for this plan and repo)
  --snapshot-id ID       .SnapshotId for after-events (e.g. restic's snapshot id)
  --error TEXT           .Error for ERROR/END events: why the backup failed
  --status success|warning|error   how the backup ended, for END (default: error when --error
                         is given, else success)
  --trigger manual|scheduled       who started it (default: detected: a terminal is manual,
                         systemd and cron are scheduled)
  --rsnapshot-config FILE          for snapshot-end from rsnapshot's cmd_postexec (which cannot
                         see rsnapshot's exit status): how the run went is read from the logfile
                         FILE sets — its ERROR and WARNING lines since the run started; without a
                         logfile the run ends "without a report", never as a success

How to answer:
  --wait                 on a retry decision, wait and evaluate again (else: answer skip now)
  --max-wait DUR         with --wait: give up after DUR (e.g. 30m; default 6h) and answer skip
  --exit-codes borgmatic|systemd|duplicati   the codes for skip and fail (default borgmatic:
                         skip 75, fail 1; systemd: 1 and 255; duplicati: 1 and 5)
  --skip-code N          the exit code for skip (1–255; 0 would tell the tool to run)
  --fail-code N          the exit code for fail (1–255)
  --on-host-lost local|skip|fail|proceed   if the host (tray app, daemon) dies mid-signal:
                         evaluate here (local, the default), or answer that decision

Output:
  -q, --quiet            no hook output, just the decision line
  --json                 print the result as JSON (hook output goes to stderr)
  --color always|never|auto   colours and progress redraws in hook output; auto: only on a
                         terminal (not with TERM=dumb; NO_COLOR takes colours out)
  -h, --help             this text
`;

export default async function signal(argv: string[]): Promise<number> {
  const p = parseArgs(
    argv,
    { ...GATE_FLAGS, ...EXIT_CODE_FLAGS, operation: { type: 'string' }, 'snapshot-id': { type: 'string' }, error: { type: 'string' }, status: { type: 'string' }, 'rsnapshot-config': { type: 'string' } },
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
  const rsnapshotConfig = stringFlag(p, 'rsnapshot-config');
  if (rsnapshotConfig !== undefined) {
    if (condition !== 'CONDITION_SNAPSHOT_END') throw new UsageError('--rsnapshot-config goes with snapshot-end (rsnapshot\'s cmd_postexec)');
    if (status !== undefined || stringFlag(p, 'error') !== undefined) throw new UsageError('--rsnapshot-config reads the status and error from rsnapshot\'s log: leave out --status and --error');
    if (!path.isAbsolute(rsnapshotConfig)) throw new UsageError(`--rsnapshot-config: "${rsnapshotConfig}" is not an absolute path`);
  }
  const req = {
    ...gateRequest(p, condition),
    operationId: stringFlag(p, 'operation'),
    snapshotId: stringFlag(p, 'snapshot-id'),
    error: stringFlag(p, 'error'),
    status: status as 'success' | 'warning' | 'error' | undefined,
    // A START names the process that runs the backup, so that its operation ends even if it never reports.
    caller: isStartCondition(condition) ? findCaller(process.ppid) : undefined,
    ...(await fromRsnapshot(condition, rsnapshotConfig, p)),
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
      process.stdout.write(decisionLine(result, { planGuessed: req.plan === undefined }));
    }
    return code;
  } finally {
    await session.close();
  }
}

/**
 * rsnapshot's cmd_postexec: the END as rsnapshot's log tells it (see rsnapshotOutcome.ts). Also for
 * the line an older Hookgate's Connect wrote (`signal snapshot-success --plan ID`, no config): it is
 * known by the rsnapshot run it is called from, whose config has that very line.
 */
async function fromRsnapshot(condition: Condition, config: string | undefined, p: ParsedArgs): Promise<Partial<SignalRequest>> {
  const run = condition === 'CONDITION_SNAPSHOT_END' || condition === 'CONDITION_SNAPSHOT_SUCCESS' ? rsnapshotAncestor(process.ppid) : null;
  if (config !== undefined) return rsnapshotEnd(config, run?.runString ?? null);
  const plan = stringFlag(p, 'plan');
  if (condition !== 'CONDITION_SNAPSHOT_SUCCESS' || !run || !plan || stringFlag(p, 'status') !== undefined || stringFlag(p, 'error') !== undefined) return {};
  const older = await olderRsnapshotPostexec(plan, run.argv);
  return older ? rsnapshotEnd(older, run.runString) : {};
}
