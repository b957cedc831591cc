// Shows the native notifications the policy asks for, each once, and routes a click to the run it
// is about. Keeps each notification referenced until it is closed: a collected one loses its click.
// On Windows a toast that leaves the screen stays in the Action Center, where it can be clicked
// hours later: there it stays referenced after 'close' (the newest LIVE_MAX of them).
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { OperationRecord } from '../shared/history';
import type { NotificationSettings } from './appSettings';
import type { PlanSummary } from '../shared/plans';
import { noticeForOperation, planStaleNotices, staleNotices, type Notice, type PlanActivity } from './notificationPolicy';

export interface NotifierDeps {
  Notification: (new (options: NotificationConstructorOptions) => Notification) & { isSupported(): boolean };
  settings: () => NotificationSettings;
  onClick: (notice: Notice) => void;
  icon?: string;
  platform?: NodeJS.Platform;
  now?: () => number;
  log?: (msg: string) => void;
}

/** How many shown keys are remembered; older ones belong to operations long finished. */
const SHOWN_MAX = 1000;
/** How many notifications are kept referenced (Windows: still clickable in the Action Center). */
const LIVE_MAX = 50;

export class Notifier {
  private readonly shown = new Set<string>();
  private readonly live = new Set<Notification>();
  private readonly now: () => number;

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A live operation event: notify if the policy says so. */
  operation(op: OperationRecord): Notice | null {
    const notice = noticeForOperation(op, this.deps.settings(), this.shown, this.now());
    if (notice) this.show(notice);
    return notice;
  }

  /**
   * Checks staleness; returns what was shown (the caller records when, per plan). A plan with its
   * own stale-after (from plans.list) is told by that, not by the app-wide setting.
   */
  staleness(activity: Readonly<Record<string, PlanActivity>>, toldAt: Readonly<Record<string, number>>, plans: readonly PlanSummary[] = []): Notice[] {
    const own = new Set(plans.filter((p) => p.plan.staleAfterSec !== null).map((p) => p.plan.id));
    const appWide = staleNotices(activity, this.deps.settings(), toldAt, this.now()).filter((n) => !own.has(n.plan ?? ''));
    const notices = [...appWide, ...planStaleNotices(plans, toldAt, this.now())].filter((n) => !this.shown.has(n.key));
    for (const n of notices) this.show(n);
    return notices;
  }

  private remember(key: string): void {
    this.shown.add(key);
    if (this.shown.size > SHOWN_MAX) this.shown.delete(this.shown.values().next().value!);
  }

  private show(notice: Notice): void {
    this.remember(notice.key);
    const { Notification } = this.deps;
    if (!Notification.isSupported()) {
      this.deps.log?.(`notifications are not supported here: ${notice.title}: ${notice.body}`);
      return;
    }
    const n = new Notification({ title: notice.title, body: notice.body, ...(this.deps.icon ? { icon: this.deps.icon } : {}), urgency: notice.category === 'failed' ? 'critical' : 'normal' });
    this.live.add(n);
    if (this.live.size > LIVE_MAX) this.live.delete(this.live.values().next().value!);
    n.on('click', () => {
      this.live.delete(n);
      this.deps.onClick(notice);
    });
    n.on('close', () => {
      if (this.deps.platform !== 'win32') this.live.delete(n);
    });
    // macOS refuses notifications from an app that is not signed ('failed'); they must not vanish unsaid.
    n.on('failed', (_e: unknown, error: unknown) => {
      this.live.delete(n);
      const why = this.deps.platform === 'darwin' ? ' (macOS shows notifications only from a signed app)' : '';
      this.deps.log?.(`could not show the notification "${notice.title}": ${String(error)}${why}`);
    });
    n.show();
  }

  /** Notifications still on screen (for tests and for a clean quit). */
  get onScreen(): number {
    return this.live.size;
  }
}
