/** The legacy management-unit shift-trade routes of the Genesys profile (shared/reference/genesys-wfm.md). */
import type { z } from 'zod';
import type { RouteDef } from './route-kit.ts';
import { answer, errorResponse, param as p } from './route-kit.ts';
import { ERRORS } from './errors.ts';
import { addShiftTradeRequest, matchShiftTradeRequest, patchShiftTradeRequest } from './schemas.ts';
import { tradeView } from './views.ts';

export const MU = '/api/v2/workforcemanagement/managementunits/:managementUnitId';
const WEEK_TRADES = `${MU}/weeks/:weekDateId/shifttrades`;

export const LEGACY_ROUTES: readonly RouteDef[] = [
  {
    method: 'POST', url: WEEK_TRADES, auth: true, write: true, body: addShiftTradeRequest,
    handler(ctx, req) {
      const body = req.body as z.infer<typeof addShiftTradeRequest>;
      const input = { managementUnitId: p(req, 'managementUnitId'), weekDate: p(req, 'weekDateId'), scheduleId: body.scheduleId, initiatingShiftId: body.initiatingShiftId };
      const result = ctx.store.createTrade(body.receivingUserId === undefined ? input : { ...input, receivingUserId: body.receivingUserId }, ctx.nowMs);
      return answer(ctx, result, (trade) => tradeView(trade, ctx.store.world));
    },
  },
  {
    method: 'PATCH', url: `${WEEK_TRADES}/:tradeId`, auth: true, write: true, body: patchShiftTradeRequest,
    handler(ctx, req) {
      const body = req.body as z.infer<typeof patchShiftTradeRequest>;
      const input = { managementUnitId: p(req, 'managementUnitId'), weekDate: p(req, 'weekDateId'), version: body.metadata.version };
      const result = ctx.store.patchTrade(p(req, 'tradeId'), body.receivingUserId ? { ...input, receivingUserId: body.receivingUserId.value } : input, ctx.nowMs);
      return answer(ctx, result, (trade) => tradeView(trade, ctx.store.world));
    },
  },
  {
    method: 'POST', url: `${WEEK_TRADES}/:tradeId/match`, auth: true, write: true, body: matchShiftTradeRequest,
    handler(ctx, req) {
      const body = req.body as z.infer<typeof matchShiftTradeRequest>;
      const result = ctx.store.matchTrade(p(req, 'tradeId'), {
        managementUnitId: p(req, 'managementUnitId'), weekDate: p(req, 'weekDateId'),
        receivingScheduleId: body.receivingScheduleId, receivingShiftId: body.receivingShiftId, version: body.metadata.version,
      }, ctx.nowMs);
      return answer(ctx, result, ({ trade, violations }) => ({
        trade: tradeView(trade, ctx.store.world),
        violations: violations.map((type) => ({ type, params: {} })),
        adminReviewViolations: [],
        unevaluatedRules: [],
      }));
    },
  },
  {
    method: 'GET', url: WEEK_TRADES, auth: true, write: false,
    handler(ctx, req) {
      const trades = ctx.store.tradesOfWeek(p(req, 'managementUnitId'), p(req, 'weekDateId'));
      return { status: 200, body: { entities: trades.map((trade) => ({ trade: tradeView(trade, ctx.store.world) })) } };
    },
  },
  {
    method: 'GET', url: `${MU}/agents/:agentId/shifttrades`, auth: true, write: false,
    handler(ctx, req) {
      const trades = ctx.store.tradesOfAgent(p(req, 'managementUnitId'), p(req, 'agentId'));
      if (!trades) return errorResponse(ctx, ERRORS.notFound, { entityId: p(req, 'agentId'), entityName: 'user' }, 'not-found');
      return { status: 200, body: { entities: trades.map((trade) => tradeView(trade, ctx.store.world)) } };
    },
  },
];

