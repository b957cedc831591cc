// Exposes the API contract to the renderer as window.hookgate, nothing else: `call` for the
// methods of the API table and `on` for its events, each on the IPC channel the table names.
// No ipcRenderer, no Node, no other channel reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannel, isApiEvent, isApiMethod, type HookgateApi } from '../shared/api';
import type { IpcReply } from '../shared/windowApi';

const api: HookgateApi = {
  async call(method, params) {
    // The page may pass anything: a name outside the table never becomes a channel.
    if (typeof method !== 'string' || !isApiMethod(method)) throw new Error(`hookgate.call: unknown method "${String(method)}"`);
    const reply = (await ipcRenderer.invoke(ipcChannel('call', method), params)) as IpcReply;
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result as never;
  },
  on(event, listener) {
    if (typeof event !== 'string' || !isApiEvent(event)) throw new Error(`hookgate.on: unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new Error(`hookgate.on(${event}): the listener is not a function`);
    const channel = ipcChannel('event', event);
    // Only the data is passed on: the IPC event object would hand the page `sender` (ipcRenderer).
    const handler = (_e: IpcRendererEvent, data: unknown) => listener(data as never);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};

contextBridge.exposeInMainWorld('hookgate', api);
