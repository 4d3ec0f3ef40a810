/**
 * `wfm-harness sim` end to end: the CLI, run twice, must write the same bytes. The runs go through the
 * CLI in this process (test/support/cli.ts), so a replay also holds after other runs in the same process;
 * test/server/cli-process.test.ts checks it against a fresh process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResults } from '../../src/report/results.ts';
import type { RunResults } from '../../src/report/results.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { cli } from '../support/cli.ts';
import type { CliRun } from '../support/cli.ts';

async function sim(args: string[], out: string) {
  const run: CliRun = await cli('sim', ...args, '--out', out);
  assert.equal(run.status, 0, `sim ${args.join(' ')}: ${run.stderr}`);
  return { stdout: run.stdout, json: readFileSync(join(out, 'results.json')) };
}

test('the same seed and commit write a byte-identical results.json, whatever the number of worker threads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-sim-'));
  try {
    const args = [
      '--scenario',
      'aws-occ',
      '--strategy',
      'exponential,full-jitter,retry-budget',
      '--clients',
      '10,30',
      '--runs',
      '3',
      '--seed',
      '9',
    ];
    const first = await sim([...args, '--workers', '1'], join(dir, 'a'));
    const second = await sim([...args, '--workers', '2'], join(dir, 'b'));
    assert.ok(first.json.equals(second.json), 'results.json differs between two runs with seed 9');
    const results = runResults.parse(JSON.parse(first.json.toString('utf8')));
    assert.equal(results.kind, 'sim');
    assert.equal(results.seed, 9);
    assert.deepEqual(
      results.strategies.map((s) => s.strategy),
      ['exponential', 'full-jitter', 'retry-budget'],
    );
    assert.deepEqual(
      results.strategies[0]?.sweep?.map((p) => [p.clients, p.runs]),
      [
        [10, 3],
        [30, 3],
      ],
    );
    assert.match(first.stdout, /seed 9, commit \S+/);
    assert.match(first.stdout, new RegExp(`commit ${results.gitCommit.replace(/[-]/g, '\\-')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dst-paris through the CLI replays byte for byte, and another seed does not (a fresh process: cli-process.test.ts)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-sim-'));
  try {
    const args = ['--scenario', 'dst-paris', '--strategy', 'stale-backoff,refetch-full-jitter'];
    const first = await sim([...args, '--seed', '3'], join(dir, 'a'));
    const second = await sim([...args, '--seed', '3'], join(dir, 'b'));
    const other = await sim([...args, '--seed', '4'], join(dir, 'c'));
    assert.ok(first.json.equals(second.json), 'results.json differs between two runs with seed 3');
    assert.ok(!first.json.equals(other.json));
    const results = runResults.parse(JSON.parse(first.json.toString('utf8')));
    assert.equal(
      results.startedAt,
      dstParis.clock.startUtc,
      'a sim run starts at its virtual instant, not the wall clock',
    );
    assert.equal(results.strategies[0]?.trades, 80);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--faults: a bad file names the file and each bad field and runs nothing; a good one is replayed and recorded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-sim-'));
  try {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ dropAfterCommitRate: 2, bogus: 1 }));
    const refused = await cli('sim', '--scenario', 'dst-paris', '--faults', bad, '--out', join(dir, 'never'));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /bad\.json: dropAfterCommitRate: Too big/);
    assert.match(refused.stderr, /bad\.json: bogus: unknown field/);
    assert.equal(existsSync(join(dir, 'never')), false, 'nothing ran');

    const good = join(dir, 'faults.json');
    writeFileSync(good, JSON.stringify({ dropAfterCommitRate: 0.3, error5xxRate: 0.05 }));
    const args = ['--scenario', 'dst-paris', '--strategy', 'refetch-full-jitter', '--faults', good];
    const first = await sim(args, join(dir, 'a'));
    const second = await sim(args, join(dir, 'b'));
    assert.ok(first.json.equals(second.json), 'a faulty run replays byte for byte');
    const results = runResults.parse(JSON.parse(first.json.toString('utf8')));
    assert.deepEqual(results.faults, { error5xxRate: 0.05, dropAfterCommitRate: 0.3, routes: 'writes' });
    assert.equal(results.strategies[0]?.server.duplicateTrades, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one time axis: --speed 1, 10 and 60 give byte-identical results but the recorded speed, for presets and dialects', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-sim-'));
  try {
    for (const dialect of ['genesys-legacy', 'compat']) {
      const args = [
        '--scenario',
        'dst-paris',
        '--strategy',
        'stale-backoff,refetch-full-jitter,serialized-per-schedule',
        '--seed',
        '2',
        '--dialect',
        dialect,
      ];
      const runs: RunResults[] = [];
      for (const speed of ['1', '10', '60']) {
        const out = await sim([...args, '--speed', speed], join(dir, `${dialect}-${speed}`));
        const results = runResults.parse(JSON.parse(out.json.toString('utf8')));
        assert.equal(results.load.clockSpeed, Number(speed), 'the speed is recorded');
        runs.push(results);
      }
      const withoutSpeed = (r: RunResults) => JSON.stringify({ ...r, load: { ...r.load, clockSpeed: 0 } });
      assert.equal(
        withoutSpeed(runs[1] as RunResults),
        withoutSpeed(runs[0] as RunResults),
        `${dialect}: speed 10 against 1`,
      );
      assert.equal(
        withoutSpeed(runs[2] as RunResults),
        withoutSpeed(runs[0] as RunResults),
        `${dialect}: speed 60 against 1`,
      );
      // Every arrival is started or dropped: serialized-per-schedule's one worker waits out 429 rate:user
      // since the rate limits are on (issue 17), and its bound drops the swaps it has not started.
      assert.ok(
        (runs[0] as RunResults).strategies.every((s) => s.trades + s.droppedIterations === 80 && s.trades > 0),
        'each run did the work',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
