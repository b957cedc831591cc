// node-pty is native, and a native module can fail to load: a pty.node built against a newer glibc
// than the machine's (the one built on Debian 12 needs glibc 2.34), or for another architecture.
// Imported statically, that failure would stop the tray app's main module before any tray or window
// exists (Electron then keeps a process with no UI), and the CLI before it could say a word. So it is
// loaded on first use, and a failure becomes an error that says what did not load and why.
import { createRequire } from 'node:module';
import type * as Pty from 'node-pty';

export type PtyModule = typeof Pty;

/** node-pty could not be loaded: every hook fails to start with this message. */
export class PtyUnavailableError extends Error {
  override readonly name = 'PtyUnavailableError';
}

/** "the terminal library hooks run in (node-pty) did not load: <the loader's first line>". */
export function describePtyLoadError(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const first = raw.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return `the terminal library hooks run in (node-pty) did not load: ${first}`;
}

export interface PtyLoader {
  /** node-pty, loaded on the first call; throws PtyUnavailableError (the same one on every call) when it cannot be. */
  load(): PtyModule;
  /** Loads it now; the problem in plain words, or null when it loaded. */
  problem(): string | null;
}

export function createPtyLoader(req: (id: string) => unknown): PtyLoader {
  let loaded: PtyModule | null = null;
  let failure: PtyUnavailableError | null = null;
  const load = (): PtyModule => {
    if (loaded) return loaded;
    if (failure) throw failure;
    try {
      loaded = req('node-pty') as PtyModule;
      return loaded;
    } catch (err) {
      failure = new PtyUnavailableError(describePtyLoadError(err), { cause: err });
      throw failure;
    }
  };
  return {
    load,
    problem: () => {
      try {
        load();
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
}

const defaultLoader = createPtyLoader((id) => createRequire(import.meta.url)(id));

/** node-pty for this process (see createPtyLoader). */
export const loadPty = (): PtyModule => defaultLoader.load();
/** Whether node-pty loads here; the problem in plain words, or null. */
export const ptyLoadProblem = (): string | null => defaultLoader.problem();
