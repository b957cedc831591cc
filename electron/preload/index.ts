// Exposes the API contract to the renderer as window.hookgate, nothing else.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('hookgate', { version: 1 });
