// `hookgate plans discover | connect ID | disconnect ID`: the backups found on this machine, and
// wiring one to Hookgate. Through the running host when there is one (it stays the config's one
// writer), else here under the config lock. connect and disconnect print the exact change first
// and ask on a terminal; --yes applies without asking (for scripts); without a terminal and
// without --yes nothing is changed.
import { createInterface } from 'node:readline/promises';
import type { ApiResponse } from '../../shared/api';
import { CONNECTION_STATE_WORDS, TOOL_NAMES, type PlannedChange } from '../../shared/discovery';
import { boolFlag, parseArgs, UsageError } from '../argParser';
import { connectToHost, reportHostErrors } from '../hostSession';

export const CONNECT_HELP = `  discover [--json]                   the backups found on this machine and whether each is connected
  connect ID [--yes] [--json]         wire a found backup to Hookgate: shows the change, then asks
  disconnect ID [--yes] [--json]      take the wiring out again (files back byte for byte)
`;

/** The verbs this file answers, for the `plans` command's dispatcher. */
export const CONNECT_VERBS = ['discover', 'connect', 'disconnect'] as const;

type Discovered = ApiResponse<'plans.discover'>;
type Connected = ApiResponse<'plans.connect'>;
type Disconnected = ApiResponse<'plans.disconnect'>;

interface Backend {
  discover(): Promise<Discovered>;
  connect(id: string, apply: boolean, expect?: string): Promise<Connected>;
  disconnect(id: string, apply: boolean, expect?: string): Promise<Disconnected>;
  close(): void;
}

async function openBackend(command: string): Promise<Backend> {
  const host = process.env.HOOKGATE_NO_HOST === '1' ? null : await connectToHost(command);
  if (host) {
    return {
      discover: () => host.call('plans.discover', {}),
      connect: (id, apply, expect) => host.call('plans.connect', { id, apply, expect }),
      disconnect: (id, apply, expect) => host.call('plans.disconnect', { id, apply, expect }),
      close: () => host.close(),
    };
  }
  const [{ ConfigStore }, { hookgatePaths }, { PlanConnector }, { discoveryOptions }] = await Promise.all([
    import('../../core/config'),
    import('../../core/paths'),
    import('../../core/connect'),
    import('../../core/discovery'),
  ]);
  const paths = hookgatePaths();
  const store = await ConfigStore.load(paths);
  for (const p of store.problems) process.stderr.write(`hookgate: config: ${p}\n`);
  const c = new PlanConnector(store, paths, () => discoveryOptions());
  return {
    discover: () => c.discover(),
    connect: (id, apply, expect) => c.connect(id, apply, expect),
    disconnect: (id, apply, expect) => c.disconnect(id, apply, expect),
    close: () => {},
  };
}

/** Runs `hookgate plans VERB …` for one of CONNECT_VERBS. */
export default function plansConnect(verb: string, argv: string[]): Promise<number> {
  const command = `hookgate plans ${verb}`;
  return reportHostErrors(command, async () => {
    try {
      return await run(verb, argv, command);
    } catch (err) {
      // A connect that cannot be done here (no such plan, a file changed meanwhile) is one line, not a trace.
      const name = (err as Error)?.name;
      if (name === 'ConnectError' || name === 'WiringError') {
        process.stderr.write(`${command}: ${(err as Error).message}\n`);
        return 1;
      }
      throw err;
    }
  });
}

