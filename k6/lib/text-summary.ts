/**
 * A compact end-of-test text summary for a swap run. k6 replaces its own summary with whatever
 * handleSummary returns for stdout, and its text summary cannot be imported without the internet
 * (jslib is a URL import), so this writes the parts a performance engineer reads: trade outcomes, 409s,
 * time to outcome and round trip in WORLD ms, and every threshold with ✓ or ✗ as k6 marks them.
 * Pure (no k6 import): Node tests render it from a saved summary.
 */
import { FAILURE_CAUSES, failureCauseMetricName } from '../../src/core/failure-cause.ts';

export interface K6SummaryMetric {
  type?: string;
  values?: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6SummaryData {
  metrics: Record<string, K6SummaryMetric>;
  state?: { testRunDurationMs?: number };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}

function quantiles(metric: K6SummaryMetric | undefined): string {
  const v = metric?.values;
  if (!v || v['count'] === 0) return 'no samples';
  const ms = (stat: string) => (v[stat] === undefined ? '-' : (v[stat] as number).toFixed(0));
  return `p50 ${ms('med')}  p95 ${ms('p(95)')}  p99 ${ms('p(99)')}  max ${ms('max')}`;
}

/** A rate with neither passes nor fails, or a trend or counter with count 0: k6 judges such a threshold ok. */
function hasSamples(metric: K6SummaryMetric): boolean {
  const v = metric.values ?? {};
  if (metric.type === 'rate') return (v['passes'] ?? 0) + (v['fails'] ?? 0) > 0;
  return v['count'] === undefined || v['count'] > 0;
}

/** The statistic a threshold expression tests (`rate>0.95` → rate, `p(95)<500` → p(95)), for showing its value. */
function statOf(expression: string): string {
  return /^\s*([a-z]+(?:\([0-9.]+\))?)/.exec(expression)?.[1] ?? '';
}

function thresholdLines(metrics: Record<string, K6SummaryMetric>): string[] {
  const lines: string[] = [];
  for (const [name, metric] of Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [expression, verdict] of Object.entries(metric.thresholds ?? {})) {
      const value = metric.values?.[statOf(expression)];
      const shown = !hasSamples(metric)
        ? ' (no samples: k6 passes it)'
        : value === undefined
          ? ''
          : ` (${statOf(expression)} ${Number(value.toFixed(4))})`;
      lines.push(`    ${verdict.ok ? '✓' : '✗'} ${name} ${expression}${shown}`);
    }
  }
  return lines;
}

/** "    failed otherwise by cause: 429 token 334, 429 user 1" from the per-cause counters; none without any. */
function causeLines(metrics: Record<string, K6SummaryMetric>): string[] {
  const causes = FAILURE_CAUSES.map(
    (cause) => [cause, metrics[failureCauseMetricName(cause)]?.values?.['count'] ?? 0] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([cause, n]) => `${cause} ${n}`);
  return causes.length === 0 ? [] : [`    failed otherwise by cause: ${causes.join(', ')}`];
}

export function textSummary(data: K6SummaryData, run: { strategy: string; dialect: string }): string {
  const m = data.metrics;
  const count = (name: string) => m[name]?.values?.['count'] ?? 0;
  const trades = count('wfm_trades');
  const writes = count('wfm_write_requests');
  const realS = (data.state?.testRunDurationMs ?? 0) / 1000;
  const thresholds = thresholdLines(m);
  const failed = thresholds.filter((line) => line.includes('✗')).length;
  return [
    '',
    `  wfm swaps: strategy=${run.strategy} dialect=${run.dialect}, ${realS.toFixed(1)} real s`,
    `    trades ${trades}: applied ${count('wfm_trades_applied')} (${percent(count('wfm_trades_applied'), trades)}), failed by ` +
      `409 ${count('wfm_trades_failed_409')}, gave up ${count('wfm_trades_gave_up')}, failed ${count('wfm_trades_failed')}`,
    ...causeLines(m),
    `    requests ${count('wfm_requests')}: writes ${writes}, ` +
      `409s ${count('wfm_conflicts')} (${percent(count('wfm_conflicts'), writes)} of writes), retries ${count('wfm_retries')}`,
    `    time to outcome (world ms): ${quantiles(m['wfm_time_to_outcome'])}`,
    `    request round trip (world ms): ${quantiles(m['wfm_request_world_ms'])}`,
    `    iterations ${count('iterations')}, dropped ${count('dropped_iterations')}`,
    thresholds.length === 0
      ? '    thresholds: none'
      : `    thresholds: ${failed === 0 ? 'all passed' : `${failed} FAILED (k6 exits 99)`}`,
    ...thresholds,
    '',
  ].join('\n');
}
