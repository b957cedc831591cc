// The API methods the tray window's editor and settings use, on a real EngineHost over a temp
// HOOKGATE_HOME: template.check, template.preview, config.importBackrest, app.settings.*.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../../electron/core/host/engineHost';
import { hookgatePaths } from '../../../electron/core/paths';
import { SystemFactsProvider } from '../../../electron/core/system';

let home: string;
let host: EngineHost;
const ctx = { client: 'test' };

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-editor-api-'));
  // No real probes: every fact unknown, nothing polled.
  const facts = new SystemFactsProvider({ sources: [], logger: () => {} });
  host = await EngineHost.open({ paths: hookgatePaths(home), version: 'test', facts });
});

afterEach(async () => {
  await host.stop(100);
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the editor API', () => {
  it('template.check gives parse errors at their line and the lint for unescaped outside text', async () => {
    expect(await host.call('template.check', { script: '#!/bin/sh\necho ok\n{{ if }}\n' }, ctx)).toEqual({
      errors: [{ line: 3, col: expect.any(Number), message: expect.stringMatching(/missing value for if/) }],
      warnings: [],
      shell: true,
    });
    const linted = (await host.call('template.check', { script: 'echo {{ .Repo.Id }} {{ .ShellEscape .Error }}' }, ctx)) as { warnings: { variable: string; line: number; col: number }[] };
    expect(linted.warnings.map(({ variable, line, col }) => ({ variable, line, col }))).toEqual([{ variable: '.Repo.Id', line: 1, col: 9 }]);
    expect(await host.call('template.check', { script: '#!/usr/bin/env python3\nprint("{{ .Error }}")' }, ctx)).toMatchObject({ warnings: [], shell: false });
  });

  it('template.preview renders for the chosen event with simulated facts', async () => {
    const r = await host.call('template.preview', { script: '{{ .EventName .Event }}: {{ .System.Battery.Percent }} {{ .Error }}', condition: 'snapshot-error', facts: { batteryPercent: 15 }, error: 'disk full' }, ctx);
    expect(r).toEqual({ text: 'snapshot error: 15 disk full', error: null });
  });

  it('config.importBackrest previews without writing, then imports', async () => {
    const backrest = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/backrest/config.json'), 'utf8')) as unknown;
    const preview = (await host.call('config.importBackrest', { config: backrest, apply: false }, ctx)) as { imported: unknown[]; applied: boolean };
    expect(preview.applied).toBe(false);
    expect(preview.imported.length).toBeGreaterThan(0);
    expect(((await host.call('hooks.list', {}, ctx)) as { hooks: unknown[] }).hooks).toHaveLength(0);
    const done = (await host.call('config.importBackrest', { config: backrest, apply: true }, ctx)) as { imported: unknown[]; applied: boolean };
    expect(done.imported).toHaveLength(preview.imported.length);
    expect(((await host.call('hooks.list', {}, ctx)) as { hooks: unknown[] }).hooks).toHaveLength(preview.imported.length);
    await expect(host.call('config.importBackrest', { config: { nothing: 1 }, apply: false }, ctx)).rejects.toThrow(/not a Backrest config/);
  });

  it('app.settings: none under a daemon; the shell lends a provider', async () => {
    expect(await host.call('app.settings.get', {}, ctx)).toEqual({ settings: null });
    await expect(host.call('app.settings.set', { patch: { theme: 'dark' } }, ctx)).rejects.toThrow(/belong to the tray app/);
    let s = { notifications: { onFailure: true, onWaiting: true, onSkip: false, staleAfterDays: null }, startAtLogin: false, theme: 'system' as const };
    host.appSettings = { get: () => s, set: (p) => (s = { ...s, ...p, notifications: { ...s.notifications, ...p.notifications } } as typeof s) };
    expect(await host.call('app.settings.set', { patch: { startAtLogin: true, notifications: { onSkip: true } } }, ctx)).toEqual({
      settings: { notifications: { onFailure: true, onWaiting: true, onSkip: true, staleAfterDays: null }, startAtLogin: true, theme: 'system' },
    });
    await expect(host.call('app.settings.set', { patch: { theme: 'purple' } }, ctx)).rejects.toThrow(/theme/);
  });
});
