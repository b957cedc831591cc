// What a transport (socket, WebSocket, Electron IPC) needs from a host: answer a call from the API
// table, and tell about events. EngineHost implements it; transport tests use small fakes.
import type { ApiEvent } from '../../shared/api';

export interface CallContext {
  /** Who calls, for the host's log ("socket client 3 (hookgate signal, pid 4242)"). */
  client: string;
  /**
   * Told the id of the operation a signal starts or continues, as soon as it is known: the
   * transport then streams that operation's events to the caller while the call runs.
   */
  onOperation?: (operationId: string) => void;
  /** Resources a call leaves open for its caller (a wrapped command's log) are tied to this. */
  owner?: object;
}

export type EventListener = (event: ApiEvent, data: unknown) => void;

export interface ApiDispatcher {
  /** Validates `params` against the method's schema and runs it; throws ApiCallError. */
  call(method: string, params: unknown, ctx: CallContext): Promise<unknown>;
  subscribe(listener: EventListener): () => void;
  /** The caller went away: whatever it left open is closed. */
  release(owner: object): void;
}

export type ApiErrorCode = 'unknown-method' | 'bad-params' | 'failed' | 'host-stopping' | 'not-implemented';

/** A call that could not be answered, with the protocol code the transport replies with. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The operation an event belongs to, for streaming a caller's own run to it. */
export function eventOperationId(event: ApiEvent, data: unknown): string | null {
  const d = data as { operationId?: unknown; id?: unknown } | null;
  if (!d || typeof d !== 'object') return null;
  if (event === 'operation') return typeof d.id === 'string' ? d.id : null;
  return typeof d.operationId === 'string' ? d.operationId : null;
}
