// `npm run bench`: how much the gate adds to a backup. Each figure is measured beside its own
// reference in the same run (ratios, not absolute times: these machines are shared and noisy).
// Writes bench/results.json and bench/RESULTS.md.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { configSchema } from '../electron/shared/config';
import { Engine } from '../electron/core/engine/engine';
import { hookgatePaths } from '../electron/core/paths';
import { SystemFactsProvider } from '../electron/core/system';
import { measureRender } from '../electron/core/template';
import { browserBench } from './browser';
import { interleaved, round, summarize, type Summary } from './stats';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'out/cli/hookgate.js');
const QUICK = process.argv.includes('--quick');
const results: Record<string, unknown> = {};
const rows: string[][] = [];

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-bench-'));
}

function writeConfig(home: string, hooks: object[]): void {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const cfg = configSchema.parse({ hooks: hooks.map((h, i) => ({ id: `h${i}`, name: `hook ${i}`, conditions: ['CONDITION_SNAPSHOT_START'], ...h })) });
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(cfg));
}

function row(name: string, figure: string, reference: string, ratio: string, target: string, met: boolean | null): void {
  rows.push([name, figure, reference, ratio, target, met === null ? '' : met ? 'yes' : 'NO']);
  console.log(`  ${name}: ${figure} vs ${reference} → ${ratio} (target ${target})`);
}

const ms = (s: Summary) => `${round(s.median, 1)} ms (p95 ${round(s.p95, 1)})`;

function ptyExit(file: string, args: string[], onData?: (d: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = pty.spawn(file, args, { cols: 120, rows: 30, cwd: os.tmpdir(), env: process.env as Record<string, string> });
    if (onData) p.onData(onData);
    else p.onData(() => {});
    p.onExit(() => resolve(performance.now() - t0));
  });
}

function timeProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(argv[0]!, argv.slice(1), { env, stdio: 'ignore' });
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
}

// 1. Gate overhead in-process -------------------------------------------------------------------
/** A START decided in-process with one hook running `script`, beside a bare node-pty spawn of the same script. */
async function gateBesideSpawn(script: string, check: (r: Awaited<ReturnType<Engine['signal']>>) => string | null): Promise<{ gate: Summary; ptySpawnFloor: Summary; ratio: number }> {
  const home = tempHome();
  writeConfig(home, [{ script }]);
  const facts = new SystemFactsProvider({ cacheMs: 60_000 });
  await facts.get();
  const engine = await Engine.open({ paths: hookgatePaths(home), facts });
  const file = path.join(home, 'floor.sh');
  fs.writeFileSync(file, `${script}\n`);
  const reps = QUICK ? 10 : 80;
  for (let i = 0; i < 3; i++) {
    await engine.signal({ condition: 'CONDITION_SNAPSHOT_START' });
    await ptyExit('sh', [file]);
  }
  const [gate, floor] = await interleaved(
    reps,
    async () => {
      const t0 = performance.now();
      const problem = check(await engine.signal({ condition: 'CONDITION_SNAPSHOT_START' }));
      if (problem) throw new Error(`bench gate: ${problem}`);
      return performance.now() - t0;
    },
    () => ptyExit('sh', [file]),
  );
  await engine.close();
  facts.close();
  const g = summarize(gate);
  const f = summarize(floor);
  return { gate: g, ptySpawnFloor: f, ratio: g.median / f.median };
}

async function gateOverhead(): Promise<void> {
  const r = await gateBesideSpawn('exit 0', (res) => (res.decision === 'proceed' ? null : `decided ${res.decision}`));
  results.gateOverhead = r;
  row('1. gate, one `exit 0` hook (in-process)', ms(r.gate), `bare node-pty spawn ${ms(r.ptySpawnFloor)}`, `${round(r.ratio)}×`, '≤ 1.25×', r.ratio <= 1.25);
}

// 1b. The same with a hook that prints a line, as most do (informational: no target). The bare spawn
// reports the exit as soon as the terminal hangs up — and so may lose the end of a longer output; the
// gate waits until the output has gone quiet (2 ms and a turn of the event loop).
async function gatePrinting(): Promise<void> {
  const r = await gateBesideSpawn('echo "on AC power"', (res) => (res.reason === 'on AC power' ? null : `reason ${JSON.stringify(res.reason)}`));
  results.gatePrinting = r;
  row('   the same, the hook prints a line (informational)', ms(r.gate), `bare node-pty spawn ${ms(r.ptySpawnFloor)}`, `${round(r.ratio)}×`, '', null);
}

