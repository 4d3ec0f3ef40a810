/**
 * k6 thresholds in results and checks: what k6 decided (its summary marks each threshold `ok`) becomes
 * part of the strategy's result, and each threshold one check in junit.xml, so a CI run lists
 * "refetch-full-jitter › threshold wfm_trade_success{…} rate>0.95" as a failed test with its value.
 */
import type { Check } from './checks.ts';
import type { RunResults, StrategyResult } from './results.ts';

export type ThresholdVerdict = NonNullable<StrategyResult['thresholds']>[number];

interface K6SummaryThresholds {
  metrics: Record<string, { values?: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
}

/** Every threshold in a k6 summary (handleSummary's data), sorted by metric then expression. */
export function thresholdsFromK6(summary: K6SummaryThresholds): ThresholdVerdict[] {
  const out: ThresholdVerdict[] = [];
  for (const [metric, data] of Object.entries(summary.metrics)) {
    for (const [expression, verdict] of Object.entries(data.thresholds ?? {}))
      out.push({ metric, expression, ok: verdict.ok });
  }
  return out.sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression));
}

export function thresholdChecks(results: RunResults): Check[] {
  return results.strategies.flatMap((s) =>
    (s.thresholds ?? []).map((t) => ({
      strategy: s.strategy,
      name: `threshold ${t.metric} ${t.expression}`,
      passed: t.ok,
      message: `${t.ok ? 'held' : 'crossed'}: ${t.metric} ${t.expression} (${
        t.value !== undefined ? `server truth: ${round(t.value)}` : t.ok ? 'k6 passed it' : 'k6 exited 99'
      }); ${s.applied}/${s.trades} applied, ${s.tradesFailedBy409} failed by 409`,
    })),
  );
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

/** report.md's "k6 thresholds" section: every threshold per strategy with k6's verdict; none when the run had none. */
export function thresholdsMarkdown(results: RunResults): string[] {
  const observed = results.kind === 'observe';
  const rows = results.strategies.flatMap((s) =>
    (s.thresholds ?? []).map(
      (t) =>
        `| ${s.strategy} | \`${t.metric}\` | \`${t.expression}\` | ${observed ? `${round(t.value ?? 0)} | ` : ''}` +
        `${t.ok ? 'held' : '**crossed**'} |`,
    ),
  );
  if (rows.length === 0) return [];
  return observed
    ? [
        '## Thresholds (server truth)',
        '',
        '| client | metric | threshold | value | verdict |',
        '|---|---|---|---|---|',
        ...rows,
        '',
      ]
    : ['## k6 thresholds', '', '| strategy | metric | threshold | verdict |', '|---|---|---|---|', ...rows, ''];
}
