// `hookgate hooks …`: list, show, add, edit, remove, enable, disable, move, import-backrest.
// The flags are turned into a hook or a patch here; the change itself is core's (pure functions
// applied by ConfigStore.update under the config lock), so a host transport can reuse it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError, boolFlag, listFlag, parseArgs, parseDuration, parseIntFlag, stringFlag, type FlagSpecs, type ParsedArgs } from '../argParser';
import {
  ConfigError,
  ConfigStore,
  HookLookupError,
  LockError,
  addHook,
  editHook,
  findHook,
  importBackrest,
  moveHook,
  removeHook,
  setHookEnabled,
  type NewHookInput,
} from '../../core/config';
import { hookgatePaths } from '../../core/paths';
import { checkTemplate } from '../../core/template';
import { lintHookScript } from '../../core/template/lint';
import { envNameSchema, type Config, type Hook, type HookInput } from '../../shared/config';
import {
  CONDITIONS,
  CONDITION_MEANINGS,
  ERROR_BEHAVIOURS,
  ERROR_BEHAVIOUR_MEANINGS,
  conditionShortName,
  errorBehaviourShortName,
  parseCondition,
  parseErrorBehaviour,
  type Condition,
  type ErrorBehaviour,
} from '../../shared/conditions';

const HELP = `usage: hookgate hooks SUBCOMMAND …

  list [--json]                       the hooks in running order
  show ID|NAME [--json]               one hook, all its fields and its script
  add --name NAME --condition C… --script FILE|- [FLAGS]
                                      add a hook; prints its id
  edit ID|NAME [FLAGS]                change the given fields of a hook
  remove ID|NAME                      delete a hook
  enable ID|NAME / disable ID|NAME    switch a hook on or off
  move ID|NAME POSITION               put a hook at POSITION (1 = runs first)
  import-backrest FILE [--dry-run] [--force]
                                      import the command hooks of a Backrest config.json
                                      (--force: a hook whose script does not parse comes in disabled)

FLAGS of add and edit (repeatable ones replace the whole list on edit):
  --name NAME                 a name to address the hook by (ids work too)
  --condition C               repeatable: CONDITION_SNAPSHOT_START or snapshot-start, …
  --on-error B                ON_ERROR_CANCEL or cancel, fatal, ignore, retry-1minute,
                              retry-10minutes, retry-exponential-backoff (default ignore)
  --timeout DUR               90s, 2m or plain seconds (default 120 s)
  --script FILE | -           the script (a Go text/template; #! picks the interpreter); - is stdin
  --plan GLOB, --repo GLOB    repeatable: only for these plans / repos (default: all)
  --warn-exit-code N          repeatable: an exit code that is a warning, not a failure
  --env K=V                   repeatable: an environment variable for the hook
  --cwd DIR                   the hook's working directory
  --enabled | --disabled      switched on (default) or off
  --guard | --no-guard        re-run while the operation runs when a system fact changes
  --also-after-skip | --no-also-after-skip
                              a snapshot-end hook also runs after a skipped or held backup
                              (cleanup such as an unmount; default: only after a backup ran)
  --id ID                     (add) choose the id instead of a generated one
  --replace-broken            (any change) move a config.json that cannot be used aside first
  --force                     keep a script that is not a valid template, as a disabled draft

A script that is not a valid template is refused with its line (--force keeps it, disabled); one that
writes outside text such as {{ .Error }} unquoted into a shell script is saved with a warning.

Conditions: ${CONDITIONS.map((c) => conditionShortName(c)).join(', ')}
`;