// 2. hookgate signal through a running daemon ---------------------------------------------------
async function startDaemon(home: string): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  const env = { ...process.env, HOOKGATE_HOME: home, XDG_RUNTIME_DIR: path.join(home, 'xdg') };
  fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
  const d = spawn(process.execPath, [CLI, 'daemon'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  d.stdout.on('data', (b) => (out += b));
  d.stderr.on('data', (b) => (out += b));
  for (let i = 0; i < 100; i++) {
    const probe = await new Promise<number | null>((r) => spawn(process.execPath, [CLI, 'status', '--json'], { env, stdio: 'ignore' }).on('exit', r));
    if (probe === 0 && /listening|socket/i.test(out)) break;
    if (d.exitCode !== null) throw new Error(`daemon exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    env,
    stop: () =>
      new Promise((r) => {
        d.on('exit', () => r());
        d.kill('SIGTERM');
      }),
  };
}

async function signalThroughDaemon(): Promise<void> {
  const home = tempHome();
  writeConfig(home, [{ script: 'exit 0' }]);
  const daemon = await startDaemon(home);
  try {
    const reps = QUICK ? 8 : 25;
    const sig = [process.execPath, CLI, 'signal', 'snapshot-start', '--quiet'];
    await timeProcess(sig, daemon.env);
    await timeProcess([process.execPath, '-e', '0'], daemon.env);
    const [s, n] = await interleaved(reps, () => timeProcess(sig, daemon.env), () => timeProcess([process.execPath, '-e', '0'], daemon.env));
    const a = summarize(s);
    const b = summarize(n);
    const ratio = a.median / b.median;
    results.signalThroughDaemon = { signal: a, nodeFloor: b, ratio };
    row('2. `hookgate signal` via daemon, one `exit 0` hook', ms(a), `\`node -e 0\` ${ms(b)}`, `${round(ratio)}×`, '≤ 2×', ratio <= 2);
  } finally {
    await daemon.stop();
  }
}

// 3. Output throughput --------------------------------------------------------------------------
async function throughput(): Promise<void> {
  const mb = QUICK ? 50 : 200;
  const bytes = mb * 1_000_000;
  const cmd = `yes 'hookgate throughput: 0123456789 abcdefghijklmnopqrstuvwxyz' | head -c ${bytes}`;
  const home = tempHome();
  writeConfig(home, [{ script: `${cmd}\n`, timeoutSec: 600 }]);
  const engine = await Engine.open({ paths: hookgatePaths(home) });
  let received = 0;
  engine.on('output', (e) => (received += e.data.length));
  const reps = QUICK ? 1 : 2;
  const engineRuns: number[] = [];
  const floorRuns: number[] = [];
  let peakGrowth = 0;
  for (let i = 0; i < reps; i++) {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    received = 0;
    const t0 = performance.now();
    await engine.signal({ condition: 'CONDITION_SNAPSHOT_START' });
    engineRuns.push(performance.now() - t0);
    clearInterval(sampler);
    peakGrowth = Math.max(peakGrowth, peak - base);
    if (received < bytes * 0.99) throw new Error(`subscriber saw ${received} of ${bytes} bytes`);
    floorRuns.push(await ptyExit('sh', ['-c', cmd]));
  }
  await engine.close();
  const e = summarize(engineRuns);
  const f = summarize(floorRuns);
  const mbps = (t: number) => mb / (t / 1000);
  const ratio = mbps(e.median) / mbps(f.median);
  const growthMb = peakGrowth / 1_048_576;
  results.throughput = { megabytes: mb, engineMBps: mbps(e.median), floorMBps: mbps(f.median), ratio, peakRssGrowthMB: growthMb };
  row(`3. ${mb} MB of hook output → capped log + 1 subscriber`, `${round(mbps(e.median), 1)} MB/s`, `node-pty into nothing ${round(mbps(f.median), 1)} MB/s`, `${round(ratio)}×`, '≥ 0.5×', ratio >= 0.5);
  row('   peak RSS growth of the host during it', `${round(growthMb, 1)} MB`, '', '', '≤ 64 MB', growthMb <= 64);
}

// 4. Idle host ----------------------------------------------------------------------------------
async function idleHost(): Promise<void> {
  const home = tempHome();
  writeConfig(home, [{ script: 'exit 0' }]);
  const windowMs = QUICK ? 10_000 : 60_000;
  const out = execFileSync(process.execPath, [path.join(ROOT, 'out/bench/idleHost.js'), String(windowMs)], {
    env: { ...process.env, HOOKGATE_HOME: home, XDG_RUNTIME_DIR: path.join(home, 'xdg') },
    encoding: 'utf8',
    timeout: windowMs + 60_000,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { cpuMs: number; timers: number; resources: string[] };
  results.idleHost = { windowMs, ...r };
  row(`4. idle host (settled 10 s after start), CPU in ${windowMs / 1000} s`, `${round(r.cpuMs, 1)} ms`, '', '', '≤ 50 ms / 60 s', r.cpuMs <= 50 * (windowMs / 60_000));
  row('   timers it keeps', String(r.timers), '', '', 'few', null);
}

// 5. History ------------------------------------------------------------------------------------
function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const s = dirSize(p);
      bytes += s.bytes;
      files += s.files;
    } else {
      bytes += fs.statSync(p).size;
      files++;
    }
  }
  return { bytes, files };
}

