// The tray icon's state as a pure function of the engine's events: a small model folded from the
// `operation` and `hold` events (and seeded from `status` and `history.list` at start), and the
// icon state derived from it at a given time.
import type { ApiEvent, ApiEventData } from '../shared/api';
import type { Hold } from '../shared/config';
import type { OperationRecord, OperationStatus } from '../shared/history';

export const TRAY_STATES = ['idle', 'running', 'ok', 'skipped', 'warning', 'failed', 'held'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayModel {
  hold: Hold | null;
  /** Operations still gating, waiting or running, by id. */
  open: Readonly<Record<string, OperationRecord>>;
  /** The latest finished operation of each kind/plan/repo. */
  latestByTarget: Readonly<Record<string, OperationRecord>>;
  /** The operation that finished last, of any target. */
  last: OperationRecord | null;
  /** Plans overdue by their own `--stale-after` (plans.list says so), by id: what the tooltip says of each. */
  stale?: Readonly<Record<string, string>>;
}

export const EMPTY_TRAY_MODEL: TrayModel = Object.freeze({ hold: null, open: Object.freeze({}), latestByTarget: Object.freeze({}), last: null });

const OPEN: ReadonlySet<OperationStatus> = new Set(['gating', 'waiting', 'running']);
const FAILED: ReadonlySet<OperationStatus> = new Set(['error', 'failed']);

export function isOpen(op: OperationRecord): boolean {
  return OPEN.has(op.status);
}

function targetKey(op: OperationRecord): string {
  return JSON.stringify([op.kind, op.plan, op.repo]);
}

function finishedAt(op: OperationRecord): number {
  const t = Date.parse(op.endedAt ?? op.startedAt);
  return Number.isNaN(t) ? 0 : t;
}

/** Folds one operation record (new or changed; the last record for an id wins). */
export function applyOperation(model: TrayModel, op: OperationRecord): TrayModel {
  const open = { ...model.open };
  if (isOpen(op)) {
    open[op.id] = op;
    return { ...model, open };
  }
  delete open[op.id];
  const key = targetKey(op);
  const prev = model.latestByTarget[key];
  // Records of older operations (history seeding, a late rewrite) never replace a newer outcome.
  const latestByTarget = !prev || prev.id === op.id || finishedAt(op) >= finishedAt(prev) ? { ...model.latestByTarget, [key]: op } : model.latestByTarget;
  const last = !model.last || model.last.id === op.id || finishedAt(op) >= finishedAt(model.last) ? op : model.last;
  // A backup that succeeds ends its plan's staleness at once (the next plans.list would say so later).
  let stale = model.stale;
  if (stale?.[op.plan] !== undefined && op.kind === 'snapshot' && (op.status === 'success' || op.status === 'warning')) {
    const { [op.plan]: _gone, ...rest } = stale;
    stale = rest;
  }
  return { ...model, open, latestByTarget, last, stale };
}

/** The plans that are stale now, from plans.list (their ids, and the line the tooltip shows). */
export function applyStalePlans(model: TrayModel, plans: readonly { plan: { id: string; name: string }; status: string; reason: string }[]): TrayModel {
  const stale: Record<string, string> = {};
  for (const p of plans) if (p.status === 'stale') stale[p.plan.id] = `${p.plan.name}: ${p.reason}`;
  return { ...model, stale };
}

export function applyHold(model: TrayModel, hold: Hold | null): TrayModel {
  return { ...model, hold };
}

/** Folds one engine event; events that do not change the tray (output, hook runs) leave it as is. */
export function applyTrayEvent<E extends ApiEvent>(model: TrayModel, event: E, data: ApiEventData<E>): TrayModel {
  switch (event) {
    case 'operation':
      return applyOperation(model, data as ApiEventData<'operation'>);
    case 'hold':
      return applyHold(model, (data as ApiEventData<'hold'>).hold);
    default:
      return model;
  }
}

/** Whether a hold is in force at `now` (the host also announces its expiry, but a tooltip may be drawn first). */
export function isHeld(hold: Hold | null, now: number): boolean {
  if (!hold) return false;
  if (hold.until === null) return true;
  const until = Date.parse(hold.until);
  return Number.isNaN(until) || until > now;
}

/** An operation of some target whose latest outcome is a failure: another plan's success must not hide it. */
export function stickyFailure(model: TrayModel): OperationRecord | null {
  let worst: OperationRecord | null = null;
  for (const op of Object.values(model.latestByTarget)) {
    if (FAILED.has(op.status) && (!worst || finishedAt(op) > finishedAt(worst))) worst = op;
  }
  return worst;
}

/** The newest open operation (the one the tooltip talks about). */
export function newestOpen(model: TrayModel): OperationRecord | null {
  let newest: OperationRecord | null = null;
  for (const op of Object.values(model.open)) {
    if (!newest || Date.parse(op.startedAt) >= Date.parse(newest.startedAt)) newest = op;
  }
  return newest;
}

/**
 * running (something gates, waits or runs) › held › failed (any target's latest outcome) ›
 * a plan that is stale (warning) › the last outcome (ok, warning, skipped) › idle.
 */
export function trayState(model: TrayModel, now: number): TrayState {
  if (Object.keys(model.open).length > 0) return 'running';
  if (isHeld(model.hold, now)) return 'held';
  if (stickyFailure(model)) return 'failed';
  if (model.stale && Object.keys(model.stale).length > 0) return 'warning';
  switch (model.last?.status) {
    case undefined:
      return 'idle';
    case 'success':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'skipped':
      return 'skipped';
    default:
      return 'failed';
  }
}
