/**
 * compare --seeds (docs/reports.md "The verdict"): the whole k6 comparison once per seed, each seed's run
 * kept in seed-<n>/, folded into one report whose ranges are exactly the per-seed runs' values, and
 * whose baseline entry replays with the same seeds. 20 swaps of dst-paris per seed and strategy at 20x.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResults } from '../../src/report/results.ts';
import type { RunResults } from '../../src/report/results.ts';
import { commandFor } from '../../src/cli/baseline-command.ts';
import { cli } from '../support/cli.ts';

const read = (path: string): RunResults => runResults.parse(JSON.parse(readFileSync(path, 'utf8')));

test(
  'compare --seeds 1,2: each seed a full k6 run of its own, the report their median and range',
  { timeout: 300_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfm-e2e-seeds-'));
    try {
      const args = ['compare', '--strategy', 'no-retry,refetch-jitter-200-500', '--duration', '40', '--speed', '20'];
      const run = await cli(...args, '--seeds', '1,2', '--out', dir);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /## Across seeds 1, 2: median \(range\)/);
      assert.match(run.stdout, /Ranges are over seeds 1, 2/);

      const folded = read(join(dir, 'results.json'));
      assert.deepEqual(folded.seeds, [1, 2]);
      assert.equal(folded.seed, 1);
      const perSeed = [read(join(dir, 'seed-1', 'results.json')), read(join(dir, 'seed-2', 'results.json'))];
      assert.deepEqual(
        perSeed.map((r) => r.seed),
        [1, 2],
      );
      for (const [i, row] of folded.strategies.entries()) {
        const [one, two] = perSeed.map((r) => r.strategies[i]);
        assert.ok(one && two && row.acrossSeeds);
        // The row is the first seed's run; the ranges are exactly what each seed's own run measured.
        assert.equal(row.applied, one.applied);
        assert.deepEqual(row.acrossSeeds['tradesNotApplied']?.values, [
          one.trades - one.applied + one.droppedIterations,
          two.trades - two.applied + two.droppedIterations,
        ]);
        assert.deepEqual(row.acrossSeeds['requestsPerTrade']?.values, [one.requestsPerTrade, two.requestsPerTrade]);
      }
      assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /## Across seeds 1, 2/);
      // A baseline of it replays the same seeds.
      assert.deepEqual(commandFor(folded, dir).slice(0, 7), [
        'compare',
        '--scenario',
        'dst-paris',
        '--strategy',
        'no-retry,refetch-jitter-200-500',
        '--seeds',
        '1,2',
      ]);

      // explain points from the folded run to the seeds' own runs, which hold the trades.
      const explained = await cli('explain', dir, 'swap-0001');
      assert.equal(explained.status, 2);
      assert.ok(
        explained.stderr.includes(`explain one of ${join(dir, 'seed-1')}, ${join(dir, 'seed-2')}`),
        explained.stderr,
      );

      const both = await cli(...args, '--seed', '3', '--seeds', '1,2', '--out', join(dir, 'never'));
      assert.equal(both.status, 2);
      assert.match(both.stderr, /give --seed or --seeds, not both/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
