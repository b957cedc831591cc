// Runs in a worker thread (bundled by renderWorker.ts): renders what it is sent and says how it
// ended, so that a template that hung the renderer is seen as a hang, not as a stuck test run.
import { parentPort } from 'node:worker_threads';
import { renderTemplate, TemplateError } from '../../../electron/core/template/index';

export interface RenderRequest {
  id: number;
  text: string;
  data: unknown;
}

export interface RenderReply {
  id: number;
  ok: boolean;
  /** Output length on success. */
  length: number;
  /** The error was a TemplateError (a clear, Go-worded error), not a crash. */
  templateError: boolean;
  name: string;
  message: string;
  ms: number;
}

parentPort!.on('message', (m: RenderRequest) => {
  const t0 = performance.now();
  let reply: RenderReply;
  try {
    const out = renderTemplate(m.text, m.data);
    reply = { id: m.id, ok: true, length: out.length, templateError: false, name: '', message: '', ms: performance.now() - t0 };
  } catch (err) {
    const e = err as Error;
    reply = { id: m.id, ok: false, length: 0, templateError: err instanceof TemplateError, name: e?.name ?? typeof err, message: clip(String(e?.message ?? err)), ms: performance.now() - t0 };
  }
  parentPort!.postMessage(reply);
});

/** Head and tail of a long message: the limit's words come last, after the node's text. */
function clip(s: string): string {
  return s.length <= 600 ? s : `${s.slice(0, 300)}…${s.slice(-300)}`;
}
