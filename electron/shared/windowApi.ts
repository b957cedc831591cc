// How the API contract reaches a page: `window.hookgate` (the preload in the tray app, the
// WebSocket client under `hookgate daemon --web`), the reply envelope of the Electron IPC transport,
// and the window's address hash the tray app uses to open a run.
import type { HookgateApi } from './api';
import type { ErrorCode } from './protocol';

declare global {
  interface Window {
    /** The API contract (electron/shared/api.ts): `call` a method of the table, `on` an event. */
    hookgate: HookgateApi;
  }
}

/**
 * What an IPC call answers: errors travel as data, because an Error thrown in main reaches the
 * page with Electron's "Error invoking remote method …" wrapped around it and without its code.
 */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: { code: ErrorCode; message: string } };

/** The hash the tray app opens the window at to show one operation (a notification's click). */
export function operationHash(operationId: string): string {
  return `#/history/${encodeURIComponent(operationId)}`;
}

/** The operation id of a `#/history/<id>` hash, or null. */
export function operationIdFromHash(hash: string): string | null {
  const m = /^#\/history\/([^/?#]+)$/.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * Query parameters of the window's address: `window=normal` when the desktop has no tray (then
 * `noTray` says why, for the page to show), else `window=tray`.
 */
export interface WindowQuery {
  window: 'tray' | 'normal';
  noTray?: string;
  /** Something that keeps Hookgate from running hooks (node-pty did not load), for the page to show. */
  problem?: string;
}
