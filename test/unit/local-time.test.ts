/** Times a person reads: the scenario's zone with its offset, UTC beside; a fall-back's repeated hour stays two instants. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localClock, localDateTime, localWithUtc, offsetSegments } from '../../src/report/local-time.ts';
import { localAxisLabel, overWorldTime } from '../../src/report/time-chart.ts';
import { renderSvg } from '../../src/report/html.ts';
import type { RunResults } from '../../src/report/results.ts';

// America/New_York falls back at 2027-11-07T06:00Z (02:00 EDT becomes 01:00 EST); Chicago an hour later.
const NY = 'America/New_York';

test('on a fall-back the repeated hour reads 01:30 -04:00 then 01:30 -05:00, UTC beside', () => {
  assert.equal(localWithUtc('2027-11-07T05:30:00Z', NY), '01:30:00 -04:00 (05:30:00Z)');
  assert.equal(localWithUtc('2027-11-07T06:30:00Z', NY), '01:30:00 -05:00 (06:30:00Z)');
  assert.equal(localClock('2027-03-28T00:58:42.205Z', 'Europe/Paris', true), '01:58:42.205 +01:00');
  assert.equal(localDateTime('2027-11-07T08:30:00Z', 'America/Chicago'), '2027-11-07 02:30:00 -06:00 (08:30:00Z)');
});

test('offset segments find each change to the instant', () => {
  const from = Date.parse('2027-11-07T04:00:00Z');
  const to = Date.parse('2027-11-07T09:00:00Z');
  assert.deepEqual(offsetSegments(NY, from, to), [
    { fromMs: from, offsetMinutes: -240 },
    { fromMs: Date.parse('2027-11-07T06:00:00Z'), offsetMinutes: -300 },
  ]);
  assert.equal(offsetSegments('UTC', from, to).length, 1);
});

test('the time axis labels local time with the offset over UTC, switching at the transition', async () => {
  const from = Date.parse('2027-11-07T05:20:00Z');
  const to = Date.parse('2027-11-07T06:40:00Z');
  const svg = await renderSvg({
    width: 400,
    height: 60,
    data: { values: [{ at: new Date(from).toISOString() }, { at: new Date(to).toISOString() }] },
    mark: 'point',
    encoding: {
      x: {
        field: 'at',
        type: 'temporal',
        scale: { type: 'utc' },
        axis: { labelExpr: localAxisLabel(NY, from, to, '%H:%M') },
      },
    },
  });
  assert.match(svg, /<tspan>01:30 -04:00<\/tspan><tspan[^>]*>05:30Z<\/tspan>/);
  assert.match(svg, /<tspan>01:30 -05:00<\/tspan><tspan[^>]*>06:30Z<\/tspan>/);
});

function timelineRun(names: string[]): RunResults {
  const timeline = {
    startUtc: '2027-11-07T05:58:00.000Z',
    bucketMs: 60_000,
    conflicts409: [1, 2, 0, 1],
    applied: [0, 1, 1, 2],
  };
  return {
    schemaVersion: 1,
    runId: 'r',
    kind: 'sim',
    scenario: 's',
    seed: 1,
    gitCommit: 'c',
    startedAt: '2027-11-07T05:58:00.000Z',
    tools: {},
    load: { tradesPerSecond: 1, durationS: 240, clockSpeed: 1 },
    world: { timeZone: NY, units: [{ businessUnit: 'b', name: 'u', timeZone: NY, agents: 10, traded: true }] },
    pressureWindows: [
      {
        kind: 'dst-transition',
        startUtc: '2027-11-07T06:00:00.000Z',
        endUtc: '2027-11-07T06:00:00.000Z',
        label: 'America/New_York fall-back',
      },
    ],
    strategies: names.map((strategy) => ({ strategy, timeline }) as unknown as RunResults['strategies'][number]),
  };
}

test('one panel per strategy with its full name, and the DST rule drawn above the data, labelled', async () => {
  const long = 'exponential:base=500ms,cap=8s,attempts=6,refetch';
  const chart = overWorldTime(timelineRun(['no-retry', long]));
  assert.ok(chart);
  const spec = chart.spec as { facet: { row: { field: string } }; spec: { layer: Array<{ mark: { type: string } }> } };
  assert.equal(spec.facet.row.field, 'strategy');
  assert.deepEqual(
    spec.spec.layer.map((l) => l.mark.type),
    ['rect', 'line', 'rule', 'text'],
    'the transition rule and its label come after (above) the data lines',
  );
  const svg = await renderSvg(chart.spec);
  assert.ok(svg.includes(`>${long}</text>`), 'the whole inline strategy name is a panel header');
  assert.equal((svg.match(/>America\/New_York fall-back</g) ?? []).length, 2, 'the rule is labelled in each panel');
  assert.match(svg, /01:59:00 -04:00/);
  assert.match(svg, /01:00:00 -05:00/);
});
