/**
 * docs/benchmarks.md's rows that a deterministic command produces: the simulator's trades failed by 409 for
 * the default compare strategies (dst-paris, seed 1) and the events of `sim --scenario migration-cutover`.
 * The measured ones (wall time, k6, memory) carry their command and date instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';
import { page } from './support.ts';

const BENCHMARKS = page('benchmarks.md');

function row(what: string): string {
  const line = BENCHMARKS.split('\n').find((l) => l.startsWith(`| ${what}`));
  assert.ok(line, `docs/benchmarks.md has the row "${what}"`);
  return line;
}

test('docs/benchmarks.md: trades failed by 409 in the simulator are what sim --scenario dst-paris gives for seed 1', async () => {
  const out = mkdtempSync(join(tmpdir(), 'wfm-docs-bench-'));
  try {
    const run = await cli('sim', '--scenario', 'dst-paris', '--seed', '1', '--out', out);
    assert.equal(run.status, 0, run.stderr);
    const results = runResults.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    const stated =
      /\| (\S+) \/ (\S+) \/ (\S+) \/ (\S+) of 80 under k6; (\d+) \/ (\d+) \/ (\d+) \/ (\d+) in the simulator/.exec(
        row('trades failed by 409'),
      );
    assert.ok(stated, 'the row names four counts under k6 and four in the simulator');
    const names = /\| trades failed by 409: ([^|]+) \|/.exec(row('trades failed by 409'))?.[1]?.split(' / ');
    assert.deepEqual(
      names,
      results.strategies.map((s) => s.strategy),
      'the same strategies, in order',
    );
    assert.deepEqual(
      stated.slice(5, 9).map(Number),
      results.strategies.map((s) => s.tradesFailedBy409),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('docs/benchmarks.md: the events of sim --scenario migration-cutover', async () => {
  const out = mkdtempSync(join(tmpdir(), 'wfm-docs-bench-'));
  try {
    const run = await cli('sim', '--scenario', 'migration-cutover', '--out', out);
    assert.equal(run.status, 0, run.stderr);
    const events = /(\d+) events/.exec(run.stdout)?.[1];
    assert.ok(events, run.stdout);
    assert.match(
      row('`sim --scenario migration-cutover`'),
      new RegExp(`${Number(events).toLocaleString('en-US')} events`),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
