/** Helpers for the compat-profile tests: the thread's body, and a swap payload built from who holds each shift now. */
import type { Harness } from '../../../mock-server/http/harness.ts';
import type { TradePlan } from '../../../src/core/trade-plan.ts';

/** The bulk-swap thread's 409 body, verbatim. */
export const THREAD_CONFLICT_ERRORS = [
  { message: 'Conflict detected while processing shift trade', code: 'SHIFT_TRADE_CONFLICT' },
];

export const SWAPS_PATH = '/api/v2/wfm/schedule/shift-trades';
export const SHIFTS_PATH = '/api/v2/wfm/scheduling/shifts';

/** The swap of the plan's two shifts, initiated by whoever holds the plan's initiating shift now (so a swapped pair swaps back). */
export function swapPayload(harness: Harness, plan: TradePlan, scheduleVersion?: number): Record<string, unknown> {
  const giver = harness.store.ownerOfShift(plan.initiatingShiftId)?.agentId;
  const taker = harness.store.ownerOfShift(plan.receivingShiftId)?.agentId;
  if (!giver || !taker) throw new Error(`plan ${plan.legacyId}: a shift has no owner`);
  const body: Record<string, unknown> = {
    initiator_agent_id: giver,
    counter_agent_id: taker,
    initiator_shift_id: plan.initiatingShiftId,
    counter_shift_id: plan.receivingShiftId,
    status: 'PENDING',
  };
  if (scheduleVersion !== undefined) body['scheduleVersion'] = scheduleVersion;
  return body;
}
