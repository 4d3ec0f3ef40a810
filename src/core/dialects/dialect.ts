import type { HttpRequest, HttpResponse } from '../ports.ts';
import type { TradePlan, TradeRecord } from '../trade-plan.ts';

/** How one API family spells the trade workflow. The workflow itself is dialect-independent. */
export interface Dialect {
  name: string;
  createRequest(plan: TradePlan): HttpRequest;
  parseTrade(response: HttpResponse): TradeRecord;
  /** A read that returns the initiating agent's trades: used to re-read a version or to find a trade. */
  lookupRequest(plan: TradePlan): HttpRequest;
  findTrade(response: HttpResponse, plan: TradePlan, tradeId?: string): TradeRecord | undefined;
  matchRequest(plan: TradePlan, trade: TradeRecord): HttpRequest;
  parseMatch(response: HttpResponse): { trade: TradeRecord; violations: string[] };
}
