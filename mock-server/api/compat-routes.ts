/**
 * The compat profile: the seed threads' endpoints, which Genesys Cloud does not have, served over the
 * same world and store as the genesys profile so the threads' scripts replay unchanged (docs/mock-server.md
 * "Compat profile"). Swaps: POST /api/v2/wfm/schedule/shift-trades (compat-swap.ts) with the schedule's
 * scheduleVersion; trades: GET/PUT /api/v2/wfm/scheduling/shifts/{tradeId} with ETag and If-Match.
 */
import type { ApiContext, ApiRequest, ApiResponse, RouteDef } from './route-kit.ts';
import { param as p } from './route-kit.ts';
import { ERRORS } from './errors.ts';
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';
import { boundedText } from './bounded-text.ts';
import { IDENTITY_FIELDS, compatSwapRequest, compatTradeUpdate, compatTradeUpdateById } from './compat-schemas.ts';
import type { CompatSwapRequest, CompatTradeUpdate } from './compat-schemas.ts';
import { compatSwap } from './compat-swap.ts';
import {
  COMPAT_LOCKED_MESSAGE,
  COMPAT_STATUS_OF,
  COMPAT_VERSION_MESSAGE,
  compatConflict,
  compatNotFound,
  compatRefusal,
  compatRequestError,
  compatTradeAnswer,
  compatTradeView,
  etagOf,
} from './compat-views.ts';
import type { CompatStatus } from './compat-views.ts';
import type { TradeState } from '../domain/store.ts';

export const COMPAT_SWAPS = '/api/v2/wfm/schedule/shift-trades';
export const COMPAT_SHIFTS = '/api/v2/wfm/scheduling/shifts';
export const COMPAT_SCHEDULES = '/api/v2/wfm/schedules';

const PRECONDITION_REQUIRED = {
  status: 428,
  code: 'precondition.required',
  message: "This request requires an If-Match header carrying the trade's ETag: GET the trade first",
} as const;
/** One strong ETag as this profile sends it: a quoted non-negative integer. */
const STRONG_ETAG = /^"(\d{1,15})"$/;

/** Statuses a PUT may move a trade to (the administrator transitions of trade-review.ts). */
const TARGET_STATE: Partial<Record<CompatStatus, TradeState>> = {
  APPROVED: 'Approved',
  DENIED: 'Denied',
  CANCELLED: 'Canceled',
};

/** Fastify lower-cases header names; in-process callers may not. */
function header(req: ApiRequest, name: string): string | undefined {
  const direct = req.headers[name];
  if (direct !== undefined) return direct;
  for (const key in req.headers) if (key.toLowerCase() === name) return req.headers[key];
  return undefined;
}

function readTrade(ctx: ApiContext, tradeId: string): ApiResponse {
  const trade = ctx.store.tradeById(tradeId);
  return trade ? compatTradeAnswer(ctx, trade) : compatNotFound(ctx, 'shiftTrade', tradeId);
}

/** PUT: If-Match required and strong → lock → version → status transition, as a genesys write orders them. */
function updateTrade(ctx: ApiContext, req: ApiRequest, tradeId: string): ApiResponse {
  const { store, nowMs } = ctx;
  const trade = store.tradeById(tradeId);
  if (!trade) return compatNotFound(ctx, 'shiftTrade', tradeId);
  const ifMatch = header(req, 'if-match');
  if (ifMatch === undefined)
    return compatRequestError(ctx, PRECONDITION_REQUIRED, 'compat:if-match-missing', {
      details: [{ errorCode: 'MISSING_HEADER', fieldName: 'If-Match' }],
    });
  const tag = STRONG_ETAG.exec(ifMatch.trim());
  if (!tag) {
    const message = 'If-Match must be one strong ETag as returned by GET, e.g. "3" (no W/, no *, no list)';
    return compatRequestError(ctx, ERRORS.badRequest, 'compat:if-match-malformed', {
      message,
      details: [{ errorCode: 'INVALID_VALUE', fieldName: 'If-Match' }],
    });
  }
  const body = req.body as CompatTradeUpdate;
  const view = compatTradeView(store, trade);
  const differs = IDENTITY_FIELDS.find((field) => body[field] !== undefined && body[field] !== view[field]);
  if (differs)
    return compatRequestError(ctx, ERRORS.badRequest, 'compat:read-only', {
      message: `${differs} is read-only and does not match the trade`,
      details: [{ errorCode: 'READ_ONLY', fieldName: differs }],
    });
  const holder = store.tradeLockHolder(trade, nowMs);
  if (holder)
    return compatConflict(ctx, COMPAT_LOCKED_MESSAGE, `compat:locked:${holder}`, [
      { errorCode: 'RESOURCE_LOCKED', entityId: trade.id, entityName: 'shiftTrade' },
    ]);
  const sent = Number(tag[1]);
  if (sent !== trade.version)
    return compatConflict(ctx, COMPAT_VERSION_MESSAGE, 'compat:if-match', [
      { errorCode: 'VERSION_MISMATCH', fieldName: 'If-Match', entityId: trade.id, entityName: 'shiftTrade' },
    ]);
  // Putting the status the trade already has changes nothing, so nothing is written (same ETag).
  if (body.status === COMPAT_STATUS_OF[trade.state]) return compatTradeAnswer(ctx, trade);
  const target = TARGET_STATE[body.status];
  if (!target)
    return compatRefusal(ctx, {
      error: 'invalid-state',
      tradeId: trade.id,
      state: trade.state,
      action: `set ${body.status}`,
    });
  const result = store.setTradeState(
    trade.id,
    { managementUnitId: trade.managementUnitId, weekDate: trade.weekDate, state: target, version: sent, by: 'compat' },
    nowMs,
  );
  return result.ok ? compatTradeAnswer(ctx, result.value) : compatRefusal(ctx, result.error);
}

