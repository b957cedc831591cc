// Per-plan monitoring without curl templates: a plan's healthchecks-style URL (healthchecks.io or a
// self-hosted one) is pinged as its backups go — `/start` when one proceeds, the URL itself when it
// succeeds, `/fail` with the reason as the body when it fails or ends without a report. A skip pings
// only `/log` (kept in the check's events, never counted as a success): healthchecks then alerts
// when the skips go on longer than the check allows, which is the question a laptop user has.
import { createHash } from 'node:crypto';
import type { OperationRecord, OperationStatus } from '../../shared/history';
import { endedWithoutReport, type OperationPlanFields, type Plan } from '../../shared/plans';
import { formatByteSize } from '../../shared/byteSize';

export type PingKind = 'start' | 'success' | 'fail' | 'log';

export interface Ping {
  kind: PingKind;
  body: string;
}

const MAX_BODY = 10 * 1024;

function kindWord(op: OperationRecord): string {
  return op.kind === 'snapshot' ? 'backup' : op.kind;
}

/**
 * The ping an operation's change calls for, given the status it had before (undefined: first
 * seen); null for none. Only a backup pings start and success: a check that succeeds says nothing
 * about whether the backups run.
 */
export function pingFor(prev: OperationStatus | undefined, op: OperationRecord): Ping | null {
  if (prev === op.status) return null;
  const snapshot = op.kind === 'snapshot';
  switch (op.status) {
    case 'running':
      return snapshot && op.decision === 'proceed' && prev !== undefined ? { kind: 'start', body: `${kindWord(op)} started: ${op.reason}` } : null;
    case 'success':
    case 'warning': {
      const added = (op as OperationPlanFields).dataAdded;
      const parts = [op.snapshotId ? `snapshot ${op.snapshotId}` : '', typeof added === 'number' ? `${formatByteSize(added)} added` : ''].filter(Boolean);
      const text = `${kindWord(op)} ${op.status === 'warning' ? 'finished with warnings' : 'succeeded'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
      return { kind: snapshot ? 'success' : 'log', body: text };
    }
    case 'skipped':
      return { kind: 'log', body: `${kindWord(op)} skipped: ${op.reason || 'a hook said so'}` };
    case 'error':
    case 'failed': {
      const why = endedWithoutReport(op) ? op.reason : op.error || op.reason || `the ${kindWord(op)} failed`;
      return { kind: 'fail', body: why };
    }
    default:
      return null;
  }
}

/** A run id healthchecks accepts (a UUID), the same for every ping of one operation. */
export function runIdFor(operationId: string): string {
  const h = createHash('sha256').update(operationId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `https://hc-ping.com/<uuid>` + `/start` (the URL's own query kept), with the run id. */
export function pingUrl(base: string, kind: PingKind, rid: string): string {
  const u = new URL(base);
  if (kind !== 'success') u.pathname = `${u.pathname.replace(/\/+$/, '')}/${kind}`;
  u.searchParams.set('rid', rid);
  return u.toString();
}

export interface HealthchecksOptions {
  plan: (id: string) => Plan | undefined;
  log: (msg: string) => void;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Waits between attempts (default 1 s, 5 s). */
  retryDelaysMs?: number[];
  fetch?: typeof fetch;
}

export class HealthchecksPinger {
  /** Last status seen of each open operation (dropped when it ends). */
  private readonly seen = new Map<string, OperationStatus>();
  private readonly pending = new Set<Promise<void>>();
  /** Plans whose pings fail: said once, until one gets through. */
  private readonly failing = new Set<string>();
  /** Pings go out in order per plan (a /start must not overtake its /fail). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly opts: HealthchecksOptions) {}

  observe(op: OperationRecord): void {
    const prev = this.seen.get(op.id);
    const open = op.status === 'gating' || op.status === 'waiting' || op.status === 'running';
    if (open) this.seen.set(op.id, op.status);
    else this.seen.delete(op.id);
    const url = this.opts.plan(op.plan)?.healthchecksUrl;
    if (!url) return;
    const ping = pingFor(prev, op);
    if (ping) this.send(op, url, ping);
  }

  /** Pings under way (a CLI process waits for them before it exits). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private send(op: OperationRecord, url: string, ping: Ping): void {
    const prev = this.queues.get(op.plan) ?? Promise.resolve();
    const p = prev.then(() => this.deliver(op, url, ping));
    this.queues.set(op.plan, p);
    this.pending.add(p);
    void p.finally(() => {
      this.pending.delete(p);
      if (this.queues.get(op.plan) === p) this.queues.delete(op.plan);
    });
  }

  private async deliver(op: OperationRecord, url: string, ping: Ping): Promise<void> {
    const target = pingUrl(url, ping.kind, runIdFor(op.id));
    const doFetch = this.opts.fetch ?? fetch;
    const delays = this.opts.retryDelaysMs ?? [1000, 5000];
    let why = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]));
      try {
        const res = await doFetch(target, {
          method: 'POST',
          body: ping.body.slice(0, MAX_BODY),
          headers: { 'content-type': 'text/plain; charset=utf-8', 'user-agent': 'Hookgate' },
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
          redirect: 'follow',
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          if (this.failing.delete(op.plan)) this.opts.log(`plan "${op.plan}": healthchecks pings get through again`);
          return;
        }
        why = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
        // A wrong URL does not get better by asking again.
        if (res.status >= 400 && res.status < 500 && res.status !== 429) break;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        why = e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.cause?.message ?? e.message);
      }
    }
    if (!this.failing.has(op.plan)) this.opts.log(`plan "${op.plan}": the healthchecks ping (${ping.kind}) to ${new URL(url).host} failed: ${why}`);
    this.failing.add(op.plan);
  }
}