async function run(verb: string, argv: string[], command: string): Promise<number> {
  const p = parseArgs(argv, { json: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } }, { command });
  if (boolFlag(p, 'help')) {
    process.stdout.write(`usage: hookgate plans VERB …\n\n${CONNECT_HELP}`);
    return 0;
  }
  const json = boolFlag(p, 'json');
  if (verb === 'discover') {
    if (p.positionals.length) throw new UsageError(`discover takes no arguments, got ${p.positionals.join(' ')}`);
    const b = await openBackend(command);
    try {
      const d = await b.discover();
      if (json) process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
      else printDiscovered(d);
      return 0;
    } finally {
      b.close();
    }
  }
  if (p.positionals.length !== 1) throw new UsageError(`${verb} takes one plan ID (from "hookgate plans discover"), got ${p.positionals.length ? p.positionals.join(' ') : 'none'}`);
  const id = p.positionals[0]!;
  const yes = boolFlag(p, 'yes');
  const b = await openBackend(command);
  try {
    const preview = verb === 'connect' ? await b.connect(id, false) : await b.disconnect(id, false);
    const out = json ? process.stderr : process.stdout;
    const fileChanges = preview.changes.filter((c) => c.action !== 'paste');
    if (verb === 'connect' && (preview as Connected).alreadyConnected) {
      if (json) process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      else out.write(`${(preview as Connected).plan.name} is already connected (plan ${id}); nothing to change.\n`);
      return 0;
    }
    printChanges(out, preview.changes);
    printNotes(out, preview.notes);
    if (!fileChanges.length) {
      // Nothing Hookgate writes itself: a paste-only connect is still recorded, so discovery can check for the text.
      if (verb === 'disconnect' && !json) out.write(`Nothing for Hookgate to change in the files of plan ${id}.\n`);
    }
    if (!yes) {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        process.stderr.write(`${command}: nothing was changed — there is no terminal to ask on; run it again with --yes to apply\n`);
        return 1;
      }
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question(fileChanges.length ? 'Apply these changes? [y/N] ' : 'Record it? [y/N] ');
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        process.stdout.write('Nothing was changed.\n');
        return 1;
      }
    }
    const done = verb === 'connect' ? await b.connect(id, true, preview.changesSha256) : await b.disconnect(id, true, preview.changesSha256);
    if (json) {
      process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
      return 0;
    }
    if (verb === 'connect') {
      const c = done as Connected;
      out.write(`Connected ${c.plan.name} as plan ${id}.${fileChanges.length ? ' The originals are kept; "hookgate plans disconnect ' + id + '" puts them back.' : ''}\n`);
      const later = c.notes.filter((n) => !preview.notes.includes(n));
      printNotes(out, later);
    } else {
      out.write(`Disconnected plan ${id}.\n`);
    }
    return 0;
  } finally {
    b.close();
  }
}

const colour = (code: string, s: string, on: boolean) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function printChanges(out: NodeJS.WritableStream, changes: PlannedChange[]): void {
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  for (const c of changes) {
    if (c.action === 'paste') {
      out.write(`\nHookgate does not write this itself; paste it:\n\n${c.diff}\n\n`);
      continue;
    }
    for (const line of c.diff.replace(/\n$/, '').split('\n')) {
      const col = line.startsWith('+++') || line.startsWith('---') ? '1' : line.startsWith('+') ? '32' : line.startsWith('-') ? '31' : line.startsWith('@@') ? '36' : '';
      out.write(`${col ? colour(col, line, tty) : line}\n`);
    }
  }
}

function printNotes(out: NodeJS.WritableStream, notes: string[]): void {
  for (const n of notes) out.write(`• ${n}\n`);
}

function printDiscovered(d: Discovered): void {
  const o = process.stdout;
  if (!d.found.length) o.write('No backups found on this machine (borgmatic, systemd units and timers, crontabs, Back In Time, rsnapshot, Backrest, Vorta).\n');
  for (const f of d.found) {
    o.write(`${f.id}  —  ${f.name}\n`);
    o.write(`    ${TOOL_NAMES[f.tool]}: ${f.what}\n`);
    if (f.schedule) o.write(`    schedule: ${f.schedule}${f.nextRun ? `; next run ${new Date(f.nextRun).toLocaleString()}` : ''}\n`);
    o.write(`    ${CONNECTION_STATE_WORDS[f.state]}: ${f.stateDetail}\n`);
    if (f.connectNote && f.state !== 'connected') o.write(`    note: ${f.connectNote}\n`);
  }
  for (const p of d.problems) process.stderr.write(`hookgate: ${p}\n`);
  if (d.found.some((f) => f.state === 'not-connected')) o.write('\nConnect one with "hookgate plans connect ID" (shows the change first).\n');
}
