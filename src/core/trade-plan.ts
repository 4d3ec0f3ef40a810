/**
 * What a planned trade does (a scenario's tradeMix, docs/scenarios.md "Trade mix"): 'swap' creates the trade and
 * matches it (two shifts change hands); 'one-sided' creates it with no receiving agent (an agent gives a
 * shift away) and leaves it Unmatched for a taker; 'cancel' creates a swap and cancels it, as its
 * initiator changing their mind, before anyone matches it.
 */
export type TradeKind = 'swap' | 'one-sided' | 'cancel';

export const TRADE_KINDS: readonly TradeKind[] = ['swap', 'one-sided', 'cancel'];

/** One trade to apply: the initiating agent gives a shift, the receiving agent (a swap) gives one back. */
export interface TradePlan {
  /** The id of the swap in the system being migrated from; the journal key. */
  legacyId: string;
  managementUnitId: string;
  weekDate: string;
  scheduleId: string;
  initiatingUserId: string;
  initiatingShiftId: string;
  receivingUserId: string;
  receivingShiftId: string;
  /** Absent: a swap (every plan made before trade mixes, and every scenario without one). */
  kind?: TradeKind;
}

export function kindOf(plan: Pick<TradePlan, 'kind'>): TradeKind {
  return plan.kind ?? 'swap';
}

/** A trade as the client sees it: enough to send the next versioned write. */
export interface TradeRecord {
  id: string;
  state: string;
  version: number;
  initiatingShiftId: string;
}

export const OPEN_OR_DONE_STATES = new Set(['Unmatched', 'Matched', 'Approved']);

/** The state a trade of each kind ends in once this client has applied it. */
export const DONE_STATE: Readonly<Record<TradeKind, string>> = {
  swap: 'Approved',
  'one-sided': 'Unmatched',
  cancel: 'Canceled',
};
