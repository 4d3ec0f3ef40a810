/**
 * Domain records → the job-based routes' response models (official SDK 262.0.0): ShiftTradeResponseItem,
 * BulkUpdateShiftTradeStateResultItem, and the job itself (ShiftTrade*JobResponse), whose result field is
 * named per job type (addTradeResult, matchTradeResult, …) as in the SDK.
 */
import type { Job, JobType } from '../domain/jobs.ts';
import type { Trade } from '../domain/store.ts';
import type { Shift } from '../domain/world.ts';

const WFM = '/api/v2/workforcemanagement';

export const RESULT_FIELD: Readonly<Record<JobType, string>> = {
  AddTrade: 'addTradeResult',
  UpdateTrade: 'updateTradeResult',
  MatchTrade: 'matchTradeResult',
  UpdateTradeState: 'updateTradeStateResult',
  BulkUpdateTradeStates: 'bulkUpdateTradeStatesResult',
  QueryTrades: 'queryTradesResult',
  EvaluateTrades: 'evaluateTradesResult',
  SearchUnmatchedTrades: 'searchUnmatchedTradesResult',
  QueryWeekSummaries: 'queryWeekSummariesResult',
};

/** Where the business-unit read jobs live under /businessunits/{id}/shifttrading/. */
const BU_READ_PATH: Readonly<Partial<Record<JobType, string>>> = {
  QueryTrades: 'trades/query',
  EvaluateTrades: 'trades/evaluate',
  SearchUnmatchedTrades: 'unmatched/search',
  QueryWeekSummaries: 'weeks/summary',
};

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function shiftItem(shift: Shift): Record<string, unknown> {
  return {
    id: shift.id,
    startDate: shift.startDate,
    endDate: iso(Date.parse(shift.startDate) + shift.lengthMinutes * 60_000),
    weekDate: shift.weekDate,
  };
}

/** RequiredDateRange from a stored "start/end" interval (a legacy string without '/' has no end). */
function dateRange(interval: string): { startDate: string; endDate: string } {
  const slash = interval.indexOf('/');
  return slash < 0
    ? { startDate: interval, endDate: '' }
    : { startDate: interval.slice(0, slash), endDate: interval.slice(slash + 1) };
}

function metadata(trade: Trade): Record<string, unknown> {
  return { version: trade.version, dateCreated: iso(trade.createdMs), dateModified: iso(trade.modifiedMs) };
}

/** ShiftTradeResponseItem: `target` while the trade is directed at an agent, `receiving` once matched. */
export function tradeItemView(trade: Trade): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: trade.id,
    state: trade.state,
    initiating: {
      user: { id: trade.initiatingUserId },
      managementUnit: { id: trade.managementUnitId },
      schedule: { id: trade.scheduleId, weekDate: trade.weekDate, businessUnit: { id: trade.businessUnitId } },
      shift: shiftItem(trade.initiatingShift),
    },
    acceptableIntervals: (trade.acceptableIntervals ?? []).map(dateRange),
    oneSided: trade.receivingShift === undefined,
    metadata: metadata(trade),
  };
  if (trade.expirationMs !== undefined) view['expirationDate'] = iso(trade.expirationMs);
  if (trade.receivingUserId !== undefined) {
    if (trade.receivingShift)
      view['receiving'] = { user: { id: trade.receivingUserId }, shift: shiftItem(trade.receivingShift) };
    else view['target'] = { user: { id: trade.receivingUserId } };
  }
  if (trade.reviewedMs !== undefined) {
    view['reviewedBy'] = { id: trade.reviewedBy ?? 'auto-review' };
    view['reviewedDate'] = iso(trade.reviewedMs);
  }
  return view;
}

/** BulkUpdateShiftTradeStateResultItem for a trade whose state was set. */
export function stateResultView(trade: Trade): Record<string, unknown> {
  const view: Record<string, unknown> = { id: trade.id, state: trade.state, metadata: metadata(trade) };
  if (trade.reviewedMs !== undefined) {
    view['reviewedBy'] = { id: trade.reviewedBy ?? 'admin' };
    view['reviewedDate'] = iso(trade.reviewedMs);
  }
  return view;
}

/** Where a job is read back: the GET that matches the POST that started it. */
export function jobSelfUri(job: Pick<Job, 'id' | 'type' | 'scope'>): string {
  const trade = `${WFM}/shifttrading/trades/${encodeURIComponent(job.scope['tradeId'] ?? '')}`;
  switch (job.type) {
    case 'AddTrade':
      return `${WFM}/shifttrading/trades/jobs/${job.id}`;
    case 'UpdateTrade':
      return `${trade}/jobs/${job.id}`;
    case 'MatchTrade':
      return `${trade}/match/jobs/${job.id}`;
    case 'UpdateTradeState':
      return `${trade}/state/jobs/${job.id}`;
    case 'QueryTrades':
    case 'EvaluateTrades':
    case 'SearchUnmatchedTrades':
    case 'QueryWeekSummaries':
      return (
        `${WFM}/businessunits/${encodeURIComponent(job.scope['businessUnitId'] ?? '')}` +
        `/shifttrading/${BU_READ_PATH[job.type] ?? ''}/jobs/${job.id}`
      );
    case 'BulkUpdateTradeStates':
      return `${WFM}/businessunits/${encodeURIComponent(job.scope['businessUnitId'] ?? '')}/shifttrading/trades/state/bulk/jobs/${job.id}`;
  }
}

/** ShiftTrade*JobResponse: `{id, status, type, error?, <type>Result?, selfUri}`. */
export function jobView(job: Job): Record<string, unknown> {
  const view: Record<string, unknown> = { id: job.id, status: job.status, type: job.type };
  if (job.outcome?.ok === false) view['error'] = job.outcome.error;
  if (job.outcome?.ok === true) view[RESULT_FIELD[job.type]] = job.outcome.result;
  view['selfUri'] = jobSelfUri(job);
  return view;
}
