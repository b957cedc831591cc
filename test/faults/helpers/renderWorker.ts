// The template renderer in a worker thread with a watchdog: a render that does not answer in time
// is a hang (the worker is ended and replaced), which an in-process call could never report.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { ROOT } from '../../helpers/cli';
import type { RenderReply } from './templateWorker';

export class RenderWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  hangs = 0;

  private constructor(private readonly bundle: string) {}

  /** Bundles the worker (TypeScript, the template engine) once into test-artifacts. */
  static async start(): Promise<RenderWorker> {
    const bundle = path.join(ROOT, 'test-artifacts/faults-build/templateWorker.mjs');
    await build({ entryPoints: [path.join(import.meta.dirname, 'templateWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'error' });
    return new RenderWorker(bundle);
  }

  /** Renders `text` over JSON `data`; resolves 'hang' when it takes longer than `timeoutMs`. */
  render(text: string, data: unknown, timeoutMs: number): Promise<RenderReply | 'hang'> {
    this.worker ??= new Worker(this.bundle);
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (r: RenderReply): void => {
        if (r.id !== id) return;
        done();
        resolve(r);
      };
      const onError = (err: Error): void => {
        done();
        this.worker = null;
        reject(new Error(`the renderer's worker crashed: ${err.message}`));
      };
      const timer = setTimeout(() => {
        done();
        this.hangs++;
        this.worker = null;
        void worker.terminate();
        resolve('hang');
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, text, data });
    });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
