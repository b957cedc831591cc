// The plans layer's public face: plan summaries (status in the user's terms), plans in the config,
// durations as people write them.
export { planSummaries, planSummary, summarizePlan, planStatus, staleness, planFromHistory, type SummaryContext } from './planSummary';
export { setPlan, resolvePlanId, PlanLookupError, type SetPlanResult } from './planConfig';
export { parseDuration, describeSpan, formatDuration } from './duration';
export { PlanBook, type PlanBookOptions } from './planBook';
export { PlanService, endWithoutReport, type PlanServiceOptions } from './planService';
export { OperationWatch, callerGoneReason, maxDurationReason } from './operationWatch';
export { NextRuns, SCHEDULED_TOOLS } from './nextRun';
