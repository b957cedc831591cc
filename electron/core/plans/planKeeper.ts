// Every plan a signal names becomes a plan in the config (tool `other`, named as its id), so a
// backup wired by hand shows up, can be renamed and given expectations like a connected one.
import type { ConfigStore } from '../config';
import { addPlanFromSignal } from './planConfig';

export class PlanKeeper {
  /** Plan ids being added (one write each, however many operations arrive meanwhile). */
  private readonly adding = new Map<string, Promise<void>>();
  private failing = false;

  constructor(
    private readonly config: ConfigStore,
    private readonly log: (msg: string) => void,
  ) {}

  /** Adds plan `id` to the config unless it is there; never throws (a plan only the history knows still shows). */
  ensure(id: string): void {
    if (this.adding.has(id) || this.config.config.plans.some((p) => p.id === id)) return;
    // A config that has problems is not rewritten behind the user's back (a save would move it aside).
    if (this.config.problems.length > 0) return;
    const done = this.config
      .update((c) => addPlanFromSignal(c, id, new Date()))
      .then(
        () => {
          if (this.failing) this.log(`plans can be added to ${this.config.file} again`);
          this.failing = false;
        },
        (err: Error) => {
          if (!this.failing) this.log(`plan "${id}" could not be added to ${this.config.file}: ${err.message}; it still shows from the history`);
          this.failing = true;
        },
      )
      .finally(() => this.adding.delete(id));
    this.adding.set(id, done);
  }

  /** Waits for the additions under way (a CLI process about to exit). */
  async settled(): Promise<void> {
    await Promise.all([...this.adding.values()]);
  }
}
