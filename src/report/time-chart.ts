/**
 * report.html's "409 answers and applied trades over world time": one small panel per strategy (a
 * vega-lite row facet, full strategy names as row headers), each with the mock's pressure windows shaded
 * under the two series and the DST transition drawn ABOVE them as a labelled rule. The time axis is the
 * scenario's zone with its offset, UTC on the line beneath: labels come from the zone's offset segments
 * (src/report/local-time.ts), so a fall-back's repeated hour reads 01:30 -05:00 then 01:30 -06:00.
 * One data set (facets share their data): rows of kind count, window or rule, each layer filters its own.
 */
import type { TopLevelSpec } from 'vega-lite';
import { offsetSegments, offsetText } from './local-time.ts';
import type { ChartSpec } from './charts.ts';
import type { RunResults } from './results.ts';

const WIDTH = 640;
export const WINDOW_COLOURS: Record<string, string> = {
  'dst-reconciliation': '#fde0c5',
  'dst-transition': '#d62728',
  'publish-lock': '#f4cccc',
  'self-service': '#e2f0d9',
};
const SERIES_COLOURS = { '409 answers': '#d62728', 'applied trades': '#1f77b4' };

/** A vega expression for an axis label: the local clock with its offset, then UTC on a second line. */
export function localAxisLabel(zone: string, fromMs: number, toMs: number, format = '%H:%M:%S'): string {
  const label = (offsetMinutes: number, atMs: number) =>
    `[utcFormat(time(datum.value) + ${offsetMinutes * 60_000}, '${format}') + ' ${offsetText(atMs, zone)}', ` +
    `utcFormat(datum.value, '${format}') + 'Z']`;
  const segments = offsetSegments(zone, fromMs, toMs);
  // Latest segment first: datum.value >= its start picks it, else the next earlier one.
  return segments
    .slice(1)
    .reverse()
    .reduce(
      (otherwise, s) => `datum.value >= ${s.fromMs} ? ${label(s.offsetMinutes, s.fromMs)} : ${otherwise}`,
      label((segments[0] as { offsetMinutes: number }).offsetMinutes, fromMs),
    );
}

/** Undefined when no strategy has a timeline (aws-occ, or results written before timelines): the HTML says so. */
export function overWorldTime(results: RunResults): ChartSpec | undefined {
  const withTimeline = results.strategies.filter((s) => s.timeline);
  if (withTimeline.length === 0) return undefined;
  const zone = results.world?.timeZone ?? 'UTC';
  const counts = withTimeline.flatMap((s) => {
    const t = s.timeline!;
    const startMs = Date.parse(t.startUtc);
    return t.applied.flatMap((applied, i) => {
      const at = new Date(startMs + i * t.bucketMs).toISOString();
      return [
        { row: 'count', strategy: s.strategy, at, series: '409 answers', count: t.conflicts409[i] ?? 0 },
        { row: 'count', strategy: s.strategy, at, series: 'applied trades', count: applied },
      ];
    });
  });
  const times = counts.map((p) => Date.parse(p.at));
  const fromMs = Math.min(...times);
  const toMs = Math.max(...times) + (withTimeline[0]?.timeline?.bucketMs ?? 0);
  // Clipped to the run's span, so the data's extent is the time axis (no scale domain to disagree on).
  const windows = (results.pressureWindows ?? []).filter(
    (w) => Date.parse(w.endUtc) >= fromMs && Date.parse(w.startUtc) <= toMs,
  );
  const perStrategy = withTimeline.flatMap((s) =>
    windows.map((w) =>
      w.kind === 'dst-transition'
        ? { row: 'rule', strategy: s.strategy, at: w.startUtc, label: w.label }
        : {
            row: 'window',
            strategy: s.strategy,
            at: new Date(Math.max(fromMs, Date.parse(w.startUtc))).toISOString(),
            end: new Date(Math.min(toMs, Date.parse(w.endUtc))).toISOString(),
            colour: WINDOW_COLOURS[w.kind] ?? '#eeeeee',
            label: w.label,
          },
    ),
  );
  const bucketS = (withTimeline[0]?.timeline?.bucketMs ?? 0) / 1000;
  const x = {
    field: 'at',
    type: 'temporal',
    // No domain: the data (windows clipped to the run's span) is the axis, so no layer disagrees on one.
    scale: { type: 'utc' },
    title: `world time, ${zone} (UTC beneath)`,
    axis: { labelExpr: localAxisLabel(zone, fromMs, toMs), labelPadding: 4 },
  };
  const only = (row: string) => [{ filter: `datum.row === '${row}'` }];
  const legend = [...new Set(windows.map((w) => w.kind))]
    .map((kind) => `${kind} (${WINDOW_COLOURS[kind] ?? 'grey'})`)
    .join(', ');
  return {
    id: 'over-world-time',
    title: '409 answers and applied trades over world time, per strategy',
    note:
      `Counts per ${bucketS} s of world time, one panel per strategy; times in ${zone} with the offset, UTC ` +
      `beneath. Shaded: the mock's pressure windows${legend ? ` — ${legend}` : ' (none in this run)'}; ` +
      'a dashed red rule, drawn over the data and labelled, marks a DST transition.',
    spec: {
      data: { values: [...counts, ...perStrategy] },
      facet: {
        row: {
          field: 'strategy',
          type: 'nominal',
          sort: withTimeline.map((s) => s.strategy),
          title: null,
          header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelLimit: 0, labelFontWeight: 'bold' },
        },
      },
      spec: {
        width: WIDTH,
        height: 110,
        layer: [
          {
            transform: only('window'),
            mark: { type: 'rect', opacity: 0.8 },
            encoding: {
              x,
              x2: { field: 'end' },
              fill: { field: 'colour', type: 'nominal', scale: null },
              tooltip: { field: 'label' },
            },
          },
          {
            transform: only('count'),
            mark: { type: 'line', interpolate: 'step-after' },
            encoding: {
              x,
              y: { field: 'count', type: 'quantitative', title: `per ${bucketS} s` },
              color: {
                field: 'series',
                type: 'nominal',
                title: null,
                scale: { domain: Object.keys(SERIES_COLOURS), range: Object.values(SERIES_COLOURS) },
                legend: { orient: 'top', labelLimit: 0 },
              },
            },
          },
          {
            transform: only('rule'),
            mark: { type: 'rule', strokeWidth: 2, strokeDash: [4, 3], color: WINDOW_COLOURS['dst-transition'] },
            encoding: { x },
          },
          {
            transform: only('rule'),
            mark: {
              type: 'text',
              align: 'left',
              dx: 4,
              dy: -4,
              baseline: 'top',
              color: WINDOW_COLOURS['dst-transition'],
            },
            encoding: { x, y: { value: 0 }, text: { field: 'label' } },
          },
        ],
      },
      resolve: { scale: { x: 'shared', y: 'shared' } },
    } as TopLevelSpec,
  };
}
