// Temporary HOOKGATE_HOME + XDG_RUNTIME_DIR pairs for fault cases, a config writer that goes through
// the real schema, and `hookgate signal --json` run as a backup tool would run it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema, type HookInput } from '../../../electron/shared/config';
import { runCli, type CliResult } from '../../helpers/cli';
import type { HostEnv } from '../../helpers/daemon';

const made: string[] = [];

/** A fresh home and runtime folder (removed by removeHomes). */
export function faultEnv(prefix = 'hookgate-fault-'): HostEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const xdg = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}xdg-`));
  made.push(home, xdg);
  return { HOOKGATE_HOME: home, XDG_RUNTIME_DIR: xdg };
}

export function removeHomes(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Writes config.json with these hooks and settings, validated by the real schema. */
export function writeConfig(home: string, hooks: Partial<HookInput>[], settings: Record<string, unknown> = {}): void {
  const config = configSchema.parse({
    hooks: hooks.map((h, i) => ({ id: h.id ?? `hook${i + 1}`, name: h.name ?? h.id ?? `hook ${i + 1}`, conditions: ['CONDITION_SNAPSHOT_START'], script: 'exit 0', ...h })),
    settings,
  });
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config, null, 2));
}

export interface SignalJson {
  decision: string;
  reason: string;
  detail: string;
  exitCode: number;
  operationId: string;
  hookRuns: { id: string; outcome: string; durationMs: number; exitCode: number | null; signal: string | null; killedWith: string | null; reason: string; logFile: string | null; logBytes: number }[];
}

export interface SignalRun {
  cli: CliResult;
  ms: number;
  /** The --json result, or null when stdout was not one. */
  json: SignalJson | null;
}

/** `hookgate signal CONDITION --json ARGS…`; `local` keeps it off any host (HOOKGATE_NO_HOST=1). */
export async function signalJson(env: HostEnv, condition: string, args: string[] = [], opts: { local?: boolean; timeoutMs?: number; extraEnv?: Record<string, string> } = {}): Promise<SignalRun> {
  const t0 = Date.now();
  const cli = await runCli(['signal', condition, '--json', ...args], {
    env: { ...env, ...(opts.local ? { HOOKGATE_NO_HOST: '1' } : {}), ...opts.extraEnv },
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  const ms = Date.now() - t0;
  let json: SignalJson | null = null;
  try {
    json = JSON.parse(cli.stdout) as SignalJson;
  } catch {
    json = null;
  }
  return { cli, ms, json };
}
