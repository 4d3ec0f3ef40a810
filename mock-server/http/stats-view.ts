/**
 * GET /__harness/stats: how much each store that grows with traffic holds, and beside it its bound
 * (docs/mock-server.md "Bounded memory"). The sizes stay flat numbers, as before; `bounds` names each
 * store's limit with its unit, so a reader sees how close to it the run is.
 */
import { MAX_TALLIED_LEGACY_IDS } from '../domain/audit.ts';
import { MAX_BUCKETS } from '../api/rate-limits.ts';
import { KEPT_TEXT_MAX_BYTES } from '../api/bounded-text.ts';
import type { Harness } from './harness.ts';

export interface StoreBound {
  max: number;
  unit: string;
  /** Another rule that drops entries before the count bound does, in words. */
  also?: string;
}

export interface StatsView extends Record<string, number | Record<string, StoreBound>> {
  bounds: Record<string, StoreBound>;
}

export function statsView(harness: Harness): StatsView {
  const rules = harness.store.retentionRules;
  const buckets = harness.rateLimits?.sizes() ?? { token: 0, user: 0 };
  const shifts = harness.world.agents.reduce((sum, agent) => sum + agent.shifts.length, 0);
  return {
    ...harness.store.sizes(),
    tokens: harness.auth.size,
    journalEntries: harness.journal.held,
    rateLimitTokenBuckets: buckets.token,
    rateLimitUserBuckets: buckets.user,
    bounds: {
      trades: { max: shifts, unit: 'open trades: a shift of the world is in at most one' },
      closedTrades: {
        max: rules.maxClosedTrades,
        unit: 'count',
        also: `dropped ${rules.closedTradeRetentionMs} world ms after their last write`,
      },
      jobs: {
        max: rules.maxFinishedJobs,
        unit: 'finished jobs (count); running ones by rate x jobs.delayMs',
        also: `dropped ${rules.finishedJobRetentionMs} world ms after they ran`,
      },
      auditEntries: { max: rules.maxAuditEntries, unit: 'count (the invariant counters cover every entry)' },
      operations: { max: rules.maxOperations, unit: 'count' },
      expiring: { max: shifts, unit: 'open trades with an expiration' },
      legacyIdTally: {
        max: MAX_TALLIED_LEGACY_IDS,
        unit: `distinct legacy ids of dropped trades, each at most ${KEPT_TEXT_MAX_BYTES} UTF-8 bytes`,
      },
      tokens: { max: harness.auth.max, unit: 'count' },
      journalEntries: {
        max: harness.journal.capacity,
        unit: `count; each text value at most ${KEPT_TEXT_MAX_BYTES} UTF-8 bytes, longer ones cut with a mark`,
      },
      rateLimitTokenBuckets: { max: MAX_BUCKETS, unit: 'count' },
      rateLimitUserBuckets: { max: MAX_BUCKETS, unit: 'count' },
    },
  };
}
