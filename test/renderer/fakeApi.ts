// A HookgateApi for component tests: answers calls from a table of handlers, records them, and
// lets a test emit host events.
import type { ApiEvent, ApiEventData, ApiMethod, ApiRequest, ApiResponse, HookgateApi } from '../../electron/shared/api';
import type { HookRunRecord, OperationRecord } from '../../electron/shared/history';

type Handlers = { [M in ApiMethod]?: (p: ApiRequest<M>) => ApiResponse<M> | Promise<ApiResponse<M>> };

export interface FakeApi extends HookgateApi {
  calls: { method: ApiMethod; params: unknown }[];
  emit<E extends ApiEvent>(event: E, data: ApiEventData<E>): void;
}

export function fakeApi(handlers: Handlers): FakeApi {
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    call<M extends ApiMethod>(method: M, params: ApiRequest<M>): Promise<ApiResponse<M>> {
      calls.push({ method, params });
      const h = handlers[method] as ((p: ApiRequest<M>) => ApiResponse<M>) | undefined;
      if (!h) return Promise.reject(new Error(`${method}: not in this test`));
      return Promise.resolve().then(() => h(params));
    },
    on<E extends ApiEvent>(event: E, listener: (data: ApiEventData<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (d: unknown) => void);
      return () => set.delete(listener as (d: unknown) => void);
    },
    emit(event, data) {
      for (const l of listeners.get(event) ?? []) l(data);
    },
  };
}

export function operation(over: Partial<OperationRecord> = {}): OperationRecord {
  return {
    type: 'operation', id: 'op-1', kind: 'snapshot', plan: 'laptop', repo: 'nas', task: 'backup for plan "laptop"', trigger: 'scheduled', command: null,
    startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: new Date(Date.now() - 58_000).toISOString(), status: 'skipped', decision: 'skip',
    reason: 'battery at 15 %', attempts: 1, nextAttemptAt: null, snapshotId: null, error: null, exitCode: null, ...over,
  };
}

export function hookRun(over: Partial<HookRunRecord> = {}): HookRunRecord {
  return {
    type: 'hookRun', id: 'run-1', operationId: 'op-1', hookId: 'battery', hookName: 'battery', condition: 'CONDITION_SNAPSHOT_START', attempt: 1,
    startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: new Date(Date.now() - 59_000).toISOString(), durationMs: 1000, outcome: 'failed',
    exitCode: 1, signal: null, killedWith: null, reason: 'battery at 15 %', logFile: 'run-1.log', logBytes: 20, logTruncated: false, ...over,
  };
}

export const noStatus = () => ({ host: { pid: 1, since: '', version: '0', socket: '', web: null }, hold: null, waiting: [], running: [] });

/** A plan's summary as plans.list answers it. */
export function planSummary(id: string, over: Record<string, unknown> = {}): import('../../electron/shared/plans').PlanSummary {
  return {
    plan: { id, name: id, tool: 'other', source: null, connection: null, staleAfterSec: null, maxDurationSec: 21600, healthchecksUrl: null, origin: 'signal', createdAt: null },
    status: 'never-run',
    reason: '',
    lastAttempt: null,
    lastSuccess: null,
    nextRun: null,
    hooks: [],
    operations: 0,
    ...over,
  } as never;
}
