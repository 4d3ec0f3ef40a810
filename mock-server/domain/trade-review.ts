/**
 * The trade state machine for administrators (legacy state/bulk, state jobs). Client-credentials callers
 * act as administrators (README "Choices"):
 *   Unmatched → Canceled;  Matched → Approved | Denied | Canceled;  Approved, Denied, Expired, Canceled: final.
 * Approving applies the swap, and fails (failureReason) when a shift changed hands since the match.
 * Agent transitions (Unmatched → Matched) go through match, never through here.
 */
import type { Result } from './errors.ts';
import { fail, ok } from './errors.ts';
import type { Trade, TradeState, WfmStore } from './store.ts';

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

export function reviewTrade(store: WfmStore, tradeId: string, input: StateChangeInput, nowMs: number): Result<Trade> {
  const trade = store.tradeIn(tradeId, input.managementUnitId, input.weekDate);
  if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
  const locked = store.lockError(trade.initiatingUserId, trade.weekDate, nowMs)
    ?? (trade.receivingUserId !== undefined && trade.receivingShift ? store.lockError(trade.receivingUserId, trade.receivingShift.weekDate, nowMs) : undefined);
  if (locked) return fail(locked);
  if (input.version !== trade.version) return fail(store.versionMismatch(trade, input.version));
  if (!transitionAllowed(trade.state, input.state)) return fail({ error: 'invalid-state', tradeId: trade.id, state: trade.state, action: `set ${input.state}` });
  const by = input.by ?? 'admin';
  if (input.state === 'Approved') {
    // approve() bumps the trade itself; a shift that changed hands leaves everything untouched.
    if (!store.approve(trade, nowMs, by, input.version)) return fail({ error: 'rule', rule: 'InitiatingAgentShiftNotFound', message: 'A shift of the trade no longer belongs to its agent', id: trade.id });
    return ok(trade);
  }
  trade.state = input.state;
  if (input.state === 'Denied') {
    trade.reviewedMs = nowMs;
    trade.reviewedBy = by;
  }
  store.bumpTrade(trade, nowMs, by, input.state.toLowerCase(), input.version);
  return ok(trade);
}