/** The swap lookup: trades whose initiating shift is the one named, and the version a POST for it is checked against. */
function tradesOfShift(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const shiftId = req.query['initiator_shift_id'];
  if (typeof shiftId !== 'string' || shiftId === '') {
    return compatRequestError(ctx, ERRORS.badRequest, 'compat:validation', {
      message: 'The query parameter initiator_shift_id is required (one value)',
      details: [{ errorCode: 'MISSING_VALUE', fieldName: 'initiator_shift_id' }],
    });
  }
  const owner = ctx.store.ownerOfShift(shiftId);
  if (!owner) return compatNotFound(ctx, 'shift', shiftId);
  const trades = ctx.store
    .tradesOfWeek(owner.managementUnitId, owner.weekDate)
    .filter((trade) => trade.initiatingShift.id === shiftId);
  const scheduleVersion = ctx.store.scheduleVersion(owner.scheduleId) ?? 1;
  return {
    status: 200,
    body: {
      schedule_id: owner.scheduleId,
      scheduleVersion,
      entities: trades.map((trade) => compatTradeView(ctx.store, trade)),
    },
  };
}

const profile = 'compat' as const;
const tags = ['compat'];

export const COMPAT_ROUTES: readonly RouteDef[] = [
  {
    method: 'POST',
    url: COMPAT_SWAPS,
    auth: true,
    write: true,
    body: compatSwapRequest,
    profile,
    tags,
    // The initiating agent's trade write, as on the genesys routes (known agents only: the handler answers the rest).
    rateUser: (ctx, req) => ctx.store.agent((req.body as CompatSwapRequest).initiator_agent_id)?.id,
    summary: 'Swap two shifts in one request (create + match), checked against scheduleVersion when sent',
    handler(ctx, req) {
      const legacyId = header(req, LEGACY_ID_HEADER);
      return compatSwap(ctx, req.body as CompatSwapRequest, legacyId ? boundedText(legacyId) : undefined);
    },
  },
  {
    method: 'GET',
    url: COMPAT_SWAPS,
    auth: true,
    write: false,
    profile,
    tags,
    summary: 'Trades by initiator_shift_id, with the scheduleVersion a swap of that shift is checked against',
    handler: tradesOfShift,
  },
  {
    method: 'GET',
    url: `${COMPAT_SWAPS}/:tradeId`,
    auth: true,
    write: false,
    profile,
    tags,
    summary: 'One compat trade, with its ETag',
    handler: (ctx, req) => readTrade(ctx, p(req, 'tradeId')),
  },
  {
    method: 'GET',
    url: `${COMPAT_SHIFTS}/:tradeId`,
    auth: true,
    write: false,
    profile,
    tags,
    summary: "One compat trade, with its ETag (the DST thread's read before If-Match)",
    handler: (ctx, req) => readTrade(ctx, p(req, 'tradeId')),
  },
  {
    method: 'PUT',
    url: `${COMPAT_SHIFTS}/:tradeId`,
    auth: true,
    write: true,
    body: compatTradeUpdate,
    profile,
    tags,
    summary: "Set a trade's status (APPROVED, DENIED, CANCELLED) with If-Match",
    handler: (ctx, req) => updateTrade(ctx, req, p(req, 'tradeId')),
  },
  {
    method: 'PUT',
    url: COMPAT_SHIFTS,
    auth: true,
    write: true,
    body: compatTradeUpdateById,
    profile,
    tags,
    summary: "The same, naming the trade by trade_id in the body (the ServiceNow script's call)",
    handler: (ctx, req) => updateTrade(ctx, req, (req.body as { trade_id: string }).trade_id),
  },
  {
    method: 'GET',
    url: `${COMPAT_SCHEDULES}/:scheduleId`,
    auth: true,
    write: false,
    profile,
    tags,
    summary: "A business-unit week schedule's scheduleVersion, also as its ETag",
    handler(ctx, req) {
      const schedule = ctx.store.scheduleById(p(req, 'scheduleId'));
      if (!schedule) return compatNotFound(ctx, 'schedule', p(req, 'scheduleId'));
      const version = ctx.store.scheduleVersion(schedule.id) ?? 1;
      return {
        status: 200,
        headers: { ETag: etagOf(version) },
        body: { id: schedule.id, weekDate: schedule.weekDate, version },
      };
    },
  },
];
