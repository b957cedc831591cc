// Who needs to know at once when a relevant system fact changes (a waiting gate, a guard over a
// running backup) watches here. While anybody watches, the facts source is re-read every few
// seconds, so the CLI's in-process engine reacts without a host's event sources; nobody watching
// costs nothing.
import type { SystemFacts } from '../../shared/systemFacts';
import { relevantChange, type FactKey } from '../system';

/** What the engine reads facts from; refresh and change events make watching possible. */
export interface FactsSource {
  get(): Promise<SystemFacts>;
  /** Reads now, bypassing any cache; emits 'change' when a fact moved. */
  refresh?(): Promise<SystemFacts>;
  on?(event: 'change', listener: (facts: SystemFacts, previous: SystemFacts) => void): () => void;
}

export type FactsWatcher = (changed: FactKey[], facts: SystemFacts) => void;

/** HOOKGATE_FACTS_POLL_MS overrides it (tests flip a fake sysfs file and want a quick answer). */
export const DEFAULT_FACTS_POLL_MS = 5000;

export function factsPollMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.HOOKGATE_FACTS_POLL_MS);
  return Number.isFinite(v) && v >= 50 ? v : DEFAULT_FACTS_POLL_MS;
}

export class FactsWatch {
  private readonly watchers = new Set<FactsWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private offChange: (() => void) | null = null;

  constructor(
    private readonly source: FactsSource,
    private readonly pollMs: number,
    private readonly log: (msg: string) => void,
  ) {}

  /** Whether this source can tell about changes at all (a fixed set of facts cannot). */
  get canWatch(): boolean {
    return typeof this.source.on === 'function';
  }

  /** Calls `watcher` on every change of onAC, online, metered, battery percent or Wi-Fi; returns the unwatch. */
  watch(watcher: FactsWatcher): () => void {
    this.watchers.add(watcher);
    if (this.watchers.size === 1) this.start();
    return () => {
      if (!this.watchers.delete(watcher)) return;
      if (this.watchers.size === 0) this.stop();
    };
  }

  private start(): void {
    if (!this.source.on) return;
    this.offChange = this.source.on('change', (next, prev) => {
      const keys = relevantChange(prev, next);
      if (keys.length === 0) return;
      for (const w of [...this.watchers]) {
        try {
          w(keys, next);
        } catch (err) {
          this.log(`a facts watcher failed: ${(err as Error).message}`);
        }
      }
    });
    const refresh = this.source.refresh?.bind(this.source);
    if (!refresh || this.pollMs <= 0) return;
    // A first read now sets the baseline the next polls compare with.
    const poll = () => void refresh().catch((err: Error) => this.log(`system facts: refresh failed: ${err.message}`));
    poll();
    this.timer = setInterval(poll, this.pollMs);
    // Whoever watches keeps the process alive by its own means (a wait timer, a running command).
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offChange?.();
    this.offChange = null;
  }
}
