import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { getPreset } from '../../src/core/strategies.ts';
import type { TraceLine } from '../../src/report/trace-line.ts';
import { explainTrade } from '../../src/report/explain.ts';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';

test('tracing a run does not change it, and traces every request the trades counted', async () => {
  const trace: TraceLine[] = [];
  const options = { scenario: dstParis, strategy: getPreset('stale-backoff'), seed: 1 };
  const plain = await runSwaps(options);
  const traced = await runSwaps({ ...options, trace: (line) => void trace.push(line) });
  assert.deepEqual(traced.totals, plain.totals);
  assert.deepEqual(traced.server, plain.server);
  const outcomes = trace.filter((line): line is Extract<TraceLine, { type: 'outcome' }> => line.type === 'outcome');
  assert.equal(outcomes.length, plain.totals.trades);
  assert.equal(
    trace.filter((line) => line.type === 'request').length,
    outcomes.reduce((sum, o) => sum + o.requests, 0),
  );
  // A version mismatch is always a version the server had moved past: the trace shows both.
  for (const line of trace) {
    if (line.type === 'request' && line.cause === 'VERSION_MISMATCH')
      assert.ok((line.versionSent ?? Infinity) < (line.versionCurrent ?? -Infinity), JSON.stringify(line));
  }
});

test('sim --trace then explain: the swap stale-backoff gave up on, try by try, against the DST window', async () => {
  const out = mkdtempSync(join(tmpdir(), 'wfm-trace-'));
  const sim = await cli(
    'sim',
    '--scenario',
    'dst-paris',
    '--strategy',
    'stale-backoff',
    '--seed',
    '1',
    '--trace',
    '--out',
    out,
  );
  assert.equal(sim.status, 0, sim.stderr);
  const trace = readFileSync(join(out, 'trace.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TraceLine);
  const gaveUp = trace.find((line) => line.type === 'outcome' && line.outcome === 'gave-up');
  assert.ok(gaveUp, `stale-backoff gave up on a swap (seed 1); ${out}`);
  const explain = await cli('explain', out, gaveUp.legacyId);
  assert.equal(explain.status, 0, explain.stderr);
  assert.match(
    explain.stdout,
    new RegExp(
      'pressure windows: DST reconciliation \\(Europe/Paris\\) 01:30:00.000 \\+01:00 \\(00:30:00.000Z\\) ' +
        'to 04:30:00.000 \\+02:00 \\(02:30:00.000Z\\)',
    ),
  );
  assert.match(explain.stdout, /→ 409: sent version 1; the server had version [2-9]: the trade was re-saved/);
  assert.match(explain.stdout, /then re-sends version 1 without re-reading/);
  assert.match(explain.stdout, /GAVE-UP after \d+ requests/);
  // The same text from the files, by trade id as well as by legacy id.
  const results = runResults.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  const created = trace.find(
    (line): line is Extract<TraceLine, { type: 'request' }> =>
      line.type === 'request' && line.legacyId === gaveUp.legacyId && line.tradeId !== undefined,
  );
  assert.ok(created?.tradeId, out);
  assert.equal(explainTrade(results, trace, created.tradeId), explain.stdout);
  const unknown = await cli('explain', out, 'swap-9999');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no swap "swap-9999" in .*trace.jsonl; it holds e.g. swap-0001/);
});

test('explain without a trace, or sim --trace on aws-occ, is bad input: exit 2', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'wfm-notrace-'));
  const noResults = await cli('explain', empty, 'swap-0001');
  assert.equal(noResults.status, 2);
  assert.match(noResults.stderr, /results.json does not exist/);
  const aws = await cli('sim', '--scenario', 'aws-occ', '--trace', '--out', empty);
  assert.equal(aws.status, 2);
  assert.match(aws.stderr, /--trace applies to the swap scenarios/);
});
