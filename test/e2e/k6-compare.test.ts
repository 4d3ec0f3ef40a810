import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compare } from '../../src/cli/compare.ts';
import { runResults } from '../../src/report/results.ts';
import { faultConfig } from '../../mock-server/api/faults.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// Real k6 (found or built through `wfm-harness k6 path` logic) against a real listening mock on 127.0.0.1.
test('k6 through the sync core: stale-backoff gives up on trades refetch-full-jitter applies, and no trade lands twice', { timeout: 600_000 }, async () => {
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
    assert.equal(row.server.duplicateTrades, 0, `${row.strategy}: no swap created twice; ${context}`);
    assert.equal(row.server.lostUpdates, 0, context);
    assert.equal(row.server.nonMonotonicVersions, 0, context);
    assert.equal(row.server.tradesApproved, row.applied, `${row.strategy}: the server approved exactly what the client applied; ${context}`);
  }
  // The dst-paris storm is mostly lock windows (409 locked:dst-reconciliation), and how many 409s each
  // strategy meets depends on where its arrivals fall in them: 409s per trade are too close to compare
  // (0.33 to 0.55 over runs). What the mechanism guarantees: stale-backoff's 3 tries over 6 s give up
  // inside a long window; refetch-full-jitter re-reads and retries until the window has passed.
  assert.ok(stale.conflicts > 0 && (stale.conflictsByKind['locked'] ?? 0) > 0, `the scenario put stale-backoff in a lock window; ${context}`);
  assert.ok(stale.gaveUp > refetch.gaveUp, `stale-backoff gave up on ${stale.gaveUp}, refetch-full-jitter on ${refetch.gaveUp}; ${context}`);
  assert.ok(stale.successRate < refetch.successRate, `retrying past the window applies more trades; ${context}`);

  const written = runResults.parse(JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')));
  assert.equal(written.seed, seed);
  assert.ok(existsSync(join(outDir, 'report.md')));
  assert.match(readFileSync(join(outDir, 'report.md'), 'utf8'), /\| stale-backoff \|/);
});

// The same bundle with DIALECT=genesys-jobs-async: every write answered 202 and polled from inside k6.
test('k6 through the job routes: every 409 found inside a job is one the server counted, and nothing lands twice', { timeout: 300_000 }, async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'wfm-e2e-jobs-'));
  const seed = 11;
  const { results } = await compare({
    root: ROOT, scenario: 'dst-paris', strategies: ['refetch-full-jitter'], seed, dialect: 'genesys-jobs-async',
    durationS: 4, rate: 4, outDir, log: () => {},
  });
  const context = `seed ${seed}, commit ${results.gitCommit}, report ${outDir}`;
  const [row] = results.strategies;
  assert.ok(row, context);
  assert.equal(results.dialect, 'genesys-jobs-async');
  assert.ok(row.trades >= 12 && row.applied >= 1, `${row.trades} trades, ${row.applied} applied; ${context}`);
  assert.equal(row.conflicts, row.server.conflicts409, `client and server 409 counts agree; ${context}`);
  const causes = Object.keys(row.server.rejections);
  assert.ok(causes.every((cause) => cause.includes(' job:')), `only job routes answered writes: ${causes.join(', ')}; ${context}`);
  assert.equal(row.server.tradesApproved, row.applied, context);
  assert.equal(row.server.shiftsTradedTwice, 0, context);
  assert.equal(row.server.duplicateTrades, 0, context);
  assert.equal(row.server.lostUpdates, 0, context);
});

// compare --faults: k6 VUs meet 503s and answers lost after the write ran; the core must resolve them by reading.
test('k6 under drop-after-commit and 503 faults: every swap at most once on the server, and none claimed that is not there', { timeout: 300_000 }, async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'wfm-e2e-faults-'));
  const seed = 11;
  const faults = faultConfig.parse({ dropAfterCommitRate: 0.3, error5xxRate: 0.05 });
  const { results } = await compare({
    root: ROOT, scenario: 'dst-paris', strategies: ['refetch-full-jitter'], seed, faults,
    durationS: 4, rate: 4, outDir, log: () => {},
  });
  const context = `seed ${seed}, commit ${results.gitCommit}, report ${outDir}`;
  const [row] = results.strategies;
  assert.ok(row, context);
  assert.deepEqual(results.faults, faults);
  assert.ok(row.trades >= 12, `${row.trades} trades; ${context}`);
  assert.equal(row.server.duplicateTrades, 0, `no swap created twice; ${context}`);
  assert.ok(row.server.tradesApproved >= row.applied, `${row.applied} applied, ${row.server.tradesApproved} approved; ${context}`);
  assert.equal(row.server.lostUpdates, 0, context);
  assert.equal(row.server.shiftsTradedTwice, 0, context);
});
