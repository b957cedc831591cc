// Run as a separate process by the history tests (bundled with esbuild first).
import { HistoryStore } from '../../../electron/core/history';
import { hookgatePaths } from '../../../electron/core/paths';
import { engineSettingsSchema } from '../../../electron/shared/config';
import { op, run } from './records';

const [mode, home, tag, n, pauseMs = '0'] = process.argv.slice(2) as [string, string, string, string, string?];

async function main(): Promise<void> {
  if (mode !== 'append') throw new Error(`unknown mode ${mode}`);
  // append HOME TAG N [PAUSE_MS]: N operations, each appended twice (gating, then success) with one hook run.
  const store = await HistoryStore.open(hookgatePaths(home), engineSettingsSchema.parse({}), { log: () => {} });
  for (let i = 0; i < Number(n); i++) {
    const o = op({ plan: tag, task: `${tag}-${i}` });
    await store.appendOperation(o);
    await store.appendHookRun(run(o));
    await store.appendOperation({ ...o, status: 'success', decision: 'proceed', endedAt: new Date().toISOString() });
    if (Number(pauseMs)) await new Promise((r) => setTimeout(r, Number(pauseMs)));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
