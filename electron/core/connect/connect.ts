// Connect and disconnect a found backup: work out the exact change per tool, show it as a unified
// diff, and (when asked to apply) keep a byte-exact copy of every original under Hookgate's folder
// before writing. Connecting twice changes nothing the second time. Disconnect puts each file back
// byte for byte where nothing else changed it since; where something did, it takes out only
// Hookgate's lines and says so, or leaves the file alone and says why.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TOOL_NAMES, type Connection, type ConnectResult, type DisconnectResult, type FoundBackup, type PlannedChange } from '../../shared/discovery';
import { backInTimeConfig } from '../discovery/backInTime';
import type { Candidate } from '../discovery/candidate';
import { cronPlanId, parseCronLine } from '../discovery/crontabs';
import type { DiscoveryOptions } from '../discovery/discoveryOptions';
import { discover, foundBackup, type RecordedConnections } from '../discovery/index';
import { dropInPath } from '../discovery/systemdUnits';
import type { HookgatePaths } from '../paths';
import { BIT_CHAINED, backInTimeCallback } from './backInTimeWiring';
import { backrestPasteText, unwireBackrest, wireBackrest } from './backrestWiring';
import { unwireBorgmatic, wireBorgmatic } from './borgmaticWiring';
import { unwireCrontab, wireCrontab } from './cronWiring';
import { unwireRsnapshot, wireRsnapshot } from './rsnapshotWiring';
import { WiringError } from './safePath';
import { systemdDropIn } from './systemdWiring';
import { CRONTAB_PREFIX, readTarget, sha256, writeTarget, type TargetState } from './targets';
import { unifiedDiff } from './unifiedDiff';
import { vortaPasteText } from './vortaWiring';

export { WiringError } from './safePath';

/** Identifies a set of changes, so an apply can refuse anything other than what a preview showed. */
function changesHash(changes: PlannedChange[]): string {
  return createHash('sha256').update(JSON.stringify(changes.map((c) => [c.path, c.action, c.diff]))).digest('hex');
}

export interface ConnectContext {
  opts: DiscoveryOptions;
  paths: HookgatePaths;
  /** Connections recorded in the config's plans, by plan id. */
  recorded: RecordedConnections;
  /** Records (or, with null, clears) a plan's connection in the config, through its one writer. */
  record: (found: FoundBackup, connection: Connection | null) => Promise<void>;
  now?: Date;
}

/** A connect or disconnect that cannot be done, in the user's words. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

interface Edit {
  path: string;
  before: TargetState;
  after: Buffer | null;
  /** Mode for a file that did not exist before (else its own mode is kept). */
  newMode?: number;
}

interface EditPlan {
  edits: Edit[];
  notes: string[];
  /** Text the user pastes into the tool instead (the tool's store is not Hookgate's to write). */
  paste: string | null;
}

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

async function findCandidate(id: string, ctx: ConnectContext): Promise<Candidate> {
  const d = await discover(ctx.opts, ctx.recorded, ctx.now);
  const c = d.candidates.find((x) => x.id === id);
  if (!c) {
    const known = d.candidates.map((x) => x.id);
    throw new ConnectError(`no backup "${id}" was found on this machine${known.length ? ` (found: ${known.join(', ')})` : ''}; "hookgate plans discover" lists them`);
  }
  return c;
}

/** The user's crontab or a system crontab file, and whether its lines carry a user field. */
function cronTarget(c: Candidate): { target: string; withUser: boolean; where: string } {
  if (c.source.path.startsWith(CRONTAB_PREFIX)) return { target: c.source.path, withUser: false, where: c.source.path.slice(CRONTAB_PREFIX.length) };
  return { target: c.source.path, withUser: true, where: path.basename(c.source.path) };
}

