// Starts a host the way both the tray app and `hookgate daemon` need it: one per user and
// HOOKGATE_HOME (a second one is told who runs), the engine, the local socket with a fresh token,
// and optionally the web server. stop() undoes all of it in order.
import fs from 'node:fs';
import { PROTOCOL_VERSION, type HelloResult } from '../../shared/protocol';
import { withFileLock } from '../config';
import type { HookgatePaths } from '../paths';
import { EngineHost } from './engineHost';
import { hostLocation, type HostLocation } from './hostLocation';
import { newToken, writeTokenFile } from './hostToken';
import { HostSocketServer, probeSocket } from './socketServer';
import { HostWebServer } from './webServer';

export interface StartHostOptions {
  paths: HookgatePaths;
  version: string;
  log?: (msg: string) => void;
  /** Serve the UI and the API over HTTP/WebSocket on 127.0.0.1. */
  web?: { port: number; staticDir: string | null } | null;
  env?: NodeJS.ProcessEnv;
}

/** What host.json records about the running host. */
export interface RunningHostInfo {
  pid: number;
  since: string;
  version: string;
  socket: string;
  web: string | null;
}

/** Another host already serves this user and home. */
export class HostAlreadyRunningError extends Error {
  override name = 'HostAlreadyRunningError';
  constructor(
    message: string,
    readonly running: RunningHostInfo | null,
  ) {
    super(message);
  }
}

export interface RunningHost {
  host: EngineHost;
  location: HostLocation;
  web: HostWebServer | null;
  /** Stops; calls in flight get `graceMs` (the host's default when not given) before hooks are cancelled. */
  stop(graceMs?: number): Promise<void>;
}

export function readHostInfo(file: string): RunningHostInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as RunningHostInfo;
    return typeof v.pid === 'number' && typeof v.socket === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function describeHost(info: RunningHostInfo | null, socket: string): string {
  return info ? `pid ${info.pid}, since ${info.since} (socket ${info.socket}${info.web ? `, web ${info.web}` : ''})` : `unknown process (socket ${socket})`;
}

export async function startHost(o: StartHostOptions): Promise<RunningHost> {
  const log = o.log ?? (() => {});
  const location = hostLocation(o.paths, o.env);
  fs.mkdirSync(o.paths.home, { recursive: true, mode: 0o700 });

  // The check and the bind happen under a lock: two hosts starting at once cannot both win.
  const { host, socket, token } = await withFileLock(location.startLock, async () => {
    const previous = readHostInfo(location.infoFile);
    // A host started with another XDG_RUNTIME_DIR listens elsewhere; host.json says where.
    if (previous && previous.socket !== location.socket && (await probeSocket(previous.socket)).state === 'listening') {
      throw new HostAlreadyRunningError(`a Hookgate host already runs for ${o.paths.home}: ${describeHost(previous, previous.socket)}`, previous);
    }
    const probe = await probeSocket(location.socket);
    if (probe.state === 'listening') {
      throw new HostAlreadyRunningError(`a Hookgate host already runs for ${o.paths.home}: ${describeHost(previous, location.socket)}`, previous);
    }
    if (probe.state === 'stale') log(`replacing a stale socket left by a host that is gone: ${describeHost(previous, location.socket)}`);

    const token = newToken();
    writeTokenFile(location.tokenFile, token);
    const host = await EngineHost.open({ paths: o.paths, version: o.version, log });
    const hello = (): HelloResult => ({ pid: process.pid, since: host.since, version: o.version, protocol: PROTOCOL_VERSION });
    let socket: HostSocketServer;
    try {
      socket = await HostSocketServer.listen({ socket: location.socket, socketDir: location.socketDir, dispatcher: host, token, hello, log });
    } catch (err) {
      await host.stop(0);
      throw new Error(`cannot listen on ${location.socket}: ${(err as Error).message}`, { cause: err });
    }
    host.info.socket = location.socket;
    return { host, socket, token };
  });

  let web: HostWebServer | null = null;
  if (o.web) {
    try {
      web = await HostWebServer.listen({
        port: o.web.port,
        staticDir: o.web.staticDir,
        dispatcher: host,
        token,
        hello: () => ({ pid: process.pid, since: host.since, version: o.version, protocol: PROTOCOL_VERSION }),
        log,
      });
      host.info.web = web.origin;
      const w = web;
      host.loginUrl = () => w.newLoginUrl();
    } catch (err) {
      await host.stop(0);
      await socket.close();
      throw new Error(`cannot serve the web UI on 127.0.0.1:${o.web.port}: ${(err as Error).message}`, { cause: err });
    }
  }

  const info: RunningHostInfo = { pid: process.pid, since: host.since, version: o.version, socket: location.socket, web: web?.origin ?? null };
  writeInfoFile(location.infoFile, info);

  let stopping: Promise<void> | null = null;
  const stop = (graceMs?: number) =>
    (stopping ??= (async () => {
      await web?.close();
      // Calls still running get their answers over the open connections before these close.
      await host.stop(graceMs);
      await socket.close();
      if (readHostInfo(location.infoFile)?.pid === process.pid) fs.rmSync(location.infoFile, { force: true });
    })());
  return { host, location, web, stop };
}

function writeInfoFile(file: string, info: RunningHostInfo): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
