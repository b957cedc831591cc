// The tray window in a real browser (headless Debian Chromium through playwright-core) against a
// real `hookgate daemon --web` over a 10,000-operation history: how much JavaScript the first paint
// needs, how soon the plan board shows, and how the page holds up while a hook prints 20 MB (its
// longest main-thread task, its slowest tab switch).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { configSchema } from '../electron/shared/config';
import { round, summarize, type Summary } from './stats';

export const CHROMIUM = '/usr/bin/chromium';

export interface BrowserFigures {
  initialJsBytes: number;
  initialJsFiles: string[];
  board: Summary;
  longestTaskMs: number;
  tabSwitch: Summary;
  tabSwitchMaxMs: number;
  floodBytes: number;
}

const PLANS = ['laptop', 'photos', 'work'];

/** A history of `ops` operations over three plans with mixed outcomes, as the engine writes it. */
function writeHistory(home: string, ops: number): void {
  const logs = path.join(home, 'history', 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const lines: string[] = [];
  const t = Date.now() - ops * 10 * 60_000;
  for (let i = 0; i < ops; i++) {
    const id = `op-${(t + i).toString(36)}-${i.toString(36).padStart(4, '0')}`;
    const startedAt = new Date(t + i * 10 * 60_000).toISOString();
    const endedAt = new Date(t + i * 10 * 60_000 + 90_000).toISOString();
    const plan = PLANS[i % PLANS.length]!;
    const roll = i % 10;
    const base = { type: 'operation', id, kind: 'snapshot', plan, repo: 'nas', task: `backup for plan "${plan}"`, trigger: 'scheduled', command: null, startedAt, attempts: 1, nextAttemptAt: null, exitCode: null };
    lines.push(JSON.stringify({ ...base, endedAt: null, status: 'gating', decision: null, reason: '', snapshotId: null, error: null }));
    const runId = `run-${(t + i).toString(36)}-${i.toString(36).padStart(5, '0')}`;
    const skipped = roll === 3;
    const failed = roll === 7;
    lines.push(
      JSON.stringify({
        type: 'hookRun', id: runId, operationId: id, hookId: 'battery', hookName: 'battery', condition: 'CONDITION_SNAPSHOT_START', attempt: 1, startedAt, endedAt: startedAt, durationMs: 40,
        outcome: skipped ? 'failed' : 'ok', exitCode: skipped ? 1 : 0, signal: null, killedWith: null, reason: skipped ? 'battery at 15 %' : 'power ok', logFile: null, logBytes: 0, logTruncated: false,
      }),
    );
    if (skipped) lines.push(JSON.stringify({ ...base, endedAt, status: 'skipped', decision: 'skip', reason: 'battery at 15 %', snapshotId: null, error: null }));
    else if (failed) lines.push(JSON.stringify({ ...base, endedAt, status: 'error', decision: 'proceed', reason: 'power ok', snapshotId: null, error: 'Fatal: unable to create lock in backend: repository is already locked' }));
    else lines.push(JSON.stringify({ ...base, endedAt, status: 'success', decision: 'proceed', reason: 'power ok', snapshotId: (i * 2654435761).toString(16).padStart(8, '0').slice(-8), error: null }));
  }
  fs.writeFileSync(path.join(home, 'history', 'history.jsonl'), `${lines.join('\n')}\n`);
}

async function startWebDaemon(cli: string, home: string): Promise<{ proc: ChildProcess; url: string; env: NodeJS.ProcessEnv }> {
  const env = { ...process.env, HOOKGATE_HOME: home, XDG_RUNTIME_DIR: path.join(home, 'xdg') };
  fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
  const proc = spawn(process.execPath, [cli, 'daemon', '--web', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  for (let i = 0; i < 600; i++) {
    // Off a terminal the daemon prints its address, not a login link: ask for one, as a user would.
    if (/web UI: (\S+)/.test(out)) return { proc, url: execFileSync(process.execPath, [cli, 'status', '--login-url'], { env, encoding: 'utf8' }).trim(), env };
    if (proc.exitCode !== null) throw new Error(`daemon exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`daemon did not print its web address: ${out}`);
}

/** Collects long tasks and the time the plan board first appears, from the page itself. */
const PAGE_PROBES = `
  window.__hg = { longTasks: [], boardAt: null };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__hg.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver((_, obs) => {
    if (window.__hg.boardAt === null && document.querySelector('[aria-label="backups"] li')) { window.__hg.boardAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

async function tabSwitchMs(page: Page, name: string): Promise<number> {
  // Page code as text: this file is type-checked for Node, without the DOM's types.
  return page.evaluate(`new Promise((resolve) => {
    const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent.startsWith(${JSON.stringify(name)}));
    const t0 = performance.now();
    tab.click();
    // The click's update is applied synchronously (a discrete event); the next frame paints it.
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  })`) as Promise<number>;
}

export async function browserBench(opts: { cli: string; quick: boolean; rendererIndex: string }): Promise<BrowserFigures | null> {
  if (!fs.existsSync(CHROMIUM)) return null;
  if (!fs.existsSync(opts.rendererIndex)) throw new Error(`the window is not built (${opts.rendererIndex}): run npm run build`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-bench-web-'));
  const floodBytes = opts.quick ? 5_000_000 : 20_000_000;
  fs.writeFileSync(
    path.join(home, 'config.json'),
    JSON.stringify(
      configSchema.parse({
        hooks: [{ id: 'flood', name: 'flood', conditions: ['CONDITION_SNAPSHOT_START'], timeoutSec: 600, script: `#!/bin/sh\nyes 'hookgate flood: 0123456789 abcdefghijklmnopqrstuvwxyz \x1b[32mgreen\x1b[0m' | head -c ${floodBytes}\n` }],
      }),
    ),
  );
  writeHistory(home, 10_000);
  const daemon = await startWebDaemon(opts.cli, home);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 420, height: 600 },
  });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_PROBES);
    // Log in (the link sets the session), then measure loads of the page itself on a warm cache.
    await page.goto(daemon.url);
    await page.locator('[aria-label="backups"] li').first().waitFor({ timeout: 60_000 });
    const origin = new URL(page.url()).origin;
    const boardTimes: number[] = [];
    let jsBytes = 0;
    let jsFiles: string[] = [];
    for (let i = 0; i < (opts.quick ? 3 : 7); i++) {
      const loaded: { url: string; bytes: number }[] = [];
      const onResponse = async (r: import('playwright-core').Response) => {
        if (!r.url().endsWith('.js')) return;
        const body = await r.body().catch(() => Buffer.alloc(0));
        loaded.push({ url: r.url(), bytes: body.length });
      };
      page.on('response', onResponse);
      await page.goto(`${origin}/`, { waitUntil: 'commit' });
      // The page records the moment itself; polling from here only waits for it (the CSP forbids eval in the page).
      let at: number | null = null;
      for (const t0 = Date.now(); at === null && Date.now() - t0 < 60_000; ) {
        at = (await page.evaluate('window.__hg ? window.__hg.boardAt : null').catch(() => null)) as number | null;
        if (at === null) await new Promise((r) => setTimeout(r, 25));
      }
      if (at === null) throw new Error('the plan board did not appear within 60 s');
      boardTimes.push(at);
      page.off('response', onResponse);
      if (i === 0) {
        jsBytes = loaded.reduce((n, f) => n + f.bytes, 0);
        jsFiles = loaded.map((f) => `${path.basename(new URL(f.url).pathname)} ${round(f.bytes / 1024, 1)} KB`);
      }
    }

    // A hook prints 20 MB while the window shows it live; the tabs are switched meanwhile.
    await page.evaluate('window.__hg.longTasks = []');
    const signal = spawn(process.execPath, [opts.cli, 'signal', 'snapshot-start', '--plan', 'laptop', '--quiet'], { env: daemon.env, stdio: 'ignore' });
    const ended = new Promise<void>((r) => signal.on('exit', () => r()));
    await page.getByRole('region', { name: 'flood is running' }).waitFor({ timeout: 60_000 });
    const switches: number[] = [];
    const order = ['History', 'Hooks', 'Now', 'Waiting', 'Settings', 'Now'];
    let done = false;
    void ended.then(() => (done = true));
    for (let i = 0; !done || switches.length < order.length; i++) {
      switches.push(await tabSwitchMs(page, order[i % order.length]!));
      await new Promise((r) => setTimeout(r, 150));
      if (switches.length >= 60) break;
    }
    await ended;
    const longTasks = (await page.evaluate('window.__hg.longTasks')) as number[];
    return { initialJsBytes: jsBytes, initialJsFiles: jsFiles, board: summarize(boardTimes), longestTaskMs: Math.max(0, ...longTasks), tabSwitch: summarize(switches), tabSwitchMaxMs: Math.max(...switches), floodBytes };
  } finally {
    await context.close().catch(() => {});
    daemon.proc.kill('SIGTERM');
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
