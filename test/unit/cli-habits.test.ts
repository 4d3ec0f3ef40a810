/**
 * The exit-code table (docs/cli.md "Exit codes"), command by command (0 ran and passed, 1 ran and found a failure, 2 bad
 * input or options, nothing run), --version, the progress line and run directories that are never reused. The
 * commands run in this process (test/support/cli.ts); the bin script as a process: test/server/cli-process.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgress } from '../../src/cli/progress.ts';
import { freshRunDir } from '../../src/cli/run-dir.ts';
import { cli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const CSV_HEADER =
  'legacyId,zone,initiatorAgentId,initiatorShiftStart,initiatorShiftEnd,counterAgentId,counterShiftStart,counterShiftEnd,status';

test('--version prints the package version and the git commit, exit 0 (the bin script: test/server/cli-process.test.ts)', async () => {
  const run = await cli('--version');
  assert.equal(run.status, 0);
  assert.match(
    run.stdout,
    new RegExp(`^wfm-harness ${VERSION.replace(/\./g, '\\.')} \\(commit ([0-9a-f]{40}(-dirty)?|unknown)\\)`),
  );
});

test('bad options and unknown commands exit 2 before anything runs, naming what is wrong', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['sim', '--seed', 'x'], /--seed must be an integer/],
    [['sim', '--strategies', 'nope'], /unknown strategy nope/],
    [['compare', '--strategy', 'nope'], /unknown strategy nope/],
    [['serve', '--log-level', 'loud'], /Allowed choices are fatal, error, warn, info, debug, trace, silent/],
    [['no-such-command'], /unknown command 'no-such-command'/],
    [['dst', '--zone', 'Europe/Paris', '--from', '2027-03-28'], /--zone, --from and --to go together/],
  ];
  for (const [args, message] of cases) {
    const run = await cli(...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
  }
});

test('a baseline file that cannot be used exits 2 naming the file and field, and no run directory is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-exit-'));
  try {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        baselineVersion: 2,
        regenerate: 'x',
        entries: [
          { command: ['sim'], kind: 'sim', scenario: 'dst-paris', seed: 'one', gitCommit: 'c', strategies: {} },
        ],
      }),
    );
    const bad = await cli(
      'sim',
      '--scenario',
      'dst-paris',
      '--baseline',
      join(dir, 'bad.json'),
      '--out',
      join(dir, 'run'),
    );
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /bad\.json: entries\[0\]\.seed: /);
    const absent = await cli('sim', '--baseline', join(dir, 'absent.json'), '--out', join(dir, 'run'));
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /absent\.json: cannot read/);
    assert.throws(() => readFileSync(join(dir, 'run', 'results.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('observe and report: bad input exits 2 before a mock starts or a server is read', async () => {
  // Exit 0 and 1 of observe (its client's exit, thresholds) start a mock: test/e2e/observe-examples.test.ts.
  const bad: Array<[string[], RegExp]> = [
    [['observe', '--threshold', 'nope:count==0', '--', 'true'], /"nope" is not a server-truth metric/],
    [['observe'], /missing required argument 'command'/],
    [['report', '--from-server', 'http://127.0.0.1:1'], /cannot read \/__harness\/run/],
  ];
  for (const [args, message] of bad) {
    const run = await cli(...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});

test('dst: rows flagged with --fail-on-flags exit 1 (ran and found); without the flag 0; a bad export 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-exit-'));
  try {
    const flagged = join(dir, 'gap.csv');
    writeFileSync(flagged, `${CSV_HEADER}\nparis-gap,Europe/Paris,a3,2027-03-28T02:30,2027-03-28T10:30,,,,\n`);
    assert.equal((await cli('dst', '--export', flagged)).status, 0);
    const failing = await cli('dst', '--export', flagged, '--fail-on-flags');
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /1 flagged/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${CSV_HEADER}\nx,Nowhere/City,a,2027-03-28T08:00,2027-03-28T16:00,,,,\n`);
    assert.equal((await cli('dst', '--export', bad, '--fail-on-flags')).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('progress: one line every few seconds off a terminal (and the last state at the end); rewritten in place on one', () => {
  let nowMs = 0;
  const lines: string[] = [];
  const log = createProgress({ isTTY: false, write: (t) => lines.push(t) }, 5000, () => nowMs);
  for (let i = 1; i <= 10; i++) {
    nowMs = i * 1000;
    log.update(`step ${i}`);
  }
  log.done();
  assert.deepEqual(lines, ['step 1\n', 'step 6\n', 'step 10\n']);
  const tty: string[] = [];
  const bar = createProgress({ isTTY: true, write: (t) => tty.push(t) });
  bar.update('a');
  bar.update('b');
  bar.done();
  assert.deepEqual(tty, ['\r\x1b[Ka', '\r\x1b[Kb', '\n']);
});

test('a default run directory that exists gets the next free suffix', () => {
  const taken = new Set(['reports/sim-x', 'reports/sim-x-2']);
  assert.equal(
    freshRunDir('reports/sim-x', (p) => taken.has(p)),
    'reports/sim-x-3',
  );
  assert.equal(
    freshRunDir('reports/sim-y', (p) => taken.has(p)),
    'reports/sim-y',
  );
});
