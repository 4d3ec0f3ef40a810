/**
 * The report's charts as vega-lite specs with their data inline (no URL anywhere, so rendering makes no
 * request). Pure: results in, specs out; src/report/html.ts renders them to SVG.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunResults } from './results.ts';
import { overWorldTime } from './time-chart.ts';

export interface ChartSpec {
  id: string;
  title: string;
  /** Shown under the chart: what is plotted and where the numbers come from. */
  note: string;
  spec: TopLevelSpec;
}

const WIDTH = 640;
/** Strategy names in full on every axis and legend: an inline strategy's name is its whole text. */
const FULL_NAMES = { labelLimit: 0 };

function refusals(results: RunResults): ChartSpec {
  const values = results.strategies.flatMap((s) =>
    Object.entries(s.server.rejections).map(([cause, count]) => ({ strategy: s.strategy, cause, count })),
  );
  return {
    id: 'refusals',
    title: 'Refusals by cause per strategy',
    note:
      values.length === 0
        ? 'The server refused nothing in this run.'
        : 'Server audit: every refused request by status and cause.',
    spec: {
      width: WIDTH,
      height: 40 * results.strategies.length + 20,
      data: {
        values:
          values.length > 0 ? values : [{ strategy: results.strategies[0]?.strategy ?? '', cause: 'none', count: 0 }],
      },
      mark: 'bar',
      encoding: {
        y: { field: 'strategy', type: 'nominal', title: null, axis: FULL_NAMES },
        x: { field: 'count', type: 'quantitative', title: 'refused requests', stack: 'zero' },
        color: { field: 'cause', type: 'nominal', title: 'cause', legend: FULL_NAMES },
      },
    },
  };
}

function timeToOutcome(results: RunResults): ChartSpec {
  const values = results.strategies.flatMap((s) =>
    s.outcomeQuantilesMs
      ? s.outcomeQuantilesMs.map((ms, i) => ({ strategy: s.strategy, ms, fraction: i / 20 }))
      : [
          [s.timeToOutcomeMs.p50, 0.5],
          [s.timeToOutcomeMs.p95, 0.95],
          [s.timeToOutcomeMs.p99, 0.99],
        ].map(([ms, fraction]) => ({ strategy: s.strategy, ms, fraction })),
  );
  // A log axis reads a spread from 30 ms to 6 s; symlog only when some outcome took 0 ms (already present).
  const scaleType = values.every((v) => (v.ms ?? 0) > 0) ? 'log' : 'symlog';
  const partial = results.strategies.filter((s) => !s.outcomeQuantilesMs).map((s) => s.strategy);
  return {
    id: 'time-to-outcome',
    title: 'Time to outcome (CDF) per strategy',
    note:
      `Share of trades whose outcome (applied, gave up, failed) came within x world ` +
      `ms${partial.length > 0 ? `; ${partial.join(', ')}: only p50, p95 and p99 are known (k6 summary)` : '; 5% steps'}.`,
    spec: {
      width: WIDTH,
      height: 260,
      data: { values },
      mark: { type: 'line', point: true, interpolate: 'step-after' },
      encoding: {
        x: { field: 'ms', type: 'quantitative', title: 'time to outcome, world ms', scale: { type: scaleType } },
        y: { field: 'fraction', type: 'quantitative', title: 'share of trades', axis: { format: '%' } },
        color: { field: 'strategy', type: 'nominal', legend: { ...FULL_NAMES, orient: 'bottom', columns: 1 } },
      },
    },
  };
}

function requestsPerTrade(results: RunResults): ChartSpec {
  const values = results.strategies.map((s) => ({ strategy: s.strategy, requestsPerTrade: s.requestsPerTrade }));
  return {
    id: 'requests-per-trade',
    title: 'Requests per trade (amplification)',
    note: 'All requests (reads, writes, job polls) divided by trades attempted.',
    spec: {
      width: WIDTH,
      height: 40 * results.strategies.length + 20,
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'strategy', type: 'nominal', title: null, axis: FULL_NAMES },
        x: { field: 'requestsPerTrade', type: 'quantitative', title: 'requests per trade' },
        color: { field: 'strategy', type: 'nominal', legend: null },
      },
    },
  };
}

export function reportCharts(results: RunResults): { charts: ChartSpec[]; missing: string[] } {
  const timeline = overWorldTime(results);
  const charts = [
    ...(timeline ? [timeline] : []),
    refusals(results),
    timeToOutcome(results),
    requestsPerTrade(results),
  ];
  const missing = timeline
    ? []
    : [
        `409 answers and applied trades over world time: not ` +
          `drawn. ${
            results.kind !== 'sim'
              ? 'This k6 run has no timeline (results written before the server-side ' +
                'timeline), and a chart is not made up from totals.'
              : 'This run has no timeline (only swap scenarios record one).'
          }`,
      ];
  return { charts, missing };
}
