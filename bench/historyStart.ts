// Child process for the history benchmark: a fresh process opens the host's engine over a large
// history (as a restarted host would) and fetches the newest page.
import { Engine } from '../electron/core/engine/engine';
import { hookgatePaths } from '../electron/core/paths';

const t0 = performance.now();
const engine = await Engine.open({ paths: hookgatePaths() });
const openMs = performance.now() - t0;
const t1 = performance.now();
const page = engine.history.list({ limit: 50 });
const pageMs = performance.now() - t1;
process.stdout.write(`${JSON.stringify({ openMs, pageMs, pageSize: page.length, runsOnPage: page.reduce((n, o) => n + o.hookRuns.length, 0) })}\n`);
await engine.close();
process.exit(0);
