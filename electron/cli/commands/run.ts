// `hookgate run [flags] -- COMMAND…`: gate, run the backup command in a pty, then the after-events.
import os from 'node:os';
import path from 'node:path';
import { startConditionOf, type Condition, type OperationKind, OPERATION_KINDS } from '../../shared/conditions';
import { exitCodeFor } from '../../core/engine/exitCodes';
import { parseResticCommand, ResticJsonReader, statusFromResticExit, withJson, type SnapshotStatsVars } from '../../core/engine/restic';
import { PtyProcess, SpawnError } from '../../core/runner';
import { boolFlag, parseArgs, stringFlag, UsageError } from '../argParser';
import { EXIT_CODE_FLAGS, exitCodesFrom } from '../exitCodeFlags';
import type { GuardTrip } from '../../core/engine/engine';
import { decisionLine, openSession, runEndLine } from '../engineSession';
import { outputStyle, styledWriter } from '../outputStyle';
import { GATE_FLAGS, gateRequest, hostLostPolicy } from '../signalFlags';
import { selfCaller } from '../../core/plans/callerProcess';

const HELP = `usage: hookgate run [flags] -- COMMAND [ARGS…]

Gates COMMAND on the START hooks, runs it in a terminal, then fires the after-events from its exit
status. For restic, --json is added to backups and its summary fills .SnapshotId and .SnapshotStats;
restic forget/prune/check map to their own conditions.

  --plan ID --repo ID --task TEXT --paths P[,P…]   (repo default: restic's -r or $RESTIC_REPOSITORY)
  --kind snapshot|prune|check|forget               (default: from the restic subcommand, else snapshot)
  --wait [--max-wait DUR]  --exit-codes PRESET --skip-code N --fail-code N  --trigger manual|scheduled
  --on-host-lost local|skip|fail|proceed            if the host dies mid-signal (default: evaluate here)
  --quiet                                           no hook output (the command's output still shows)
  --color always|never|auto                         colours and progress redraws; auto: only on a terminal
                                                    (not with TERM=dumb; NO_COLOR takes colours out).
                                                    Into a log or pipe: plain lines, restic's progress
                                                    one line per 10 %

The last line says how the backup ended — done, warning, skip or fail — and why (with --quiet
only when it did not go well).

Exit status: the command's own when it ran, else the preset's skip or fail code.
`;

