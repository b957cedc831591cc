// `hookgate render`: renders a hook template exactly as Go's text/template does, over Backrest's hook
// variables (--vars) or plain JSON data (--data). Prints the output byte for byte (no newline added);
// a template error goes to stderr as Backrest words it ("parse template: …", "execute template: …")
// and exits 2.
import fs from 'node:fs';
import { TemplateError, hookVars, jsonToGoValue, parseJson, renderTemplateBytes, type HookVarsInput } from '../../core/template/index';
import { UsageError, listFlag, parseArgs, stringFlag, boolFlag } from '../argParser';

/** The flags that set one hook variable each (they need hook variables, not --data). */
const VAR_FLAGS = ['event', 'error', 'plan', 'snapshot-id'] as const;

const USAGE = `usage: hookgate render [--vars FILE.json | --data FILE.json] [--event CONDITION]
                       [--error TEXT] [--plan ID] [--snapshot-id ID]
                       [--default-template FILE] [--option missingkey=error] [--exec NAME]
                       TEMPLATE_FILE|-|HOOK

Renders TEMPLATE_FILE (or stdin for -, or the script of the stored hook HOOK, by id or name) as
Go's text/template does and prints the result exactly.
  --vars FILE              hook variables with Go's field names (Task, Event, Repo, Plan, SnapshotId,
                           SnapshotStats, CurTime, Duration, Error, System, Attempt, Trigger, …)
  --data FILE              plain JSON data instead (numbers are float64, as Go decodes them)
  --event CONDITION        sets .Event (e.g. CONDITION_SNAPSHOT_END or snapshot-end)
  --error TEXT             sets .Error (what an ERROR or END hook is told went wrong)
  --plan ID                sets .Plan.Id (and .Plan.Repo to the repo's id, when --vars gives one)
  --snapshot-id ID         sets .SnapshotId
  --default-template FILE  used instead when the template is empty or only spaces
  --option OPT             a Go template option, e.g. missingkey=error (repeatable)
  --exec NAME              executes the {{define}}d template NAME instead of the main one
A template error is printed to stderr and exits 2.
`;

function readText(file: string, what: string): string {
  try {
    return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function readJson(file: string, flag: string): unknown {
  const text = readText(file, `--${flag}`);
  try {
    return parseJson(text);
  } catch (e) {
    throw new UsageError(`--${flag} ${file}: ${(e as Error).message}`);
  }
}

/** A template file, stdin (-), or else the script of the stored hook of that id or name. */
async function readTemplate(ref: string): Promise<string> {
  if (ref === '-' || fs.existsSync(ref)) return readText(ref, 'template');
  const [{ readConfigFile, findHook, HookLookupError }, { hookgatePaths }] = await Promise.all([import('../../core/config'), import('../../core/paths')]);
  const file = hookgatePaths().config;
  const { config } = await readConfigFile(file);
  try {
    return findHook(config, ref).script;
  } catch (e) {
    if (e instanceof HookLookupError) throw new UsageError(`template ${ref}: no such file, and ${e.message} (in ${file})`);
    throw e;
  }
}

export default async function render(argv: string[]): Promise<number> {
  const args = parseArgs(
    argv,
    {
      vars: { type: 'string' },
      data: { type: 'string' },
      event: { type: 'string' },
      error: { type: 'string' },
      plan: { type: 'string' },
      'snapshot-id': { type: 'string' },
      'default-template': { type: 'string' },
      option: { type: 'string', multiple: true },
      exec: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { command: 'hookgate render' },
  );
  if (boolFlag(args, 'help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'missing TEMPLATE_FILE (or - for stdin)' : `one TEMPLATE_FILE expected, got ${args.positionals.length}`);
  }
  const varsFile = stringFlag(args, 'vars');
  const dataFile = stringFlag(args, 'data');
  const event = stringFlag(args, 'event');
  const setVars = VAR_FLAGS.filter((f) => stringFlag(args, f) !== undefined);
  if (varsFile !== undefined && dataFile !== undefined) throw new UsageError('--vars and --data cannot be used together');
  if (dataFile !== undefined && setVars.length) throw new UsageError(`--${setVars[0]} sets a hook variable; it cannot be used with --data`);
  if (varsFile === '-' && args.positionals[0] === '-') throw new UsageError('the template and --vars cannot both come from stdin');

  let data: unknown = null;
  if (dataFile !== undefined) data = jsonToGoValue(readJson(dataFile, 'data'));
  else if (varsFile !== undefined || setVars.length) {
    const input = varsFile !== undefined ? readJson(varsFile, 'vars') : {};
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new UsageError(`--vars ${varsFile}: expected a JSON object`);
    const vars = input as HookVarsInput;
    if (event !== undefined) vars.Event = event;
    const error = stringFlag(args, 'error');
    if (error !== undefined) vars.Error = error;
    const snapshotId = stringFlag(args, 'snapshot-id');
    if (snapshotId !== undefined) vars.SnapshotId = snapshotId;
    const plan = stringFlag(args, 'plan');
    if (plan !== undefined) {
      const given = vars.Plan && typeof vars.Plan === 'object' ? vars.Plan : {};
      const repo = vars.Repo && typeof vars.Repo === 'object' && typeof vars.Repo.Id === 'string' ? { Repo: vars.Repo.Id } : {};
      vars.Plan = { ...repo, ...given, Id: plan };
    }
    try {
      data = hookVars(vars);
    } catch (e) {
      if (e instanceof TemplateError) throw new UsageError(`${varsFile !== undefined ? `--vars ${varsFile}` : `--${setVars[0]}`}: ${e.message}`);
      throw e;
    }
  }
  const defaultFile = stringFlag(args, 'default-template');
  const defaultTemplate = defaultFile !== undefined ? readText(defaultFile, '--default-template') : undefined;
  const template = await readTemplate(args.positionals[0]!);

  // The bytes Go writes, even where they are not UTF-8 (a cut character, a "\xff" literal).
  let out: Uint8Array;
  try {
    out = renderTemplateBytes(template, data, { options: listFlag(args, 'option'), exec: stringFlag(args, 'exec'), defaultTemplate });
  } catch (e) {
    if (e instanceof TemplateError) {
      // A bad --option is a usage problem, not a template one.
      if (/^(unrecognized option|empty option string)/.test(e.message)) throw new UsageError(`--option: ${e.message}`);
      process.stderr.write(`${e.kind === 'parse' ? 'parse template' : 'execute template'}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  process.stdout.write(out);
  return 0;
}
