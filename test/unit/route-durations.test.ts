/**
 * The mock's request-duration histogram (mock-server/http/route-durations.ts) scrapes exactly as
 * prom-client's Histogram with a `route` label would, for any observations: same lines, same order,
 * same bucket counts, sums and counts, text and JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import type { Metric } from 'prom-client';
import { RouteDurations } from '../../mock-server/http/route-durations.ts';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const NAME = 'wfm_mock_request_duration_seconds';
const HELP = 'Time from request received to response sent, real seconds';
const ROUTES = ['/api/v2/a/:id', '/api/v2/b', '(unmatched)', 'route "with" \\ quotes\n'];

const observation = fc.tuple(
  fc.constantFrom(...ROUTES),
  fc.oneof(fc.constantFrom(...BUCKETS, 0, 2, 1e-9), fc.double({ min: 0, max: 3, noNaN: true })),
);

test('route durations scrape exactly as prom-client Histogram does, text and JSON', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(observation, { maxLength: 60 }), async (observations) => {
      const theirs = new Registry();
      const histogram = new Histogram({
        name: NAME,
        help: HELP,
        labelNames: ['route'],
        buckets: BUCKETS,
        registers: [theirs],
      });
      const ours = new Registry();
      const durations = new RouteDurations(NAME, HELP, BUCKETS);
      ours.registerMetric(durations as unknown as Metric);
      for (const [route, seconds] of observations) {
        histogram.observe({ route }, seconds);
        durations.observe(route, seconds);
      }
      assert.equal(await ours.metrics(), await theirs.metrics());
      assert.deepEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
    }),
    { seed: 19, numRuns: 200 },
  );
});
