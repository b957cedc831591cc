// Logout and shutdown. Windows ends the session without before-quit or will-quit (a window's
// 'session-end' is all the app hears); on Linux and macOS powerMonitor's 'shutdown' is the signal,
// and only a handler that calls preventDefault makes Electron take logind's delay lock so the system
// waits. Either way: stop the host (running hooks cancelled, their records closed, history flushed)
// within a limit the system will wait for, then quit.

/** logind lets a delay lock hold a shutdown for InhibitDelayMaxSec, 5 s by default: finish before that. */
export const SESSION_END_LIMIT_MS = 4000;
/** How long calls in flight get before their hooks are cancelled (a normal quit gives them 3 s). */
export const SESSION_END_GRACE_MS = 1000;

export interface SessionEndDeps {
  /** Stops the shell and host, giving calls in flight `graceMs`. */
  stop: (graceMs: number) => Promise<void>;
  /** Quits the app once stopped (or once the limit has passed). */
  quit: () => void;
  limitMs?: number;
  graceMs?: number;
  log?: (msg: string) => void;
}

/**
 * Returns the handler for both events: `why` is what the user did ("the system is shutting down",
 * "the Windows session is ending"); `event` is powerMonitor's, whose default (no delay) is prevented.
 * Called again while it runs, it does nothing; the promise settles once it has quit.
 */
export function sessionEndHandler(d: SessionEndDeps): (why: string, event?: { preventDefault(): void }) => Promise<void> {
  const limitMs = d.limitMs ?? SESSION_END_LIMIT_MS;
  const log = d.log ?? (() => {});
  let ending: Promise<void> | null = null;
  return (why, event) => {
    event?.preventDefault();
    ending ??= (async () => {
      log(`${why}: stopping running hooks and saving the history (at most ${Math.round(limitMs / 1000)} s)`);
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        d.stop(d.graceMs ?? SESSION_END_GRACE_MS).then(
          () => true,
          (err: unknown) => {
            log(`${why}: stopping: ${(err as Error).message}`);
            return true;
          },
        ),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limitMs))),
      ]);
      clearTimeout(timer);
      if (!stopped) log(`${why}: not stopped within ${Math.round(limitMs / 1000)} s; quitting anyway`);
      d.quit();
    })();
    return ending;
  };
}