async function planConnect(c: Candidate, ctx: ConnectContext): Promise<EditPlan> {
  const { opts } = ctx;
  const bin = opts.hookgateBin;
  const edit = async (file: string, wire: (t: string) => string, newMode?: number): Promise<Edit> => {
    const before = await readTarget(file, opts);
    let after: string;
    try {
      after = wire(text(before.bytes) ?? '');
    } catch (err) {
      if (err instanceof WiringError) throw err;
      throw new ConnectError(`${file}: ${(err as Error).message}`);
    }
    return { path: file, before, after: Buffer.from(after), newMode };
  };
  switch (c.tool) {
    case 'borgmatic':
      return {
        edits: [await edit(c.source.path, (t) => wireBorgmatic(t, bin, c.id))],
        notes: [
          'A skip answers borgmatic 75, its soft failure: borgmatic skips the rest of that configuration quietly, not as an error.',
          "borgmatic's {error} is not passed to Hookgate (borgmatic pastes it into a shell unquoted); its on_error hook itself reports the failure.",
        ],
        paste: null,
      };
    case 'systemd': {
      const unit = c.source.unit!;
      const scope = c.id.startsWith('systemd-user-') ? 'user' : 'system';
      const file = dropInPath(opts, scope, unit);
      const notes = [
        'A skip makes ExecCondition= exit 1: systemd skips that run without marking the unit failed; a fail (255) marks it failed.',
        `systemd reads the drop-in after "systemctl ${scope === 'user' ? '--user ' : ''}daemon-reload".`,
      ];
      return { edits: [await edit(file, () => systemdDropIn(bin, c.id, unit), 0o644)], notes, paste: null };
    }
    case 'cron': {
      const t = cronTarget(c);
      const lineNo = (c.source.line ?? 0) - 1;
      const e = await edit(t.target, (tx) => wireCrontab(tx, t.withUser, bin, c.id, (command) => cronPlanId(t.where, command) === c.id));
      if (text(e.before.bytes) !== null) {
        const line = text(e.before.bytes)!.split('\n')[lineNo];
        if (line === undefined || !parseCronLine(line, lineNo, t.withUser)) throw new ConnectError(`${c.name} is not where discovery found it; run "hookgate plans discover" again`);
      }
      return { edits: [e], notes: ['The line now runs through "hookgate run": the START gate first, then the command in a terminal, then its end (success or error) from its exit status.'], paste: null };
    }
    case 'backintime': {
      const file = path.join(path.dirname(backInTimeConfig(opts)), 'user-callback');
      const before = await readTarget(file, opts);
      const mine = before.bytes !== null && before.bytes.toString('utf8').includes(`# Hookgate: connected plan ${c.id}`);
      if (mine) return { edits: [{ path: file, before, after: before.bytes }], notes: [], paste: null };
      const edits: Edit[] = [{ path: file, before, after: Buffer.from(backInTimeCallback(bin, c.id, before.bytes !== null)), newMode: 0o755 }];
      const notes = ['Back In Time calls its user-callback with reason 1 when a snapshot begins: a skip (or hookgate missing) exits non-zero and cancels that snapshot; reason 2 reports its end, with the errors (reason 4) Back In Time reported.'];
      if (before.bytes !== null) {
        const chained = path.join(path.dirname(file), BIT_CHAINED);
        const old = await readTarget(chained, opts);
        if (old.bytes !== null) throw new ConnectError(`${chained} already exists; Hookgate keeps your callback there and will not overwrite it`);
        edits.push({ path: chained, before: old, after: before.bytes, newMode: before.mode ?? 0o755 });
        notes.push(`Your user-callback is kept as ${BIT_CHAINED} and still runs first, with the same arguments.`);
      }
      return { edits, notes, paste: null };
    }
    case 'rsnapshot':
      return {
        edits: [await edit(c.source.path, (t) => wireRsnapshot(t, bin, c.id, c.source.path))],
        notes: [
          'rsnapshot treats a failing cmd_preexec as an error: when Hookgate skips a run, rsnapshot reports "cmd_preexec … returned 75" and exits 1 (it has no quiet skip).',
          'A run rsnapshot stops on an error (a lock, a failed rotation, a required backup_exec) runs no cmd_postexec: it reaches Hookgate as a run without a report, which names rsnapshot\'s log.',
          'rsnapshot runs cmd_postexec also after a run in which rsync failed for a backup point (it then exits 1, "completed, but with some errors"), and the postexec cannot see that exit status: Hookgate reads how the run went from rsnapshot\'s logfile (its ERROR and WARNING lines since the run started). Without a logfile (or below loglevel 2) rsnapshot does not tell, and each run ends "without a report", never as a success.',
        ],
        paste: null,
      };
    case 'backrest': {
      const plan = c.source.profile!;
      const notes = ['A skip makes the START hook exit non-zero; with ON_ERROR_CANCEL Backrest cancels that backup.'];
      if (!c.writable) {
        return { edits: [], notes: [...notes, c.connectNote ?? 'Backrest\'s config cannot be written now'], paste: `In Backrest, plan "${plan}" → Hooks → add two Command hooks:\n\n${backrestPasteText(bin, c.id)}` };
      }
      return { edits: [await edit(c.source.path, (t) => wireBackrest(t, plan, bin, c.id))], notes: [...notes, 'Start Backrest again afterwards: it reads its config when it starts.'], paste: null };
    }
    case 'vorta': {
      const profile = /^Vorta profile "(.*)"$/.exec(c.name)?.[1] ?? c.name;
      return {
        edits: [],
        notes: ["Vorta's store is not written by Hookgate (Vorta keeps it open while it runs). Paste the commands; discovery shows the plan as connected once they are there."],
        paste: vortaPasteText(bin, c.id, profile),
      };
    }
  }
}

