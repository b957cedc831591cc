// Guarding a running backup: while the command `hookgate run` wraps is running, its guard hooks
// (START hooks marked guard) run again whenever a relevant fact changes — unplugged from AC, network
// lost or metered — and the first one that now fails stops it. Only Pika Backup does this, and only
// for its own two checks; laptop users otherwise lose a backup to an unplugged charger or a hotspot.
import type { Hook } from '../../shared/config';
import type { Decision, HookRunRecord, OperationRecord } from '../../shared/history';
import type { FactsWatcher } from './factsWatch';

export interface GuardTrip {
  hook: Hook;
  run: HookRunRecord;
  /** skip: CANCEL (or RETRY: a running command cannot wait); fail: FATAL. */
  decision: 'skip' | 'fail';
  reason: string;
  detail: string;
}

export interface GuardHandle {
  /** The guard hooks watching; none means the handle does nothing. */
  readonly hooks: readonly Hook[];
  /** Set once a guard hook stopped the operation. */
  readonly trip: GuardTrip | null;
  /** Resolves with the trip when a guard hook fails; stays pending otherwise. */
  readonly tripped: Promise<GuardTrip>;
  /** Runs the guard hooks now (what a relevant fact change does); resolves with the trip, if any. */
  check(): Promise<GuardTrip | null>;
  /** Stops watching; waits for a guard run in progress. */
  stop(): Promise<void>;
}

interface StoppedBy {
  hook: Hook;
  run: HookRunRecord;
  decision: Exclude<Decision, 'proceed'>;
  detail: string;
}

export interface GuardOptions {
  hooks: Hook[];
  operation: OperationRecord;
  /** Watches relevant fact changes (null: the facts source cannot tell about changes). */
  watch: ((w: FactsWatcher) => () => void) | null;
  /** Runs the guard hooks once, recorded under the operation; the first failing one that is not IGNORE, if any. */
  runHooks: () => Promise<StoppedBy | null>;
  log: (msg: string) => void;
  onEnd: () => void;
}

export class Guard implements GuardHandle {
  trip: GuardTrip | null = null;
  readonly tripped: Promise<GuardTrip>;
  private resolveTrip!: (t: GuardTrip) => void;
  private unwatch: (() => void) | null = null;
  private running: Promise<GuardTrip | null> | null = null;
  /** A change arrived while the hooks ran: run them once more with the newer facts. */
  private again = false;
  private stopped = false;

  constructor(private readonly o: GuardOptions) {
    this.tripped = new Promise((resolve) => (this.resolveTrip = resolve));
  }

  get hooks(): readonly Hook[] {
    return this.o.hooks;
  }

  start(): void {
    if (this.o.hooks.length === 0) return;
    if (!this.o.watch) {
      this.o.log('guard hooks cannot watch: the system facts source tells about no changes');
      return;
    }
    this.unwatch = this.o.watch((keys) => {
      this.o.log(`system facts changed (${keys.join(', ')}); running guard hooks again`);
      void this.check();
    });
  }

  check(): Promise<GuardTrip | null> {
    if (this.stopped || this.trip) return Promise.resolve(this.trip);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const stopped = await this.o.runHooks();
          if (stopped) {
            this.tripWith(stopped);
            break;
          }
        } while (this.again && !this.stopped);
      } catch (err) {
        this.o.log(`guard hooks could not run: ${(err as Error).message}`);
      } finally {
        this.running = null;
      }
      return this.trip;
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = null;
    await this.running;
    this.o.onEnd();
  }

  private tripWith(s: StoppedBy): void {
    const decision = s.decision === 'fail' ? 'fail' : 'skip';
    const reason = s.run.reason || `hook "${s.hook.name}" ${s.run.outcome}`;
    const detail = s.decision === 'wait' ? `${s.detail} (a running command cannot wait: stopped as skip)` : s.detail;
    this.trip = { hook: s.hook, run: s.run, decision, reason, detail };
    this.unwatch?.();
    this.unwatch = null;
    this.o.log(`guard hook "${s.hook.name}" stops the running command: ${reason}`);
    this.resolveTrip(this.trip);
  }
}
