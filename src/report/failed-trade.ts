/**
 * One trade a k6 run did not apply, as its VU logs it (k6/lib/swaps.ts, a console line after
 * FAILED_TRADE_LOG) and compare reads it back (src/cli/failed-trades.ts): the client's side of the trade,
 * which compare joins with the server's journal so `explain` and the "failed otherwise" causes work on a
 * k6 run as on a simulator run. Plain data; bundled into k6.
 */
import type { LastAnswer } from '../core/failure-cause.ts';

/** The console line's prefix (k6/lib/swaps.ts writes it, src/cli/failed-trades.ts reads it). */
export const FAILED_TRADE_LOG_PREFIX = 'wfm-failed-trade ';

export interface FailedTradeRecord {
  legacyId: string;
  tradeId?: string;
  strategy: string;
  outcome: string;
  /** The client's cause (src/core/failure-cause.ts): "429 token", "timeout", "closed connection", … */
  cause: string;
  lastAnswer?: LastAnswer;
  /** Why the workflow stopped, in words (src/core/outcome-reason.ts). */
  reason?: string;
  requests: number;
  /** World ms from its first request to its outcome. */
  durationMs: number;
  lastWriteStatus: number;
}
