/** The legacy management-unit shift-trade routes of the Genesys profile (shared/reference/genesys-wfm.md). */
import type { z } from 'zod';
import type { RouteDef } from './route-kit.ts';
import { answer, errorResponse, param as p } from './route-kit.ts';
import { ERRORS } from './errors.ts';
import { addShiftTradeRequest, matchShiftTradeRequest, patchShiftTradeRequest } from './schemas.ts';
import { tradeView } from './views.ts';
import { isResponse, page, pagingOf } from './paging.ts';
import type { CreateTradeInput, PatchTradeInput, Trade } from '../domain/store.ts';
import { matchReviewOf } from './bu-read-domain.ts';
import { readTrades } from '../domain/replica.ts';
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';

export const MU = '/api/v2/workforcemanagement/managementunits/:managementUnitId';
const WEEK_TRADES = `${MU}/weeks/:weekDateId/shifttrades`;

export const LEGACY_ROUTES: readonly RouteDef[] = [
  {
    method: 'POST',
    url: WEEK_TRADES,
    auth: true,
    write: true,
    body: addShiftTradeRequest,
    summary: "Create a shift trade offering one of the agent's shifts of the week",
    tags: ['shift trades'],
    rateUser: (ctx, req) =>
      ctx.store.ownerOfShift((req.body as z.infer<typeof addShiftTradeRequest>).initiatingShiftId)?.agentId,
    handler(ctx, req) {
      const body = req.body as z.infer<typeof addShiftTradeRequest>;
      const input: CreateTradeInput = {
        managementUnitId: p(req, 'managementUnitId'),
        weekDate: p(req, 'weekDateId'),
        scheduleId: body.scheduleId,
        initiatingShiftId: body.initiatingShiftId,
      };
      if (body.receivingUserId !== undefined) input.receivingUserId = body.receivingUserId;
      if (body.expiration !== undefined) input.expirationMs = Date.parse(body.expiration);
      if (body.acceptableIntervals !== undefined) input.acceptableIntervals = body.acceptableIntervals;
      const legacyId = req.headers[LEGACY_ID_HEADER];
      if (typeof legacyId === 'string' && legacyId !== '') input.legacyId = legacyId;
      const result = ctx.store.createTrade(input, ctx.nowMs);
      const response = answer(ctx, result, tradeView);
      if (result.ok) response.tradeId = result.value.id;
      return response;
    },
  },
  {
    method: 'PATCH',
    url: `${WEEK_TRADES}/:tradeId`,
    auth: true,
    write: true,
    body: patchShiftTradeRequest,
    summary: 'Update an Unmatched trade (receiving user, expiration, intervals) with metadata.version',
    tags: ['shift trades'],
    rateUser: (ctx, req) => ctx.store.tradeById(p(req, 'tradeId'))?.initiatingUserId,
    handler(ctx, req) {
      const body = req.body as z.infer<typeof patchShiftTradeRequest>;
      const input: PatchTradeInput = {
        managementUnitId: p(req, 'managementUnitId'),
        weekDate: p(req, 'weekDateId'),
        version: body.metadata.version,
      };
      if (body.receivingUserId) input.receivingUserId = body.receivingUserId.value;
      if (body.expiration)
        input.expirationMs = body.expiration.value === null ? null : Date.parse(body.expiration.value);
      if (body.acceptableIntervals) input.acceptableIntervals = body.acceptableIntervals.values;
      const result = ctx.store.patchTrade(p(req, 'tradeId'), input, ctx.nowMs);
      return answer(ctx, result, tradeView);
    },
  },
  {
    method: 'POST',
    url: `${WEEK_TRADES}/:tradeId/match`,
    auth: true,
    write: true,
    body: matchShiftTradeRequest,
    summary: 'Match a trade with a receiving shift and metadata.version; approved at once when the unit auto-reviews',
    tags: ['shift trades'],
    // The receiving agent: the trade's (direct, or already matched: a retry after the swap, when the shift
    // has changed hands), else the receiving shift's owner.
    rateUser: (ctx, req) =>
      ctx.store.tradeById(p(req, 'tradeId'))?.receivingUserId ??
      ctx.store.ownerOfShift((req.body as z.infer<typeof matchShiftTradeRequest>).receivingShiftId)?.agentId,
    handler(ctx, req) {
      const body = req.body as z.infer<typeof matchShiftTradeRequest>;
      const result = ctx.store.matchTrade(
        p(req, 'tradeId'),
        {
          managementUnitId: p(req, 'managementUnitId'),
          weekDate: p(req, 'weekDateId'),
          receivingScheduleId: body.receivingScheduleId,
          receivingShiftId: body.receivingShiftId,
          version: body.metadata.version,
        },
        ctx.nowMs,
      );
      return answer(ctx, result, ({ trade, violations, adminReviewViolations }) => ({
        trade: tradeView(trade),
        violations,
        adminReviewViolations,
        unevaluatedRules: [],
      }));
    },
  },
  {
    method: 'GET',
    url: WEEK_TRADES,
    auth: true,
    write: false,
    summary: "The trades of a management unit's week",
    tags: ['shift trades'],
    handler(ctx, req) {
      const paging = pagingOf(ctx, req.query);
      if (isResponse(paging)) return paging;
      const trades = readTrades(
        ctx.store,
        ctx.store.tradesOfWeek(p(req, 'managementUnitId'), p(req, 'weekDateId')),
        ctx.nowMs,
      );
      const { items, fields } = page(trades, paging);
      // WeekShiftTradeResponse: a Matched trade (awaiting review) carries its matchReview; the others have none to show.
      const entry = (trade: Trade) => {
        const matchReview = matchReviewOf(ctx.store, trade, ctx.nowMs);
        return matchReview ? { trade: tradeView(trade), matchReview } : { trade: tradeView(trade) };
      };
      return { status: 200, body: { entities: items.map(entry), ...fields } };
    },
  },
  {
    method: 'GET',
    url: `${MU}/agents/:agentId/shifttrades`,
    auth: true,
    write: false,
    summary: 'The trades an agent is a party to, with their metadata.version',
    tags: ['shift trades'],
    handler(ctx, req) {
      const trades = ctx.store.tradesOfAgent(p(req, 'managementUnitId'), p(req, 'agentId'));
      if (!trades)
        return errorResponse(ctx, ERRORS.notFound, { entityId: p(req, 'agentId'), entityName: 'user' }, 'not-found');
      return { status: 200, body: { entities: readTrades(ctx.store, trades, ctx.nowMs).map(tradeView) } };
    },
  },
];
