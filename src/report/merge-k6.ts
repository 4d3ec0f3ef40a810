/**
 * One k6 summary from the summaries of several k6 instances that each ran one execution segment of the
 * same test (DESIGN "Scale"; docs/k6.md "Distributed runs"). What merges and how:
 * - counters add (trades, applied, requests, 409s by kind, dropped iterations);
 * - rates are recomputed from their summed passes and fails;
 * - percentiles do NOT merge (the p95 of two halves is not the mean of their p95s): the trends the
 *   report reads are recomputed from every instance's raw samples (k6 `--out json`), the same way k6
 *   computes them (linear interpolation between the two nearest ranks). A trend without raw samples
 *   (no trade finished) is left out rather than guessed;
 * - thresholds: each instance judges its own share, as k6-operator runs do; a threshold of the merged
 *   run holds only when it held in every instance.
 */
import type { K6Summary } from './from-k6.ts';

type Metric = K6Summary['metrics'][string] & { type?: string };

/** k6's percentile of sorted values: rank p x (n - 1), linearly interpolated. */
export function k6Percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

function trendValues(samples: readonly number[]): Record<string, number> {
  const sorted = [...samples].sort((x, y) => x - y);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    avg: sum / sorted.length,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    med: k6Percentile(sorted, 0.5),
    'p(90)': k6Percentile(sorted, 0.9),
    'p(95)': k6Percentile(sorted, 0.95),
    'p(99)': k6Percentile(sorted, 0.99),
  };
}

function sumValues(parts: readonly Metric[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of parts)
    for (const [stat, value] of Object.entries(part.values ?? {})) out[stat] = (out[stat] ?? 0) + value;
  return out;
}

function mergeMetric(parts: readonly Metric[], samples: readonly number[] | undefined): Metric | undefined {
  const type = parts.find((part) => part.type)?.type;
  let values: Record<string, number> | undefined;
  if (type === 'trend') {
    if (!samples || samples.length === 0) return undefined;
    values = trendValues(samples);
  } else {
    const summed = sumValues(parts);
    if (type === 'rate') {
      const passes = summed['passes'] ?? 0;
      const fails = summed['fails'] ?? 0;
      values = { passes, fails, rate: passes + fails === 0 ? 0 : passes / (passes + fails) };
    } else if (type === 'gauge') {
      values = {
        value: Math.max(...parts.map((part) => part.values?.['value'] ?? 0)),
        min: Math.min(...parts.map((part) => part.values?.['min'] ?? 0)),
        max: Math.max(...parts.map((part) => part.values?.['max'] ?? 0)),
      };
    } else {
      values = { count: summed['count'] ?? 0 };
    }
  }
  return { ...(type ? { type } : {}), values, ...withVerdicts(parts) };
}

/** A threshold holds in the merged run only when it held in every instance. */
function withVerdicts(parts: readonly Metric[]): { thresholds?: Record<string, { ok: boolean }> } {
  const thresholds: Record<string, { ok: boolean }> = {};
  for (const part of parts) {
    for (const [expression, verdict] of Object.entries(part.thresholds ?? {}))
      thresholds[expression] = { ok: (thresholds[expression]?.ok ?? true) && verdict.ok };
  }
  return Object.keys(thresholds).length > 0 ? { thresholds } : {};
}

/**
 * The merged summary. `samples` maps a trend's metric name to every instance's raw sample values
 * (sub-metrics such as `name{tag:x}` are kept only for their thresholds' verdicts: no values).
 */
export function mergeK6Summaries(
  summaries: readonly K6Summary[],
  samples: ReadonlyMap<string, readonly number[]>,
): K6Summary {
  const names = [...new Set(summaries.flatMap((summary) => Object.keys(summary.metrics)))].sort();
  const metrics: K6Summary['metrics'] = {};
  for (const name of names) {
    const parts = summaries
      .map((summary) => summary.metrics[name])
      .filter((part): part is Metric => part !== undefined);
    // A trend's sub-metric (name{tag:x}) has no raw samples of its own here: only its verdicts merge.
    const subTrend = name.includes('{') && parts.some((part) => part.type === 'trend');
    const merged = subTrend ? { type: 'trend', ...withVerdicts(parts) } : mergeMetric(parts, samples.get(name));
    if (merged) metrics[name] = merged;
  }
  return { metrics };
}
