/**
 * sim --seeds and the verdict report.md opens with. Exact values for dst-paris, seeds 1 to 3, from this
 * simulator (each seed's own `sim --seed n` run gives the same numbers; the test checks seed 2 against one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';

const STRATEGIES = 'stale-backoff,refetch-jitter-200-500,refetch-full-jitter';

test('sim --seeds 1-3: median and range per strategy, and a tied verdict where the ranges overlap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-seeds-'));
  try {
    const run = await cli(
      'sim',
      '--scenario',
      'dst-paris',
      '--strategy',
      STRATEGIES,
      '--seeds',
      '1-3',
      '--out',
      join(dir, 'all'),
    );
    assert.equal(run.status, 0, run.stderr);
    const results = runResults.parse(JSON.parse(readFileSync(join(dir, 'all', 'results.json'), 'utf8')));
    assert.deepEqual(results.seeds, [1, 2, 3]);
    assert.equal(results.runId, 'sim-dst-paris-seeds1-3');
    const byName = new Map(results.strategies.map((s) => [s.strategy, s]));
    // stale-backoff loses 1, 4 and 1 swaps on seeds 1, 2, 3: it keeps re-sending a version the reconciliation moved past.
    assert.deepEqual(byName.get('stale-backoff')?.acrossSeeds?.['tradesNotApplied'], {
      median: 1,
      min: 1,
      max: 4,
      values: [1, 4, 1],
    });
    // Since the rate limits are on in dst-paris (issue 17) the re-reading strategies' quick retries lose a few
    // swaps to the per-user limit (429): they were [0, 0, 0] and [1, 0, 0].
    assert.deepEqual(byName.get('refetch-jitter-200-500')?.acrossSeeds?.['tradesNotApplied']?.values, [1, 2, 0]);
    assert.deepEqual(byName.get('refetch-full-jitter')?.acrossSeeds?.['tradesNotApplied']?.values, [1, 4, 1]);

    const single = await cli(
      'sim',
      '--scenario',
      'dst-paris',
      '--strategy',
      STRATEGIES,
      '--seed',
      '2',
      '--out',
      join(dir, 'two'),
    );
    assert.equal(single.status, 0, single.stderr);
    const two = runResults.parse(JSON.parse(readFileSync(join(dir, 'two', 'results.json'), 'utf8')));
    for (const s of two.strategies)
      assert.equal(
        byName.get(s.strategy)?.acrossSeeds?.['requestsPerTrade']?.values[1],
        s.requestsPerTrade,
        s.strategy,
      );

    const report = readFileSync(join(dir, 'all', 'report.md'), 'utf8').split('\n');
    // The first lines: the title, then the verdict. 1-4 against 0-2 trades not applied, and 2.19-2.33 against
    // 2.27-3.11 requests per trade, overlap: the three seeds do not separate stale-backoff from
    // refetch-jitter-200-500; refetch-full-jitter's 2.56-3.69 requests per trade lie above stale-backoff's.
    assert.match(report[2] ?? '', /^\*\*Tied: stale-backoff, refetch-jitter-200-500\*\*: their ranges overlap/);
    assert.match(
      report[2] ?? '',
      /refetch-full-jitter: 2\.56–3\.69 requests per trade against 2\.19–2\.33 for stale-backoff/,
    );
    assert.ok(report.includes('## Across seeds 1, 2, 3: median (range)'));
    assert.ok(
      report.includes('| stale-backoff | 1 (1–4) | 2.21 (2.19–2.33) | 10.2% (9.1%–16.1%) | 2266 (2248–2956) |'),
    );

    const html = readFileSync(join(dir, 'all', 'report.html'), 'utf8');
    assert.match(
      html,
      /<h1>[^<]+<\/h1>\n<p class="verdict" id="verdict"><strong>Tied: stale-backoff, refetch-jitter-200-500<\/strong>/,
    );
    assert.match(html, /<h2>Across seeds 1, 2, 3: median \(range\)<\/h2><table>/);

    const oneSeed = readFileSync(join(dir, 'two', 'report.md'), 'utf8').split('\n');
    assert.match(
      oneSeed[2] ?? '',
      /^\*\*Recommended: refetch-jitter-200-500\*\* \(2 trades not applied, 3\.11 requests per trade\)/,
    );
    assert.match(oneSeed[2] ?? '', /One seed \(2\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--seeds with --seed, with aws-occ or with --trace, or a bad list, exits 2 before anything runs', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--scenario', 'dst-paris', '--seeds', '1-3', '--seed', '4'], /give --seed or --seeds, not both/],
    [['--scenario', 'aws-occ', '--seeds', '1-3'], /--seeds applies to the swap scenarios/],
    [['--scenario', 'dst-paris', '--seeds', '1-3', '--trace'], /--trace follows one seed/],
    [['--scenario', 'dst-paris', '--seeds', '3'], /--seeds must be 20 or fewer distinct seeds, at least two/],
    [['--scenario', 'dst-paris', '--seeds', '1-30'], /--seeds must be 20 or fewer/],
  ];
  for (const [args, message] of cases) {
    const run = await cli('sim', ...args, '--out', join(tmpdir(), 'wfm-never-written'));
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});
