// The host layer's public face: the engine's host (tray app and daemon alike), its transports
// (local socket, web server), and where a host can be found.
export { EngineHost, type EngineHostOptions } from './engineHost';
export { startHost, readHostInfo, describeHost, HostAlreadyRunningError, type RunningHost, type RunningHostInfo, type StartHostOptions } from './startHost';
export { hostLocation, ensurePrivateDir, type HostLocation } from './hostLocation';
export { HostSocketServer, probeSocket } from './socketServer';
export { HostWebServer, SESSION_COOKIE, WS_PATH } from './webServer';
export { ClientSession, type SessionTransport } from './clientSession';
export { ApiCallError, type ApiDispatcher, type ApiErrorCode, type CallContext, type EventListener } from './apiDispatcher';
export { readTokenFile } from './hostToken';