const HOOK_FLAGS: FlagSpecs = {
  name: { type: 'string' },
  condition: { type: 'string', multiple: true },
  'on-error': { type: 'string' },
  timeout: { type: 'string' },
  script: { type: 'string' },
  plan: { type: 'string', multiple: true },
  repo: { type: 'string', multiple: true },
  'warn-exit-code': { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  cwd: { type: 'string' },
  enabled: { type: 'boolean' },
  disabled: { type: 'boolean' },
  guard: { type: 'boolean' },
  'no-guard': { type: 'boolean' },
  'also-after-skip': { type: 'boolean' },
  'no-also-after-skip': { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const JSON_FLAGS: FlagSpecs = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
const PLAIN_FLAGS: FlagSpecs = { help: { type: 'boolean', short: 'h' } };

export default async function hooks(argv: string[]): Promise<number> {
  const [sub = 'list', ...given] = argv;
  // Any verb that changes the file: over a broken file it refuses, unless told to move it aside.
  replaceBroken = given.includes('--replace-broken');
  const args = given.filter((a) => a !== '--replace-broken');
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const cmd = `hookgate hooks ${sub}`;
  try {
    switch (sub) {
      case 'list':
        return await listCmd(parse(args, JSON_FLAGS, cmd, 0));
      case 'show':
        return await showCmd(parse(args, JSON_FLAGS, cmd, 1));
      case 'add':
        return await addCmd(parse(args, { ...HOOK_FLAGS, id: { type: 'string' } }, cmd, 0));
      case 'edit':
        return await editCmd(parse(args, HOOK_FLAGS, cmd, 1));
      case 'remove':
      case 'rm':
        return await removeCmd(parse(args, PLAIN_FLAGS, cmd, 1));
      case 'enable':
      case 'disable':
        return await enableCmd(parse(args, PLAIN_FLAGS, cmd, 1), sub === 'enable');
      case 'move':
        return await moveCmd(parse(args, PLAIN_FLAGS, cmd, 2));
      case 'import-backrest':
        return await importCmd(parse(args, { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, ...JSON_FLAGS }, cmd, 1));
      default:
        throw new UsageError(`hookgate hooks: unknown subcommand "${sub}" (list, show, add, edit, remove, enable, disable, move, import-backrest)`);
    }
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(HELP);
      return 0;
    }
    // Bad input (an unknown hook, a value the schema refuses): one line, exit 2.
    if (err instanceof HookLookupError || (err instanceof ConfigError && !(err.file && !err.field))) {
      process.stderr.write(`${cmd}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      throw new UsageError(err.message.startsWith('hookgate') ? err.message : `${cmd}: ${err.message}`);
    }
    if (err instanceof ConfigError || err instanceof LockError) {
      process.stderr.write(`${cmd}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

class HelpRequested extends Error {}

function parse(args: string[], specs: FlagSpecs, cmd: string, positionals: number): ParsedArgs {
  const p = parseArgs(args, specs, { command: cmd });
  if (boolFlag(p, 'help')) throw new HelpRequested();
  if (p.rest) throw new UsageError(`${cmd}: unexpected "--"`);
  if (p.positionals.length !== positionals) {
    const what = positionals === 0 ? 'no arguments' : positionals === 1 ? 'one argument (a hook id or name, or a FILE)' : 'two arguments (ID|NAME POSITION)';
    throw new UsageError(`${cmd}: expected ${what}, got ${p.positionals.length ? p.positionals.map((x) => JSON.stringify(x)).join(' ') : 'none'}`);
  }
  return p;
}

// ---- the store, with its problems said once ------------------------------------------------

const reported = new Set<string>();
let replaceBroken = false;

function reportProblems(store: ConfigStore): void {
  for (const p of store.problems) {
    if (reported.has(p)) continue;
    reported.add(p);
    process.stderr.write(`hookgate: config: ${p}\n`);
  }
}

async function openStore(): Promise<ConfigStore> {
  const store = await ConfigStore.load(hookgatePaths());
  reportProblems(store);
  return store;
}

async function update(store: ConfigStore, mutate: (c: Config) => Config): Promise<Config> {
  try {
    return await store.update(mutate, { refuseBroken: !replaceBroken });
  } finally {
    reportProblems(store);
  }
}

// ---- verbs --------------------------------------------------------------------------------

async function listCmd(p: ParsedArgs): Promise<number> {
  const store = await openStore();
  const hooks = store.hooks();
  if (boolFlag(p, 'json')) {
    process.stdout.write(`${JSON.stringify(hooks, null, 2)}\n`);
    return 0;
  }
  if (store.inForce !== 'file') {
    process.stdout.write(
      store.inForce === 'last-good'
        ? `config in force: the last good copy, ${store.lastGoodFile} (${store.file} cannot be used; see above)\n`
        : `config in force: none — ${store.file} cannot be used and there is no good copy: every backup fails until it is fixed\n`,
    );
  }
  if (hooks.length === 0) {
    process.stdout.write('no hooks yet: add one with "hookgate hooks add --name NAME --condition snapshot-start --script FILE"\n');
    return 0;
  }
  const rows = hooks.map((h, i) => [
    String(i + 1),
    h.id,
    cut(h.name, 32),
    h.enabled ? 'yes' : 'no',
    h.conditions.map((c) => conditionShortName(c as Condition)).join(','),
    errorBehaviourShortName(h.onError),
    formatSeconds(h.timeoutSec),
    scopeText(h),
  ]);
  process.stdout.write(table(['#', 'ID', 'NAME', 'ENABLED', 'CONDITIONS', 'ON ERROR', 'TIMEOUT', 'SCOPE'], rows));
  return 0;
}

async function showCmd(p: ParsedArgs): Promise<number> {
  const store = await openStore();
  const hook = findHook(store.config, p.positionals[0]!);
  if (boolFlag(p, 'json')) {
    process.stdout.write(`${JSON.stringify(hook, null, 2)}\n`);
    return 0;
  }
  const position = store.hooks().indexOf(hook) + 1;
  const env = Object.entries(hook.env);
  const lines = [
    ['id', hook.id],
    ['name', hook.name],
    ['position', `${position} of ${store.hooks().length}`],
    ['enabled', hook.enabled ? 'yes' : 'no'],
    ['conditions', hook.conditions.map((c) => `${c} (${conditionShortName(c as Condition)}: ${CONDITION_MEANINGS[c as Condition]})`).join('\n              ')],
    ['on error', `${hook.onError} (${ERROR_BEHAVIOUR_MEANINGS[hook.onError]})`],
    ['timeout', `${formatSeconds(hook.timeoutSec)}${hook.timeoutSec >= 60 ? ` (${hook.timeoutSec} s)` : ''}`],
    ['plans', hook.scope.plans.length ? hook.scope.plans.join(', ') : 'all'],
    ['repos', hook.scope.repos.length ? hook.scope.repos.join(', ') : 'all'],
    ['warn exits', hook.warnExitCodes.length ? hook.warnExitCodes.join(', ') : 'none'],
    ['env', env.length ? env.map(([k, v]) => `${k}=${v}`).join('\n              ') : 'none'],
    ['cwd', hook.cwd ?? '(default)'],
    ['guard', hook.guard ? 'yes' : 'no'],
    ...(hook.conditions.includes('CONDITION_SNAPSHOT_END') ? [['after a skip', hook.alsoAfterSkip ? 'yes (snapshot-end also runs after a skipped backup)' : 'no (snapshot-end runs only after a backup ran)']] : []),
  ];
  let out = lines.map(([k, v]) => `${`${k}:`.padEnd(14)}${v}\n`).join('');
  out += `script:\n${hook.script}${hook.script.endsWith('\n') || hook.script === '' ? '' : '\n'}`;
  process.stdout.write(out);
  return 0;
}

async function addCmd(p: ParsedArgs): Promise<number> {
  const fields = await hookFields(p);
  const missing = [fields.name === undefined && '--name', fields.conditions === undefined && '--condition', fields.script === undefined && '--script FILE (or - for stdin)'].filter(Boolean);
  if (missing.length) throw new UsageError(`missing ${missing.join(', ')}`);
  const id = stringFlag(p, 'id');
  if (!scriptChecked(String(fields.script), 'hookgate hooks add', boolFlag(p, 'force'))) fields.enabled = false;
  const input = { ...fields, ...(id !== undefined ? { id } : {}) } as NewHookInput;
  const store = await openStore();
  let added!: Hook;
  await update(store, (c) => {
    const next = addHook(c, input);
    added = next.hooks[next.hooks.length - 1]!;
    return next;
  });
  process.stdout.write(`${added.id}\n`);
  return 0;
}

async function editCmd(p: ParsedArgs): Promise<number> {
  const patch = await hookFields(p);
  if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give at least one flag (see "hookgate hooks --help")');
  if (patch.script !== undefined && !scriptChecked(String(patch.script), 'hookgate hooks edit', boolFlag(p, 'force'))) patch.enabled = false;
  const store = await openStore();
  const target = p.positionals[0]!;
  let edited!: Hook;
  await update(store, (c) => {
    const hook = findHook(c, target);
    const scope = patch.scope ? { ...hook.scope, ...patch.scope } : undefined;
    const next = editHook(c, hook.id, { ...patch, ...(scope ? { scope } : {}) });
    edited = findHook(next, hook.id);
    return next;
  });
  process.stdout.write(`changed hook "${edited.name}" (${edited.id})\n`);
  return 0;
}

async function removeCmd(p: ParsedArgs): Promise<number> {
  const store = await openStore();
  let removed!: Hook;
  await update(store, (c) => {
    removed = findHook(c, p.positionals[0]!);
    return removeHook(c, removed.id);
  });
  process.stdout.write(`removed hook "${removed.name}" (${removed.id})\n`);
  return 0;
}

async function enableCmd(p: ParsedArgs, enabled: boolean): Promise<number> {
  const store = await openStore();
  let hook!: Hook;
  await update(store, (c) => {
    hook = findHook(c, p.positionals[0]!);
    return setHookEnabled(c, hook.id, enabled);
  });
  process.stdout.write(`${enabled ? 'enabled' : 'disabled'} hook "${hook.name}" (${hook.id})\n`);
  return 0;
}

async function moveCmd(p: ParsedArgs): Promise<number> {
  const [target, posText] = p.positionals as [string, string];
  if (!/^\d+$/.test(posText)) throw new UsageError(`POSITION: "${posText}" is not a whole number (1 = runs first)`);
  const store = await openStore();
  let hook!: Hook;
  await update(store, (c) => {
    hook = findHook(c, target);
    return moveHook(c, hook.id, Number(posText) - 1);
  });
  process.stdout.write(`moved hook "${hook.name}" (${hook.id}) to position ${posText}\n`);
  return 0;
}

async function importCmd(p: ParsedArgs): Promise<number> {
  const file = p.positionals[0]!;
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`${file}: ${e.code === 'ENOENT' ? 'no such file' : e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e.code ?? e.message)}`);
  }
  const dryRun = boolFlag(p, 'dry-run');
  const opts = { keepInvalidTemplates: boolFlag(p, 'force') };
  const store = await openStore();
  let result = importBackrest(json, store.config, opts);
  if (!dryRun && result.imported.length > 0) {
    await update(store, (c) => {
      result = importBackrest(json, c, opts);
      return result.config;
    });
  }
  for (const h of result.imported) for (const w of scriptWarnings(h.script)) process.stderr.write(`hookgate hooks import-backrest: warning: hook "${h.name}": ${w}\n`);
  if (boolFlag(p, 'json')) {
    process.stdout.write(`${JSON.stringify({ dryRun, imported: result.imported, skipped: result.skipped }, null, 2)}\n`);
    return 0;
  }
  const n = result.imported.length;
  let out = `${dryRun ? 'would import' : 'imported'} ${n} hook${n === 1 ? '' : 's'} from ${file}${n ? ':' : ''}\n`;
  out += result.imported.map((h) => `  ${h.id}  ${h.name}  (on error: ${errorBehaviourShortName(h.onError)})\n`).join('');
  if (result.skipped.length) {
    out += `skipped ${result.skipped.length}:\n` + result.skipped.map((s) => `  ${s.where}: ${s.why}\n`).join('');
  }
  process.stdout.write(out);
  return 0;
}

// ---- script checks ------------------------------------------------------------------------------

/** Go's message without its `template: hook:3:7: ` prefix (the line is said separately). */
function parseMessage(message: string): string {
  return message.replace(/^template: [^:]*:\d+:(\d+:)? ?/, '');
}

/** The variables a script can read from the environment instead (always safe in a shell). */
const ENV_FOR: Record<string, string> = { '.Error': 'HOOKGATE_ERROR', '.Plan.Id': 'HOOKGATE_PLAN', '.Repo.Id': 'HOOKGATE_REPO', '.SnapshotId': 'HOOKGATE_SNAPSHOT_ID' };

/** The editor's lint warnings, one line each, for the terminal. */
function scriptWarnings(script: string): string[] {
  return lintHookScript(script, 'hook').map((w) => {
    const env = ENV_FOR[w.variable];
    const use = `{{ ${w.variable === '.' ? '$.ShellEscape .' : `${w.variable} | .ShellEscape`} }}`;
    return `script line ${w.line}: \`{{ ${w.variable} }}\` outside quotes in a shell script: use \`${use}\`${env ? ` or "$${env}"` : ''} (${w.message})`;
  });
}

/**
 * A script that is not a valid template is refused with its line (it would skip every backup with a
 * render error); with --force it is kept as a disabled draft (false: save it disabled). Lint
 * warnings are printed and do not stop the save.
 */
function scriptChecked(script: string, cmd: string, force: boolean): boolean {
  for (const w of scriptWarnings(script)) process.stderr.write(`${cmd}: warning: ${w}\n`);
  const [err] = checkTemplate(script, 'hook');
  if (!err) return true;
  const what = `the script is not a valid template: line ${err.line}, column ${err.col}: ${parseMessage(err.message)}`;
  if (!force) throw new ConfigError(`${what}; fix it, or give --force to keep it as a disabled draft`, null, 'script');
  process.stderr.write(`${cmd}: warning: ${what}; kept, disabled, as --force asks (enable it once it parses)\n`);
  return false;
}

// ---- flags → hook fields --------------------------------------------------------------------

type HookFields = Partial<Omit<HookInput, 'id' | 'scope'>> & { scope?: { plans?: string[]; repos?: string[] } };

/** The hook fields the flags give, each checked with an error naming the flag. */
async function hookFields(p: ParsedArgs): Promise<HookFields> {
  const f: HookFields = {};
  const name = stringFlag(p, 'name');
  if (name !== undefined) {
    if (name.trim() === '') throw new UsageError('--name must not be empty');
    f.name = name;
  }
  const conditions = listFlag(p, 'condition');
  if (conditions.length) {
    const parsed: Condition[] = [];
    for (const c of conditions.flatMap((x) => x.split(',')).filter((x) => x.trim() !== '')) {
      const cond = parseCondition(c);
      if (!cond) throw new UsageError(`--condition: unknown condition "${c}" (e.g. snapshot-start, CONDITION_SNAPSHOT_END; see "hookgate hooks --help")`);
      if (!parsed.includes(cond)) parsed.push(cond);
    }
    if (parsed.length === 0) throw new UsageError('--condition: no condition given');
    f.conditions = parsed;
  }
  const onError = stringFlag(p, 'on-error');
  if (onError !== undefined) {
    const b = parseErrorBehaviour(onError);
    if (!b) throw new UsageError(`--on-error: unknown behaviour "${onError}" (one of ${ERROR_BEHAVIOURS.map((x) => errorBehaviourShortName(x as ErrorBehaviour)).join(', ')})`);
    f.onError = b;
  }
  const timeout = stringFlag(p, 'timeout');
  if (timeout !== undefined) {
    const ms = parseDuration(timeout, '--timeout');
    if (ms <= 0) throw new UsageError(`--timeout: must be longer than 0 (got "${timeout}")`);
    if (ms > 7 * 86_400_000) throw new UsageError(`--timeout: at most 7 days (got "${timeout}")`);
    f.timeoutSec = ms / 1000;
  }
  const script = stringFlag(p, 'script');
  if (script !== undefined) f.script = await readScript(script);
  const plans = listFlag(p, 'plan');
  const repos = listFlag(p, 'repo');
  for (const [flag, list] of [['--plan', plans], ['--repo', repos]] as const) {
    if (list.some((g) => g.trim() === '')) throw new UsageError(`${flag} must not be empty (leave it out to mean all)`);
  }
  if (plans.length || repos.length) f.scope = { ...(plans.length ? { plans } : {}), ...(repos.length ? { repos } : {}) };
  const warn = listFlag(p, 'warn-exit-code');
  if (warn.length) f.warnExitCodes = [...new Set(warn.map((w) => parseIntFlag(w, 'warn-exit-code', 1, 255)))];
  const env = listFlag(p, 'env');
  if (env.length) {
    const out: Record<string, string> = {};
    for (const kv of env) {
      const eq = kv.indexOf('=');
      if (eq < 0) throw new UsageError(`--env: "${kv}" has no "=" (use --env NAME=VALUE)`);
      const k = kv.slice(0, eq);
      if (!envNameSchema.safeParse(k).success) throw new UsageError(`--env: "${k}" is not a valid environment variable name`);
      out[k] = kv.slice(eq + 1);
    }
    f.env = out;
  }
  const cwd = stringFlag(p, 'cwd');
  if (cwd !== undefined) {
    if (cwd === '') throw new UsageError('--cwd must not be empty');
    f.cwd = path.resolve(cwd);
  }
  if (boolFlag(p, 'enabled') && boolFlag(p, 'disabled')) throw new UsageError('--enabled and --disabled contradict each other');
  if (boolFlag(p, 'enabled')) f.enabled = true;
  if (boolFlag(p, 'disabled')) f.enabled = false;
  if (boolFlag(p, 'guard') && boolFlag(p, 'no-guard')) throw new UsageError('--guard and --no-guard contradict each other');
  if (boolFlag(p, 'guard')) f.guard = true;
  if (boolFlag(p, 'no-guard')) f.guard = false;
  if (boolFlag(p, 'also-after-skip') && boolFlag(p, 'no-also-after-skip')) throw new UsageError('--also-after-skip and --no-also-after-skip contradict each other');
  if (boolFlag(p, 'also-after-skip')) f.alsoAfterSkip = true;
  if (boolFlag(p, 'no-also-after-skip')) f.alsoAfterSkip = false;
  return f;
}

async function readScript(src: string): Promise<string> {
  if (src === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await fs.readFile(src, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`--script: cannot read "${src}": ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : (e.code ?? e.message)}`);
  }
}

// ---- formatting -----------------------------------------------------------------------------

function cut(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** 120 → `2m`, 90 → `1m30s`, 1.5 → `1.5s`. */
function formatSeconds(sec: number): string {
  if (sec < 60 || !Number.isInteger(sec)) return `${sec}s`;
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

function scopeText(h: Hook): string {
  const parts = [h.scope.plans.length && `plans ${h.scope.plans.join(',')}`, h.scope.repos.length && `repos ${h.scope.repos.join(',')}`].filter(Boolean);
  return parts.length ? parts.join('; ') : 'all';
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return line(head) + rows.map(line).join('');
}
