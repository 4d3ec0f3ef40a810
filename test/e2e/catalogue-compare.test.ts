/**
 * A catalogue scenario from its file under real k6: compare resolves the file in Node (the clock is
 * relative to the 2027-11-07 Chicago fall-back), writes the resolved spec into the run directory, and the
 * one k6 entry (k6/swap-scenario.ts) reads it with open(). 20 world-s at 10x: 10 swaps, 2 real s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compare } from '../../src/cli/compare.ts';
import { loadScenarioFile } from '../../src/scenario/file/load.ts';

const ROOT = resolve(import.meta.dirname, '../..');

test(
  'compare runs chicago-fall from its file under k6, reading the resolved spec; the server truth holds',
  { timeout: 300_000 },
  async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wfm-catalogue-'));
    const spec = loadScenarioFile(join(ROOT, 'scenarios', 'chicago-fall.json'));
    const { results } = await compare({
      root: ROOT,
      scenario: spec,
      strategies: ['refetch-full-jitter'],
      seed: 1,
      durationS: 20,
      outDir,
      log: () => {},
    });
    const written = JSON.parse(readFileSync(join(outDir, 'scenario.json'), 'utf8')) as { clock: { startUtc: string } };
    assert.equal(
      written.clock.startUtc,
      '2027-11-07T01:00:00.000Z',
      'k6 got the absolute start, 6 h before the fall-back',
    );
    const [row] = results.strategies;
    assert.ok(row, `report ${outDir}`);
    assert.equal(row.trades, 10, `report ${outDir}`);
    assert.equal(row.server.tradesApproved, row.applied);
    assert.equal(row.server.shiftsTradedTwice + row.server.duplicateTrades + row.server.lostUpdates, 0);
  },
);
