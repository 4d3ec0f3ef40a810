import type { HttpRequest, HttpResponse } from '../ports.ts';
import type { TradePlan, TradeRecord } from '../trade-plan.ts';
import type { JobSettling } from '../job-poll.ts';

/** How one API family spells the trade workflow. The workflow itself is dialect-independent. */
export interface Dialect {
  name: string;
  createRequest(plan: TradePlan): HttpRequest;
  parseTrade(response: HttpResponse): TradeRecord;
  /** A read that returns the initiating agent's trades: used to re-read a version or to find a trade. */
  lookupRequest(plan: TradePlan): HttpRequest;
  findTrade(response: HttpResponse, plan: TradePlan, tradeId?: string): TradeRecord | undefined;
  matchRequest(plan: TradePlan, trade: TradeRecord): HttpRequest;
  /**
   * The create carries a version that must be read first (compat: scheduleVersion). The workflow then
   * sends lookupRequest before the first create, and again before a retry when the strategy re-fetches;
   * findTrade keeps the version it read for the next createRequest of the same plan.
   */
  readsBeforeCreate?: boolean;
  parseMatch(response: HttpResponse): { trade: TradeRecord; violations: string[] };
  /**
   * Job-based APIs (genesys-jobs): how an answer to a write settles into a final answer, polling the job
   * if it is still Processing (src/core/job-poll.ts). Absent: every answer to a write is final.
   */
  jobs?: JobSettling;
  /** createRequest spells a plan of kind 'one-sided' (no receiving agent); absent: the dialect cannot. */
  spellsOneSided?: boolean;
  /** The initiator cancels the trade with its version (kind 'cancel'); absent: the dialect cannot. */
  cancelRequest?(plan: TradePlan, trade: TradeRecord): HttpRequest;
  /**
   * Turn the cancel's answer into the answer classify() reads, as `jobs` does for a job: a state route
   * that answers 200 with a per-entity failureReason (legacy state/bulk) says 409 for a stale version.
   */
  cancelAnswer?(response: HttpResponse): HttpResponse;
  /** The trade's state and version after the cancel (its settled answer). */
  parseState?(response: HttpResponse): { state: string; version: number };
}
