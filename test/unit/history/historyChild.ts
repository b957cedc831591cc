// Run as a separate process by the history tests (bundled with esbuild first).
import fs from 'node:fs';import { HistoryStore } from '../../../electron/core/history';
import { hookgatePaths } from '../../../electron/core/paths';
import { engineSettingsSchema } from '../../../electron/shared/config';
import { op, run } from './records';

const [mode, home, tag, n, pauseMs = '0'] = process.argv.slice(2) as [string, string, string, string, string?];

async function main(): Promise<void> {
  if (mode !== 'append' && mode !== 'append-until') throw new Error(`unknown mode ${mode}`);
  // append HOME TAG N [PAUSE_MS]: N operations, each appended twice (gating, then success) with one hook run.
  // append-until HOME TAG STOPFILE: the same until STOPFILE exists; prints how many.
  const store = await HistoryStore.open(hookgatePaths(home), engineSettingsSchema.parse({}), { log: () => {} });
  const until = mode === 'append-until' ? n : null;
  let i = 0;
  for (; until ? !fs.existsSync(until) : i < Number(n); i++) {
    const o = op({ plan: tag, task: `${tag}-${i}` });
    await store.appendOperation(o);
    await store.appendHookRun(run(o));
    await store.appendOperation({ ...o, status: 'success', decision: 'proceed', endedAt: new Date().toISOString() });
    if (Number(pauseMs)) await new Promise((r) => setTimeout(r, Number(pauseMs)));
    if (i === 20) process.stdout.write('started\n');
  }
  process.stdout.write(`appended ${i}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
