// The preload as Electron's sandbox runs it: the built CommonJS bundle in a context whose require()
// knows only 'electron' (so a dependency left outside the bundle fails here as it would there),
// exposing exactly `call` and `on` of the API table as window.hookgate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_EVENT_NAMES, ipcChannel, type HookgateApi } from '../../../electron/shared/api';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BUNDLE = path.join(ROOT, 'out/preload/index.cjs');

interface Loaded {
  api: HookgateApi;
  exposed: string[];
  invoked: Array<[string, unknown]>;
  listeners: Map<string, Set<(e: unknown, d: unknown) => void>>;
  reply: { value: unknown };
}

function loadPreload(): Loaded {
  const exposed: string[] = [];
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(e: unknown, d: unknown) => void>>();
  const reply = { value: { ok: true, result: { hooks: [], problems: [] } } as unknown };
  let api: HookgateApi | null = null;
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, value: HookgateApi) {
        exposed.push(key);
        api = value;
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => {
        invoked.push([channel, payload]);
        return reply.value;
      },
      on: (channel: string, l: (e: unknown, d: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      },
      removeListener: (channel: string, l: (e: unknown, d: unknown) => void) => listeners.get(channel)?.delete(l),
    },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name} (a sandboxed preload can only require 'electron')`);
  };
  const module = { exports: {} };
  const code = fs.readFileSync(bundle, 'utf8');
  vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { console, URL, TextEncoder, TextDecoder })(sandboxRequire, module, module.exports);
  return { api: api!, exposed, invoked, listeners, reply };
}

let bundle = BUNDLE;

beforeAll(async () => {
  // `npm test` builds first (electron-vite, the shipped bundle). A lone run of this file bundles the
  // preload the same way (CommonJS, everything but 'electron' inlined) with esbuild, so it does not
  // depend on the renderer building.
  if (fs.existsSync(BUNDLE)) return;
  const { build } = await import('esbuild');
  bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-preload-')), 'index.cjs');
  await build({ entryPoints: [path.join(ROOT, 'electron/preload/index.ts')], outfile: bundle, bundle: true, format: 'cjs', platform: 'node', external: ['electron'], logLevel: 'silent' });
}, 120_000);

describe('the preload in the sandbox', () => {
  it("loads with nothing but 'electron' and exposes only window.hookgate { call, on }", () => {
    const p = loadPreload();
    expect(p.exposed).toEqual(['hookgate']);
    expect(Object.keys(p.api).sort()).toEqual(['call', 'on']);
  });

  it("calls a method on the table's channel and unwraps the reply", async () => {
    const p = loadPreload();
    await expect(p.api.call('hooks.list', {})).resolves.toEqual({ hooks: [], problems: [] });
    expect(p.invoked).toEqual([[ipcChannel('call', 'hooks.list'), {}]]);
  });

  it('turns a refusal into an error with the host message', async () => {
    const p = loadPreload();
    p.reply.value = { ok: false, error: { code: 'bad-params', message: 'hooks.get: id: expected string, got 42' } };
    await expect(p.api.call('hooks.get', { id: 42 } as never)).rejects.toThrow('hooks.get: id: expected string, got 42');
  });

  it('never turns a name outside the table into a channel', async () => {
    const p = loadPreload();
    await expect(p.api.call('shell.openExternal' as never, {} as never)).rejects.toThrow('unknown method "shell.openExternal"');
    await expect(p.api.call('__proto__' as never, {} as never)).rejects.toThrow(/unknown method/);
    expect(() => p.api.on('ipc' as never, () => {})).toThrow('unknown event "ipc"');
    expect(p.invoked).toEqual([]);
  });

  it('subscribes to an event, passes only its data, and unsubscribes', () => {
    const p = loadPreload();
    const seen: unknown[] = [];
    const off = p.api.on('hold', (d) => seen.push(d));
    const channel = ipcChannel('event', 'hold');
    for (const l of p.listeners.get(channel)!) l({ sender: 'ipcRenderer itself' }, { hold: null });
    expect(seen).toEqual([{ hold: null }]);
    off();
    expect(p.listeners.get(channel)!.size).toBe(0);
    for (const e of API_EVENT_NAMES) expect(() => p.api.on(e, () => {})()).not.toThrow();
  });
});
