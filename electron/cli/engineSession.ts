// The CLI's way to the engine. Today it runs the engine in this process; a running host
// (tray app or daemon) will be reached through its socket instead.
import { hookgatePaths } from '../core/paths';
import { Engine, type SignalRequest, type SignalResult } from '../core/engine/engine';
import { SystemFactsProvider } from '../core/system';

export interface SessionOutput {
  quiet: boolean;
  /** Where hook output and progress go (stdout, or stderr under --json). */
  out: NodeJS.WritableStream;
}

/**
 * A fact source that is unavailable here (no NetworkManager, say) is noted by a host once; a
 * CLI process starts afresh for every signal, so it keeps quiet unless HOOKGATE_DEBUG asks.
 */
function factsLogger(): (msg: string) => void {
  return process.env.HOOKGATE_DEBUG ? (m) => process.stderr.write(`hookgate: ${m}\n`) : () => {};
}

export async function openLocalEngine(): Promise<Engine> {
  const paths = hookgatePaths();
  const facts = new SystemFactsProvider({ logger: factsLogger() });
  const engine = await Engine.open({ paths, facts, log: (m) => process.stderr.write(`hookgate: ${m}\n`) });
  for (const p of [...engine.config.problems, ...engine.history.problems]) process.stderr.write(`hookgate: ${p}\n`);
  return engine;
}

/** Streams hook output and waiting notices of `engine` to the terminal while `fn` runs. */
export async function withLiveOutput<T>(engine: Engine, o: SessionOutput, fn: () => Promise<T>): Promise<T> {
  const onStart = (r: { hookName: string; condition: string }) => {
    if (!o.quiet) o.out.write(`\x1b[2m[hookgate] hook "${r.hookName}" (${short(r.condition)})\x1b[0m\n`);
  };
  let lastEndedWithNewline = true;
  const onOutput = (ev: { runId: string; data: string }) => {
    // The wrapped command's own output (run id cmd-…) is shown by `run` itself.
    if (o.quiet || ev.runId.startsWith('cmd-')) return;
    o.out.write(ev.data);
    lastEndedWithNewline = ev.data.endsWith('\n');
  };
  const onEnd = () => {
    if (!o.quiet && !lastEndedWithNewline) o.out.write('\n');
    lastEndedWithNewline = true;
  };
  const onDecision = (ev: { decision: string; reason: string; nextAttemptAt: string | null }) => {
    if (ev.decision === 'wait') {
      const at = ev.nextAttemptAt ? new Date(ev.nextAttemptAt).toLocaleTimeString() : 'later';
      process.stderr.write(`hookgate: waiting — ${ev.reason}; next attempt at ${at}\n`);
    }
  };
  engine.on('hookStart', onStart);
  engine.on('output', onOutput);
  engine.on('hookEnd', onEnd);
  engine.on('decision', onDecision);
  try {
    return await fn();
  } finally {
    engine.off('hookStart', onStart);
    engine.off('output', onOutput);
    engine.off('hookEnd', onEnd);
    engine.off('decision', onDecision);
  }
}

function short(c: string): string {
  return c.replace(/^CONDITION_/, '').toLowerCase().replace(/_/g, '-');
}

/** The last line a caller (and a human reading a journal) sees. */
export function decisionLine(r: SignalResult): string {
  const what = r.condition.endsWith('_START') ? r.decision : r.decision === 'fail' ? 'fail' : 'done';
  const text = r.detail && r.detail !== r.reason ? r.detail : r.reason;
  return `hookgate: ${what} — ${text}\n`;
}

export type { SignalRequest, SignalResult };
