import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseScenario } from '../../src/scenario/file/load.ts';
import { goodScenarioFile, refusedScenario } from './support/scenario-file.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { cli } from '../support/cli.ts';

const good = goodScenarioFile;
const refused = refusedScenario;
const ROOT = resolve(import.meta.dirname, '../..');

test('every bad field is named by file and field path', () => {
  const unit = (f: Record<string, any>) => f['world'].businessUnits[0].managementUnits[0];
  assert.match(
    refused((f) => {
      unit(f).timeZone = 'Mars/Olympus';
    }),
    /^my\.json: world\.businessUnits\[0\]\.managementUnits\[0\]\.timeZone: is not an IANA time zone/m,
  );
  assert.match(
    refused((f) => {
      unit(f).agents = 0;
    }),
    /^my\.json: world\.businessUnits\[0\]\.managementUnits\[0\]\.agents: /m,
  );
  assert.match(
    refused((f) => {
      f['load'].colour = 'blue';
    }),
    /^my\.json: load\.colour: unknown field/m,
  );
  assert.match(
    refused((f) => {
      f['trades'].managementUnits = ['Lyon'];
    }),
    /^my\.json: trades\.managementUnits\[0\]: names no management unit of the world/m,
  );
  assert.match(
    refused((f) => {
      f['world'].weekDate = '27-03-22';
    }),
    /^my\.json: world\.weekDate: must be YYYY-MM-DD/m,
  );
  assert.match(
    refused((f) => {
      f['clock'].startUtc = '2027-03-28T00:58:00Z';
    }),
    /^my\.json: clock: give exactly one of startUtc and relativeTo/m,
  );
  assert.match(
    refused((f) => {
      f['clock'].relativeTo.transition = '2027-03-29';
    }),
    /^my\.json: clock\.relativeTo\.transition: Europe\/Paris has no DST transition on 2027-03-29/m,
  );
  assert.match(
    refused((f) => {
      f['clock'].relativeTo.zone = 'Asia/Tokyo';
    }),
    /^my\.json: clock\.relativeTo\.transition: Asia\/Tokyo has no DST transition within a year/m,
  );
  assert.match(
    refused((f) => {
      f['pressures'].dstReconciliation.holdMs = 20_000;
    }),
    /^my\.json: pressures\.dstReconciliation\.holdMs: must be <= intervalMs/m,
  );
  assert.match(
    refused((f) => {
      f['strategies'] = ['refetch-full-jitter', 'yolo'];
    }),
    /^my\.json: strategies\[1\]: unknown strategy yolo/m,
  );
});

test('a clock relative to a transition resolves in Node to an absolute start: the next one after the first week, or a named one', () => {
  assert.equal(parseScenario('a.json', good()).clock.startUtc, '2027-03-28T00:58:00.000Z');
  const fall = good();
  fall['clock'].relativeTo = { zone: 'Europe/Paris', transition: '2027-10-31', offsetMinutes: -360 };
  assert.equal(parseScenario('b.json', fall).clock.startUtc, '2027-10-30T19:00:00.000Z');
  const chicago = good();
  chicago['clock'].relativeTo = { zone: 'America/Chicago', transition: 'next', offsetMinutes: 5 };
  assert.equal(
    parseScenario('c.json', chicago).clock.startUtc,
    '2027-11-07T07:05:00.000Z',
    'Chicago already sprang forward on 2027-03-14, before the first week',
  );
});

test('sim, plan and compare refuse a file with a bad field with exit 2 naming the file and field; nothing starts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-file-'));
  const bad = join(dir, 'my-cutover.json');
  const file = good();
  file['load'].tradesPerSecond = -1;
  writeFileSync(bad, JSON.stringify(file));
  for (const args of [
    ['sim', '--out', join(dir, 'sim')],
    ['plan', '--out', join(dir, 'plan.json')],
    ['compare', '--out', join(dir, 'compare')],
  ]) {
    // serve's refusal runs in its own process (test/server/cli-process.test.ts): a regression here would
    // leave a server listening in this one.
    const run = await cli(...args, '--scenario-file', bad);
    assert.equal(run.status, 2, `${args[0]}: ${run.stderr}`);
    assert.match(run.stderr, /my-cutover\.json: load\.tradesPerSecond: /, args[0]);
  }
  for (const out of ['sim', 'plan.json', 'compare'])
    assert.equal(existsSync(join(dir, out)), false, `${out} was not written`);
});

test("scenario init writes a file for any zone's transition that loads and whose load its world can feed", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-init-'));
  const out = join(dir, 'sydney.json');
  const run = await cli('scenario', 'init', '--zone', 'Australia/Sydney', '--transition', '2027-10-03', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  const spec = parseScenario(out, JSON.parse(readFileSync(out, 'utf8')));
  assert.equal(
    spec.clock.startUtc,
    '2027-10-02T10:00:00.000Z',
    'Sydney springs forward at 02:00 AEST = 16:00 UTC the day before; init starts 6 h before it',
  );
  assert.equal(spec.world.businessUnits[0]?.managementUnits[0]?.timeZone, 'Australia/Sydney');
  const planned = planScenarioSwaps(generateWorld(spec.world, 1), spec).length;
  assert.ok(planned >= spec.load.tradesPerSecond * spec.load.durationS, `${planned} swaps planned`);
});

test('sim refuses at the start, exit 2, a load its world cannot feed, instead of running short', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-short-'));
  const file = good();
  file['load'].tradesPerSecond = 5; // 800 swaps; dst-paris plans 137 for seed 1
  writeFileSync(join(dir, 'big.json'), JSON.stringify(file));
  const run = await cli('sim', '--scenario-file', join(dir, 'big.json'), '--out', join(dir, 'out'));
  assert.equal(run.status, 2, run.stderr);
  assert.match(
    run.stderr,
    /dst-paris plans 137 swaps for seed 1; its load \(tradesPerSecond x durationS\) asks for 800/,
  );
  assert.equal(existsSync(join(dir, 'out')), false);
});

test('scenario show --resolved: the spec alone on stdout (k6 reads it), what the loader resolved and defaulted on stderr', async () => {
  const run = await cli('scenario', 'show', 'dst-paris', '--resolved');
  assert.equal(run.status, 0, run.stderr);
  const spec = JSON.parse(run.stdout) as { clock: { startUtc: string }; pressures: { rateLimits: object } };
  assert.equal(spec.clock.startUtc, '2027-03-28T00:58:00.000Z');
  assert.match(
    run.stderr,
    /^scenario show: resolved: clock\.relativeTo .* → clock\.startUtc 2027-03-28T00:58:00\.000Z$/m,
  );
  assert.match(run.stderr, /^scenario show: defaulted: load\.clients: 1/m);
  assert.match(run.stderr, /^scenario show: defaulted: pressures\.staleReads: lagMs 2000, probability 1, depth 8$/m);
});

test('the example files of docs/examples load and plan enough swaps for their load (seed 1)', () => {
  const dir = join(ROOT, 'docs', 'examples');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const spec = parseScenario(name, JSON.parse(readFileSync(join(dir, name), 'utf8')));
    const planned = planScenarioSwaps(generateWorld(spec.world, 1), spec).length;
    assert.ok(planned >= spec.load.tradesPerSecond * spec.load.durationS, `${name}: ${planned} swaps planned`);
  }
});
