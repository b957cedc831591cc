// The tray window end to end: the built renderer in headless Chromium, served by a real
// `hookgate daemon --web` with the real engine on a temp HOOKGATE_HOME; signals sent by the real CLI
// from a shell. Screenshots of each view go to test-artifacts/.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers/cli';
import { hostEnv, startDaemon, stopAll, type Daemon, type HostEnv } from '../helpers/daemon';
import { ARTIFACTS, CHROMIUM, ensureRendererBuilt, launchChromium } from './chromium';

const haveChromium = fs.existsSync(CHROMIUM);

let env: HostEnv;
let daemon: Daemon;
let page: Page;
let closeBrowser: () => Promise<void> = async () => {};
const children: ChildProcess[] = [];

const cliEnv = () => ({ ...env });

/** `hookgate signal …` from a shell, as a backup tool would send it (through the daemon). */
function signal(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn('/bin/sh', ['-c', `exec "$0" "$@"`, process.execPath, CLI, 'signal', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out }))) };
}

async function addHook(name: string, script: string, flags: string[]): Promise<string> {
  const r = await runCli(['hooks', 'add', '--name', name, '--script', '-', ...flags], { env: cliEnv(), input: script });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

async function removeAllHooks(): Promise<void> {
  const r = await runCli(['hooks', 'list', '--json'], { env: cliEnv() });
  for (const h of JSON.parse(r.stdout) as { id: string }[]) await runCli(['hooks', 'remove', h.id], { env: cliEnv() });
}

async function shot(name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `tray-${name}.png`) });
}

const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });

