/**
 * The report's charts as vega-lite specs with their data inline (no URL anywhere, so rendering makes no
 * request). Pure: results in, specs out; src/report/html.ts renders them to SVG.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunResults } from './results.ts';

export interface ChartSpec {
  id: string;
  title: string;
  /** Shown under the chart: what is plotted and where the numbers come from. */
  note: string;
  spec: TopLevelSpec;
}

const WIDTH = 640;
const WINDOW_COLOURS: Record<string, string> = {
  'dst-reconciliation': '#fde0c5',
  'dst-transition': '#d62728',
  'publish-lock': '#f4cccc',
  'self-service': '#e2f0d9',
};

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
        y: { field: 'strategy', type: 'nominal', title: null },
        x: { field: 'count', type: 'quantitative', title: 'refused requests', stack: 'zero' },
        color: { field: 'cause', type: 'nominal', title: 'cause' },
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
        color: { field: 'strategy', type: 'nominal' },
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
        y: { field: 'strategy', type: 'nominal', title: null },
        x: { field: 'requestsPerTrade', type: 'quantitative', title: 'requests per trade' },
        color: { field: 'strategy', type: 'nominal', legend: null },
      },
    },
  };
}

/** Undefined when no strategy has a timeline (aws-occ, or results written before timelines): the HTML says so instead of drawing one. */
function overWorldTime(results: RunResults): ChartSpec | undefined {
  const withTimeline = results.strategies.filter((s) => s.timeline);
  if (withTimeline.length === 0) return undefined;
  const points = withTimeline.flatMap((s) => {
    const t = s.timeline!;
    const startMs = Date.parse(t.startUtc);
    return t.applied.flatMap((applied, i) => {
      const at = new Date(startMs + i * t.bucketMs).toISOString();
      return [
        { strategy: s.strategy, at, series: '409 answers', count: t.conflicts409[i] ?? 0 },
        { strategy: s.strategy, at, series: 'applied trades', count: applied },
      ];
    });
  });
  const times = points.map((p) => Date.parse(p.at));
  const fromMs = Math.min(...times);
  const toMs = Math.max(...times) + (withTimeline[0]?.timeline?.bucketMs ?? 0);
  // Clipped to the run's span, so the data's extent is the time axis (no scale domain to disagree on).
  const windows = (results.pressureWindows ?? [])
    .filter((w) => Date.parse(w.endUtc) >= fromMs && Date.parse(w.startUtc) <= toMs)
    .map((w) => ({
      ...w,
      start: new Date(Math.max(fromMs, Date.parse(w.startUtc))).toISOString(),
      end: new Date(Math.min(toMs, Date.parse(w.endUtc))).toISOString(),
      colour: WINDOW_COLOURS[w.kind] ?? '#eeeeee',
    }));
  const bucketS = (withTimeline[0]?.timeline?.bucketMs ?? 0) / 1000;
  const panel = (series: string): TopLevelSpec['vconcat' & keyof TopLevelSpec] =>
    ({
      width: WIDTH,
      height: 170,
      layer: [
        {
          data: { values: windows.filter((w) => w.kind !== 'dst-transition') },
          mark: { type: 'rect', opacity: 0.8 },
          encoding: {
            x: { field: 'start', type: 'temporal', scale: { type: 'utc' } },
            x2: { field: 'end' },
            fill: { field: 'colour', type: 'nominal', scale: null },
            tooltip: { field: 'label' },
          },
        },
        {
          data: { values: windows.filter((w) => w.kind === 'dst-transition') },
          mark: { type: 'rule', strokeWidth: 2, strokeDash: [4, 3], color: WINDOW_COLOURS['dst-transition'] },
          encoding: { x: { field: 'start', type: 'temporal' } },
        },
        {
          data: { values: points.filter((p) => p.series === series) },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: { field: 'at', type: 'temporal', title: 'world time (UTC)', axis: { format: '%H:%M:%S' } },
            y: { field: 'count', type: 'quantitative', title: `${series} / ${bucketS} s` },
            color: { field: 'strategy', type: 'nominal' },
          },
        },
      ],
    }) as never;
  const legend = [...new Set(windows.map((w) => w.kind))]
    .map((kind) => `${kind} (${WINDOW_COLOURS[kind] ?? 'grey'})`)
    .join(', ');
  return {
    id: 'over-world-time',
    title: '409 answers and applied trades over world time',
    note:
      `Counts per ${bucketS} s of world time. Shaded: the mock's pressure ` +
      `windows${legend ? ` — ${legend}` : ' (none in this run)'}; a dashed red rule marks a DST transition.`,
    spec: {
      vconcat: [panel('409 answers'), panel('applied trades')],
      resolve: { scale: { x: 'shared' } },
    } as TopLevelSpec,
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
