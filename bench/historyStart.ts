// Child process for the history benchmark: a fresh process opens the host's engine over a large
// history (as a restarted host would) and fetches the newest page.
import { Engine } from '../electron/core/engine/engine';
import { hookgatePaths } from '../electron/core/paths';
import { PlanBook } from '../electron/core/plans';

const t0 = performance.now();
const engine = await Engine.open({ paths: hookgatePaths() });
const openMs = performance.now() - t0;
const t1 = performance.now();
const page = engine.history.list({ limit: 50 });
const pageMs = performance.now() - t1;
// plans.list as the host answers it (config and history refreshed, every plan summarised): the
// first call after the start, then the median of repeated ones.
const book = new PlanBook({ config: engine.config, history: engine.history, hold: () => null });
const t2 = performance.now();
const plans = await book.list();
const plansFirstMs = performance.now() - t2;
const again: number[] = [];
for (let i = 0; i < 21; i++) {
  const t = performance.now();
  await book.list();
  again.push(performance.now() - t);
}
again.sort((a, b) => a - b);
const plansMs = again[10]!;
process.stdout.write(
  `${JSON.stringify({ openMs, pageMs, pageSize: page.length, runsOnPage: page.reduce((n, o) => n + o.hookRuns.length, 0), plansFirstMs, plansMs, plans: plans.plans.length })}\n`,
);
await engine.close();
process.exit(0);
