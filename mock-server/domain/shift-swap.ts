/**
 * One whole swap in one step (the compat profile's POST /api/v2/wfm/schedule/shift-trades): built from
 * the store's own create and match, so both profiles share the world, its rules, locks and versions.
 *
 * Order of checks, as on every genesys write: the ids exist → each shift is its agent's → the lock on
 * both agents' schedules → scheduleVersion → the business rules (create, then match as the counter
 * agent; the management unit's autoReview decides Approved or Matched). The whole swap runs in one
 * synchronous step, so of N concurrent swaps carrying the same scheduleVersion exactly one gets through.
 */
import type { DomainError } from './errors.ts';
import type { StoreParts } from './store-parts.ts';
import { lockHolder } from './store-parts.ts';
import { createTrade, matchTrade } from './trade-operations.ts';
import { reviewTrade } from './trade-review.ts';
import type { CreateTradeInput, Trade } from './trade.ts';

/** Who undoes a half-done swap in the audit log. */
export const SHIFT_SWAP_ACTOR = 'compat-swap';

export interface ShiftSwapInput {
  initiatorAgentId: string;
  counterAgentId: string;
  initiatorShiftId: string;
  counterShiftId: string;
  /** The business-unit week schedule's version the caller read; undefined: not checked. */
  scheduleVersion?: number | undefined;
  /** The client's legacy id (x-harness-legacy-id), for the duplicate audit. */
  legacyId?: string | undefined;
}

/** Why a swap was refused, as data: the API maps each to its answer. */
export type SwapRefusal =
  | { refusal: 'unknown-agent'; agentId: string }
  | { refusal: 'unknown-shift'; shiftId: string }
  /** The shift has changed hands (an earlier swap): a conflict with the world, not a bad request. */
  | { refusal: 'not-owner'; shiftId: string; agentId: string }
  | { refusal: 'different-units' }
  | { refusal: 'locked'; holder: string; scheduleId: string }
  | { refusal: 'stale-schedule-version'; scheduleId: string }
  | { refusal: 'counter-shift-in-open-trade'; tradeId: string }
  /** The create or the match refused (the create undone). */
  | { refusal: 'refused'; error: DomainError }
  /** The unit's rules refused the match (the create undone): the violation types, in order. */
  | { refusal: 'violations'; tradeId: string; types: string[] };

export type SwapOutcome = { ok: true; trade: Trade } | { ok: false; refusal: SwapRefusal };

function refused(refusal: SwapRefusal): SwapOutcome {
  return { ok: false, refusal };
}

export function swapShifts(parts: StoreParts, input: ShiftSwapInput, nowMs: number): SwapOutcome {
  if (!parts.org.agent(input.initiatorAgentId))
    return refused({ refusal: 'unknown-agent', agentId: input.initiatorAgentId });
  if (!parts.org.agent(input.counterAgentId))
    return refused({ refusal: 'unknown-agent', agentId: input.counterAgentId });
  const giving = parts.book.ownerOf(input.initiatorShiftId);
  if (!giving) return refused({ refusal: 'unknown-shift', shiftId: input.initiatorShiftId });
  const taking = parts.book.ownerOf(input.counterShiftId);
  if (!taking) return refused({ refusal: 'unknown-shift', shiftId: input.counterShiftId });
  if (giving.agentId !== input.initiatorAgentId)
    return refused({ refusal: 'not-owner', shiftId: input.initiatorShiftId, agentId: input.initiatorAgentId });
  if (taking.agentId !== input.counterAgentId)
    return refused({ refusal: 'not-owner', shiftId: input.counterShiftId, agentId: input.counterAgentId });
  if (giving.managementUnitId !== taking.managementUnitId) return refused({ refusal: 'different-units' });
  const holder =
    lockHolder(parts, giving.agentId, giving.weekDate, nowMs) ??
    lockHolder(parts, taking.agentId, taking.weekDate, nowMs);
  if (holder) return refused({ refusal: 'locked', holder, scheduleId: giving.scheduleId });
  const current = parts.book.scheduleVersion(giving.scheduleId) ?? 1;
  if (input.scheduleVersion !== undefined && input.scheduleVersion !== current)
    return refused({ refusal: 'stale-schedule-version', scheduleId: giving.scheduleId });
  // Checked before the create, so a counter shift already in a trade leaves no half-done swap behind.
  const open = parts.ledger.index.openTradeWithShift(input.counterShiftId);
  if (open) return refused({ refusal: 'counter-shift-in-open-trade', tradeId: open.id });

  const create: CreateTradeInput = {
    managementUnitId: giving.managementUnitId,
    weekDate: giving.weekDate,
    scheduleId: giving.scheduleId,
    initiatingShiftId: input.initiatorShiftId,
    receivingUserId: input.counterAgentId,
  };
  if (input.legacyId !== undefined) create.legacyId = input.legacyId;
  const created = createTrade(parts, create, nowMs);
  if (!created.ok) return refused({ refusal: 'refused', error: created.error });
  const trade = created.value;
  const matched = matchTrade(
    parts,
    trade.id,
    {
      managementUnitId: trade.managementUnitId,
      weekDate: trade.weekDate,
      receivingScheduleId: taking.scheduleId,
      receivingShiftId: input.counterShiftId,
      version: trade.version,
    },
    nowMs,
  );
  if (matched.ok && matched.value.violations.length === 0) return { ok: true, trade: matched.value.trade };
  // The match refused: undo the create. Genesys has no delete, so the trade is canceled, in the audit
  // like any write; it cannot fail, nothing else ran in between.
  reviewTrade(
    parts,
    trade.id,
    {
      managementUnitId: trade.managementUnitId,
      weekDate: trade.weekDate,
      state: 'Canceled',
      version: trade.version,
      by: SHIFT_SWAP_ACTOR,
    },
    nowMs,
  );
  if (!matched.ok) return refused({ refusal: 'refused', error: matched.error });
  return refused({ refusal: 'violations', tradeId: trade.id, types: matched.value.violations.map((v) => v.type) });
}
