/**
 * POST /api/v2/wfm/schedule/shift-trades: the request → the store's swap operation (domain/shift-swap.ts,
 * which checks ownership, locks, scheduleVersion and the rules, and undoes a half-done swap) → the answer:
 * 201 with the compat trade, or the refusal as a compat 404 or 409.
 */
import type { ApiContext, ApiResponse } from './route-kit.ts';
import type { CompatSwapRequest } from './compat-schemas.ts';
import {
  COMPAT_LOCKED_MESSAGE,
  COMPAT_OPEN_TRADE_MESSAGE,
  COMPAT_VERSION_MESSAGE,
  compatConflict,
  compatNotFound,
  compatRefusal,
  compatTradeAnswer,
} from './compat-views.ts';
import type { SwapRefusal } from '../domain/store.ts';

export function compatSwap(ctx: ApiContext, body: CompatSwapRequest, legacyId: string | undefined): ApiResponse {
  const swapped = ctx.store.swapShifts(
    {
      initiatorAgentId: body.initiator_agent_id,
      counterAgentId: body.counter_agent_id,
      initiatorShiftId: body.initiator_shift_id,
      counterShiftId: body.counter_shift_id,
      scheduleVersion: body.scheduleVersion,
      legacyId,
    },
    ctx.nowMs,
  );
  if (swapped.ok)
    return compatTradeAnswer(ctx, swapped.trade, 201, {
      Location: `/api/v2/wfm/schedule/shift-trades/${swapped.trade.id}`,
    });
  return swapRefusal(ctx, swapped.refusal);
}

function swapRefusal(ctx: ApiContext, refused: SwapRefusal): ApiResponse {
  switch (refused.refusal) {
    case 'unknown-agent':
      return compatNotFound(ctx, 'user', refused.agentId);
    case 'unknown-shift':
      return compatNotFound(ctx, 'shift', refused.shiftId);
    case 'not-owner':
      return compatConflict(
        ctx,
        `Shift trade refused: shift ${refused.shiftId} does not belong to agent ${refused.agentId}`,
        'compat:not-owner',
        [{ errorCode: 'SHIFT_NOT_OWNED', entityId: refused.shiftId, entityName: 'shift' }],
      );
    case 'different-units':
      return compatConflict(
        ctx,
        'Shift trade refused: the two agents belong to different management units',
        'compat:rule:DifferentManagementUnit',
        [{ errorCode: 'DifferentManagementUnit' }],
      );
    case 'locked':
      return compatConflict(ctx, COMPAT_LOCKED_MESSAGE, `compat:locked:${refused.holder}`, [
        { errorCode: 'RESOURCE_LOCKED', entityId: refused.scheduleId, entityName: 'schedule' },
      ]);
    case 'stale-schedule-version':
      return compatConflict(ctx, COMPAT_VERSION_MESSAGE, 'compat:schedule-version', [
        {
          errorCode: 'VERSION_MISMATCH',
          fieldName: 'scheduleVersion',
          entityId: refused.scheduleId,
          entityName: 'schedule',
        },
      ]);
    case 'counter-shift-in-open-trade':
      return compatConflict(ctx, COMPAT_OPEN_TRADE_MESSAGE, 'compat:shift-in-open-trade', [
        { errorCode: 'SHIFT_IN_OPEN_TRADE', entityId: refused.tradeId, entityName: 'shiftTrade' },
      ]);
    case 'refused':
      return compatRefusal(ctx, refused.error);
    case 'violations': {
      const { types, tradeId } = refused;
      return compatConflict(
        ctx,
        `Shift trade refused by the management unit's rules: ${types.join(', ')}`,
        `compat:violation:${types[0] ?? 'unknown'}`,
        types.map((type) => ({ errorCode: type, entityId: tradeId, entityName: 'shiftTrade' })),
      );
    }
  }
}
