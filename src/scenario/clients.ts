/**
 * OAuth clients (tokens) of a load (ScenarioSpec.load.clients, default 1). Genesys limits each
 * client-credentials token to about 300 requests a minute (shared/reference/genesys-wfm.md), so the
 * token is often a cutover's bottleneck: a load states how many clients it spreads its requests over,
 * and the mock's per-token bucket counts each one's requests apart (mock-server/api/rate-limits.ts).
 *
 * How the load is spread, the same way in k6 (k6/lib/swaps.ts), the simulator (src/sim/experiments/swaps.ts)
 * and `sync --clients` (src/sync/run.ts): the i-th trade of the load (from 0) sends every request with
 * client i mod k's token; a worker that applies its trades one after another (a partitioning strategy's
 * VU, a sync worker) keeps client (worker mod k). Tying a token to each arrival-rate VU instead would load
 * the first clients only: k6 and the simulator hand each arrival to the first free VU, so the lowest VUs
 * do most of the work. Pure; bundled into k6.
 */

/** The load's clients: load.clients, default 1. */
export function clientsOf(load: { clients?: number }): number {
  return load.clients ?? 1;
}

/** Which client (from 0) sends trade `index` (from 0) of a load spread over `clients`. */
export function clientOfTrade(index: number, clients: number): number {
  return index % Math.max(1, clients);
}

/**
 * The clients a load needs so no token's bucket runs dry, at the measured cost of a trade: trades per
 * world-second x 60 x requests per trade / requests allowed per token-minute, rounded up (at least 1).
 * The rule docs/reports.md "Tokens" states; the report's token sentence prints it.
 */
export function clientsNeeded(tradesPerS: number, requestsPerTrade: number, perTokenPerMinute: number): number {
  if (!(perTokenPerMinute > 0)) return 1;
  return Math.max(1, Math.ceil((tradesPerS * 60 * requestsPerTrade) / perTokenPerMinute - 1e-9));
}
