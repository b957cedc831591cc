// Bundles the `hookgate` CLI to out/cli/hookgate.js. Each command is its own chunk, loaded on
// demand, so the client path of `hookgate signal` stays small. node-pty stays external (native).
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { hookgate: 'electron/cli/hookgate.ts' },
  outdir: 'out/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['node-pty', 'electron'],
  chunkNames: 'chunks/[name]-[hash]',
  define: { __HOOKGATE_VERSION__: JSON.stringify(pkg.version) },
  // ESM bundles of CommonJS dependencies need a require() of their own.
  banner: { js: "import { createRequire as __hgCreateRequire } from 'node:module'; const require = __hgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync('out/cli/hookgate.js', 0o755);
