/**
 * The SDK's current shift-trade reads (purecloud-platform-client-v2 262.0.0), which replace the deprecated
 * week list and search: four business-unit jobs (trades query, evaluate, unmatched search, weeks summary),
 * started and polled like the write jobs of job-routes.ts (200 Complete at once, or 202 Processing with
 * ?forceAsync=true), plus a management unit's matched-trade summary and the users one may trade with.
 * Reads: not counted as writes. Where Genesys documents nothing, the mock's choices are in the README.
 */
import type { Trade, WfmStore } from '../domain/store.ts';
import type { Shift } from '../domain/world.ts';
import { fail } from '../domain/errors.ts';
import type { JobOutcome } from '../domain/jobs.ts';
import type { ApiContext, RouteDef } from './route-kit.ts';
import { errorResponse, param as p } from './route-kit.ts';
import { ERRORS, errorBody } from './errors.ts';
import { jobRoutes, outcome } from './job-routes.ts';
import { tradeItemView } from './job-views.ts';
import {
  evaluateShiftTradeListJobRequest,
  queryShiftTradeListJobRequest,
  queryWeekSummaryListJobRequest,
  searchUnmatchedShiftTradeListJobRequest,
} from './bu-read-schemas.ts';
import {
  acceptableShifts,
  matchedPerWeek,
  matchReviewOf,
  openTo,
  scheduleWeeks,
  tradesInScope,
} from './bu-read-domain.ts';

const WFM = '/api/v2/workforcemanagement';
const SHIFT_TRADING = `${WFM}/businessunits/:businessUnitId/shifttrading`;
const TAGS = ['shift trade reads'];

/**
 * A read job's result is kept with the job until retention drops it (domain/jobs.ts), so its size is
 * bounded: beyond this many entries the job ends Error 400 and the client narrows its query (Genesys
 * hands big results over a downloadUrl instead; docs/mock-server.md).
 */
export const MAX_READ_ENTRIES = 1_000;

/**
 * Runs `read` over the business unit's trades in scope: its result, with `entries` the list that grows with
 * the world; an Error job when the unit does not exist (404) or the list is over MAX_READ_ENTRIES (400).
 */
export function overBusinessUnit(
  ctx: ApiContext,
  businessUnitId: string,
  read: (store: WfmStore) => { entries: readonly unknown[]; result: unknown },
): JobOutcome {
  if (!ctx.store.world.businessUnits.some((unit) => unit.id === businessUnitId))
    return outcome(ctx, fail({ error: 'not-found', entity: 'businessUnit', id: businessUnitId }), () => undefined);
  const { entries, result } = read(ctx.store);
  if (entries.length <= MAX_READ_ENTRIES) return { ok: true, result };
  // A job's refusal, counted as the job runs (job-routes.ts), not by the request pipeline.
  ctx.refusals.count({ status: 400, cause: 'job:too-many-entries' });
  const message = `The result has ${entries.length} entries, more than ${MAX_READ_ENTRIES}: name fewer management units, weeks or users`;
  return {
    ok: false,
    error: errorBody(ERRORS.badRequest, ctx.correlationId, { message, details: [{ errorCode: 'TOO_MANY_ENTRIES' }] }),
    cause: 'job:too-many-entries',
  };
}

/** The receiving agent of an unmatched search: the owner of the receiving shifts named (the SDK's "current user"; docs/mock-server.md). */
function receiverOf(
  store: WfmStore,
  scheduleId: string,
  shiftIds: readonly string[],
): { receiverId: string | undefined; shifts: Shift[] } {
  const shifts = shiftIds.flatMap((id) => {
    const shift = store.shift(id);
    return shift ? [shift] : [];
  });
  const owner = shifts[0] === undefined ? undefined : store.ownerOfShift(shifts[0].id);
  const schedule = store.scheduleById(scheduleId);
  const receiverId = owner?.agentId;
  // Only the receiver's own shifts of the named schedule's week can be offered back.
  const own = shifts.filter(
    (shift) =>
      store.ownerOfShift(shift.id)?.agentId === receiverId &&
      (schedule === undefined || shift.weekDate === schedule.weekDate),
  );
  return { receiverId, shifts: own };
}

function unmatchedEntries(
  ctx: ApiContext,
  trades: readonly Trade[],
  receiverId: string | undefined,
  shifts: readonly Shift[],
  nowMs: number,
): unknown[] {
  return trades.flatMap((trade) => {
    if (!openTo(trade, receiverId)) return [];
    if (receiverId === undefined) return [{ trade: tradeItemView(trade), receivingShiftMatches: [] }];
    const matches = acceptableShifts(ctx.store, trade, receiverId, shifts, nowMs);
    return matches.length === 0
      ? []
      : [
          {
            trade: tradeItemView(trade),
            receivingShiftMatches: matches.map((shift) => ({ shiftIds: [shift.id], preview: { activities: [] } })),
          },
        ];
  });
}

function notFound(ctx: ApiContext, entityName: string, entityId: string) {
  return errorResponse(
    ctx,
    ERRORS.notFound,
    { entityId, entityName, details: [{ errorCode: 'NOT_FOUND', entityId, entityName }] },
    'not-found',
  );
}

