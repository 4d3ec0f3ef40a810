/**
 * The compat profile's representations and refusals (docs/mock-server.md "Compat profile"): the seed threads'
 * snake_case trade, its ETag, and the SHIFT_TRADE_CONFLICT 409. Every compat 4xx is a Genesys ErrorBody
 * (contextId = ININ-Correlation-Id); a 409 also carries the thread's `errors: [{message, code}]` entry,
 * so the thread's body is contained verbatim. All compat 409s share the code and differ by message:
 * the thread's own message means "re-read the version and retry", the lock message "wait and retry",
 * any other message a permanent refusal (src/core/classify.ts reads them the same way).
 */
import type { DomainError } from '../domain/errors.ts';
import type { Trade, TradeState, WfmStore } from '../domain/store.ts';
import type { ErrorDetail } from './errors.ts';
import { ERRORS, errorBody, fromDomain } from './errors.ts';
import type { ApiContext, ApiResponse } from './route-kit.ts';
import { errorResponse } from './route-kit.ts';
import { COMPAT_CONFLICT_CODE, COMPAT_VERSION_CONFLICT_MESSAGE } from '../../src/contract/wire.ts';

/** The code the client classifies by: one definition for both sides, in the wire contract. */
export { COMPAT_CONFLICT_CODE };
/** The bulk-swap thread's message, kept for stale versions (scheduleVersion or If-Match): retryable after a re-read. */
export const COMPAT_VERSION_MESSAGE = COMPAT_VERSION_CONFLICT_MESSAGE;
/** The DST thread's message: a background job holds the schedule. */
export const COMPAT_LOCKED_MESSAGE = ERRORS.locked.message;
export const COMPAT_OPEN_TRADE_MESSAGE = 'The shift is already part of an open shift trade';

export const COMPAT_STATUSES = ['OPEN', 'PENDING', 'APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED'] as const;
export type CompatStatus = (typeof COMPAT_STATUSES)[number];

/** Unmatched trades exist only when made through the genesys profile; a compat swap is at least Matched. */
export const COMPAT_STATUS_OF: Readonly<Record<TradeState, CompatStatus>> = {
  Unmatched: 'OPEN',
  Matched: 'PENDING',
  Approved: 'APPROVED',
  Denied: 'DENIED',
  Canceled: 'CANCELLED',
  Expired: 'EXPIRED',
};

export function compatTradeView(store: WfmStore, trade: Trade): Record<string, unknown> {
  return {
    trade_id: trade.id,
    status: COMPAT_STATUS_OF[trade.state],
    initiator_agent_id: trade.initiatingUserId,
    counter_agent_id: trade.receivingUserId ?? null,
    initiator_shift_id: trade.initiatingShift.id,
    counter_shift_id: trade.receivingShift?.id ?? null,
    schedule_id: trade.scheduleId,
    week_date: trade.weekDate,
    scheduleVersion: store.scheduleVersion(trade.scheduleId) ?? 1,
    version: trade.version,
  };
}

/** A strong ETag: the entity's metadata.version, quoted. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** A trade answer: the compat view with the trade's ETag. */
export function compatTradeAnswer(
  ctx: ApiContext,
  trade: Trade,
  status = 200,
  extraHeaders: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { ETag: etagOf(trade.version), ...extraHeaders },
    body: compatTradeView(ctx.store, trade),
    tradeId: trade.id,
  };
}

/** A 409 SHIFT_TRADE_CONFLICT with its cause (the pipeline counts it as `409 <cause>`). */
export function compatConflict(
  ctx: ApiContext,
  message: string,
  cause: string,
  details: ErrorDetail[] = [],
): ApiResponse {
  const body = {
    ...errorBody({ status: 409, code: COMPAT_CONFLICT_CODE, message }, ctx.correlationId, { details }),
    errors: [{ message, code: COMPAT_CONFLICT_CODE }],
  };
  return { status: 409, body, cause };
}

/** A request error (400, 404, 428): the Genesys ErrorBody with its cause. */
export function compatRequestError(
  ctx: ApiContext,
  def: { status: number; code: string; message: string },
  cause: string,
  extra: Parameters<typeof errorResponse>[2] = {},
): ApiResponse {
  return errorResponse(ctx, def, extra, cause);
}

export function compatNotFound(ctx: ApiContext, entityName: string, entityId: string): ApiResponse {
  return compatRequestError(ctx, ERRORS.notFound, 'compat:not-found', {
    entityId,
    entityName,
    details: [{ errorCode: 'NOT_FOUND', entityId, entityName }],
  });
}

/** A domain refusal in compat terms: unknown ids stay 404s, everything the world refuses is a 409. */
export function compatRefusal(ctx: ApiContext, error: DomainError): ApiResponse {
  const mapped = fromDomain(error);
  if (error.error === 'not-found') return compatNotFound(ctx, error.entity, error.id);
  const message =
    error.error === 'version-mismatch'
      ? COMPAT_VERSION_MESSAGE
      : error.error === 'locked'
        ? COMPAT_LOCKED_MESSAGE
        : error.error === 'shift-in-open-trade'
          ? COMPAT_OPEN_TRADE_MESSAGE
          : error.error === 'invalid-state'
            ? `Shift trade refused: the trade is ${COMPAT_STATUS_OF[error.state as TradeState] ?? error.state} and cannot ${error.action}`
            : `Shift trade refused: ${mapped.message ?? mapped.def.message}`;
  return compatConflict(ctx, message, `compat:${mapped.cause}`, mapped.details);
}
