/**
 * Legacy management-unit routes that read or review many trades: search (what a receiving agent could
 * match) and state/bulk (administrators approve, deny or cancel). state/bulk honours `forceAsync`:
 * Genesys then answers Processing and delivers the result as a notification; the mock has no
 * notification channel, so it applies the updates at once, answers Processing with an operationId, and
 * serves the notification payload at GET /__harness/operations/{operationId} (docs/mock-server.md "Choices").
 */
import { z } from 'zod';
import type { DomainError } from '../domain/errors.ts';
import type { Trade, TradeState } from '../domain/store.ts';
import { TRADE_STATES } from '../domain/trade.ts';
import { readTrades } from '../domain/replica.ts';
import type { RouteDef } from './route-kit.ts';
import type { RefusalCounter } from './refusal-counter.ts';
import { param as p } from './route-kit.ts';
import { tradeView } from './views.ts';
import { acceptableShifts } from './bu-read-domain.ts';

const WEEK_TRADES = '/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades';
const STATES = TRADE_STATES;

export const searchShiftTradesRequest = z
  .object({
    receivingScheduleId: z.string().min(1),
    receivingShiftIds: z.array(z.string().min(1)).max(100).optional(),
    receivingUserId: z.string().min(1).optional(),
  })
  .strict();

export const bulkShiftTradeStateRequest = z
  .object({
    entities: z
      .array(
        z
          .object({
            id: z.string().min(1),
            state: z.enum(STATES),
            metadata: z.object({ version: z.number().int().nonnegative() }).strict(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();

/** Genesys' failureReason for a refused entity of a bulk update (mock names where Genesys has none). */
function failureReason(error: DomainError): string {
  switch (error.error) {
    case 'not-found':
      return 'TradeNotFound';
    case 'version-mismatch':
      return 'VersionMismatch';
    case 'locked':
      return 'ScheduleLocked';
    case 'invalid-state':
      return 'TransitionNotAllowed';
    case 'rule':
      return error.rule;
    default:
      return 'Unknown';
  }
}

/**
 * A refused entity of a bulk state update (state/bulk and its job): counted as `<counter> <reason>`, and
 * answered with the trade's current state and version when it is in scope, else with what was sent.
 */
export function bulkRefusal(
  refusals: RefusalCounter,
  counter: 'bulk' | 'bulk-job',
  entity: { id: string; state: TradeState; metadata: { version: number } },
  error: DomainError,
  current: Trade | undefined,
): Record<string, unknown> {
  const reason = failureReason(error);
  refusals.count({ status: counter, cause: reason });
  return {
    id: entity.id,
    state: current?.state ?? entity.state,
    failureReason: reason,
    metadata: { version: current?.version ?? entity.metadata.version },
  };
}

export const LEGACY_REVIEW_ROUTES: readonly RouteDef[] = [
  {
    method: 'POST',
    url: `${WEEK_TRADES}/search`,
    auth: true,
    write: false,
    body: searchShiftTradesRequest,
    summary: 'Open trades a receiving agent could match, with the match review for each shift',
    tags: ['shift trades'],
    handler(ctx, req) {
      const body = req.body as z.infer<typeof searchShiftTradesRequest>;
      const { store } = ctx;
      const receiver = body.receivingUserId === undefined ? undefined : store.agent(body.receivingUserId);
      const shifts = (body.receivingShiftIds ?? []).flatMap((id) => {
        const shift = store.shift(id);
        return shift ? [shift] : [];
      });
      // A read: with stale reads on it may be answered from the lagging replica (domain/replica.ts).
      const trades = readTrades(
        store,
        store.tradesOfWeek(p(req, 'managementUnitId'), p(req, 'weekDateId')),
        ctx.nowMs,
      ).filter(
        (trade) =>
          trade.state === 'Unmatched' &&
          (receiver === undefined ||
            (trade.initiatingUserId !== receiver.id &&
              (trade.receivingUserId === undefined || trade.receivingUserId === receiver.id))),
      );
      return {
        status: 200,
        body: {
          trades: trades.map((trade) => {
            // SearchShiftTradeResponse: {trade, matchingReceivingShiftIds, preview}; matchReview (the first
            // shift's verdict) stays as the mock's extension, for clients written against it (docs/mock-server.md).
            const entry: Record<string, unknown> = {
              trade: tradeView(trade),
              matchingReceivingShiftIds: [],
              preview: { activities: [] },
            };
            const shift = shifts[0];
            const review = receiver && shift ? store.rulesVerdict(trade, receiver.id, shift, ctx.nowMs) : undefined;
            if (review && receiver) {
              entry['matchReview'] = review;
              entry['matchingReceivingShiftIds'] = acceptableShifts(store, trade, receiver.id, shifts, ctx.nowMs).map(
                (s) => s.id,
              );
            }
            return entry;
          }),
        },
      };
    },
  },
  {
    method: 'POST',
    url: `${WEEK_TRADES}/state/bulk`,
    auth: true,
    write: true,
    body: bulkShiftTradeStateRequest,
    summary:
      "Set many trades' states as an administrator, each with its metadata.version (?forceAsync=true answers 202)",
    tags: ['shift trades'],
    handler(ctx, req) {
      const body = req.body as z.infer<typeof bulkShiftTradeStateRequest>;
      const managementUnitId = p(req, 'managementUnitId');
      const weekDate = p(req, 'weekDateId');
      const entities = body.entities.map((entity) => {
        const result = ctx.store.setTradeState(
          entity.id,
          { managementUnitId, weekDate, state: entity.state, version: entity.metadata.version },
          ctx.nowMs,
        );
        if (result.ok) {
          const trade = result.value;
          const view: Record<string, unknown> = {
            id: trade.id,
            state: trade.state,
            metadata: { version: trade.version },
          };
          if (trade.reviewedMs !== undefined)
            Object.assign(view, {
              reviewedBy: { id: trade.reviewedBy },
              reviewedDate: new Date(trade.reviewedMs).toISOString(),
            });
          return view;
        }
        return bulkRefusal(
          ctx.refusals,
          'bulk',
          entity,
          result.error,
          ctx.store.tradeIn(entity.id, managementUnitId, weekDate),
        );
      });
      const operationId = ctx.store.newOperationId();
      const response = { status: 'Complete', operationId, result: { entities } };
      if (req.query['forceAsync'] !== 'true') return { status: 200, body: response };
      ctx.store.recordOperation(operationId, { ...response, weekDate });
      return { status: 200, body: { status: 'Processing', operationId } };
    },
  },
];
