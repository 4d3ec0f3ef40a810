import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineFile, entryFor } from '../../src/report/baseline.ts';
import { diffAgainst } from '../../src/report/baseline-diff.ts';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';
import { cataloguePath } from '../../src/scenario/file/catalogue.ts';

/**
 * The CI gate under k6 (docs/reports.md "The baseline gate"): a baseline made from a compare run is found
 * for that run and judges it with k6's margins, and the same strategy name with a changed definition (no
 * retries: refetch-jitter-200-500 turned into a single try) exits 1 with a diff naming the strategy and the
 * worsened success rate. 40 swaps of dst-paris at 20x: 4 real s per run, its rate limits off: with them
 * on (issue 17) a re-reading strategy may lose a swap to the per-user limit, and a baseline below 100%
 * widens the k6 margin.
 *
 * What this test does not claim: that rerunning the unchanged preset under k6 exits 0. At 40 swaps the
 * gate's k6 margins are tighter than k6's own noise (a baseline success of 1 leaves the 0.02 floor, less
 * than one swap of 40; the p95 drifted 293 ms of its 390 ms tolerance over three reruns, issue 20), so that
 * exit code is a matter of luck, not of the code. The exact replay is the simulator's
 * (test/sim/baseline-gate.test.ts reruns the committed baseline).
 */
test(
  'compare --baseline: a k6 baseline matches the run it came from; a changed preset is a regression (exit 1, readable diff)',
  { timeout: 300_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'wfm-e2e-baseline-'));
    const file = JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8'));
    file.pressures.rateLimits = null;
    writeFileSync(join(dir, 'dst-paris.json'), JSON.stringify(file));
    const scenario = ['--scenario-file', join(dir, 'dst-paris.json')];
    const common = ['compare', ...scenario, '--duration', '80', '--speed', '20', '--seed', '11'];
    const first = await cli(...common, '--strategy', 'refetch-jitter-200-500', '--out', join(dir, 'first'));
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const baselinePath = join(dir, 'baseline.json');
    const update = await cli('baseline', 'update', '--from', join(dir, 'first', 'results.json'), '--out', baselinePath);
    assert.equal(update.status, 0, update.stdout + update.stderr);

    // The entry is found by kind, scenario, seed and dialect, and every metric the k6 rules judge is in it.
    const results = runResults.parse(JSON.parse(readFileSync(join(dir, 'first', 'results.json'), 'utf8')));
    const { entry } = entryFor(baselineFile.parse(JSON.parse(readFileSync(baselinePath, 'utf8'))), results);
    assert.ok(entry, `the baseline has an entry for k6 dst-paris seed 11; ${dir}`);
    assert.equal(entry.kind, 'k6');
    const diffs = diffAgainst(entry, results);
    assert.deepEqual(
      diffs.map((d) => `${d.metric} ${d.verdict}`).sort(),
      [
        'conflictRate',
        'conflictsPerTrade',
        'requestsPerTrade',
        'server.doubleBookedShifts',
        'server.duplicateTrades',
        'server.falseFailures',
        'server.lostUpdates',
        'server.nonMonotonicVersions',
        'successRate',
        'timeToOutcomeMs.p50',
        'timeToOutcomeMs.p95',
      ].map((metric) => `${metric} equal`),
    );

    // Seed 11's window is the one test/e2e/k6-compare.test.ts measures: a single try fails in a reconciliation
    // lock in 12 of its 40 swaps at 5x and at 20x (the simulator: 11), a success of 0.7, while the baseline's
    // is 1 or close to it: the tolerance is the 0.02 floor plus 3 standard errors, under 0.13 at 39 of 40 and
    // 0.17 at 38 of 40. (Seed 5, used before, failed only 4 of 40: a drop of 0.1, inside the 0.13.)
    const changed = await cli(
      ...common,
      '--strategy',
      'none:attempts=1,name=refetch-jitter-200-500',
      '--out',
      join(dir, 'changed'),
      '--baseline',
      baselinePath,
    );
    assert.equal(changed.status, 1, changed.stdout + changed.stderr);
    t.diagnostic(`first run: success ${results.strategies[0]?.successRate}; the changed preset's diff:`);
    for (const line of changed.stdout.split('\n').filter((l) => l.includes('| successRate |'))) t.diagnostic(line);
    assert.match(
      changed.stdout + changed.stderr,
      /\| refetch-jitter-200-500 \| successRate \| [01](\.\d+)? \| 0\.\d+ \| -0\.\d+ \| [^|]+ \| REGRESSION \|/,
    );
  },
);
