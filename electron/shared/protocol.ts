// The wire envelope the host speaks on its local socket (one JSON object per line) and on its
// WebSocket (one JSON object per message). Plain types and constants only: the CLI's client side
// imports this without paying for zod; the host validates with protocolSchema.ts.

/** Bumped when a message changes incompatibly; a peer speaking another version gets an error. */
export const PROTOCOL_VERSION = 1;

/** Cap on one message from an authenticated client. A hook script may be 4 MiB, JSON-escaped. */
export const MAX_MESSAGE_BYTES = 12 * 1024 * 1024;
/** Cap on the first message (the hello with the token): nothing legitimate is larger. */
export const MAX_HELLO_BYTES = 4096;
/** Cap on one message from the host (history pages and log chunks stay well below it). */
export const MAX_HOST_MESSAGE_BYTES = 64 * 1024 * 1024;
/** How long a fresh connection may take to say hello before it is closed. */
export const HELLO_TIMEOUT_MS = 5000;

/** Transport-level methods, answered by the socket/WebSocket layer itself (not in the API table). */
export const TRANSPORT_METHODS = ['hello', 'subscribe', 'unsubscribe'] as const;
export type TransportMethod = (typeof TRANSPORT_METHODS)[number];

export interface RequestMessage {
  v: typeof PROTOCOL_VERSION;
  id: string | number;
  type: 'request';
  method: string;
  params?: unknown;
  /**
   * Also send this connection the events (hook output, decisions…) of the operation the request
   * starts or continues, while the request runs: how `hookgate signal` streams its own hooks.
   */
  stream?: boolean;
}

export interface ResponseMessage {
  v: typeof PROTOCOL_VERSION;
  id: string | number;
  type: 'response';
  result: unknown;
}

export interface EventMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'event';
  event: string;
  data: unknown;
}

export const ERROR_CODES = [
  /** Not JSON, or not an envelope. */
  'bad-message',
  /** Over the size cap; the connection is closed after this reply. */
  'too-large',
  'wrong-version',
  'unknown-type',
  'unknown-method',
  /** The params do not match the method's schema; the message says where. */
  'bad-params',
  /** No hello yet, or a wrong token. */
  'unauthorized',
  /** The method ran and failed (e.g. no such hook); the message says why. */
  'failed',
  'host-stopping',
  'not-implemented',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorMessage {
  v: typeof PROTOCOL_VERSION;
  /** The request's id, or null when the message had none that could be read. */
  id: string | number | null;
  type: 'error';
  error: { code: ErrorCode; message: string };
}

export type Message = RequestMessage | ResponseMessage | EventMessage | ErrorMessage;

/** hello params: the token from the host's token file, and who is asking (for the host's log). */
export interface HelloParams {
  token: string;
  client?: string;
}

/** The host's answer to hello: who it is. */
export interface HelloResult {
  pid: number;
  since: string;
  version: string;
  protocol: typeof PROTOCOL_VERSION;
}

/** subscribe params: event names to receive (all when omitted). */
export interface SubscribeParams {
  events?: string[];
}

/** One newline-terminated line (the socket's framing). */
export function encodeLine(msg: Message): string {
  return `${JSON.stringify(msg)}\n`;
}

export function errorMessage(id: string | number | null, code: ErrorCode, message: string): ErrorMessage {
  return { v: PROTOCOL_VERSION, id, type: 'error', error: { code, message } };
}

/** A failure reported by the peer, with its protocol code. */
export class RemoteError extends Error {
  override name = 'RemoteError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