async function history(): Promise<void> {
  const home = tempHome();
  writeConfig(home, []);
  const paths = hookgatePaths(home);
  fs.mkdirSync(paths.logsDir, { recursive: true });
  const ops = 10_000;
  const lines: string[] = [];
  const t = Date.now() - ops * 60_000;
  for (let i = 0; i < ops; i++) {
    const id = `op-${(t + i * 60_000).toString(36)}-${i.toString(36).padStart(4, '0')}`;
    const startedAt = new Date(t + i * 60_000).toISOString();
    const op = { type: 'operation', id, kind: 'snapshot', plan: `plan-${i % 7}`, repo: 'nas', task: 'backup for plan', trigger: 'scheduled', command: null, startedAt, endedAt: null, status: 'gating', decision: null, reason: '', attempts: 1, nextAttemptAt: null, snapshotId: null, error: null, exitCode: null };
    lines.push(JSON.stringify(op));
    for (let k = 0; k < 4; k++) {
      const runId = `run-${(t + i * 60_000 + k).toString(36)}-${(i * 4 + k).toString(36).padStart(5, '0')}`;
      const logFile = `${runId}.log`;
      fs.writeFileSync(path.join(paths.logsDir, logFile), `checking battery… ${i}/${k}\r\nbattery at 80 %\r\n`);
      lines.push(JSON.stringify({ type: 'hookRun', id: runId, operationId: id, hookId: `h${k}`, hookName: `hook ${k}`, condition: k < 2 ? 'CONDITION_SNAPSHOT_START' : k === 2 ? 'CONDITION_SNAPSHOT_SUCCESS' : 'CONDITION_SNAPSHOT_END', attempt: 1, startedAt, endedAt: startedAt, durationMs: 40, outcome: 'ok', exitCode: 0, signal: null, killedWith: null, reason: 'battery at 80 %', logFile, logBytes: 40, logTruncated: false }));
    }
    lines.push(JSON.stringify({ ...op, status: 'success', decision: 'proceed', reason: '2 of 2 hooks passed', endedAt: startedAt }));
  }
  fs.writeFileSync(paths.historyFile, `${lines.join('\n')}\n`);
  const env = { ...process.env, HOOKGATE_HOME: home };
  const start = (): { openMs: number; pageMs: number; plansFirstMs: number; plansMs: number; plans: number } =>
    JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'out/bench/historyStart.js')], { env, encoding: 'utf8' }).trim().split('\n').pop()!);
  // The first start after the history was written by another program reads all of it and saves the
  // index; a host restarting over its own history (the case the target is about) starts from that index.
  const first = start();
  const runs: ReturnType<typeof start>[] = [];
  for (let i = 0; i < (QUICK ? 3 : 7); i++) runs.push(start());
  const open = summarize(runs.map((r) => r.openMs));
  const page = summarize(runs.map((r) => r.pageMs));
  const plansList = summarize(runs.map((r) => r.plansMs));
  const plansFirst = summarize(runs.map((r) => r.plansFirstMs));
  const size = dirSize(paths.historyDir);
  const jsonl = fs.statSync(paths.historyFile).size;
  results.history = { operations: ops, hookRuns: ops * 4, open, firstOpenMs: first.openMs, newestPage: page, plansList, plansListFirst: plansFirst, historyBytes: size.bytes, historyFiles: size.files, jsonlBytes: jsonl };
  row('5. start the engine over 10,000 ops / 40,000 runs', ms(open), '', '', '≤ 300 ms', open.median <= 300);
  row('   the first start, which reads it all and saves the index', `${round(first.openMs, 1)} ms`, '', '', '', null);
  row('   fetch the newest page of 50', ms(page), '', '', '≤ 20 ms', page.median <= 20);
  row(`   plans.list over them (${runs[0]!.plans} plans, summaries kept in the index)`, ms(plansList), `first call after the start ${ms(plansFirst)}`, '', '≤ 20 ms', plansList.median <= 20);
  row('   history folder', `${round(size.bytes / 1_048_576, 1)} MB in ${size.files} files (JSONL ${round(jsonl / 1_048_576, 1)} MB)`, '', '', '', null);
}

