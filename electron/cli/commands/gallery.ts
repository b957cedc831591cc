// `hookgate gallery`: the ready hooks of the tray window's gallery, for machines without the window —
// list them, show one's script and settings, add one with its settings (they become the hook's env).
import { ConfigError, ConfigStore, LockError, addHook, freeHookName, hookNamed } from '../../core/config';
import { GalleryError, galleryItem, galleryItems, galleryPlatform, hookFromGallery } from '../../core/gallery';
import { hookgatePaths } from '../../core/paths';
import { conditionShortName, errorBehaviourShortName, type Condition, type ErrorBehaviour } from '../../shared/conditions';
import type { Hook } from '../../shared/config';
import { galleryPlatformSchema, type GalleryItem, type GalleryPlatform } from '../../shared/gallery';
import { boolFlag, listFlag, parseArgs, stringFlag, UsageError, type FlagSpecs } from '../argParser';

const HELP = `usage: hookgate gallery [SUBCOMMAND]

  list [--platform linux|darwin|win32] [--json]     the ready hooks and their settings
  show ID [--platform P] [--json]                   one of them: what it does, settings, script
  add ID [--set NAME=VALUE]… [--name NAME]          add it (for this machine), named ID unless --name says
                                                    otherwise (names are unique); prints the new hook's id

Settings (MIN_PERCENT, ALLOWED_SSIDS, HC_URL, …) become the hook's environment variables; change
them later with "hookgate hooks edit ID --env NAME=VALUE". Try a hook with "hookgate test ID
--simulate battery=15,ac=0".
`;

const FLAGS: FlagSpecs = {
  platform: { type: 'string' },
  json: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export default async function gallery(argv: string[]): Promise<number> {
  const p = parseArgs(argv, FLAGS, { command: 'hookgate gallery' });
  if (boolFlag(p, 'help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const [sub = 'list', ...rest] = p.positionals;
  const platform = platformFlag(stringFlag(p, 'platform'));
  try {
    switch (sub) {
      case 'list': {
        if (rest.length) throw new UsageError(`hookgate gallery list: unexpected "${rest[0]}"`);
        const items = galleryItems(platform);
        if (boolFlag(p, 'json')) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        else process.stdout.write(items.map(summary).join('\n'));
        return 0;
      }
      case 'show': {
        const item = galleryItem(one(rest, 'show'), platform);
        if (boolFlag(p, 'json')) process.stdout.write(`${JSON.stringify(item, null, 2)}\n`);
        else process.stdout.write(`${summary(item)}\n${item.script}`);
        return 0;
      }
      case 'add': {
        const id = one(rest, 'add');
        if (stringFlag(p, 'platform') !== undefined) throw new UsageError('hookgate gallery add: --platform is not for add (a hook is added for this machine)');
        const hook = hookFromGallery(id, { params: settings(listFlag(p, 'set')), name: stringFlag(p, 'name') });
        const store = await ConfigStore.load(hookgatePaths());
        let added!: Hook;
        await store.update((c) => {
          const owner = hookNamed(c, String(hook.name));
          if (owner) {
            const other = freeHookName(c, String(hook.name));
            throw new GalleryError(`a hook named "${owner.name}" already exists (${owner.id}): give this one another name, e.g. hookgate gallery add ${id} --name ${/^[\w.-]+$/.test(other) ? other : `"${other}"`}`);
          }
          const next = addHook(c, hook);
          added = next.hooks[next.hooks.length - 1]!;
          return next;
        });
        process.stdout.write(`${added.id}\n`);
        return 0;
      }
      default:
        throw new UsageError(`hookgate gallery: unknown subcommand "${sub}" (list, show, add)`);
    }
  } catch (err) {
    // A wrong id or setting is bad input: one line, exit 2, as for other verbs.
    if (err instanceof GalleryError) {
      process.stderr.write(`hookgate gallery: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof LockError) {
      process.stderr.write(`hookgate gallery: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function platformFlag(text: string | undefined): GalleryPlatform {
  if (text === undefined) return galleryPlatform(process.platform);
  const r = galleryPlatformSchema.safeParse(text);
  if (!r.success) throw new UsageError(`hookgate gallery: --platform: "${text}" is not linux, darwin or win32`);
  return r.data;
}

function one(rest: string[], sub: string): string {
  if (rest.length !== 1) throw new UsageError(`hookgate gallery ${sub}: one ID expected (see "hookgate gallery list")`);
  return rest[0]!;
}

/** `--set NAME=VALUE`, repeatable. */
function settings(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`hookgate gallery add: --set "${pair}": expected NAME=VALUE`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function summary(item: GalleryItem): string {
  const when = item.conditions.map((c) => conditionShortName(c as Condition)).join(', ');
  const lines = [`${item.id.padEnd(13)} ${item.name} — ${item.description}`, `${''.padEnd(13)} ${when}, on error ${errorBehaviourShortName(item.onError as ErrorBehaviour)}${item.guard ? ', guard' : ''}`];
  for (const s of item.params) lines.push(`${''.padEnd(13)} --set ${s.name}=${s.default === '' ? '…' : s.default}${s.required ? '' : ' (optional)'}  ${s.description}`);
  return `${lines.join('\n')}\n`;
}