export const BU_READ_ROUTES: readonly RouteDef[] = [
  ...jobRoutes({
    type: 'QueryTrades',
    summary: "The shift trades of some management units' weeks that some users are party to",
    url: `${SHIFT_TRADING}/trades/query/jobs`,
    body: queryShiftTradeListJobRequest,
    scope: ['businessUnitId'],
    countsAsWrite: false,
    tags: TAGS,
    write(ctx, req, body) {
      const businessUnitId = p(req, 'businessUnitId');
      const users = new Set(body.userIds);
      const party = (trade: Trade) =>
        users.has(trade.initiatingUserId) || (trade.receivingUserId !== undefined && users.has(trade.receivingUserId));
      return (nowMs) =>
        overBusinessUnit(ctx, businessUnitId, (store) => {
          const trades = tradesInScope(store, businessUnitId, body.managementUnitIds, body.weekDates, nowMs).filter(
            party,
          );
          return {
            entries: trades,
            result: { entities: trades.length > MAX_READ_ENTRIES ? [] : trades.map(tradeItemView) },
          };
        });
    },
  }),
  ...jobRoutes({
    type: 'EvaluateTrades',
    summary: "The shift trades of some management units' weeks, each Matched one with its match review",
    url: `${SHIFT_TRADING}/trades/evaluate/jobs`,
    body: evaluateShiftTradeListJobRequest,
    scope: ['businessUnitId'],
    countsAsWrite: false,
    tags: TAGS,
    write(ctx, req, body) {
      const businessUnitId = p(req, 'businessUnitId');
      return (nowMs) =>
        overBusinessUnit(ctx, businessUnitId, (store) => {
          const trades = tradesInScope(store, businessUnitId, body.managementUnitIds, body.weekDates, nowMs);
          const entities =
            trades.length > MAX_READ_ENTRIES
              ? []
              : trades.map((trade) => {
                  const matchReview = matchReviewOf(store, trade, nowMs);
                  return matchReview ? { trade: tradeItemView(trade), matchReview } : { trade: tradeItemView(trade) };
                });
          return { entries: trades, result: { entities } };
        });
    },
  }),
  ...jobRoutes({
    type: 'SearchUnmatchedTrades',
    summary: 'Unmatched shift trades a receiving agent could match, with the receiving shifts the rules accept',
    url: `${SHIFT_TRADING}/unmatched/search/jobs`,
    body: searchUnmatchedShiftTradeListJobRequest,
    scope: ['businessUnitId'],
    countsAsWrite: false,
    tags: TAGS,
    write(ctx, req, body) {
      const businessUnitId = p(req, 'businessUnitId');
      return (nowMs) =>
        overBusinessUnit(ctx, businessUnitId, (store) => {
          const { receiverId, shifts } = receiverOf(store, body.receivingSchedule.id, body.receivingShiftIds ?? []);
          const trades = unmatchedEntries(
            ctx,
            tradesInScope(store, businessUnitId, body.managementUnitIds, body.weekDates, nowMs),
            receiverId,
            shifts,
            nowMs,
          );
          return { entries: trades, result: { trades } };
        });
    },
  }),
  ...jobRoutes({
    type: 'QueryWeekSummaries',
    summary: 'Per week, how many shift trades are Matched (awaiting review)',
    url: `${SHIFT_TRADING}/weeks/summary/jobs`,
    body: queryWeekSummaryListJobRequest,
    scope: ['businessUnitId'],
    countsAsWrite: false,
    tags: TAGS,
    write(ctx, req, body) {
      const businessUnitId = p(req, 'businessUnitId');
      const weekDates = [...new Set(body.weekDates)];
      return (nowMs) =>
        overBusinessUnit(ctx, businessUnitId, (store) => {
          // A trade of any of the unit's weeks may receive into a requested one: read them all.
          const trades = tradesInScope(
            store,
            businessUnitId,
            body.managementUnitIds,
            [...new Set([...weekDates, ...scheduleWeeks(store, businessUnitId)])],
            nowMs,
          );
          const weeks = matchedPerWeek(trades, weekDates).map((week) => ({
            weekDate: week.weekDate,
            initiatingMatchedCount: week.initiating,
            crossWeekReceivingMatchedCount: week.crossWeekReceiving,
          }));
          return { entries: weeks, result: { weeks } };
        });
    },
  }),
  {
    method: 'GET',
    url: `${WFM}/managementunits/:managementUnitId/shifttrades/matched`,
    auth: true,
    write: false,
    summary:
      "Per week, how many of a management unit's shift trades are Matched (deprecated by Genesys for the weeks summary job)",
    tags: TAGS,
    handler(ctx, req) {
      const unit = ctx.store.unit(p(req, 'managementUnitId'));
      if (!unit) return notFound(ctx, 'managementUnit', p(req, 'managementUnitId'));
      const weeks = scheduleWeeks(ctx.store, unit.businessUnitId);
      const trades = tradesInScope(ctx.store, unit.businessUnitId, [unit.id], weeks, ctx.nowMs);
      const entities = matchedPerWeek(trades, weeks)
        .filter((week) => week.initiating + week.crossWeekReceiving > 0)
        .map((week) => ({
          weekDate: week.weekDate,
          count: week.initiating,
          crossWeekReceivingCount: week.crossWeekReceiving,
        }));
      return { status: 200, body: { entities } };
    },
  },
  {
    method: 'GET',
    url: `${WFM}/managementunits/:managementUnitId/shifttrades/users`,
    auth: true,
    write: false,
    summary: 'The users of a management unit one may direct a shift trade to',
    tags: TAGS,
    handler(ctx, req) {
      const unit = ctx.store.unit(p(req, 'managementUnitId'));
      if (!unit) return notFound(ctx, 'managementUnit', p(req, 'managementUnitId'));
      const entities = ctx.store.world.agents
        .filter((agent) => agent.managementUnitId === unit.id)
        .map((agent) => ({ id: agent.id, selfUri: `/api/v2/users/${agent.id}` }));
      return { status: 200, body: { entities } };
    },
  },
];
