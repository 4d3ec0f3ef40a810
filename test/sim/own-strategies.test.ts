/** Strategies a team defines itself (inline or in a JSON file) run through `sim` like presets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResults } from '../../src/report/results.ts';
import type { StrategyResult } from '../../src/report/results.ts';
import { PRESETS } from '../../src/core/strategies.ts';
import type { StrategySpec } from '../../src/core/strategies.ts';
import { formatStrategy } from '../../src/core/strategy-text.ts';
import { cli } from '../support/cli.ts';

function sim(args: string[]) {
  return cli('sim', '--scenario', 'dst-paris', '--seed', '3', ...args);
}

/** The measured numbers of a row, without the names that say where the strategy was written. */
function numbers(row: StrategyResult | undefined): Partial<StrategyResult> {
  assert.ok(row);
  const { strategy: _s, origin: _o, definition: _d, ...rest } = row;
  return rest;
}

test('a preset restated inline, and the same strategy from a file, measure exactly as the preset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-own-'));
  try {
    const preset = PRESETS['refetch-jitter-200-500'] as StrategySpec;
    const inline = formatStrategy(preset, { withName: false });
    writeFileSync(join(dir, 'strategies.json'), JSON.stringify([{ ...preset, name: 'ours' }]));
    const run = await sim([
      '--strategy',
      `refetch-jitter-200-500,${inline}`,
      '--strategy-file',
      join(dir, 'strategies.json'),
      '--out',
      join(dir, 'out'),
    ]);
    assert.equal(run.status, 0, run.stderr);
    const results = runResults.parse(JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')));
    assert.deepEqual(
      results.strategies.map((r) => r.strategy),
      ['refetch-jitter-200-500', inline, 'ours'],
    );
    assert.deepEqual(numbers(results.strategies[1]), numbers(results.strategies[0]));
    assert.deepEqual(numbers(results.strategies[2]), numbers(results.strategies[0]));
    const report = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    assert.ok(report.includes(`- definition: \`${inline}\``), 'report.md prints the inline definition');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad inline field exits 2 naming the field and the text; nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-own-'));
  try {
    const run = await sim(['--strategy', 'no-retry,full-jitter:base=250ms,cap=4,refetch', '--out', join(dir, 'out')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /strategy "full-jitter:base=250ms,cap=4,refetch": cap: "4" is not a duration/);
    assert.equal(existsSync(join(dir, 'out')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a strategy file with a bad field exits 2 naming the file and the field path; nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-own-'));
  try {
    const file = join(dir, 'strategies.json');
    const good = {
      name: 'a',
      backoff: { kind: 'uniform', minMs: 100, maxMs: 200 },
      refetchOnConflict: true,
      maxAttempts: 4,
      deadlineMs: 60_000,
      honourRetryAfter: false,
    };
    for (const [bad, field] of [
      [{ ...good, backoff: { kind: 'uniform', minMs: 100, maxMS: 200 } }, /\[0\]\.backoff/],
      [{ ...good, maxAttempts: 0 }, /\[0\]\.maxAttempts/],
      [
        { ...good, backoff: { kind: 'uniform', minMs: 300, maxMs: 200 } },
        /\[0\]\.backoff\.maxMs: must not be below min/,
      ],
    ] as const) {
      writeFileSync(file, JSON.stringify([bad]));
      const run = await sim(['--strategy-file', file, '--out', join(dir, 'out')]);
      assert.equal(run.status, 2, run.stderr);
      assert.ok(run.stderr.includes(file), run.stderr);
      assert.match(run.stderr, field);
      assert.equal(existsSync(join(dir, 'out')), false);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
