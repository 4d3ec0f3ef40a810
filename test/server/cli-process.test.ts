/**
 * The CLI as a process (bin/wfm-harness.js), where the process itself is what is tested: the unit and
 * simulator tiers run the same program in their own process (test/support/cli.ts), so these are the
 * checks that need a fresh one. The bin script's exit codes; a run that replays byte for byte in a fresh
 * process as in a test's; serve refusing a bad scenario file before it listens (in a test's own process a
 * regression would leave a server listening past the test).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cataloguePath } from '../../src/scenario/file/catalogue.ts';
import { ROOT } from '../../src/cli/program.ts';
import { cli, spawnCli } from '../support/cli.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('the bin script: --version prints the package version and the git commit, exit 0; a usage error exits 2', () => {
  const run = spawnCli('--version');
  assert.equal(run.status, 0);
  assert.match(
    run.stdout,
    new RegExp(`^wfm-harness ${VERSION.replace(/\./g, '\\.')} \\(commit ([0-9a-f]{40}(-dirty)?|unknown)\\)`),
  );
  // The process exits with the code runCli returns (src/cli/main.ts), not commander's default of 1.
  const bad = spawnCli('sim', '--seed', 'x');
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--seed must be an integer/);
});

test('sim in a fresh process writes the same results.json as in a test process that ran other things first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-process-'));
  try {
    const args = ['sim', '--scenario', 'dst-paris', '--strategy', 'stale-backoff,refetch-full-jitter', '--seed', '3'];
    const fresh = spawnCli(...args, '--out', join(dir, 'fresh'));
    assert.equal(fresh.status, 0, fresh.stderr);
    await cli('sim', '--scenario', 'dst-paris', '--strategy', 'no-retry', '--seed', '4', '--out', join(dir, 'before'));
    const here = await cli(...args, '--out', join(dir, 'here'));
    assert.equal(here.status, 0, here.stderr);
    assert.ok(
      readFileSync(join(dir, 'fresh', 'results.json')).equals(readFileSync(join(dir, 'here', 'results.json'))),
      'results.json differs between a fresh process and this one (seed 3)',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve refuses a scenario file with a bad field, exit 2 naming the file and field, and never listens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-process-'));
  try {
    const file = JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8')) as { load: Record<string, number> };
    file.load['tradesPerSecond'] = -1;
    writeFileSync(join(dir, 'my-cutover.json'), JSON.stringify(file));
    const run = spawnCli('serve', '--port', '0', '--scenario-file', join(dir, 'my-cutover.json'));
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /my-cutover\.json: load\.tradesPerSecond: /);
    assert.doesNotMatch(run.stderr, /listening/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
