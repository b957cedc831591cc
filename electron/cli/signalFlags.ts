// Flags shared by `signal` and `run`, and how they become a SignalRequest.
import { parseCondition, type Condition } from '../shared/conditions';
import type { SignalRequest } from '../core/engine/engine';
import { boolFlag, listFlag, parseDuration, stringFlag, UsageError, type FlagSpecs, type ParsedArgs } from './argParser';
import { detectTrigger } from './trigger';
import { HOST_LOST_POLICIES, type HostLostPolicy } from './engineSession';

export const GATE_FLAGS: FlagSpecs = {
  plan: { type: 'string' },
  repo: { type: 'string' },
  task: { type: 'string' },
  paths: { type: 'string', multiple: true },
  trigger: { type: 'string' },
  wait: { type: 'boolean' },
  'max-wait': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  'on-host-lost': { type: 'string' },
  color: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export function conditionArg(text: string | undefined): Condition {
  if (!text) throw new UsageError('missing CONDITION (e.g. snapshot-start or CONDITION_SNAPSHOT_START)');
  const c = parseCondition(text);
  if (!c) throw new UsageError(`unknown condition "${text}" (e.g. snapshot-start, snapshot-end, prune-start, any-error)`);
  return c;
}

export function gateRequest(p: ParsedArgs, condition: Condition): SignalRequest {
  const trigger = stringFlag(p, 'trigger');
  if (trigger !== undefined && trigger !== 'manual' && trigger !== 'scheduled' && trigger !== 'unknown') {
    throw new UsageError(`--trigger: "${trigger}" is not manual, scheduled or unknown`);
  }
  const maxWait = stringFlag(p, 'max-wait');
  if (maxWait !== undefined && !boolFlag(p, 'wait')) throw new UsageError('--max-wait needs --wait');
  return {
    condition,
    plan: stringFlag(p, 'plan'),
    repo: stringFlag(p, 'repo'),
    task: stringFlag(p, 'task'),
    paths: listFlag(p, 'paths').flatMap((s) => s.split(',')).filter(Boolean),
    trigger: trigger ?? detectTrigger(process.env, Boolean(process.stdin.isTTY)),
    wait: boolFlag(p, 'wait'),
    maxWaitMs: maxWait !== undefined ? parseDuration(maxWait, '--max-wait') : undefined,
  };
}

/** --on-host-lost local|skip|fail|proceed (default local: evaluate the gate in this process). */
export function hostLostPolicy(p: ParsedArgs): HostLostPolicy {
  const v = stringFlag(p, 'on-host-lost') ?? 'local';
  if (!(HOST_LOST_POLICIES as readonly string[]).includes(v)) throw new UsageError(`--on-host-lost: "${v}" is not local, skip, fail or proceed`);
  return v as HostLostPolicy;
}
