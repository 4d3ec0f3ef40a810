import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidatesOf, DEFAULT_GRIDS, familyBase, parseGrid, searchAxes } from '../../src/tune/grid.ts';
import { emptyTally, halvingRuns, meets, paretoFront, rank } from '../../src/tune/score.ts';
import type { Scored } from '../../src/tune/score.ts';
import { StrategyTextError } from '../../src/core/strategy-text.ts';
import { plannedRuns } from '../../src/tune/search.ts';

test('a grid crosses its axes on the family; flags take yes|no; every candidate is inline text that parses', () => {
  const { candidates, skipped } = candidatesOf(
    'full-jitter:retry-after',
    parseGrid('base=100ms|1s,attempts=3|5,refetch=yes|no'),
  );
  assert.equal(candidates.length, 8);
  assert.deepEqual(skipped, []);
  assert.equal(candidates[0]?.text, 'full-jitter:retry-after,base=100ms,attempts=3,refetch');
  assert.equal(candidates[7]?.text, 'full-jitter:retry-after,base=1s,attempts=5,no-refetch');
  assert.ok(candidates.every((c) => c.spec.honourRetryAfter && c.spec.backoff.kind === 'full-jitter'));
});

test('combinations a bound refuses are skipped and counted; an unknown field refuses the grid', () => {
  const { candidates, skipped } = candidatesOf('uniform', parseGrid('min=1s|3s,max=2s'));
  assert.deepEqual(
    candidates.map((c) => c.text),
    ['uniform:min=1s,max=2s'],
  );
  assert.deepEqual(skipped, ['uniform:min=3s,max=2s']);
  assert.throws(() => candidatesOf('uniform', parseGrid('base=1s')), StrategyTextError);
  assert.throws(() => parseGrid('refetch=maybe'), StrategyTextError);
});

test('every kind has a default grid within the default bound of 240 runs over 3 seeds by halving', () => {
  for (const [kind, grid] of Object.entries(DEFAULT_GRIDS)) {
    const { candidates } = candidatesOf(kind, parseGrid(grid));
    assert.ok(candidates.length > 0, kind);
    assert.ok(plannedRuns('halving', candidates.length, 3) <= 240, `${kind}: ${candidates.length} candidates`);
  }
  assert.equal(familyBase('refetch-full-jitter').kind, 'full-jitter');
});

function scored(text: string, applied: number, requests: number, p95: number): Scored {
  return {
    text,
    source: 'grid',
    tally: { ...emptyTally(), seeds: 1, arrivals: 100, trades: 100, applied, requests, worstP95Ms: p95 },
  };
}

test('ranking puts feasible strategies first by cost; the front keeps only undominated points', () => {
  const c = { minSuccess: 0.95, maxP95Ms: 5000 };
  const cheapFailing = scored('cheap', 80, 190, 200);
  const good = scored('good', 99, 240, 2000);
  const dearer = scored('dearer', 99, 260, 1000);
  const slow = scored('slow', 100, 230, 9000);
  assert.equal(meets(slow.tally, c), false, 'the p95 bound holds');
  assert.deepEqual(
    rank([cheapFailing, dearer, slow, good], c, 'requests').map((s) => s.text),
    ['good', 'dearer', 'slow', 'cheap'],
  );
  assert.deepEqual(
    paretoFront([cheapFailing, dearer, slow, good], 'requests').map((s) => s.text),
    ['cheap', 'slow'],
  );
  assert.equal(halvingRuns(48, 3), 48 + 24 + 12);
});

test('a family that fixes a field drops that axis from the grid; the default grid takes an --include value', () => {
  const axes = searchAxes('exponential:refetch', parseGrid(DEFAULT_GRIDS.exponential), [], true);
  assert.equal(
    axes.some((axis) => axis.some((f) => f.endsWith('refetch'))),
    false,
  );
  assert.doesNotThrow(() => candidatesOf('exponential:refetch', axes), 'no "refetch: given twice"');
  const widened = searchAxes(
    'exponential',
    parseGrid(DEFAULT_GRIDS.exponential),
    ['exponential:base=500ms,attempts=6'],
    true,
  );
  assert.deepEqual(widened[2], ['attempts=3', 'attempts=5', 'attempts=8', 'attempts=6']);
  assert.deepEqual(
    widened[0],
    ['base=100ms', 'base=250ms', 'base=500ms', 'base=1s'],
    'a value already there is not repeated',
  );
  // A grid the user wrote is taken as written.
  assert.deepEqual(searchAxes('exponential', parseGrid('attempts=3'), ['exponential:attempts=6'], false), [
    ['attempts=3'],
  ]);
});
