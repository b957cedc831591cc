// Runs `hookgate daemon` (the built CLI) as a separate process on a temporary HOOKGATE_HOME and
// XDG_RUNTIME_DIR, and waits until it serves. Tests must stop every daemon in afterEach (stopAll).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, runCli, tempHome } from './cli';

export interface HostEnv {
  HOOKGATE_HOME: string;
  XDG_RUNTIME_DIR: string;
}

/** A temp home and a private runtime folder, as both the daemon and its CLI clients get them. */
export function hostEnv(): HostEnv {
  const home = tempHome('hookgate-host-');
  const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-xdg-'));
  return { HOOKGATE_HOME: home, XDG_RUNTIME_DIR: xdg };
}

export interface Daemon {
  proc: ChildProcess;
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
  socket: string;
  /** A one-time login link (with --web), good for 2 minutes. */
  loginUrl: string | null;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  /** Waits until the log matches. */
  waitForLog(re: RegExp, ms?: number): Promise<string>;
}

const running = new Set<Daemon>();

export async function startDaemon(env: HostEnv, args: string[] = []): Promise<Daemon> {
  const proc = spawn(process.execPath, [CLI, 'daemon', ...args], {
    cwd: ROOT,
    // Discovery ("Find and connect") looks at an empty machine under the temp home, never at this one's files or crontab.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', HOOKGATE_DISCOVERY_ROOT: path.join(env.HOOKGATE_HOME, 'machine'), HOOKGATE_CRONTAB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const waitForLog = async (re: RegExp, ms = 30_000): Promise<string> => {
    const t0 = Date.now();
    for (;;) {
      const m = re.exec(out);
      if (m) return m[1] ?? m[0];
      if (proc.exitCode !== null || Date.now() - t0 > ms) throw new Error(`daemon: no ${re} in its log (exit ${proc.exitCode}):\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const d: Daemon = { proc, pid: proc.pid!, log: () => out, socket: '', loginUrl: null, exited, waitForLog };
  running.add(d);
  d.socket = await waitForLog(/socket: (\S+)/);
  if (args.includes('--web')) {
    // Not on a terminal, the daemon prints its address, not a login link: ask for one, as a user would.
    await waitForLog(/web UI: (\S+)/);
    d.loginUrl = await newLoginUrl(env);
  }
  return d;
}

/** A fresh one-time login link from the running daemon (`hookgate status --login-url`). */
export async function newLoginUrl(env: HostEnv): Promise<string> {
  const r = await runCli(['status', '--login-url'], { env: { ...env } });
  if (r.code !== 0) throw new Error(`hookgate status --login-url: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * What the page a login link opens does: trades the link's token at /v1/login for the session cookie
 * and secret. A WebSocket then needs the cookie, and `webHello(secret)` as its first message.
 */
export async function webLogin(loginUrl: string): Promise<{ cookie: string; secret: string }> {
  const u = new URL(loginUrl);
  const res = await fetch(`${u.origin}/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: u.origin }, body: JSON.stringify({ login: u.searchParams.get('login') }) });
  if (res.status !== 200) throw new Error(`login: HTTP ${res.status}: ${await res.text()}`);
  const { secret } = (await res.json()) as { secret: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, secret };
}

/** The WebSocket's first message: the session secret. */
export function webHello(secret: string): string {
  return JSON.stringify({ v: 1, id: 'hello', type: 'request', method: 'hello', params: { token: secret, client: 'test' } });
}

/** SIGKILL every daemon a test started (and wait for them to be gone). */
export async function stopAll(): Promise<void> {
  for (const d of running) {
    if (d.proc.exitCode === null && d.proc.signalCode === null) d.proc.kill('SIGKILL');
    await d.exited;
  }
  running.clear();
}

/** Polls `fn` until it returns a truthy value. */
export async function eventually<T>(fn: () => T | Promise<T>, ms = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    // An empty list is no more "there" than null: callers filter events that may still be on their way.
    if (v && !(Array.isArray(v) && v.length === 0)) return v as NonNullable<T>;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