/** A timer or cron line that runs borgmatic would report twice if borgmatic's own config is connected as well. */
function doubleWiringNote(c: Candidate): string[] {
  return (c.tool === 'systemd' || c.tool === 'cron') && c.what.startsWith('borgmatic:')
    ? ["This runs borgmatic: connect either it or borgmatic's configuration (hookgate plans discover lists it), not both, or every run is reported twice."]
    : [];
}

function changesOf(plan: EditPlan, c: Candidate): PlannedChange[] {
  const out: PlannedChange[] = plan.edits
    .filter((e) => !(e.after === null ? e.before.bytes === null : e.before.bytes !== null && e.before.bytes.equals(e.after)))
    .map((e) => ({
      path: e.path,
      action: e.before.bytes === null ? 'create' : e.after === null ? 'delete' : 'modify',
      diff: unifiedDiff(e.path, text(e.before.bytes), text(e.after)),
    }));
  if (plan.paste) out.push({ path: c.source.path, action: 'paste', diff: plan.paste });
  return out;
}

/** Connects a found backup; with `apply: false` only says what would change. */
export async function connectPlan(id: string, apply: boolean, ctx: ConnectContext, expect?: string): Promise<ConnectResult> {
  const c = await findCandidate(id, ctx);
  if (c.unreadable) throw new ConnectError(`${c.name} cannot be connected: ${c.unreadable}`);
  // Two wirings would send every event twice (two STARTs, two gates): the user's own stays, said so.
  if (c.handWired && !c.ourWiring) throw new ConnectError(`${c.name} already calls hookgate (wired by hand, in ${c.source.description}); take those lines out first to let Hookgate connect it, or keep them`);
  const conn = ctx.recorded.get(id) ?? null;
  const plan = await planConnect(c, ctx);
  plan.notes.push(...doubleWiringNote(c));
  const changes = changesOf(plan, c);
  const fileChanges = changes.filter((x) => x.action !== 'paste');
  const already = c.ourWiring && fileChanges.length === 0;
  const changesSha256 = changesHash(changes);
  if (already || !apply) {
    return { plan: foundBackup(c, conn), changes, applied: false, alreadyConnected: already, notes: plan.notes, changesSha256 };
  }
  if (expect !== undefined && expect !== changesSha256) throw new ConnectError(`${c.name} changed since the preview was made; nothing was changed — look at the new preview`);
  if (fileChanges.length && !c.writable) throw new ConnectError(`${c.name} cannot be connected by this user: ${c.connectNote ?? 'its file is not writable'}`);
  const files: Connection['files'] = [];
  const keepDir = path.join(ctx.paths.home, 'connections', id);
  await fs.mkdir(keepDir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const written: Edit[] = [];
  try {
    for (const [i, e] of plan.edits.entries()) {
      const now = await readTarget(e.path, ctx.opts);
      if (!sameBytes(now.bytes, e.before.bytes)) throw new ConnectError(`${e.path} changed while connecting; nothing of it was changed — try again`);
      if (sameBytes(e.after, e.before.bytes)) continue;
      let copy: string | null = null;
      if (e.before.bytes !== null) {
        copy = path.join(keepDir, `${stamp}-${i}-${path.basename(e.path.replace(/^crontab:/, 'crontab-'))}.orig`);
        await fs.writeFile(copy, e.before.bytes, { mode: 0o600 });
      }
      await writeTarget(e.path, e.after, ctx.opts, { mode: e.before.mode ?? e.newMode ?? null, uid: e.before.uid, gid: e.before.gid });
      written.push(e);
      files.push({ path: e.path, existed: e.before.bytes !== null, mode: e.before.mode, originalSha256: sha256(e.before.bytes), backupPath: copy, connectedSha256: sha256(e.after) });
    }
  } catch (err) {
    // Half a connect is worse than none: what was written is put back.
    for (const e of written.reverse()) await writeTarget(e.path, e.before.bytes, ctx.opts, e.before).catch(() => {});
    throw err;
  }
  const notes = [...plan.notes];
  if (c.tool === 'systemd' && written.length) notes.push(...(await daemonReload(c, ctx.opts)));
  const connection: Connection = {
    tool: c.tool,
    connectedAt: (ctx.now ?? new Date()).toISOString(),
    hookgate: ctx.opts.hookgateBin,
    method: plan.paste ? 'paste' : 'files',
    files,
    pasteText: plan.paste,
    note: null,
  };
  const after = foundBackup({ ...c, ourWiring: plan.paste ? c.ourWiring : true }, connection);
  await ctx.record(after, connection);
  return { plan: after, changes, applied: true, alreadyConnected: false, notes, changesSha256 };
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** systemd reads a new drop-in only after a reload: done here when this machine runs systemd. */
async function daemonReload(c: Candidate, opts: DiscoveryOptions): Promise<string[]> {
  const user = c.id.startsWith('systemd-user-');
  const cmd = `systemctl ${user ? '--user ' : ''}daemon-reload`;
  if (opts.root !== '/' || !(await fs.stat('/run/systemd/system').catch(() => null))) return [`Run "${cmd}" on the machine that runs it for systemd to read the drop-in.`];
  return new Promise((resolve) => {
    execFile('systemctl', [...(user ? ['--user'] : []), 'daemon-reload'], { timeout: 30_000 }, (err, _o, stderr) =>
      resolve([err ? `"${cmd}" failed (${stderr.trim() || err.message}); run it yourself for systemd to read the drop-in.` : `Ran "${cmd}": systemd reads the drop-in from now on.`]),
    );
  });
}

/** Takes Hookgate's wiring out of a file something else changed since; null when there is none (or it cannot be done safely). */
function unwireChanged(c: Candidate | null, conn: Connection, id: string, file: string, current: string): string | null {
  const bin = conn.hookgate;
  switch (conn.tool) {
    case 'borgmatic':
      return unwireBorgmatic(current, bin, id);
    case 'rsnapshot':
      return unwireRsnapshot(current, bin, id, file);
    case 'cron':
      return unwireCrontab(current, !file.startsWith(CRONTAB_PREFIX), id);
    case 'backrest': {
      const plan = c?.source.profile ?? null;
      if (!plan) return null;
      try {
        return unwireBackrest(current, plan, bin, id);
      } catch {
        return null;
      }
    }
    default:
      // A drop-in or callback Hookgate wrote whole, changed by someone since: theirs to decide.
      return null;
  }
}

/** Disconnects a plan Hookgate connected; with `apply: false` only says what would change. */
export async function disconnectPlan(id: string, apply: boolean, ctx: ConnectContext, expect?: string): Promise<DisconnectResult> {
  const conn = ctx.recorded.get(id) ?? null;
  const d = await discover(ctx.opts, ctx.recorded, ctx.now);
  const c = d.candidates.find((x) => x.id === id) ?? null;
  if (!conn) {
    if (c?.ourWiring) throw new ConnectError(`${c.name} has Hookgate's wiring, but this Hookgate did not record connecting it (its config was replaced?): take the lines out by hand`);
    throw new ConnectError(`plan "${id}" is not connected by Hookgate${c ? ` (${c.name}: ${foundBackup(c, null).stateDetail})` : ''}`);
  }
  const notes: string[] = [];
  const edits: { path: string; before: TargetState; after: Buffer | null; keep: { mode: number | null; uid: number | null; gid: number | null } }[] = [];
  // Back In Time's kept callback goes back only when its place was put back.
  let callbackRestored = true;
  for (const f of conn.files) {
    const now = await readTarget(f.path, ctx.opts);
    const shown = f.path;
    if (f.connectedSha256 !== null && sha256(now.bytes) === f.connectedSha256) {
      if (!f.existed) {
        if (conn.tool === 'backintime' && path.basename(f.path) === BIT_CHAINED && !callbackRestored) {
          notes.push(`${shown} (your earlier user-callback) is left where it is, since the user-callback was not put back.`);
          continue;
        }
        edits.push({ path: f.path, before: now, after: null, keep: now });
        notes.push(`${shown}: removed (Hookgate had created it).`);
        continue;
      }
      const orig = f.backupPath ? await fs.readFile(f.backupPath).catch(() => null) : null;
      if (!orig || sha256(orig) !== f.originalSha256) {
        notes.push(`${shown}: the kept original ${f.backupPath ?? ''} is missing or damaged, so the file is left as it is.`);
        if (conn.tool === 'backintime') callbackRestored = false;
        continue;
      }
      edits.push({ path: f.path, before: now, after: orig, keep: { mode: f.mode, uid: now.uid, gid: now.gid } });
      notes.push(`${shown}: restored byte for byte as it was before connecting.`);
      continue;
    }
    if (conn.tool === 'backintime' && path.basename(f.path) === 'user-callback') callbackRestored = false;
    if (now.bytes === null) {
      notes.push(`${shown} was removed since connecting; nothing to put back there${f.backupPath ? ` (the original is kept at ${f.backupPath})` : ''}.`);
      continue;
    }
    const unwired = unwireChanged(c, conn, id, f.path, now.bytes.toString('utf8'));
    if (unwired === null) {
      notes.push(`${shown} was changed since connecting and Hookgate cannot take its wiring out safely: left as it is${f.backupPath ? `; the original is kept at ${f.backupPath}` : ''}.`);
      continue;
    }
    edits.push({ path: f.path, before: now, after: Buffer.from(unwired), keep: now });
    notes.push(`${shown} was changed since connecting: only Hookgate's lines were taken out, the other changes kept${f.backupPath ? ` (the original is kept at ${f.backupPath})` : ''}.`);
  }
  if (conn.method === 'paste') notes.push(`Take Hookgate's commands out of ${TOOL_NAMES[conn.tool]} by hand (Hookgate did not write them there).`);
  const changes: PlannedChange[] = edits.map((e) => ({
    path: e.path,
    action: e.after === null ? 'delete' : 'modify',
    diff: unifiedDiff(e.path, text(e.before.bytes), text(e.after)),
  }));
  const changesSha256 = changesHash(changes);
  if (!apply) return { id, changes, applied: false, notes, changesSha256 };
  if (expect !== undefined && expect !== changesSha256) throw new ConnectError(`the files of plan "${id}" changed since the preview was made; nothing was changed — look at the new preview`);
  for (const e of edits) {
    const again = await readTarget(e.path, ctx.opts);
    if (!sameBytes(again.bytes, e.before.bytes)) throw new ConnectError(`${e.path} changed while disconnecting; try again`);
    await writeTarget(e.path, e.after, ctx.opts, e.keep);
  }
  if (conn.tool === 'systemd' && c) notes.push(...(await daemonReload(c, ctx.opts)));
  const found: FoundBackup = c
    ? foundBackup({ ...c, ourWiring: false }, null)
    : { id, name: id, tool: conn.tool, source: { path: conn.files[0]?.path ?? '', description: conn.files[0]?.path ?? id }, what: '', nextRun: null, schedule: null, state: 'not-connected', stateDetail: 'disconnected', writable: false, connectNote: null };
  await ctx.record(found, null);
  return { id, changes, applied: true, notes, changesSha256 };
}
