// The Electron IPC transport of the API table: one `ipcMain.handle` per method of the table, each
// payload validated against the method's request schema here, before it reaches the engine, and
// every engine event forwarded to the window on its own channel. Generated from the same table as
// the socket and WebSocket transports, so the three cannot drift.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_METHOD_NAMES, API_METHODS, ipcChannel, type ApiMethod } from '../shared/api';
import type { ErrorCode } from '../shared/protocol';
import type { IpcReply } from '../shared/windowApi';
import { describeIssue } from '../core/config';
import { ApiCallError, type ApiDispatcher } from '../core/host/apiDispatcher';

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: ApiDispatcher;
  /** Only our own window's pages may call: not a navigated-away page, not a frame inside it. */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  log?: (msg: string) => void;
}

function refuse(code: ErrorCode, message: string): IpcReply {
  return { ok: false, error: { code, message } };
}

/** Registers a handler per API method; returns the function that removes them all. */
export function bindApiToIpc(o: IpcBindingOptions): () => void {
  const log = o.log ?? (() => {});
  const owners = new WeakSet<WebContents>();
  const invoke = async (method: ApiMethod, event: IpcMainInvokeEvent, params: unknown): Promise<IpcReply> => {
    if (!o.isTrustedSender(event)) {
      const from = event.senderFrame?.url ?? `webContents ${event.sender?.id}`;
      log(`refused ${method} from an untrusted page (${from})`);
      return refuse('unauthorized', `${method}: refused a call from an untrusted page (${from})`);
    }
    const parsed = API_METHODS[method].request.safeParse(params);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => describeIssue(i, params)).join('; ');
      log(`refused ${method} from the window: ${why}`);
      return refuse('bad-params', `${method}: ${why}`);
    }
    const sender = event.sender;
    if (!owners.has(sender)) {
      owners.add(sender);
      // What a page left open (a wrapped command's log) is closed when the page goes away.
      sender.once('destroyed', () => o.dispatcher.release(sender));
    }
    try {
      // The host validates again against the same schema (it serves other transports too), so it
      // gets the payload as sent: a schema's transforms are not assumed to accept their own output.
      const result = await o.dispatcher.call(method, params, { client: `tray window (webContents ${sender.id})`, owner: sender });
      return { ok: true, result };
    } catch (err) {
      if (err instanceof ApiCallError) return refuse(err.code, err.message);
      return refuse('failed', `${method}: ${(err as Error)?.message ?? String(err)}`);
    }
  };
  for (const method of API_METHOD_NAMES) {
    o.ipcMain.handle(ipcChannel('call', method), (event, params: unknown) => invoke(method, event, params));
  }
  return () => {
    for (const method of API_METHOD_NAMES) o.ipcMain.removeHandler(ipcChannel('call', method));
  };
}

/** Sends every engine event to the window that `target` names (none while there is no window). */
export function forwardEventsToWindow(dispatcher: Pick<ApiDispatcher, 'subscribe'>, target: () => WebContents | null): () => void {
  return dispatcher.subscribe((event, data) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(ipcChannel('event', event), data);
  });
}
