/** `tune` in the simulator: the recommendation meets the constraints and is no worse than any preset. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTuneCommand } from '../../src/cli/tune-command.ts';
import { parseStrategy } from '../../src/core/strategy-text.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { candidatesOf, parseGrid } from '../../src/tune/grid.ts';
import { costOf, meets, successOf } from '../../src/tune/score.ts';
import { runTune } from '../../src/tune/search.ts';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('dst-paris, one seed: the recommendation meets the constraints and costs no more than the best preset', async () => {
  const constraints = { minSuccess: 0.99, maxP95Ms: 10_000 };
  const { candidates } = candidatesOf('fixed', parseGrid('delay=1s|2s,attempts=3|6,refetch=yes'));
  const outcome = await runTune({
    scenario: dstParis,
    candidates,
    seeds: [1],
    mode: 'grid',
    constraints,
    objective: 'requests',
  });
  assert.equal(outcome.candidateRuns, 4);
  assert.ok(outcome.recommended && outcome.bestPreset, 'some strategy meets the constraints on dst-paris');
  assert.ok(meets(outcome.recommended.tally, constraints));
  for (const preset of outcome.presets.filter((p) => meets(p.tally, constraints))) {
    assert.ok(costOf(outcome.recommended.tally, 'requests') <= costOf(preset.tally, 'requests'), preset.text);
  }
  // Halving measures the better half again on the next seed, and fewer runs than the grid.
  const halving = await runTune({
    scenario: dstParis,
    candidates,
    seeds: [1, 2],
    mode: 'halving',
    constraints,
    objective: 'requests',
  });
  assert.equal(halving.candidateRuns, 4 + 2);
  assert.ok(halving.finalists.every((f) => f.tally.seeds === 2));
  assert.ok(successOf(halving.finalists[0]!.tally) > 0);
});

test('the printed recommendation reruns through sim --strategy and measures what tune printed for it', async () => {
  let printed = '';
  const constraints = { minSuccess: 0.99, maxP95Ms: 10_000 };
  const code = await runTuneCommand(
    ROOT,
    {
      scenario: 'dst-paris',
      family: 'fixed:refetch',
      grid: 'delay=2s,attempts=3|6',
      search: 'grid',
      seeds: 1,
      seed: 1,
      minSuccess: constraints.minSuccess,
      maxP95: constraints.maxP95Ms,
      minimise: 'conflicts',
      maxRuns: 10,
      confirmDuration: 60,
    },
    (text) => {
      printed += text;
    },
  );
  assert.equal(code, 0, printed);
  assert.match(printed, /Pareto front/);
  assert.match(printed, /Presets under the same constraints and seeds/);
  const rerun = /rerun: wfm-harness (sim --scenario dst-paris --strategy '([^']+)' --seed 1)\n/.exec(printed);
  const perTrade = /409s per trade (\d+\.\d{3}) against/.exec(printed)?.[1];
  assert.ok(rerun?.[2] && perTrade, printed);
  const text = rerun[2];
  // The text names the recommended candidate: a fixed 2 s backoff with re-fetch (from the grid).
  assert.deepEqual((({ backoff, refetchOnConflict }) => ({ backoff, refetchOnConflict }))(parseStrategy(text)), {
    backoff: { kind: 'fixed', delayMs: 2000 },
    refetchOnConflict: true,
  });
  // The printed command, run as printed, measures what tune printed and meets the constraints it was picked under.
  const out = mkdtempSync(join(tmpdir(), 'wfm-tune-rerun-'));
  try {
    const run = await cli('sim', '--scenario', 'dst-paris', '--strategy', text, '--seed', '1', '--out', out);
    assert.equal(run.status, 0, run.stderr);
    const [row] = runResults.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).strategies;
    assert.ok(row, run.stdout);
    assert.equal((row.conflicts / row.trades).toFixed(3), perTrade, `409s per trade of ${text}`);
    assert.ok(row.applied / (row.trades + row.droppedIterations) >= constraints.minSuccess, JSON.stringify(row));
    assert.ok(row.timeToOutcomeMs.p95 <= constraints.maxP95Ms, JSON.stringify(row.timeToOutcomeMs));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a search above --max-runs, or a grid field that does not exist, exits 2 before any run', async () => {
  const over = await cli('tune', '--scenario', 'dst-paris', '--search', 'grid', '--max-runs', '20');
  assert.equal(over.status, 2);
  assert.match(over.stderr, /48 candidates x 3 seeds by grid is 144 simulator runs, above --max-runs 20/);
  const bad = await cli('tune', '--family', 'fixed', '--grid', 'base=1s|2s');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /base: unknown field for a fixed backoff/);
  assert.doesNotMatch(`${over.stdout}${bad.stdout}`, /Pareto/);
});

test('--include adds your setting as a scored reference row; --json holds every candidate, halving-dropped ones too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-tune-'));
  try {
    let printed = '';
    const json = join(dir, 'tune.json');
    const mine = 'exponential:base=500ms,cap=8s,attempts=6,refetch';
    const code = await runTuneCommand(
      ROOT,
      {
        scenario: 'dst-paris',
        family: 'exponential:refetch',
        grid: 'base=250ms|500ms,attempts=2|4,refetch=yes|no',
        search: 'halving',
        seeds: 2,
        seed: 1,
        minSuccess: 0.9,
        minimise: 'requests',
        maxRuns: 20,
        confirmDuration: 60,
        include: [mine],
        json,
      },
      (text) => {
        printed += text;
      },
    );
    assert.equal(code, 0, printed);
    assert.match(printed, /Your settings \(--include\), on the same seeds and constraints/);
    assert.ok(printed.includes(`| \`${mine}\` | include | `), printed);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    // The family fixes refetch: the grid's refetch axis is dropped, leaving 2 x 2 candidates.
    assert.equal(data.candidates.length, 4);
    assert.equal(data.candidates.filter((c: { finalist: boolean }) => c.finalist).length, 2, 'halving kept half');
    assert.deepEqual(data.candidates.map((c: { seedsRun: number }) => c.seedsRun).sort(), [1, 1, 2, 2]);
    assert.equal(data.includes[0].strategy, mine);
    assert.equal(data.includes[0].seedsRun, 2, 'scored on the same seeds as the presets');
    assert.equal(data.presets.length > 10, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
