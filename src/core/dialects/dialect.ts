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
}