// 6. Template render ----------------------------------------------------------------------------
function templateRender(): void {
  const m = measureRender(10_000);
  results.templateRender = m;
  row(`6. render a ${round(m.templateBytes / 1024, 1)} KB template with ${m.actions} actions (parsed once)`, `${round(m.renderMicros, 1)} µs`, `parse once ${round(m.parseMs, 2)} ms`, '', '≪ 1 ms', m.renderMicros < 1000);
}

// 7. The tray window in a browser ----------------------------------------------------------------
async function browserWindow(): Promise<void> {
  const r = await browserBench({ cli: CLI, quick: QUICK, rendererIndex: path.join(ROOT, 'out/renderer/index.html') });
  if (!r) {
    row('7. the tray window in Chromium', 'skipped: no /usr/bin/chromium', '', '', '', null);
    return;
  }
  results.browser = r;
  const kb = r.initialJsBytes / 1024;
  row('7. the window: JavaScript before the plan board (minified)', `${round(kb, 1)} KB in ${r.initialJsFiles.length} files`, '', '', '≤ 350 KB', kb <= 350);
  row('   plan board after navigation, 10,000 operations, warm cache', ms(r.board), '', '', '≤ 300 ms', r.board.median <= 300);
  row(`   longest main-thread task while a hook prints ${r.floodBytes / 1_000_000} MB`, r.longestTaskMs > 0 ? `${round(r.longestTaskMs, 1)} ms` : 'none over 50 ms (the browser reports only those)', '', '', '≤ 100 ms', r.longestTaskMs <= 100);
  row('   slowest tab switch during it', `${round(r.tabSwitchMaxMs, 1)} ms (median ${round(r.tabSwitch.median, 1)} ms of ${r.tabSwitch.n})`, '', '', '≤ 100 ms', r.tabSwitchMaxMs <= 100);
}

async function main(): Promise<void> {
  const machine = { os: `${os.type()} ${os.release()}`, cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, memoryGB: round(os.totalmem() / 2 ** 30, 1), node: process.version, date: new Date().toISOString(), quick: QUICK };
  console.log(`hookgate bench on ${machine.os}, ${machine.cpus}, Node ${machine.node}${QUICK ? ' (quick)' : ''}`);
  // `--only=browser,history` runs some sections (a partial run prints its table but writes no files).
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const sections: [string, () => Promise<void> | void][] = [
    ['gate', gateOverhead],
    ['gate', gatePrinting],
    ['signal', signalThroughDaemon],
    ['throughput', throughput],
    ['idle', idleHost],
    ['history', history],
    ['template', templateRender],
    ['browser', browserWindow],
  ];
  for (const [name, run] of sections) if (!only || only.includes(name)) await run();
  if (only) {
    console.log(`\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\n(a partial run: bench/results.json and bench/RESULTS.md are left as they were)`);
    return;
  }

  const outDir = path.join(ROOT, 'bench');
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify({ machine, results }, null, 2)}\n`);
  const table = [
    '| measurement | figure | reference (same run) | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  fs.writeFileSync(
    path.join(outDir, 'RESULTS.md'),
    `# Benchmark results\n\nGenerated by \`npm run bench\` on ${machine.date.slice(0, 10)}: ${machine.os}, ${machine.cpus}, ${machine.memoryGB} GB, Node ${machine.node}.\n` +
      `Medians of many repetitions (p95 in brackets); each figure is measured beside its reference in the same run.\n\n${table}\n`,
  );
  console.log(`\n${table}\n\nwrote bench/results.json and bench/RESULTS.md`);
}

await main();
