// A host that answers the API table from canned state (validating like the real one) and emits
// events on demand: for shell tests that must not depend on the engine's timing.
import { API_METHODS, isApiMethod, type ApiEvent, type ApiEventData } from '../../../electron/shared/api';
import type { Hold } from '../../../electron/shared/config';
import type { OperationRecord } from '../../../electron/shared/history';
import type { PlanSummary } from '../../../electron/shared/plans';
import { ApiCallError, type ApiDispatcher, type CallContext, type EventListener } from '../../../electron/core/host/apiDispatcher';

export class FakeHost implements ApiDispatcher {
  readonly calls: Array<{ method: string; params: unknown; client: string }> = [];
  readonly released: object[] = [];
  hold: Hold | null = null;
  history: OperationRecord[] = [];
  /** What plans.list answers. */
  plans: PlanSummary[] = [];
  waiting: OperationRecord[] = [];
  stopped = false;
  /** The grace each stop() was given (undefined: the host's default). */
  readonly stopGraces: Array<number | undefined> = [];
  /** When set, stop() waits for it (a hook that takes its time to end). */
  stopGate: Promise<void> | null = null;
  /** When set, the seed's first call (status) waits for it. */
  seedGate: Promise<void> | null = null;
  private readonly listeners = new Set<EventListener>();

  async call(method: string, params: unknown, ctx: CallContext): Promise<unknown> {
    if (!isApiMethod(method)) throw new ApiCallError('unknown-method', `unknown method "${method}"`);
    const parsed = API_METHODS[method].request.safeParse(params);
    if (!parsed.success) throw new ApiCallError('bad-params', `${method}: ${parsed.error.message}`);
    this.calls.push({ method, params, client: ctx.client });
    if (method === 'status' && this.seedGate) await this.seedGate;
    const p = parsed.data as Record<string, unknown>;
    switch (method) {
      case 'status':
        return { host: { pid: 1, since: '', version: '0', socket: '', web: null }, hold: this.hold, waiting: this.waiting.map((o) => ({ operationId: o.id, operation: o })), running: [] };
      case 'history.list':
        return { operations: [...this.history].reverse().map((o) => ({ ...o, hookRuns: [] })), hasMore: false };
      case 'hold.set':
        this.hold = { since: new Date().toISOString(), until: p.until as string | null };
        this.emit('hold', { hold: this.hold });
        return { hold: this.hold };
      case 'hold.resume':
        this.hold = null;
        this.emit('hold', { hold: null });
        return { hold: null };
      case 'hooks.list':
        return { hooks: [], problems: [] };
      case 'plans.list':
        return { plans: this.plans, problems: [] };
      case 'hooks.get':
        throw new ApiCallError('failed', `hooks.get: no hook "${String(p.id)}"`);
      default:
        throw new ApiCallError('not-implemented', `${method}: not in the fake`);
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  release(owner: object): void {
    this.released.push(owner);
  }

  emit<E extends ApiEvent>(event: E, data: ApiEventData<E>): void {
    for (const l of this.listeners) l(event, data);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  async stop(graceMs?: number): Promise<void> {
    this.stopGraces.push(graceMs);
    if (this.stopGate) await this.stopGate;
    this.stopped = true;
  }
}
