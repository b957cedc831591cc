// Importing the command hooks of a Backrest `config.json` (proto3 JSON of Backrest's v1.Config):
// repos[].hooks and plans[].hooks, each with its conditions, error behaviour and script, scoped to
// its repo or plan. Notification hooks (Discord, Slack, …) have no Hookgate equivalent and are
// reported as skipped. Importing twice adds nothing the second time.
import type { Config, Hook } from '../../shared/config';
import {
  CONDITION_NUMBERS,
  CONDITIONS,
  ERROR_BEHAVIOUR_NUMBERS,
  ERROR_BEHAVIOURS,
  conditionShortName,
  type Condition,
  type ErrorBehaviour,
} from '../../shared/conditions';
import { checkTemplate } from '../template';
import { ConfigError } from './configError';
import { addHook } from './hooks';

export interface BackrestImportResult {
  config: Config;
  imported: Hook[];
  skipped: { where: string; why: string }[];
}

/** Backrest's non-command actions (proto field json names), as a user would call them. */
const NOTIFICATION_ACTIONS: Record<string, string> = {
  actionWebhook: 'a webhook call',
  actionDiscord: 'a Discord message',
  actionGotify: 'a Gotify notification',
  actionSlack: 'a Slack message',
  actionShoutrrr: 'a Shoutrrr notification',
  actionHealthchecks: 'a Healthchecks ping',
  actionTelegram: 'a Telegram message',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** protojson accepts both the json name (`onError`) and the proto name (`on_error`). */
function field(o: Record<string, unknown>, jsonName: string): unknown {
  if (jsonName in o) return o[jsonName];
  const protoName = jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return o[protoName];
}

function conditionOf(v: unknown): Condition | null {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    const name = (Object.keys(CONDITION_NUMBERS) as (keyof typeof CONDITION_NUMBERS)[]).find((k) => CONDITION_NUMBERS[k] === n);
    return name && name !== 'CONDITION_UNKNOWN' ? name : null;
  }
  return typeof v === 'string' && (CONDITIONS as string[]).includes(v) ? (v as Condition) : null;
}

function behaviourOf(v: unknown): ErrorBehaviour | null {
  if (v === undefined || v === null) return 'ON_ERROR_IGNORE'; // proto3 default: 0
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    return ERROR_BEHAVIOURS.find((b) => ERROR_BEHAVIOUR_NUMBERS[b] === n) ?? null;
  }
  return typeof v === 'string' && (ERROR_BEHAVIOURS as readonly string[]).includes(v) ? (v as ErrorBehaviour) : null;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = [...new Set(a)].sort();
  const sb = [...new Set(b)].sort();
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

function sameHook(h: Hook, scope: Hook['scope'], script: string, conditions: readonly string[]): boolean {
  return h.script === script && sameSet(h.conditions, conditions) && sameSet(h.scope.plans, scope.plans) && sameSet(h.scope.repos, scope.repos);
}

/** `plan`, `Documents (home)`, [SNAPSHOT_START] → `plan-Documents-home-snapshot-start`: letters, digits, `.`, `_`, `-` only. */
function importedName(kind: string, ownerId: string, conditions: Condition[]): string {
  const word = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  const parts = [kind, word(ownerId) || 'unnamed', ...conditions.map((c) => word(conditionShortName(c)))];
  return parts.join('-').slice(0, 180).replace(/-+$/, '');
}

export interface BackrestImportOptions {
  /** A hook whose script is not a valid template comes in disabled (a draft to fix) instead of being left out. */
  keepInvalidTemplates?: boolean;
}

