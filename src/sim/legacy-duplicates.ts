/**
 * What duplicate legacy ids cost a migration (migration-cutover): per legacy id sent more than once,
 * the sends beyond the one that counts (the applied one, else the first to finish) are extra; their
 * requests and 409s are what the duplicates cost. Whether one was applied twice is the server's to say
 * (server.duplicateTrades, shiftsTradedTwice), not the client's.
 */
import type { TradeResult } from '../core/workflow.ts';
import type { StrategyResult } from '../report/results.ts';

export type LegacyDuplicates = NonNullable<StrategyResult['legacyDuplicates']>;

export function legacyDuplicates(results: readonly TradeResult[]): LegacyDuplicates | undefined {
  const byId = new Map<string, TradeResult[]>();
  for (const result of results) byId.set(result.legacyId, [...(byId.get(result.legacyId) ?? []), result]);
  const repeated = [...byId.values()].filter((sends) => sends.length > 1);
  if (repeated.length === 0) return undefined;
  const extras = repeated.flatMap((sends) => {
    const kept = sends.findIndex((s) => s.outcome === 'applied');
    return sends.filter((_, i) => i !== (kept < 0 ? 0 : kept));
  });
  return {
    idsSentTwice: repeated.length,
    extraSends: extras.length,
    extraApplied: extras.filter((s) => s.outcome === 'applied').length,
    extraRequests: extras.reduce((sum, s) => sum + s.requests, 0),
    extraConflicts: extras.reduce((sum, s) => sum + s.conflicts, 0),
  };
}
