/**
 * When the token decided a run (DESIGN "Rate limits"): how many answers of 429 the per-token bucket gave,
 * whether trades failed on them, and how many OAuth clients the load needs. The rule (docs/reports.md
 * "Tokens"): k = ceil(trades per world-s x 60 x requests per trade / requests per token-minute), and at
 * least one more than the run had (they met the limit, so they were not enough), where
 * requests per trade is what a trade costs when the token keeps up: the mean requests of the trades the
 * limit never refused (results requestsPerUnthrottledTrade). One function over results, so every report that wants the
 * sentence (report.md, the terminal, a verdict) says the same thing: tokenSentence(results).
 */
import { clientsNeeded } from '../scenario/clients.ts';
import type { RunResults, StrategyResult } from './results.ts';

/** The mock's refusal key of a per-token 429 (server.rejections). */
export const TOKEN_429 = '429 rate:token';
/** The client's label of a trade that ended on a per-token 429 (failedOtherByCause.client). */
export const TOKEN_429_CAUSE = '429 token';

export interface TokenLimit {
  strategy: string;
  /** 429 answers of the per-token bucket. */
  answers429: number;
  /** Trades that ended unapplied on such an answer (the client's view). */
  tradesFailed: number;
  /** Clients the run spread its load over. */
  clients: number;
  /**
   * Clients the load needs at least: the mean's bound (clientsNeeded at the measured cost of a trade), or
   * one more than the run had when the mean says its clients were enough (its requests came in bursts).
   */
  needed: number;
  /** The bound came from the mean (false: from the run's own clients, which met the limit). */
  fromMean: boolean;
  perTokenPerMinute: number;
  /** Requests per trade when the token keeps up (requestsPerUnthrottledTrade). */
  requestsPerTrade: number;
}

/** Per strategy that met the per-token limit (its 429s), what it cost and what the load needs. */
export function tokenLimits(results: Pick<RunResults, 'load' | 'rateLimits' | 'strategies'>): TokenLimit[] {
  const perTokenPerMinute = results.rateLimits?.perTokenPerMinute;
  if (perTokenPerMinute === undefined) return [];
  return results.strategies.flatMap((r: StrategyResult) => {
    const answers429 = r.server.rejections[TOKEN_429] ?? 0;
    if (answers429 === 0 || r.trades === 0) return [];
    const clients = results.load.clients ?? 1;
    // What a trade costs when the token keeps up; without the figure (every trade met the limit, or an older
    // run), every request the limit let through per trade, which is lower.
    const requestsPerTrade = r.requestsPerUnthrottledTrade || Math.max(0, r.requests - answers429) / r.trades;
    return [
      {
        strategy: r.strategy,
        answers429,
        tradesFailed: r.failedOtherByCause?.client[TOKEN_429_CAUSE] ?? 0,
        clients,
        // The mean's bound, or one more than the run had: its clients met the limit, so they were not enough.
        needed: Math.max(clientsNeeded(results.load.tradesPerSecond, requestsPerTrade, perTokenPerMinute), clients + 1),
        fromMean: clientsNeeded(results.load.tradesPerSecond, requestsPerTrade, perTokenPerMinute) > clients,
        perTokenPerMinute,
        requestsPerTrade,
      },
    ];
  });
}

function sentenceOf(limit: TokenLimit, named: boolean): string {
  const who = named ? ` (${limit.strategy})` : '';
  const need = `this load needs at least ${limit.needed} client${limit.needed === 1 ? '' : 's'} at ${limit.perTokenPerMinute} requests/min`;
  const cost = `a trade the limit never refused cost ${limit.requestsPerTrade.toFixed(2)} requests`;
  const ran = limit.fromMean
    ? `it ran with ${limit.clients}; ${cost}`
    : `it ran with ${limit.clients}, which the mean load fits (${cost}): its requests came in bursts past it`;
  if (limit.tradesFailed > 0)
    return (
      `token-limited${who}: ${limit.answers429} answers of 429; ${need} ` +
      `(${limit.tradesFailed} trades failed on the token's 429; ${ran})`
    );
  return `token 429s${who}: ${limit.answers429} answers of 429 slowed trades but failed none; ${need} (${ran})`;
}

/**
 * The token sentence of a run, or undefined when no request met the per-token limit: "token-limited:
 * N answers of 429; this load needs at least k clients at 300 requests/min" when trades failed on it,
 * one line per strategy that met the limit (named when the run compared several).
 */
export function tokenSentence(results: Pick<RunResults, 'load' | 'rateLimits' | 'strategies'>): string | undefined {
  const limits = tokenLimits(results);
  if (limits.length === 0) return undefined;
  const named = results.strategies.length > 1;
  return limits.map((limit) => sentenceOf(limit, named)).join('\n');
}
