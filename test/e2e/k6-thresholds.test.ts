import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runResults } from '../../src/report/results.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * k6's exit 99 is a result: a threshold no run can meet (a rate above 1) and one every run meets, on a
 * 30 world-s dst-paris run (15 swaps, 3 real s at 10x: k6 refuses a load under 1 real s, and its
 * dashboard skipped the export of a 1.6 s run). compare must record both verdicts as checks in
 * junit.xml, exit 1 (not crash), and --dashboard must leave k6's dashboard export beside them.
 */
test(
  'an impossible k6 threshold: k6 exits 99, compare records the crossed threshold as a failed junit check and exits 1',
  { timeout: 300_000 },
  () => {
    const out = mkdtempSync(join(tmpdir(), 'wfm-e2e-thresholds-'));
    const run = spawnSync(
      process.execPath,
      [
        'bin/wfm-harness.js',
        'compare',
        '--strategy',
        'refetch-full-jitter',
        '--duration',
        '30',
        '--speed',
        '10',
        '--seed',
        '3',
        '--out',
        out,
        '--threshold',
        'wfm_trade_success:rate>1.5',
        '--threshold',
        'wfm_requests:count>0',
        '--dashboard',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const context = `exit ${run.status}; report ${out}\n${run.stderr.slice(-2000)}`;
    assert.equal(run.status, 1, context);
    const results = runResults.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    const [row] = results.strategies;
    assert.ok(row && row.trades === 15, context);
    // Scoped to the strategy that ran; the scenario's own bar for refetch-full-jitter stands beside the added ones.
    assert.deepEqual(
      row.thresholds,
      [
        { metric: 'wfm_requests{strategy:refetch-full-jitter}', expression: 'count>0', ok: true },
        {
          metric: 'wfm_trade_success{strategy:refetch-full-jitter}',
          expression: 'rate>0.9',
          ok: row.successRate > 0.9,
        },
        { metric: 'wfm_trade_success{strategy:refetch-full-jitter}', expression: 'rate>1.5', ok: false },
      ],
      context,
    );
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testcase [^>]*name="threshold wfm_trade_success\{strategy:refetch-full-jitter\} rate&gt;1.5"><failure message="crossed/,
      context,
    );
    assert.match(
      junit,
      /name="threshold wfm_requests\{strategy:refetch-full-jitter\} count&gt;0"><system-out>held/,
      context,
    );
    assert.match(
      run.stderr,
      /k6 exited 99, thresholds crossed: wfm_trade_success\{strategy:refetch-full-jitter\} rate>1.5/,
      context,
    );
    assert.match(
      readFileSync(join(out, 'k6-refetch-full-jitter.log'), 'utf8'),
      /✗ wfm_trade_success\{strategy:refetch-full-jitter\} rate>1.5/,
      context,
    );
    const dashboard = join(out, 'dashboard-refetch-full-jitter.html');
    assert.ok(
      existsSync(dashboard) && readFileSync(dashboard, 'utf8').includes('<html'),
      `k6 exported its dashboard; ${context}`,
    );
  },
);

test('a malformed --threshold, or --dashboard with --segments, is refused before anything runs: exit 2, naming the option', () => {
  const run = spawnSync(process.execPath, ['bin/wfm-harness.js', 'compare', '--threshold', 'wfm_trade_success'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /--threshold "wfm_trade_success" is not metric:expression/);
  const out = join(mkdtempSync(join(tmpdir(), 'wfm-refused-')), 'run');
  const both = spawnSync(
    process.execPath,
    ['bin/wfm-harness.js', 'compare', '--segments', '2', '--dashboard', '--out', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(both.status, 2, both.stderr);
  assert.match(both.stderr, /--dashboard with --segments/);
  assert.equal(existsSync(out), false, 'no report directory was made');
});

test('a run k6 would refuse as shorter than 1 real s is refused before anything runs: exit 2, with the speed that fits', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'wfm-refused-')), 'run');
  // 30 world-s at 90x is 0.33 real s for the arrival-rate strategy; the partitioning one's window is 90 world-s.
  const run = spawnSync(
    process.execPath,
    [
      'bin/wfm-harness.js',
      'compare',
      '--strategy',
      'serialized-per-schedule,refetch-full-jitter',
      '--duration',
      '30',
      '--speed',
      '90',
      '--out',
      out,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /k6 would run refetch-full-jitter for 30 world-s, 0\.33 real s at --speed 90/);
  assert.match(run.stderr, /lower --speed to 30 or less, or raise --duration/);
  assert.equal(existsSync(out), false, 'no report directory was made');
  const partitioned = spawnSync(
    process.execPath,
    ['bin/wfm-harness.js', 'compare', '--strategy', 'serialized-per-schedule', '--duration', '30', '--speed', '100'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(partitioned.status, 2, partitioned.stderr);
  assert.match(
    partitioned.stderr,
    /serialized-per-schedule for 90 world-s, 0\.90 real s at --speed 100; .*lower --speed to 90/,
  );
});
