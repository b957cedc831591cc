// The next run of a plan where its tool says so (a systemd timer's OnCalendar=, a cron line, a
// Backrest schedule): what "Find and connect"'s discovery reads, kept for a minute. plans.list never
// waits for it — it answers from what is known and asks for a fresh look in the background, so the
// board stays fast and an idle host reads nothing.
import type { Plan, PlanSummary } from '../../shared/plans';
import { discover, type DiscoveryOptions } from '../discovery';

/** Tools whose files discovery reads (a plan of another tool is never looked for). */
export const SCHEDULED_TOOLS = new Set(['systemd', 'cron', 'backrest', 'rsnapshot', 'borgmatic', 'backintime', 'vorta']);
const FRESH_MS = 60_000;

export class NextRuns {
  private known = new Map<string, { at: string | null; schedule: string | null }>();
  private lookedAt = 0;
  private looking: Promise<void> | null = null;

  constructor(
    private readonly options: () => DiscoveryOptions,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  /** For PlanBook: the plan's next run as known now (null: unknown); a stale answer starts a fresh look. */
  get = (plan: Plan, now = new Date()): PlanSummary['nextRun'] => {
    if (!SCHEDULED_TOOLS.has(plan.tool)) return null;
    if (now.getTime() - this.lookedAt > FRESH_MS) void this.refresh(now);
    const k = this.known.get(plan.id);
    // A next run that has passed is not a next run: the fresh look will say the one after.
    if (!k?.at || Date.parse(k.at) <= now.getTime()) return null;
    return { at: k.at, source: k.schedule ?? plan.source?.description ?? plan.tool };
  };

  /** Looks at the tools' schedules now (one look at a time). */
  refresh(now = new Date()): Promise<void> {
    this.looking ??= (async () => {
      try {
        const d = await discover(this.options(), new Map(), now);
        this.known = new Map(d.found.map((f) => [f.id, { at: f.nextRun, schedule: f.schedule }]));
      } catch (err) {
        this.log(`the next runs of the plans could not be read: ${(err as Error).message}`);
      } finally {
        this.lookedAt = Date.now();
        this.looking = null;
      }
    })();
    return this.looking;
  }
}
