/** A shift trade as the store keeps it, and the inputs of its operations (store.ts). */
import type { Violation } from './trade-rules.ts';
import type { Shift } from './world.ts';

/** Every state of a shift trade, in Genesys' order (the schemas' enums read it). */
export const TRADE_STATES = ['Unmatched', 'Matched', 'Approved', 'Denied', 'Expired', 'Canceled'] as const;
export type TradeState = (typeof TRADE_STATES)[number];

export interface Trade {
  id: string;
  managementUnitId: string;
  businessUnitId: string;
  weekDate: string;
  scheduleId: string;
  state: TradeState;
  initiatingUserId: string;
  initiatingShift: Shift;
  receivingUserId?: string;
  receivingShift?: Shift;
  expirationMs?: number;
  /** Acceptable intervals for the receiving shift, "start/end" ISO strings as sent; stored, never evaluated (docs/mock-server.md). */
  acceptableIntervals?: string[];
  /** Violations an administrator must review before approving (rules set to AdminReview). */
  adminReviewViolations: Violation[];
  /** The legacy id the client named (x-harness-legacy-id), for the duplicate audit. */
  legacyId?: string;
  version: number;
  createdMs: number;
  modifiedMs: number;
  reviewedMs?: number;
  reviewedBy?: string;
}

export interface CreateTradeInput {
  managementUnitId: string;
  weekDate: string;
  scheduleId: string;
  initiatingShiftId: string;
  receivingUserId?: string;
  expirationMs?: number;
  acceptableIntervals?: string[];
  legacyId?: string;
}

export interface MatchTradeInput {
  managementUnitId: string;
  weekDate: string;
  receivingScheduleId: string;
  receivingShiftId: string;
  version: number;
}

export interface PatchTradeInput {
  managementUnitId: string;
  weekDate: string;
  version: number;
  /** undefined leaves it; null makes the trade open to anyone. */
  receivingUserId?: string | null;
  /** undefined leaves it; null removes the expiration. */
  expirationMs?: number | null;
  /** undefined leaves them; an array replaces them. */
  acceptableIntervals?: string[];
}

export interface MatchOutcome {
  trade: Trade;
  violations: Violation[];
  adminReviewViolations: Violation[];
}
