/** One swap to apply: the initiating agent gives a shift, the receiving agent gives one back. */
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
}

/** A trade as the client sees it: enough to send the next versioned write. */
export interface TradeRecord {
  id: string;
  state: string;
  version: number;
  initiatingShiftId: string;
}

export const OPEN_OR_DONE_STATES = new Set(['Unmatched', 'Matched', 'Approved']);
