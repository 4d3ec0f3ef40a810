/**
 * The CI gate: every run recorded in the committed reports/baseline.json is rerun exactly as recorded and
 * must match it number for number. A change to retry code or presets that moves a number fails here until
 * the baseline is regenerated on purpose: node bin/wfm-harness.js baseline update
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineFile } from '../../src/report/baseline.ts';
import { diffAgainst, diffTable, hasRegression } from '../../src/report/baseline-diff.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { SCENARIOS } from '../../src/scenario/file/catalogue.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { strategyResultFrom } from '../../src/sim/tally.ts';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BASELINE = join(ROOT, 'reports', 'baseline.json');
const baseline = baselineFile.parse(JSON.parse(readFileSync(BASELINE, 'utf8')));

for (const entry of baseline.entries) {
  test(`the committed baseline holds: wfm-harness ${entry.command.join(' ')} --baseline reports/baseline.json exits 0`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfm-gate-'));
    try {
      const run = await cli(...entry.command, '--out', dir, '--baseline', BASELINE);
      assert.equal(
        run.status,
        0,
        `the simulator's numbers moved against reports/baseline.json. If that is intended, run: node ` +
          `bin/wfm-harness.js baseline update\n${run.stdout}\n${run.stderr}`,
      );
      assert.match(run.stdout, /no regression; \d+ metric\(s\) equal, 0 shown/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('sim --baseline exits 1 with a readable diff naming the strategy and metric when the baseline disagrees', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-gate-'));
  try {
    const entry = baseline.entries.find((e) => e.scenario === 'dst-paris');
    assert.ok(entry, 'reports/baseline.json has a dst-paris entry');
    const strategy = Object.keys(entry.strategies)[0] as string;
    const metrics = entry.strategies[strategy] as Record<string, number>;
    const doctored = {
      ...baseline,
      entries: [
        {
          ...entry,
          strategies: { ...entry.strategies, [strategy]: { ...metrics, applied: (metrics['applied'] ?? 0) + 1 } },
        },
      ],
    };
    writeFileSync(join(dir, 'doctored.json'), JSON.stringify(doctored));
    const run = await cli(...entry.command, '--out', join(dir, 'run'), '--baseline', join(dir, 'doctored.json'));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /1 regression\(s\)/);
    assert.match(
      run.stdout,
      new RegExp(
        `\\| ${strategy} \\| applied \\| ${(metrics['applied'] ?? 0) + 1} \\| ${metrics['applied']} \\| -1 \\| exact \\| REGRESSION \\|`,
      ),
    );
    const junit = readFileSync(join(dir, 'run', 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /name="baseline applied"><failure message="regression: baseline \d+, now \d+ \(tolerance exact\)"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed preset (stale-backoff with one more attempt) is a regression against the committed baseline', async () => {
  const entry = baseline.entries.find((e) => e.scenario === 'dst-paris' && e.strategies['stale-backoff']);
  assert.ok(entry, 'reports/baseline.json has dst-paris with stale-backoff');
  const preset = getPreset('stale-backoff');
  const changed = { ...preset, maxAttempts: preset.maxAttempts + 1 };
  const spec = SCENARIOS['dst-paris'];
  assert.ok(spec);
  const swaps = await runSwaps({ scenario: spec, strategy: changed, seed: entry.seed });
  const row = strategyResultFrom(
    changed,
    swaps.totals,
    swaps.conflictsByKind,
    swaps.server,
    swaps.worldSeconds,
    swaps.dropped,
    swaps.latenciesMs,
  );
  const results = runResults.parse({
    schemaVersion: 1,
    runId: 'changed',
    kind: 'sim',
    scenario: 'dst-paris',
    seed: entry.seed,
    gitCommit: 'test',
    startedAt: 't',
    tools: {},
    load: { tradesPerSecond: 1, durationS: 1, clockSpeed: 1 },
    dialect: entry.dialect,
    strategies: [row],
  });
  const diffs = diffAgainst(
    { ...entry, strategies: { 'stale-backoff': entry.strategies['stale-backoff'] as Record<string, number> } },
    results,
  );
  assert.equal(hasRegression(diffs), true, diffTable(diffs, 'changed preset'));
  // Without the change the same library path matches the baseline exactly.
  const same = await runSwaps({ scenario: spec, strategy: preset, seed: entry.seed });
  const sameRow = strategyResultFrom(
    preset,
    same.totals,
    same.conflictsByKind,
    same.server,
    same.worldSeconds,
    same.dropped,
    same.latenciesMs,
  );
  const sameDiffs = diffAgainst(
    { ...entry, strategies: { 'stale-backoff': entry.strategies['stale-backoff'] as Record<string, number> } },
    { ...results, strategies: [sameRow] },
  );
  assert.equal(hasRegression(sameDiffs), false, diffTable(sameDiffs, 'unchanged preset'));
});
