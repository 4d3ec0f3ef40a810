/**
 * POST /api/v2/wfm/schedule/shift-trades: one whole swap in one request, built from the store's own
 * create and match, so both profiles share the world, its rules, locks and versions.
 *
 * Order of checks, as on every genesys write: the ids exist → each shift is its agent's → the lock on
 * both agents' schedules → scheduleVersion → the business rules (create, then match as the counter
 * agent; the management unit's autoReview decides APPROVED or PENDING). The whole swap runs in one
 * synchronous step, so of N concurrent POSTs carrying the same scheduleVersion exactly one gets through.
 */
import type { ApiContext, ApiResponse } from './route-kit.ts';
import type { CompatSwapRequest } from './compat-schemas.ts';
import { COMPAT_LOCKED_MESSAGE, COMPAT_OPEN_TRADE_MESSAGE, COMPAT_VERSION_MESSAGE, compatConflict, compatNotFound, compatRefusal, compatTradeAnswer } from './compat-views.ts';
import type { CreateTradeInput } from '../domain/store.ts';

/** Who undoes a half-done swap in the audit log. */
export const COMPAT_SWAP_ACTOR = 'compat-swap';

export function compatSwap(ctx: ApiContext, body: CompatSwapRequest, legacyId: string | undefined): ApiResponse {
  const { store, nowMs } = ctx;
  for (const agentId of [body.initiator_agent_id, body.counter_agent_id]) {
    if (!store.agent(agentId)) return compatNotFound(ctx, 'user', agentId);
  }
  const giving = store.ownerOfShift(body.initiator_shift_id);
  if (!giving) return compatNotFound(ctx, 'shift', body.initiator_shift_id);
  const taking = store.ownerOfShift(body.counter_shift_id);
  if (!taking) return compatNotFound(ctx, 'shift', body.counter_shift_id);
  // A shift that has changed hands (an earlier swap) is a conflict with the world, not a bad request.
  for (const [owner, agentId, shiftId] of [[giving.agentId, body.initiator_agent_id, body.initiator_shift_id], [taking.agentId, body.counter_agent_id, body.counter_shift_id]] as const) {
    if (owner !== agentId) return compatConflict(ctx, `Shift trade refused: shift ${shiftId} does not belong to agent ${agentId}`, 'compat:not-owner', [{ errorCode: 'SHIFT_NOT_OWNED', entityId: shiftId, entityName: 'shift' }]);
  }
  if (giving.managementUnitId !== taking.managementUnitId) {
    return compatConflict(ctx, 'Shift trade refused: the two agents belong to different management units', 'compat:rule:DifferentManagementUnit', [{ errorCode: 'DifferentManagementUnit' }]);
  }
  const holder = store.lockHolder(giving.agentId, giving.weekDate, nowMs) ?? store.lockHolder(taking.agentId, taking.weekDate, nowMs);
  if (holder) return compatConflict(ctx, COMPAT_LOCKED_MESSAGE, `compat:locked:${holder}`, [{ errorCode: 'RESOURCE_LOCKED', entityId: giving.scheduleId, entityName: 'schedule' }]);
  const current = store.scheduleVersion(giving.scheduleId) ?? 1;
  if (body.scheduleVersion !== undefined && body.scheduleVersion !== current) {
    return compatConflict(ctx, COMPAT_VERSION_MESSAGE, 'compat:schedule-version', [{ errorCode: 'VERSION_MISMATCH', fieldName: 'scheduleVersion', entityId: giving.scheduleId, entityName: 'schedule' }]);
  }
  // Checked before the create, so a counter shift already in a trade leaves no half-done swap behind.
  const open = store.openTradeWithShift(body.counter_shift_id);
  if (open) return compatConflict(ctx, COMPAT_OPEN_TRADE_MESSAGE, 'compat:shift-in-open-trade', [{ errorCode: 'SHIFT_IN_OPEN_TRADE', entityId: open.id, entityName: 'shiftTrade' }]);

  const input: CreateTradeInput = { managementUnitId: giving.managementUnitId, weekDate: giving.weekDate, scheduleId: giving.scheduleId, initiatingShiftId: body.initiator_shift_id, receivingUserId: body.counter_agent_id };
  if (legacyId !== undefined) input.legacyId = legacyId;
  const created = store.createTrade(input, nowMs);
  if (!created.ok) return compatRefusal(ctx, created.error);
  const trade = created.value;
  const matched = store.matchTrade(trade.id, { managementUnitId: trade.managementUnitId, weekDate: trade.weekDate, receivingScheduleId: taking.scheduleId, receivingShiftId: body.counter_shift_id, version: trade.version }, nowMs);
  if (matched.ok && matched.value.violations.length === 0) {
    return compatTradeAnswer(ctx, matched.value.trade, 201, { Location: `/api/v2/wfm/schedule/shift-trades/${trade.id}` });
  }
  // The match refused (rule violations): undo the create. Genesys has no delete, so the trade is
  // canceled, in the audit like any write; it cannot fail, nothing else ran in between.
  store.setTradeState(trade.id, { managementUnitId: trade.managementUnitId, weekDate: trade.weekDate, state: 'Canceled', version: trade.version, by: COMPAT_SWAP_ACTOR }, nowMs);
  if (!matched.ok) return compatRefusal(ctx, matched.error);
  const types = matched.value.violations.map((v) => v.type);
  return compatConflict(ctx, `Shift trade refused by the management unit's rules: ${types.join(', ')}`, `compat:violation:${types[0] ?? 'unknown'}`, types.map((type) => ({ errorCode: type, entityId: trade.id, entityName: 'shiftTrade' })));
}
