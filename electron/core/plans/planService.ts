// What plans add to a running engine, wherever it runs (a host, or the CLI's in-process engine):
// open operations always end (OperationWatch), and others are told (healthchecks pings, the
// Prometheus textfile). A plan a signal names is a plan from then on — the history's index keeps its
// record — without the user's config.json being rewritten behind their back; plans.set keeps it there.
import type { Condition } from '../../shared/conditions';
import type { OperationRecord } from '../../shared/history';
import type { Engine } from '../engine/engine';
import { DEFAULT_PLAN_MAX_DURATION_SEC } from '../../shared/plans';
import { callerAlive } from './callerProcess';
import { HealthchecksPinger } from './healthchecks';
import { noReportHint } from './noReportHint';
import { OperationWatch } from './operationWatch';
import { planSummaries } from './planSummary';
import { PrometheusExporter } from './prometheusExport';

export interface PlanServiceOptions {
  log: (msg: string) => void;
  /**
   * A host keeps watching open operations (their callers, their max duration); the CLI's
   * in-process engine only looks once, at start, since it exits after one signal.
   */
  keepWatching: boolean;
  /** How often a watched caller is looked at (default 2 s; HOOKGATE_CALLER_POLL_MS). */
  callerPollMs?: number;
}

export class PlanService {
  readonly watch: OperationWatch;
  readonly healthchecks: HealthchecksPinger;
  readonly prometheus: PrometheusExporter;
  private readonly off: () => void;
  private reviewing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly engine: Engine,
    private readonly opts: PlanServiceOptions,
  ) {
    this.watch = new OperationWatch({
      openOperations: async () => {
        await engine.history.refresh();
        return engine.history.openOperations();
      },
      stillOpen: async (id) => {
        await engine.history.refresh();
        const op = engine.history.get(id);
        return op !== null && (op.status === 'gating' || op.status === 'waiting' || op.status === 'running');
      },
      maxDurationSec: (plan) => engine.config.config.plans.find((p) => p.id === plan)?.maxDurationSec ?? DEFAULT_PLAN_MAX_DURATION_SEC,
      end: (op, reason) => endWithoutReport(engine, op, reason),
      explain: (op, caller) => noReportHint(engine.config.config.plans.find((p) => p.id === op.plan), caller),
      log: opts.log,
      pollMs: opts.callerPollMs ?? pollMsFromEnv(),
      alive: (c) => callerAlive(c),
    });
    this.healthchecks = new HealthchecksPinger({
      plan: (id) => engine.config.config.plans.find((p) => p.id === id),
      log: opts.log,
      // A CLI process waits for its pings before it exits and answers the backup tool: less patience.
      ...(opts.keepWatching ? {} : { timeoutMs: 5000, retryDelaysMs: [500] }),
    });
    this.prometheus = new PrometheusExporter({
      dir: () => engine.config.config.settings.prometheusTextfileDir,
      summaries: () => planSummaries({ config: engine.config.config, stats: engine.history.planStats(), hold: engine.currentHold() ?? null, now: new Date() }),
      log: opts.log,
      refreshMs: opts.keepWatching ? undefined : 0,
    });
    const onOperation = (op: OperationRecord) => this.onOperation(op);
    engine.on('operation', onOperation);
    this.off = () => engine.off('operation', onOperation);
  }

  /**
   * Attaches to `engine` and looks at the operations left open (by a host that was stopped, a tool
   * that died). A host does that in the background (ending one runs its hooks); the CLI waits, so
   * that its own signal finds the history as it is.
   */
  static async attach(engine: Engine, opts: PlanServiceOptions): Promise<PlanService> {
    const s = new PlanService(engine, opts);
    s.reviewing = s.watch.review(opts.keepWatching).catch((err: Error) => opts.log(`could not check the operations left open: ${err.message}`));
    if (opts.keepWatching) s.prometheus.schedule();
    if (!opts.keepWatching) await s.reviewing;
    return s;
  }

  /** Resolves once the operations open at start have been looked at (and those due, ended). */
  get reviewed(): Promise<void> {
    return this.reviewing.then(() => this.watch.settled());
  }

  /** Stops watching and waits for what is under way (plan additions, endings). */
  async close(): Promise<void> {
    this.off();
    await this.reviewing;
    this.watch.close();
    await this.watch.settled();
    await Promise.all([this.healthchecks.settled(), this.prometheus.close()]);
  }

  private onOperation(op: OperationRecord): void {
    if (this.opts.keepWatching) this.watch.observe(op);
    this.healthchecks.observe(op);
    this.prometheus.schedule();
  }
}

function pollMsFromEnv(): number | undefined {
  const n = Number(process.env.HOOKGATE_CALLER_POLL_MS);
  return Number.isFinite(n) && n >= 50 ? n : undefined;
}

/** The end a tool never reported: recorded as an error of the operation's kind, its hooks told why. */
export async function endWithoutReport(engine: Engine, op: OperationRecord, reason: string): Promise<void> {
  await engine.signal({
    condition: `CONDITION_${op.kind.toUpperCase()}_ERROR` as Condition,
    operationId: op.id,
    plan: op.plan,
    repo: op.repo,
    error: reason,
    endedWithoutReport: true,
  });
}
