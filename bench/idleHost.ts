// Child process for the idle-host benchmark: starts a host exactly as `hookgate daemon` does,
// lets it settle, then reports the CPU it used over the idle window and the timers it keeps.
import { startHost } from '../electron/core/host/startHost';
import { hookgatePaths } from '../electron/core/paths';

const windowMs = Number(process.argv[2] ?? 60_000);
const host = await startHost({ paths: hookgatePaths(), version: 'bench' });
// Start-up work (module compilation, the heap's first collections) settles before the window.
await new Promise((r) => setTimeout(r, 10_000));
const before = process.cpuUsage();
await new Promise((r) => setTimeout(r, windowMs));
const used = process.cpuUsage(before);
// The bench's own timer has fired; what is left is the host's.
const resources = process.getActiveResourcesInfo();
const timers = resources.filter((r) => r === 'Timeout').length;
process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000, windowMs, timers, resources })}\n`);
await host.stop();
process.exit(0);
