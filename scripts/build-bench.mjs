// Bundles the benchmark (bench/*.ts) to out/bench/, like the CLI: ESM, node-pty external.
import { build } from 'esbuild';

await build({
  entryPoints: { run: 'bench/run.ts', idleHost: 'bench/idleHost.ts', historyStart: 'bench/historyStart.ts' },
  outdir: 'out/bench',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['node-pty', 'electron', 'playwright-core'],
  banner: { js: "import { createRequire as __hgCreateRequire } from 'node:module'; const require = __hgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
