// An engine on a temp HOOKGATE_HOME whose system facts the test sets: a real SystemFactsProvider
// reading one source the test can change (as if the OS had), with real ptys for the hooks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../electron/core/engine/engine';
import { hookgatePaths } from '../../electron/core/paths';
import { SystemFactsProvider, type FactsPatch, type FactSource } from '../../electron/core/system';
import type { HookInput } from '../../electron/shared/config';
import { writeHooks } from './hooks';

/** Every fact unknown until the test says otherwise. */
export class SettableFacts implements FactSource {
  readonly name = 'test facts';
  readonly provides = ['batteryPercent', 'batteryCharging', 'batteryPresent', 'onAC', 'online', 'metered', 'wifiSSID', 'hostname'] as const;
  patch: FactsPatch = {};
  async read(): Promise<FactsPatch> {
    return { ...this.patch };
  }
}

export interface FactsEngine {
  engine: Engine;
  facts: SettableFacts;
  provider: SystemFactsProvider;
  home: string;
  close(): Promise<void>;
}

export async function openFactsEngine(hooks: Partial<HookInput>[] = [], opts: { factsPollMs?: number; patch?: FactsPatch } = {}): Promise<FactsEngine> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-facts-'));
  writeHooks(home, hooks);
  const facts = new SettableFacts();
  facts.patch = { ...opts.patch };
  const provider = new SystemFactsProvider({ sources: [facts], cacheMs: 0 });
  const engine = await Engine.open({ paths: hookgatePaths(home), facts: provider, factsPollMs: opts.factsPollMs ?? 100, defaultCwd: home });
  return {
    engine,
    facts,
    provider,
    home,
    close: async () => {
      await engine.close();
      provider.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