export default async function run(argv: string[]): Promise<number> {
  forgottenDashDash(argv);
  const p = parseArgs(argv, { ...GATE_FLAGS, ...EXIT_CODE_FLAGS, kind: { type: 'string' } }, { command: 'hookgate run' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (boolFlag(p, 'json')) throw new UsageError('--json is not supported by run (the command\'s own output is shown)');
  if (p.positionals.length > 0) throw new UsageError(`unexpected "${p.positionals[0]}": put the command after --`);
  const command = p.rest;
  if (!command || command.length === 0) throw new UsageError('missing command: hookgate run [flags] -- COMMAND [ARGS…]');
  const codes = exitCodesFrom(p);

  const restic = parseResticCommand(command);
  const kindFlag = stringFlag(p, 'kind');
  if (kindFlag !== undefined && !(OPERATION_KINDS as readonly string[]).includes(kindFlag)) {
    throw new UsageError(`--kind: "${kindFlag}" is not snapshot, prune, check or forget`);
  }
  const kind: OperationKind = (kindFlag as OperationKind | undefined) ?? restic?.kind ?? 'snapshot';
  const req = gateRequest(p, startConditionOf(kind));
  req.repo ??= restic?.repo ?? process.env.RESTIC_REPOSITORY ?? undefined;
  req.command = command;
  // This process runs the command and reports its end: if it is killed first, the host ends the operation.
  req.caller = selfCaller();
  const quiet = boolFlag(p, 'quiet');
  const style = outputStyle(process.stdout, process.env, p);

  const engine = await openSession('hookgate run', { quiet, out: process.stdout, style }, hostLostPolicy(p));
  try {
    return await (async () => {
      const gate = await engine.signal(req);
      if (gate.decision !== 'proceed') {
        process.stdout.write(decisionLine(gate, { planGuessed: req.plan === undefined }));
        return exitCodeFor(gate.decision, codes);
      }
      if (!quiet) process.stdout.write(decisionLine(gate, { planGuessed: req.plan === undefined }));

      // The command, in a pty: its output to this terminal and to the engine's subscribers and log.
      const argv = restic && restic.kind === 'snapshot' ? withJson(command, restic) : command;
      const cmdLog = engine.commandOutput(gate.operationId);
      let snapshotId: string | null = null;
      let stats: SnapshotStatsVars | null = null;
      // The terminal sees the command as it is; a log gets plain lines (and restic's progress per
      // 10 %). The host's log and live view are a terminal either way.
      const out = styledWriter(process.stdout, style);
      const onSummary = (s: SnapshotStatsVars, id: string | null) => ((stats = s), (snapshotId = id));
      let feed: (d: string) => void;
      let endReaders = () => {};
      const both = (t: string) => {
        out.write(t);
        cmdLog.write(t);
      };
      if (argv === command) {
        feed = both;
      } else if (style.redraw) {
        const reader = new ResticJsonReader({ display: both, summary: onSummary });
        feed = (d) => reader.write(d);
        endReaders = () => reader.end();
      } else {
        const forLog = new ResticJsonReader({ display: (t) => out.write(t), summary: onSummary }, { progress: 'lines' });
        const forHost = new ResticJsonReader({ display: (t) => cmdLog.write(t), summary: () => {} });
        feed = (d) => {
          forLog.write(d);
          forHost.write(d);
        };
        endReaders = () => {
          forLog.end();
          forHost.end();
        };
      }
      // A command that cannot start (not found, not executable, no such folder) is a failed backup:
      // recorded as failed with why, the error hooks and END fire, exit with the fail code.
      const cannotStart = async (err: SpawnError): Promise<number> => {
        const why = err.message.replace(/^cannot start "[^"]*": /, '');
        const error = `cannot start ${command[0]}: ${why}`;
        await cmdLog.end();
        const failed: Condition = kind === 'snapshot' ? 'CONDITION_SNAPSHOT_END' : (`CONDITION_${kind.toUpperCase()}_ERROR` as Condition);
        await engine.signal({ ...req, condition: failed, operationId: gate.operationId, status: 'error', error });
        process.stdout.write(`hookgate: fail — ${error}\n`);
        return exitCodeFor('fail', codes);
      };
      let lastLine = '';
      let child: PtyProcess;
      try {
        child = new PtyProcess({
          argv,
          env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
          cwd: process.cwd(),
          cols: process.stdout.columns || 120,
          rows: process.stdout.rows || 30,
          onData: (d) => {
            const lines = d.split(/\r?\n/).filter((l) => l.trim());
            if (lines.length) lastLine = lines[lines.length - 1]!;
            feed(d);
          },
        });
      } catch (err) {
        if (!(err instanceof SpawnError)) throw err;
        return await cannotStart(err);
      }
      const forwardStdin = (d: Buffer) => child.write(d.toString('utf8'));
      if (process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        process.stdin.on('data', forwardStdin);
      }
      const onSigint = () => void child.stop({ first: 'SIGINT' });
      const onSigterm = () => void child.stop({ first: 'SIGTERM' });
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);
      // Guard hooks run again when a relevant fact changes (unplugged, offline, metered); one that now
      // fails stops the command — SIGINT first, on which restic and borg stop cleanly, then TERM/KILL.
      // A guard that cannot start (the operation unrecorded on a full disk, say) must not stop the backup.
      const guard = await engine.guard(gate.operationId, { paths: req.paths }).catch((err: Error) => {
        process.stderr.write(`hookgate: guard hooks are not watching this run: ${err.message}\n`);
        return null;
      });
      let trip: GuardTrip | null = null;
      let commandEnded = false;
      void guard?.tripped.then((t) => {
        if (commandEnded) return;
        trip = t;
        process.stderr.write(`hookgate: ${t.reason} — stopping ${path.basename(command[0]!)} (guard hook "${t.hook.name}")\n`);
        void child.stop({ first: 'SIGINT' });
      });
      let exit: { exitCode: number | null; signal: string | null };
      try {
        exit = await child.exited;
      } finally {
        commandEnded = true;
        await guard?.stop();
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
        if (process.stdin.isTTY) {
          process.stdin.off('data', forwardStdin);
          process.stdin.setRawMode(false);
          process.stdin.pause();
        }
      }
      endReaders();
      out.endLine();
      await cmdLog.end();
      const stoppedBy = trip as GuardTrip | null;
      if (stoppedBy) {
        const end = await engine.recordGuardStop(gate.operationId, stoppedBy, { paths: req.paths, snapshotId: snapshotId ?? undefined, snapshotStats: stats });
        process.stdout.write(decisionLine(end));
        return exitCodeFor(end.decision, codes);
      }

      const status = restic ? statusFromResticExit(exit.exitCode, kind) : exit.exitCode === 0 ? 'success' : 'error';
      const name = path.basename(command[0]!);
      const error =
        status === 'success' ? undefined : exit.signal ? `${name} was killed by ${exit.signal}` : `${name} exited ${exit.exitCode}${lastLine ? `: ${lastLine.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trim()}` : ''}`;
      const after: Condition =
        kind === 'snapshot' ? 'CONDITION_SNAPSHOT_END' : (`CONDITION_${kind.toUpperCase()}_${status === 'error' ? 'ERROR' : 'SUCCESS'}` as Condition);
      const why = status === 'warning' ? (error ?? 'some files could not be read') : error;
      const end = await engine.signal({
        ...req,
        condition: after,
        operationId: gate.operationId,
        status,
        error: why,
        snapshotId: snapshotId ?? undefined,
        snapshotStats: stats,
      });
      // Even with --quiet: a failed backup must not end without a line that says so.
      if (!quiet || status !== 'success' || end.decision !== 'proceed') process.stdout.write(runEndLine(end, { status, error: why }));
      return exit.exitCode ?? 128 + (exit.signal ? signalNumber(exit.signal) : 0);
    })();
  } finally {
    await engine.close();
  }
}

/**
 * `run --plan x restic -r repo backup`: the command's own flags would be taken for ours. Said before
 * parsing, so the user reads "put -- before the command", not "unknown flag -r".
 */
function forgottenDashDash(argv: string[]): void {
  const specs = { ...GATE_FLAGS, ...EXIT_CODE_FLAGS, kind: { type: 'string' as const } };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return;
    if (arg.startsWith('--')) {
      const spec = (specs as Record<string, { type: string } | undefined>)[arg.slice(2)];
      if (spec?.type === 'string' && !arg.includes('=')) i++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') continue;
    throw new UsageError(`"${argv.slice(i).join(' ')}" looks like the command: put \`--\` before the command (hookgate run ${argv.slice(0, i).join(' ')}${i ? ' ' : ''}-- ${argv.slice(i).join(' ')})`);
  }
}

function signalNumber(name: string): number {
  return (os.constants.signals as Record<string, number>)[name] ?? 1;
}