export function importBackrest(json: unknown, existing: Config, opts: BackrestImportOptions = {}): BackrestImportResult {
  if (!isObject(json) || (!Array.isArray(json.repos) && !Array.isArray(json.plans))) {
    throw new ConfigError('not a Backrest config: expected a JSON object with "repos" and/or "plans" (Backrest keeps it in ~/.config/backrest/config.json)');
  }
  let config = existing;
  const imported: Hook[] = [];
  const skipped: BackrestImportResult['skipped'] = [];
  const names = new Set(existing.hooks.map((h) => h.name.trim().toLowerCase()));

  const owners: { kind: 'repo' | 'plan'; list: unknown }[] = [
    { kind: 'repo', list: json.repos },
    { kind: 'plan', list: json.plans },
  ];
  for (const { kind, list } of owners) {
    if (!Array.isArray(list)) continue;
    list.forEach((owner, oi) => {
      const ownerWhere = `${kind}s[${oi}]`;
      if (!isObject(owner)) {
        skipped.push({ where: ownerWhere, why: `not an object` });
        return;
      }
      const hooks = owner.hooks;
      if (hooks === undefined) return;
      const id = typeof owner.id === 'string' ? owner.id : '';
      if (!Array.isArray(hooks)) {
        skipped.push({ where: `${ownerWhere}.hooks`, why: 'not a list' });
        return;
      }
      hooks.forEach((hook, hi) => {
        const at = `${ownerWhere}.hooks[${hi}]`;
        const who = ` (${kind} ${id ? `"${id}"` : 'without id'})`;
        const where = at + who;
        const skip = (why: string) => skipped.push({ where, why });
        if (!id) return skip(`the ${kind} has no id to scope the hook to`);
        if (!isObject(hook)) return skip('not an object');

        const command = field(hook, 'actionCommand');
        if (command === undefined) {
          const action = Object.keys(hook).find((k) => k.startsWith('action'));
          if (!action) return skip('no action: nothing to run');
          const jsonName = action.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
          const what = NOTIFICATION_ACTIONS[jsonName] ?? `an action Hookgate does not know (${action})`;
          return skip(`${what} (${action}), not a command hook; Hookgate runs command hooks only (a command hook with curl can do the same)`);
        }
        const script = isObject(command) ? field(command, 'command') : undefined;
        if (typeof script !== 'string' || script.trim() === '') return skip('a command hook with an empty command');

        const rawConditions = field(hook, 'conditions');
        const conditions: Condition[] = [];
        const unknown: string[] = [];
        for (const c of Array.isArray(rawConditions) ? rawConditions : []) {
          const cond = conditionOf(c);
          if (cond) {
            if (!conditions.includes(cond)) conditions.push(cond);
          } else unknown.push(JSON.stringify(c));
        }
        if (conditions.length === 0) {
          return skip(unknown.length ? `no condition Hookgate knows (${unknown.join(', ')})` : 'no conditions: it would never run');
        }
        const rawBehaviour = field(hook, 'onError');
        const onError = behaviourOf(rawBehaviour);
        if (!onError) return skip(`unknown error behaviour ${JSON.stringify(rawBehaviour)}`);

        // A script that does not parse would skip every backup with a render error: left out, or
        // (keepInvalidTemplates) kept disabled, with the parse error and its line either way.
        const [parseError] = checkTemplate(script, 'hook');
        const parseWhat = parseError ? `the script is not a valid template: line ${parseError.line}, column ${parseError.col}: ${parseError.message.replace(/^template: [^:]*:\d+:(\d+:)? ?/, '')}` : '';
        if (parseError && !opts.keepInvalidTemplates) return skip(`${parseWhat} (fix it in Backrest, or import with --force to keep it disabled)`);

        const scope = kind === 'repo' ? { plans: [], repos: [id] } : { plans: [id], repos: [] };
        const twin = [...config.hooks].find((h) => sameHook(h, scope, script, conditions));
        if (twin) return skip(`already imported as hook "${twin.name}" (${twin.id})`);

        // One word the CLI takes without quoting (plan-documents-snapshot-start), unique among the hooks.
        const base = importedName(kind, id, conditions);
        let name = base;
        for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base}-${n}`;
        names.add(name.toLowerCase());
        // Backrest fires no END after a cancelled START: neither does the imported hook.
        config = addHook(config, { name, conditions, scope, script, onError, enabled: !parseError, alsoAfterSkip: false });
        imported.push(config.hooks[config.hooks.length - 1]!);
        if (parseError) skipped.push({ where, why: `${parseWhat}; imported disabled, as --force asks` });
        if (unknown.length) {
          skipped.push({ where: `${at}.conditions${who}`, why: `left out condition${unknown.length > 1 ? 's' : ''} Hookgate does not know (${unknown.join(', ')}); imported the hook with the others` });
        }
      });
    });
  }
  return { config, imported, skipped };
}
