import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compare } from '../../src/cli/compare.ts';
import { runResults } from '../../src/report/results.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// Real k6 (found or built through `wfm-harness k6 path` logic) against a real listening mock on 127.0.0.1.
test('k6 through the sync core: stale-backoff sees more 409s per trade than refetch-full-jitter, and no trade lands twice', { timeout: 600_000 }, async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'wfm-e2e-'));
  const seed = 11;
  const { results } = await compare({
    root: ROOT, scenario: 'dst-paris', strategies: ['stale-backoff', 'refetch-full-jitter'], seed,
    durationS: 10, rate: 5, outDir, log: () => {},
  });
  const context = `seed ${seed}, commit ${results.gitCommit}, report ${outDir}`;
  const [stale, refetch] = results.strategies;
  assert.ok(stale && refetch, context);
  for (const row of results.strategies) {
    assert.ok(row.trades >= 40, `${row.strategy}: at least 40 trades ran (${row.trades}); ${context}`);
    // Server truth: every 409 the client counted is one the server sent, and no swap was applied twice.
    assert.equal(row.conflicts, row.server.conflicts409, `${row.strategy}: client and server 409 counts agree; ${context}`);
    assert.equal(row.server.shiftsTradedTwice, 0, `${row.strategy}: no shift approved in two trades; ${context}`);
    assert.equal(row.server.lostUpdates, 0, context);
    assert.equal(row.server.nonMonotonicVersions, 0, context);
    assert.equal(row.server.tradesApproved, row.applied, `${row.strategy}: the server approved exactly what the client applied; ${context}`);
  }
  assert.ok(stale.conflictsPerTrade > refetch.conflictsPerTrade * 1.3,
    `stale-backoff ${stale.conflictsPerTrade.toFixed(2)} vs refetch-full-jitter ${refetch.conflictsPerTrade.toFixed(2)} 409s/trade; ${context}`);
  assert.ok(stale.successRate < refetch.successRate, `re-reading the version applies more trades; ${context}`);

  const written = runResults.parse(JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')));
  assert.equal(written.seed, seed);
  assert.ok(existsSync(join(outDir, 'report.md')));
  assert.match(readFileSync(join(outDir, 'report.md'), 'utf8'), /\| stale-backoff \|/);
});
