/**
 * The gate fails closed (docs/reports.md "The baseline gate"): an unchanged rerun passes; a baseline
 * strategy dropped from the run fails (unless --allow-missing); a scenario file whose load changed finds
 * no entry and fails; `baseline update` replays a file-based entry from the baseline's folder and
 * refuses when the file's bytes changed. Small runs: dst-paris cut to 40 world-s of load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliIn } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI in this process (test/support/cli.ts), stdout and stderr as one text. */
async function cli(args: string[], cwd = ROOT): Promise<{ status: number; out: string }> {
  const run = await cliIn(cwd, ...args);
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

function scenarioFile(dir: string, tradesPerSecond: number): string {
  const spec = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'dst-paris.json'), 'utf8'));
  spec.name = 'my-paris';
  spec.load = { ...spec.load, tradesPerSecond, durationS: 40 };
  delete spec.thresholds;
  const path = join(dir, 'scenarios', 'my-paris.json');
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(spec, null, 2)}\n`);
  return path;
}

test('a file-based baseline: unchanged rerun exit 0, a dropped strategy exit 1, a changed load exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-closed-'));
  try {
    const file = scenarioFile(dir, 0.5);
    const run = ['sim', '--scenario-file', file, '--strategy', 'no-retry,stale-backoff', '--seed', '1'];
    assert.equal((await cli([...run, '--out', join(dir, 'first')])).status, 0);
    const baseline = join(dir, 'baseline.json');
    const update = await cli(['baseline', 'update', '--from', join(dir, 'first', 'results.json'), '--out', baseline]);
    assert.equal(update.status, 0, update.out);
    const entry = JSON.parse(readFileSync(baseline, 'utf8')).entries[0];
    // Recorded relative to the baseline's folder, with the file's hash, so the command replays from there.
    assert.deepEqual(entry.scenarioFile.path, join('scenarios', 'my-paris.json'));
    assert.match(entry.scenarioFile.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(entry.command.slice(0, 3), ['sim', '--scenario-file', join('scenarios', 'my-paris.json')]);

    const same = await cli([...run, '--out', join(dir, 'same'), '--baseline', baseline]);
    assert.equal(same.status, 0, same.out);
    assert.match(same.out, /no regression; \d+ metric\(s\) equal, 0 shown/);

    const dropped = await cli(
      [...run.slice(0, 3), '--strategy', 'no-retry', '--seed', '1', '--out', join(dir, 'd')].concat([
        '--baseline',
        baseline,
      ]),
    );
    assert.equal(dropped.status, 1, dropped.out);
    assert.match(
      dropped.out,
      /\| stale-backoff \| \(all\) \| — \| — \| — \| in the baseline, not in this run \| REGRESSION \|/,
    );
    const allowed = await cli(
      [...run.slice(0, 3), '--strategy', 'no-retry', '--seed', '1', '--out', join(dir, 'a')].concat([
        '--baseline',
        baseline,
        '--allow-missing',
      ]),
    );
    assert.equal(allowed.status, 0, allowed.out);
    assert.match(allowed.out, /stale-backoff \| \(all\) .* \| missing \|/);

    scenarioFile(dir, 0.75);
    const changed = await cli([...run, '--out', join(dir, 'changed'), '--baseline', baseline]);
    assert.equal(changed.status, 1, changed.out);
    assert.match(
      changed.out,
      /no matching entry, a regression: .*the scenario changed \(its world, clock, pressures, load or faults\)/,
    );
    const junit = readFileSync(join(dir, 'changed', 'junit.xml'), 'utf8');
    assert.match(junit, /<failure message="[^"]*no matching entry/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('baseline update replays a file-based entry, and refuses (exit 2) once the file changed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-replay-'));
  try {
    const file = scenarioFile(dir, 0.5);
    const out = join(dir, 'run');
    assert.equal((await cli(['sim', '--scenario-file', file, '--strategy', 'stale-backoff', '--out', out])).status, 0);
    const baseline = join(dir, 'baseline.json');
    assert.equal((await cli(['baseline', 'update', '--from', join(out, 'results.json'), '--out', baseline])).status, 0);
    const before = JSON.parse(readFileSync(baseline, 'utf8'));
    // From another working directory: the entry's relative path is the baseline folder's.
    const replay = await cli(['baseline', 'update', '--out', baseline], tmpdir());
    assert.equal(replay.status, 0, replay.out);
    const after = JSON.parse(readFileSync(baseline, 'utf8'));
    assert.deepEqual(after.entries[0].strategies, before.entries[0].strategies);
    assert.deepEqual(after.entries[0].scenarioFile, before.entries[0].scenarioFile);

    scenarioFile(dir, 0.75);
    const refused = await cli(['baseline', 'update', '--out', baseline]);
    assert.equal(refused.status, 2, refused.out);
    assert.match(refused.out, /my-paris\.json changed since the baseline's sim my-paris entry was recorded/);
    assert.deepEqual(JSON.parse(readFileSync(baseline, 'utf8')), after, 'the baseline is left as it was');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
