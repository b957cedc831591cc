// `hookgate signal` through a host must start fast: its static imports may not reach the engine,
// node-pty, zod or the system-facts readers (they load only when no host runs).
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('the CLI bundle', () => {
  it('loads neither the engine nor node-pty nor zod before it knows whether a host runs', async () => {
    const r = await build({
      absWorkingDir: ROOT,
      entryPoints: { hookgate: 'electron/cli/hookgate.ts' },
      outdir: 'out/.weight-check',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['node-pty', 'electron'],
      define: { __HOOKGATE_VERSION__: '"test"' },
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const outs: Metafile['outputs'] = r.metafile.outputs;
    const chunkOf = (file: string) => Object.keys(outs).find((k) => Object.keys(outs[k]!.inputs).some((i) => i.endsWith(file)))!;
    const loaded = new Set<string>();
    const walk = (k: string) => {
      if (loaded.has(k)) return;
      loaded.add(k);
      for (const imp of outs[k]!.imports) if (imp.kind === 'import-statement' && outs[imp.path]) walk(imp.path);
      for (const imp of outs[k]!.imports) if (imp.kind === 'import-statement' && imp.external) loaded.add(`external:${imp.path}`);
    };
    walk(chunkOf('electron/cli/hookgate.ts'));
    walk(chunkOf('electron/cli/commands/signal.ts'));
    const inputs = [...loaded].flatMap((k) => (k.startsWith('external:') ? [k] : Object.keys(outs[k]!.inputs)));
    expect(inputs.filter((i) => /node_modules\/zod|core\/engine\/engine|core\/runner|core\/system\/|core\/history\/|core\/config\/|node-pty/.test(i))).toEqual([]);
    const bytes = [...loaded].filter((k) => !k.startsWith('external:')).reduce((n, k) => n + outs[k]!.bytes, 0);
    expect(bytes).toBeLessThan(100 * 1024);
  });
});
