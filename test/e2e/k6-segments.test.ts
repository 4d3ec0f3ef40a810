import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compare } from '../../src/cli/compare.ts';
import { readSamples, segmentPath } from '../../src/cli/run-k6-segments.ts';
import { k6Percentile } from '../../src/report/merge-k6.ts';
import type { K6Summary } from '../../src/report/from-k6.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function summaryOf(dir: string, strategy: string, segment: number): K6Summary {
  return JSON.parse(readFileSync(segmentPath(join(dir, `k6-summary-${strategy}.json`), segment), 'utf8')) as K6Summary;
}

const count = (summary: K6Summary, name: string) => summary.metrics[name]?.values?.['count'] ?? 0;

/**
 * Two k6 instances, each running half of the test by execution segment, against one mock: 30 world-s
 * of dst-paris (15 swaps, 3 real s at 10x). The merged report must match the server's own truth exactly
 * (every swap once, client's applied = server's approvals, 409s counted on both sides agree), for an
 * arrival-rate strategy and a partitioning one (per-vu-iterations: the partitions are dealt by VU id,
 * unique across instances only with the segment flags).
 */
test(
  "two k6 instances by execution segment: the merged report matches the server's truth, percentiles from the raw samples",
  { timeout: 300_000 },
  async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wfm-e2e-segments-'));
    const seed = 3;
    const { results } = await compare({
      root: ROOT,
      scenario: 'dst-paris',
      strategies: ['refetch-full-jitter', 'serialized-per-schedule'],
      seed,
      durationS: 30,
      speed: 10,
      segments: 2,
      outDir,
      log: () => {},
    });
    const context = `seed ${seed}, commit ${results.gitCommit}, report ${outDir}`;
    for (const row of results.strategies) {
      const why = `${row.strategy}; ${context}`;
      // Every planned swap ran once or is counted as never started. The arrival-rate strategy has VUs to
      // spare; the partitioning one applies a schedule's swaps one after another and may meet the run's
      // window (load + 60 world-s) on a loaded machine: what it did not start is counted, not lost.
      assert.equal(
        row.trades + row.droppedIterations,
        15,
        `rate x duration swaps over both instances, run or never started; ${why}`,
      );
      assert.ok(row.trades >= 10, `most swaps ran (${row.trades} of 15); ${why}`);
      if (!row.definition?.['partitioning'])
        assert.equal(row.droppedIterations, 0, `no arrival found every VU busy; ${why}`);
      else {
        const k6Dropped = [0, 1].reduce(
          (sum, i) => sum + count(summaryOf(outDir, row.strategy, i), 'dropped_iterations'),
          0,
        );
        assert.ok(
          k6Dropped >= row.droppedIterations,
          `k6's dropped_iterations (${k6Dropped}, idle padding included) covers the swaps never started; ${why}`,
        );
      }
      assert.equal(
        row.server.tradesApproved,
        row.applied,
        `the server approved exactly what the two instances applied; ${why}`,
      );
      assert.equal(
        row.conflicts,
        row.server.conflicts409,
        `409s counted by the clients = 409s the server sent; ${why}`,
      );
      assert.equal(row.server.duplicateTrades, 0, why);
      assert.equal(row.server.shiftsTradedTwice, 0, why);
      const halves = [0, 1].map((i) => summaryOf(outDir, row.strategy, i));
      assert.equal(
        count(halves[0] as K6Summary, 'wfm_trades') + count(halves[1] as K6Summary, 'wfm_trades'),
        row.trades,
        `counts add; ${why}`,
      );
      // Each instance's percentile, recomputed from its own raw samples, is k6's own: the method matches k6's.
      for (const i of [0, 1]) {
        const samples =
          readSamples(segmentPath(join(outDir, `k6-samples-${row.strategy}.json.gz`), i), ['wfm_time_to_outcome']).get(
            'wfm_time_to_outcome',
          ) ?? [];
        const own = halves[i]?.metrics['wfm_time_to_outcome']?.values;
        assert.equal(
          samples.length,
          count(halves[i] as K6Summary, 'wfm_trades'),
          `one outcome sample per trade; ${why}`,
        );
        if (samples.length > 0)
          assert.ok(
            Math.abs(
              k6Percentile(
                samples.sort((a, b) => a - b),
                0.95,
              ) - (own?.['p(95)'] ?? NaN),
            ) < 1e-6,
            `segment ${i} p95 as k6 computes it; ${why}`,
          );
      }
    }
    // The arrival-rate strategy's load was really split: both instances applied swaps.
    const halves = [0, 1].map((i) => summaryOf(outDir, 'refetch-full-jitter', i));
    assert.ok(
      halves.every((half) => count(half, 'wfm_trades') >= 5),
      `both halves ran about half the swaps: ${halves.map((h) => count(h, 'wfm_trades')).join(' + ')}; ${context}`,
    );
  },
);