describe.skipIf(!haveChromium)('the tray window in a real browser against hookgate daemon --web', () => {
  beforeAll(async () => {
    ensureRendererBuilt();
    env = hostEnv();
    daemon = await startDaemon(env, ['--web', '--port', '0']);
    const b = await launchChromium('light');
    closeBrowser = b.close;
    page = await b.context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(daemon.loginUrl!);
    await page.getByRole('tablist').waitFor({ timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await closeBrowser();
    await stopAll();
  });

  it('adds a hook from the gallery, edits it, and Test with battery 15 % shows the skip decision and live output', async () => {
    await tab('Gallery').click();
    await page.getByRole('button', { name: 'Add Battery above threshold' }).waitFor();
    await shot('gallery');
    await page.getByRole('button', { name: 'Add Battery above threshold' }).click();
    // The added hook opens in the editor.
    const script = page.getByRole('textbox', { name: 'Script' });
    await script.waitFor();
    await shot('gallery-added-editor');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Battery 40 %');
    await page.getByRole('radio', { name: /^cancel/ }).check();
    // Parse errors appear at their line as the script is typed, and go away when fixed.
    const original = await script.inputValue();
    await script.fill(`${original}\n{{ if }}\n`);
    const problems = page.getByRole('list', { name: 'script problems' });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/Line \d+: .*missing value for if/);
    await script.fill(`${original}\necho "plan {{ .Plan.Id }}"\n`);
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/\.Plan\.Id is a plan name from outside/);
    await script.fill(original.replace(/\n?$/, '\necho "tested for {{ .ShellEscape .Plan.Id }}"\n'));
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/no unescaped outside text/);

    await page.getByText('Test with simulated facts').click();
    await page.getByRole('textbox', { name: 'Battery percent' }).fill('15');
    await page.getByRole('combobox', { name: 'On AC' }).selectOption('no');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const decision = page.getByTestId('test-decision');
    await expect.poll(() => decision.textContent(), { timeout: 30_000 }).toMatch(/Would skip: .*battery at 15 %/);
    const terminal = page.getByRole('log', { name: 'test output' });
    await expect.poll(() => terminal.textContent(), { timeout: 10_000 }).toMatch(/battery at 15 %/);
    await terminal.scrollIntoViewIfNeeded();
    await shot('editor-test');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit Battery 40 %' }).waitFor();
    const saved = JSON.parse((await runCli(['hooks', 'list', '--json'], { env: cliEnv() })).stdout) as { name: string; onError: string; script: string }[];
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ name: 'Battery 40 %', onError: 'ON_ERROR_CANCEL' });
    expect(saved[0]!.script).toContain('{{ .ShellEscape .Plan.Id }}');
    await shot('hooks');
    await removeAllHooks();
  });

  it('a hookgate signal sent from a shell appears live: output, countdown, then the decision in plain words', async () => {
    await addHook('mount', '#!/bin/sh\nprintf "\\033[1;34mmounting\\033[0m /mnt/backup\\n"\nfor i in 1 2 3 4 5 6 7 8; do printf "waiting %s\\r" $i; sleep 0.25; done\necho\necho "not mounted: /mnt/backup"\nexit 1\n', ['--condition', 'snapshot-start', '--on-error', 'fatal', '--timeout', '90']);
    await tab('Now').click();
    const s = signal(['snapshot-start', '--plan', 'laptop', '--repo', 'nas']);
    const running = page.getByRole('region', { name: 'mount is running' });
    await running.waitFor({ timeout: 30_000 });
    await expect.poll(() => running.getByRole('log').textContent(), { timeout: 10_000 }).toMatch(/mounting \/mnt\/backup/);
    await expect.poll(() => running.textContent()).toMatch(/timeout in 1 min|timeout in \d+ s/);
    await expect.poll(() => running.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    await shot('now-running');
    const r = await s.done;
    expect(r.code).toBe(1); // borgmatic preset: fail = 1
    await expect.poll(() => page.getByTestId('latest-decision').textContent(), { timeout: 10_000 }).toMatch(/^Failed: .*not mounted: \/mnt\/backup/);
    await expect.poll(() => page.getByRole('region', { name: 'latest operation' }).textContent()).toMatch(/mount.*exited 1/);
    await shot('now');
    await removeAllHooks();
  });

  it('Cancel stops a running hook', async () => {
    await addHook(
      'check repository',
      '#!/bin/sh\nprintf "\\033[1mrestic\\033[0m check of \\033[36mnas\\033[0m\\n"\nfor p in 10 40 70 100; do printf "\\r[%-20s] %3s%%" "$(printf "%*s" $((p / 5)) "" | tr " " "#")" $p; sleep 0.2; done\nprintf "\\n\\033[32mno errors were found\\033[0m\\nwaiting for the lock…\\n"\nsleep 60\n',
      ['--condition', 'snapshot-start', '--on-error', 'cancel', '--timeout', '120'],
    );
    const s = signal(['snapshot-start', '--plan', 'laptop']);
    const running = page.getByRole('region', { name: 'check repository is running' });
    await running.waitFor({ timeout: 30_000 });
    await expect.poll(() => running.getByRole('log').textContent(), { timeout: 10_000 }).toMatch(/waiting for the lock/);
    await shot('now-running-after-failure');
    await running.getByRole('button', { name: 'Cancel' }).click();
    const r = await s.done;
    expect(r.code).toBe(75); // a cancelled CANCEL hook skips (borgmatic's soft code)
    await expect.poll(() => page.getByRole('region', { name: 'latest operation' }).textContent(), { timeout: 10_000 }).toMatch(/cancelled/);
    await removeAllHooks();
  });

  it('a waiting gate is resolved with Run now', async () => {
    await addHook('retry', '#!/bin/sh\necho "repository busy, try later"\nexit 1\n', ['--condition', 'snapshot-start', '--on-error', 'retry-10minutes']);
    const s = signal(['snapshot-start', '--wait', '--plan', 'work', '--repo', 'cloud']);
    await expect.poll(() => tab('Waiting').textContent(), { timeout: 15_000 }).toMatch(/Waiting1/);
    await tab('Waiting').click();
    const gate = page.getByRole('listitem', { name: /waiting: snapshot · work → cloud/ });
    await expect.poll(() => gate.textContent()).toMatch(/repository busy, try later/);
    await expect.poll(() => gate.textContent()).toMatch(/Next attempt in (9|10) min/);
    await shot('waiting');
    await gate.getByRole('button', { name: 'Run now' }).click();
    const r = await s.done;
    expect(r.code).toBe(0);
    await expect.poll(() => page.getByText('No backup is waiting.').isVisible()).toBe(true);
    await removeAllHooks();
  });

  it('History: operations newest first, filters, an operation opens its runs and a run its full log', async () => {
    await tab('History').click();
    const ops = page.getByRole('list', { name: 'operations' });
    await expect.poll(() => ops.locator(':scope > li').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => ops.locator(':scope > li').first().textContent()).toMatch(/work → cloud/);
    await page.getByRole('combobox', { name: 'Filter by decision' }).selectOption('fail');
    await expect.poll(async () => (await ops.locator(':scope > li').allTextContents()).join('|')).toMatch(/^[^|]*laptop → nas[^|]*Failed[^|]*$/);
    await ops.locator(':scope > li').first().getByRole('button').first().click();
    await page.getByRole('button', { name: /mount: exited 1, open its log/ }).click();
    const log = page.getByRole('log', { name: 'log of mount' });
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toMatch(/mounting \/mnt\/backup.*not mounted: \/mnt\/backup/);
    await shot('history');
    await page.getByRole('combobox', { name: 'Filter by decision' }).selectOption('');
  });

  it('Settings: hold and resume', async () => {
    await tab('Settings').click();
    await page.getByRole('button', { name: 'Until resumed' }).click();
    await expect.poll(() => page.getByText('On hold until resumed.').isVisible()).toBe(true);
    await shot('settings');
    const status = await runCli(['status', '--json'], { env: cliEnv() });
    expect(JSON.parse(status.stdout).hold).toMatchObject({ until: null });
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByRole('button', { name: '1 hour' }).isVisible()).toBe(true);
  });

  it('Settings: import from Backrest — file picker, preview of what will be imported, confirm', async () => {
    await tab('Settings').click();
    await page.getByLabel('Backrest config.json').setInputFiles(path.join(ROOT, 'test/fixtures/backrest/config.json'));
    const preview = page.getByRole('region', { name: 'import preview' });
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toMatch(/From config\.json: \d+ hooks? to import/);
    const count = Number(/(\d+) hooks? to import/.exec((await preview.textContent()) ?? '')![1]);
    expect(JSON.parse((await runCli(['hooks', 'list', '--json'], { env: cliEnv() })).stdout)).toHaveLength(0);
    await preview.scrollIntoViewIfNeeded();
    await shot('settings-import-preview');
    await preview.getByRole('button', { name: `Import ${count}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported' }).textContent()).toMatch(new RegExp(`Imported ${count} hook`));
    expect(JSON.parse((await runCli(['hooks', 'list', '--json'], { env: cliEnv() })).stdout)).toHaveLength(count);
    // The OS's dark theme, as a user with a dark desktop sees the window.
    await page.emulateMedia({ colorScheme: 'dark' });
    await tab('Hooks').click();
    await page.getByRole('list', { name: 'hooks in run order' }).waitFor();
    await shot('hooks-dark');
    await tab('History').click();
    // The first page of operations (none when this test runs alone).
    await page.locator('.history-item, .empty').first().waitFor();
    await shot('history-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await removeAllHooks();
  });

  it('a hook printing 50 MB does not make the page unresponsive', async () => {
    await addHook('flood', '#!/bin/sh\nyes "$(printf "\\033[32m%s\\033[0m %s" "flood" "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")" | head -c 52428800\necho\necho "flood done"\n', ['--condition', 'snapshot-start', '--timeout', '300']);
    await tab('Now').click();
    // Longest main-thread task (Long Tasks API) and longest gap between animation frames, from now on.
    // (Page code as text: this file is type-checked for Node, without the DOM's types.)
    await page.evaluate(`(() => {
      window.__longest = 0;
      window.__gap = 0;
      window.__stop = false;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const frame = (t) => {
        window.__gap = Math.max(window.__gap, t - last);
        last = t;
        if (!window.__stop) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })()`);
    const t0 = Date.now();
    const s = signal(['snapshot-start', '--quiet', '--plan', 'flood']);
    await page.getByRole('region', { name: 'flood is running' }).waitFor({ timeout: 60_000 });
    // While it floods, the page still answers: a click on another tab and back is handled.
    await tab('Hooks').click();
    await page.getByRole('button', { name: 'Edit flood' }).waitFor({ timeout: 60_000 });
    await tab('Now').click();
    const r = await s.done;
    expect(r.code).toBe(0);
    const seconds = (Date.now() - t0) / 1000;
    await expect.poll(() => page.getByTestId('latest-decision').textContent(), { timeout: 30_000 }).toMatch(/flood done|Running|Done/);
    const m = (await page.evaluate(`(() => {
      window.__stop = true;
      return { longest: window.__longest, gap: window.__gap, heapMB: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null };
    })()`)) as { longest: number; gap: number; heapMB: number | null };
    console.log(`50 MB of hook output in ${seconds.toFixed(1)} s: longest main-thread task ${m.longest.toFixed(0)} ms, longest gap between frames ${m.gap.toFixed(0)} ms, JS heap ${m.heapMB?.toFixed(0) ?? '?'} MB`);
    // No timing assertion beyond a sanity bound: a frozen page would be seconds.
    expect(m.longest).toBeLessThan(5000);
    if (m.heapMB !== null) expect(m.heapMB).toBeLessThan(400);
    await removeAllHooks();
  }, 240_000);
});
