/**
 * Your scenario everywhere (issue 17): tune, capacity and scenario show run on a copy of a catalogue
 * file, as they do on its name; naming a scenario twice is refused (exit 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cataloguePath } from '../../src/scenario/file/catalogue.ts';
import { cliIn } from '../support/cli.ts';

test('tune, capacity and scenario show accept a copy of a catalogue file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-scenario-file-'));
  try {
    const file = join(dir, 'mine.json');
    const copy = { ...JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8')), name: 'mine' };
    writeFileSync(file, JSON.stringify(copy));
    const run = (...args: string[]) => cliIn(dir, ...args);
    const shown = await run('scenario', 'show', 'mine.json', '--resolved');
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as { name: string }).name, 'mine');
    assert.equal((await run('scenario', 'show', '--scenario-file', file)).status, 0);
    const capacity = await run(
      'capacity',
      '--scenario-file',
      file,
      '--strategy',
      'no-retry',
      '--rates',
      '1',
      '--duration',
      '10',
      '--min-success',
      '0',
      '--out',
      join(dir, 'capacity'),
    );
    assert.equal(capacity.status, 0, capacity.stderr);
    assert.match(capacity.stdout, /\| no-retry \| 1 \| 1 \| 10\* \|/);
    const tune = await run(
      'tune',
      '--scenario-file',
      file,
      '--family',
      'fixed:refetch',
      '--grid',
      'delay=2s,attempts=3',
      '--search',
      'grid',
      '--seeds',
      '1',
      '--min-success',
      '0',
    );
    assert.equal(tune.status, 0, tune.stderr);
    assert.match(tune.stdout, new RegExp(`rerun: wfm-harness sim --scenario-file ${file.replace(/[.]/g, '\\.')} `));
    const both = await run('tune', '--scenario', 'dst-paris', '--scenario-file', file);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /give --scenario or --scenario-file, not both/);
    const unknown = await run('scenario', 'show', 'nope');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown scenario "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sim takes the load overrides compare takes, and a run of a file is baselined by rerunning that file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-sim-load-'));
  try {
    const file = join(dir, 'mine.json');
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8')), name: 'mine' }),
    );
    const run = (...args: string[]) => cliIn(dir, ...args);
    const sim = await run(
      'sim',
      '--scenario-file',
      file,
      '--strategy',
      'no-retry',
      '--rate',
      '2',
      '--duration',
      '10',
      '--out',
      'run',
    );
    assert.equal(sim.status, 0, sim.stderr);
    const results = JSON.parse(readFileSync(join(dir, 'run', 'results.json'), 'utf8')) as {
      load: { tradesPerSecond: number; durationS: number };
      scenarioFile: { path: string };
      loadOverride: object;
      strategies: Array<{ trades: number; droppedIterations: number }>;
    };
    assert.deepEqual([results.load.tradesPerSecond, results.load.durationS], [2, 10]);
    assert.equal((results.strategies[0]?.trades ?? 0) + (results.strategies[0]?.droppedIterations ?? 0), 20);
    assert.equal(results.scenarioFile.path, file);
    const baseline = await run(
      'baseline',
      'update',
      '--from',
      join(dir, 'run', 'results.json'),
      '--out',
      'baseline.json',
    );
    assert.equal(baseline.status, 0, baseline.stderr);
    const entry = (
      JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { entries: Array<{ command: string[] }> }
    ).entries[0];
    // The file by its path relative to the baseline's folder (main's file-based entries), the load override kept.
    assert.deepEqual(entry?.command, [
      'sim',
      '--scenario-file',
      'mine.json',
      '--strategy',
      'no-retry',
      '--seed',
      '1',
      '--dialect',
      'genesys-legacy',
      '--rate',
      '2',
      '--duration',
      '10',
    ]);
    const gate = await run('sim', ...(entry?.command.slice(1) ?? []), '--baseline', 'baseline.json', '--out', 'again');
    assert.equal(gate.status, 0, gate.stdout + gate.stderr);
    // baseline update --scenario-file adds that scenario's sim entry beside the ones the file holds.
    const added = await run(
      'baseline',
      'update',
      '--scenario-file',
      file,
      '--strategy',
      'no-retry',
      '--out',
      'baseline.json',
    );
    assert.equal(added.status, 0, added.stderr);
    const entries = (
      JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { entries: Array<{ command: string[] }> }
    ).entries;
    assert.deepEqual(
      entries.map((e) => e.command.join(' ')),
      [
        'sim --scenario-file mine.json --strategy no-retry --seed 1 --dialect genesys-legacy --rate 2 --duration 10',
        'sim --scenario-file mine.json --strategy no-retry --seed 1',
      ],
    );
    const staged = await run('sim', '--scenario', 'aws-occ', '--rate', '2');
    assert.equal(staged.status, 2);
    assert.match(staged.stderr, /--rate and --duration apply to the swap scenarios/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
