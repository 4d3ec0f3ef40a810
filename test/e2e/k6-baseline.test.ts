import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cataloguePath } from '../../src/scenario/file/catalogue.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function cli(args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['bin/wfm-harness.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

/**
 * The CI gate under k6: a baseline made from a compare run, then the same strategy name with a changed
 * definition (no retries: refetch-jitter-200-500 turned into a single try) must exit 1 with a diff that
 * names the strategy and the worsened metric; rerunning the unchanged preset must stay within k6's
 * margins (docs/reports.md "The baseline gate"). 40 swaps of dst-paris at 20x: 4 real s per run, its rate
 * limits off: with them on (issue 17) a re-reading strategy may lose a swap to the per-user limit, and a
 * baseline below 100% widens the k6 margin (3 standard errors on 40 trades) past what a single try loses.
 */
test(
  'compare --baseline: a changed preset is a regression (exit 1, readable diff); the unchanged one passes (exit 0)',
  { timeout: 300_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfm-e2e-baseline-'));
    const file = JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8'));
    file.pressures.rateLimits = null;
    writeFileSync(join(dir, 'dst-paris.json'), JSON.stringify(file));
    const common = [
      'compare',
      '--scenario-file',
      join(dir, 'dst-paris.json'),
      '--duration',
      '80',
      '--speed',
      '20',
      '--seed',
      '5',
    ];
    const first = cli([...common, '--strategy', 'refetch-jitter-200-500', '--out', join(dir, 'first')]);
    assert.equal(first.status, 0, first.out);
    const baseline = join(dir, 'baseline.json');
    const update = cli(['baseline', 'update', '--from', join(dir, 'first', 'results.json'), '--out', baseline]);
    assert.equal(update.status, 0, update.out);
    const same = cli([
      ...common,
      '--strategy',
      'refetch-jitter-200-500',
      '--out',
      join(dir, 'same'),
      '--baseline',
      baseline,
    ]);
    assert.equal(same.status, 0, same.out);
    assert.match(same.out, /no regression/);
    const changed = cli([
      ...common,
      '--strategy',
      'none:attempts=1,name=refetch-jitter-200-500',
      '--out',
      join(dir, 'changed'),
      '--baseline',
      baseline,
    ]);
    assert.equal(changed.status, 1, changed.out);
    assert.match(
      changed.out,
      /\| refetch-jitter-200-500 \| successRate \| 1 \| 0\.\d+ \| -0\.\d+ \| [^|]+ \| REGRESSION \|/,
    );
  },
);
