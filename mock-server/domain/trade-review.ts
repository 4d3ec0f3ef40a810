/**
 * The trade state machine for administrators (legacy state/bulk, state jobs). Client-credentials callers
 * act as administrators (docs/mock-server.md "Choices"):
 *   Unmatched → Canceled;  Matched → Approved | Denied | Canceled;  Approved, Denied, Expired, Canceled: final.
 * Approving applies the swap, and fails (failureReason) when a shift changed hands since the match.
 * Agent transitions (Unmatched → Matched) go through match, never through here.
 */
import type { Result } from './errors.ts';
import { fail, ok } from './errors.ts';
import type { StoreParts } from './store-parts.ts';
import { approve } from './trade-operations.ts';
import { scheduleLocked, staleVersion } from './trade-guards.ts';
import type { Trade, TradeState } from './trade.ts';

export interface StateChangeInput {
  /** undefined: any management unit (the job routes name only the trade). */
  managementUnitId?: string;
  weekDate: string;
  state: TradeState;
  version: number;
  by?: string;
}

const ALLOWED: Readonly<Record<TradeState, readonly TradeState[]>> = {
  Unmatched: ['Canceled'],
  Matched: ['Approved', 'Denied', 'Canceled'],
  Approved: [],
  Denied: [],
  Expired: [],
  Canceled: [],
};

export function transitionAllowed(from: TradeState, to: TradeState): boolean {
  return ALLOWED[from].includes(to);
}

/** Guards, in order: the trade → both locks → the version → the transition. */
export function reviewTrade(parts: StoreParts, tradeId: string, input: StateChangeInput, nowMs: number): Result<Trade> {
  const trade = parts.ledger.tradeIn(tradeId, input.managementUnitId, input.weekDate);
  if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
  const refused =
    scheduleLocked(parts, trade.initiatingUserId, trade.weekDate, nowMs) ??
    (trade.receivingUserId !== undefined && trade.receivingShift
      ? scheduleLocked(parts, trade.receivingUserId, trade.receivingShift.weekDate, nowMs)
      : undefined) ??
    staleVersion(trade, input.version);
  if (refused) return fail(refused);
  if (!transitionAllowed(trade.state, input.state))
    return fail({ error: 'invalid-state', tradeId: trade.id, state: trade.state, action: `set ${input.state}` });
  const by = input.by ?? 'admin';
  if (input.state === 'Approved') {
    // approve() bumps the trade itself; a shift that changed hands leaves everything untouched.
    if (!approve(parts, trade, nowMs, by, input.version))
      return fail({
        error: 'rule',
        rule: 'InitiatingAgentShiftNotFound',
        message: 'A shift of the trade no longer belongs to its agent',
        id: trade.id,
      });
    return ok(trade);
  }
  trade.state = input.state;
  if (input.state === 'Denied') {
    trade.reviewedMs = nowMs;
    trade.reviewedBy = by;
  }
  parts.ledger.bump(trade, nowMs, by, input.state.toLowerCase(), input.version);
  return ok(trade);
}
