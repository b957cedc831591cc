// The plans as a host (or the CLI's in-process engine) answers about them: plans.list, plans.get,
// plans.set over the config store and the history's per-plan figures.
import type { Hold } from '../../shared/config';
import type { Plan, PlanPatch, PlanSummary } from '../../shared/plans';
import type { ConfigStore } from '../config';
import type { HistoryStore } from '../history';
import { PlanLookupError, resolvePlanId, setPlan } from './planConfig';
import { planSummaries, planSummary, type SummaryContext } from './planSummary';
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkExportDir, prometheusText, PROMETHEUS_FILE, writeTextfile } from './prometheusExport';

export interface PlanBookOptions {
  config: ConfigStore;
  history: HistoryStore;
  /** The hold in force now. */
  hold: () => Hold | null;
  /** The next run of a plan where its tool says. */
  nextRun?: SummaryContext['nextRun'];
}

export class PlanBook {
  constructor(private readonly opts: PlanBookOptions) {}

  /** Every plan, fresh from the files (another process may have signalled or edited). */
  async list(now = new Date()): Promise<{ plans: PlanSummary[]; problems: string[] }> {
    await this.refresh();
    return { plans: planSummaries(this.context(now)), problems: this.opts.config.problems };
  }

  /** One plan by id or display name; throws a PlanLookupError naming what there is. */
  async get(idOrName: string, now = new Date()): Promise<PlanSummary> {
    await this.refresh();
    const ctx = this.context(now);
    const id = this.resolve(idOrName);
    const s = id === null ? null : planSummary(id, ctx);
    if (!s) throw this.notFound(idOrName);
    return s;
  }

  /**
   * Changes a plan's settings; a plan the history knows but the config does not (or a new id) is
   * added. A display name finds a plan too, but never creates one.
   */
  async set(idOrName: string, patch: PlanPatch, now = new Date()): Promise<{ plan: Plan; created: boolean }> {
    await this.opts.history.refresh();
    let result: { plan: Plan; created: boolean } | null = null;
    await this.opts.config.update((c) => {
      const id = this.resolve(idOrName, c.plans) ?? idOrName;
      const fromHistory = this.opts.history.planStats().some((s) => s.plan === id);
      const r = setPlan(c, id, patch, { origin: fromHistory ? 'signal' : 'user', now });
      result = { plan: r.plan, created: r.created };
      return r.config;
    });
    return result!;
  }

  /**
   * Starts (an absolute folder) or stops (null) the Prometheus textfile export. Starting writes the
   * file at once, so a folder that cannot take it is said now; stopping removes the file.
   */
  async setExport(dir: string | null): Promise<{ prometheusDir: string | null; file: string | null }> {
    if (dir !== null) {
      const problem = await checkExportDir(dir);
      if (problem) throw new PlanLookupError(`cannot export to ${problem}`);
    }
    await this.refresh();
    const before = this.opts.config.config.settings.prometheusTextfileDir;
    let file: string | null = null;
    if (dir !== null) {
      try {
        file = await writeTextfile(dir, prometheusText(planSummaries(this.context(new Date()))));
      } catch (err) {
        throw new PlanLookupError(`cannot write ${path.join(dir, PROMETHEUS_FILE)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    await this.opts.config.update((c) => {
      c.settings.prometheusTextfileDir = dir;
    });
    if (before && before !== dir) await fs.rm(path.join(before, PROMETHEUS_FILE), { force: true }).catch(() => {});
    return { prometheusDir: dir, file };
  }

  private async refresh(): Promise<void> {
    await Promise.all([this.opts.config.reload(), this.opts.history.refresh()]);
  }

  private context(now: Date): SummaryContext {
    return { config: this.opts.config.config, stats: this.opts.history.planStats(), hold: this.opts.hold(), now, nextRun: this.opts.nextRun };
  }

  private known(plans: readonly Plan[] = this.opts.config.config.plans): { id: string; name: string }[] {
    const out: { id: string; name: string }[] = plans.map((p) => ({ id: p.id, name: p.name }));
    const inConfig = new Set(out.map((p) => p.id));
    for (const s of this.opts.history.planStats()) if (!inConfig.has(s.plan)) out.push({ id: s.plan, name: s.plan });
    return out;
  }

  private resolve(idOrName: string, plans?: readonly Plan[]): string | null {
    return resolvePlanId(this.known(plans), idOrName);
  }

  private notFound(idOrName: string): PlanLookupError {
    const n = this.known().length;
    return new PlanLookupError(`no plan with the id or name "${idOrName}" (${n === 0 ? 'no backup has been connected or reported yet' : `${n} plan${n === 1 ? '' : 's'}: see "hookgate plans"`})`);
  }
}
