/**
 * sim --seeds: the headline metrics per strategy over every seed, as median and range, for report.md
 * and the terminal (src/report/markdown.ts). The verdict reads the same ranges (src/report/verdict.ts).
 */
import type { RunResults, Spread } from './results.ts';

/** The metrics a multi-seed run spreads, in the order the table shows them. */
export const SEED_METRICS: ReadonlyArray<{ key: string; title: string; digits: number; percent?: boolean }> = [
  { key: 'tradesNotApplied', title: 'trades not applied', digits: 0 },
  { key: 'requestsPerTrade', title: 'req/trade', digits: 2 },
  { key: 'conflictRate', title: '409s/write', digits: 1, percent: true },
  { key: 'p95OutcomeMs', title: 'p95 outcome (world ms)', digits: 0 },
];

function cell(spread: Spread | undefined, digits: number, percent = false): string {
  if (!spread) return '-';
  const f = (x: number) => (percent ? `${(x * 100).toFixed(digits)}%` : x.toFixed(digits));
  return `${f(spread.median)} (${f(spread.min)}–${f(spread.max)})`;
}

/** The median of values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values: [...values] };
}

/** The section, or nothing for a one-seed run. */
export function acrossSeedsTable(results: RunResults): string[] {
  if (!results.seeds) return [];
  return [
    `## Across seeds ${results.seeds.join(', ')}: median (range)`,
    '',
    `| strategy | ${SEED_METRICS.map((m) => m.title).join(' | ')} |`,
    `|---|${SEED_METRICS.map(() => '---').join('|')}|`,
    ...results.strategies.map(
      (s) =>
        `| ${s.strategy} | ${SEED_METRICS.map((m) => cell(s.acrossSeeds?.[m.key], m.digits, m.percent)).join(' | ')} |`,
    ),
    '',
  ];
}
