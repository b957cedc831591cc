import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBackrest } from '../../../electron/core/config';
import { emptyConfig } from '../../../electron/shared/config';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/backrest/config.json');
const backrest = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;

describe('importing a Backrest config.json', () => {
  it('imports every command hook of repos and plans with the same conditions, behaviour and script, scoped to its repo or plan', () => {
    const { config, imported } = importBackrest(backrest, emptyConfig());
    expect(config.hooks).toEqual(imported);
    const summary = imported.map((h) => ({ name: h.name, conditions: h.conditions, onError: h.onError, scope: h.scope }));
    expect(summary).toEqual([
      {
        name: 'repo-b2-offsite-snapshot-start-prune-start-check-start',
        conditions: ['CONDITION_SNAPSHOT_START', 'CONDITION_PRUNE_START', 'CONDITION_CHECK_START'],
        onError: 'ON_ERROR_CANCEL',
        scope: { plans: [], repos: ['b2-offsite'] },
      },
      // numeric enums: condition 2 and 300, behaviour 100
      {
        name: 'repo-usb-disk-snapshot-start-forget-start',
        conditions: ['CONDITION_SNAPSHOT_START', 'CONDITION_FORGET_START'],
        onError: 'ON_ERROR_RETRY_1MINUTE',
        scope: { plans: [], repos: ['usb-disk'] },
      },
      { name: 'plan-documents-snapshot-start', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', scope: { plans: ['documents'], repos: [] } },
      // no onError: proto3's default, IGNORE
      { name: 'plan-documents-snapshot-end', conditions: ['CONDITION_SNAPSHOT_END'], onError: 'ON_ERROR_IGNORE', scope: { plans: ['documents'], repos: [] } },
      // onError 2 = FATAL
      { name: 'plan-photos-snapshot-start', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_FATAL', scope: { plans: ['photos'], repos: [] } },
      { name: 'plan-photos-snapshot-start-2', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_RETRY_EXPONENTIAL_BACKOFF', scope: { plans: ['photos'], repos: [] } },
    ]);
    // The script is Backrest's command, byte for byte (templates included).
    const plans = backrest.plans as { hooks: { actionCommand?: { command: string } }[] }[];
    expect(imported[3]!.script).toBe(plans[0]!.hooks[1]!.actionCommand!.command);
    expect(imported[3]!.script).toContain('{{ if .Error -}}');
    expect(imported.every((h) => h.enabled && h.timeoutSec === 120)).toBe(true);
  });

  it('skips notification hooks (Discord, Healthchecks, Gotify) and says where and why', () => {
    const { skipped } = importBackrest(backrest, emptyConfig());
    expect(skipped).toEqual([
      { where: 'repos[0].hooks[1] (repo "b2-offsite")', why: expect.stringMatching(/^a Discord message \(actionDiscord\), not a command hook; Hookgate runs command hooks only/) },
      { where: 'plans[0].hooks[2] (plan "documents")', why: expect.stringMatching(/^a Healthchecks ping \(actionHealthchecks\), not a command hook/) },
      { where: 'plans[1].hooks[1] (plan "photos")', why: expect.stringMatching(/^a Gotify notification \(actionGotify\), not a command hook/) },
    ]);
  });

  it('importing again adds nothing and says each hook was already imported', () => {
    const first = importBackrest(backrest, emptyConfig());
    const again = importBackrest(backrest, first.config);
    expect(again.imported).toEqual([]);
    expect(again.config.hooks).toHaveLength(first.config.hooks.length);
    const already = again.skipped.filter((s) => s.why.startsWith('already imported as hook'));
    expect(already).toHaveLength(6);
    expect(already[0]!.why).toBe(`already imported as hook "${first.imported[0]!.name}" (${first.imported[0]!.id})`);
  });

  it('accepts proto field names (on_error, action_command) and reports unknown conditions and behaviours', () => {
    const json = {
      plans: [
        {
          id: 'p',
          hooks: [
            { conditions: ['CONDITION_SNAPSHOT_START', 'CONDITION_FROM_THE_FUTURE'], action_command: { command: 'true' }, on_error: 'ON_ERROR_CANCEL' },
            { conditions: ['CONDITION_FROM_THE_FUTURE'], actionCommand: { command: 'true' } },
            { conditions: ['CONDITION_SNAPSHOT_END'], actionCommand: { command: 'true' }, onError: 'ON_ERROR_SOMETHING_NEW' },
            { conditions: ['CONDITION_SNAPSHOT_END'], actionCommand: { command: '   ' } },
            { conditions: ['CONDITION_SNAPSHOT_END'], actionTelegram: { botToken: 'x', chatId: 'y' } },
          ],
        },
        { hooks: [{ conditions: [2], actionCommand: { command: 'true' } }] },
      ],
    };
    const { imported, skipped } = importBackrest(json, emptyConfig());
    expect(imported.map((h) => [h.conditions, h.onError])).toEqual([[['CONDITION_SNAPSHOT_START'], 'ON_ERROR_CANCEL']]);
    expect(skipped.map((s) => `${s.where}: ${s.why}`)).toEqual([
      'plans[0].hooks[0].conditions (plan "p"): left out condition Hookgate does not know ("CONDITION_FROM_THE_FUTURE"); imported the hook with the others',
      'plans[0].hooks[1] (plan "p"): no condition Hookgate knows ("CONDITION_FROM_THE_FUTURE")',
      'plans[0].hooks[2] (plan "p"): unknown error behaviour "ON_ERROR_SOMETHING_NEW"',
      'plans[0].hooks[3] (plan "p"): a command hook with an empty command',
      expect.stringMatching(/^plans\[0\]\.hooks\[4\] \(plan "p"\): a Telegram message \(actionTelegram\)/),
      'plans[1].hooks[0] (plan without id): the plan has no id to scope the hook to',
    ]);
  });

  it('refuses something that is not a Backrest config', () => {
    expect(() => importBackrest([], emptyConfig())).toThrow(/not a Backrest config/);
    expect(() => importBackrest({ hooks: [] }, emptyConfig())).toThrow(/not a Backrest config/);
  });
});
