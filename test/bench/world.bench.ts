/**
 * `npm run bench:world`: the scale of DESIGN "Scale", timed. Not a test: it prints numbers and exits 1
 * when a target is missed.
 *   - generateWorld for test/bench/scale-10k.json (a scenario file: 10,000 agents, 20 management units,
 *     8 zones, 3 weeks): target under 3 s;
 *   - the file's load planned over every unit (it names no trades.managementUnits) from the clock's start:
 *     target at least 50,000 swaps in under 10 s;
 *   - the mock built with that world (buildServer) starts and answers: a login, the world, a schedule read.
 * Flags: --seed <n> (default 1), --rounds <n> (default 3; the best round is the figure, the slowest shown).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../../src/scenario/file/load.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { buildServer } from '../../mock-server/http/server.ts';
import { flag, printLine } from './bench-cli.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const TARGET_GENERATE_MS = 3_000;
const TARGET_SWAPS = 50_000;
const TARGET_PLAN_MS = 10_000;
const FILE = join(fileURLToPath(new URL('.', import.meta.url)), 'scale-10k.json');

const line = (label: string, value: string): void => printLine(label, value, 36);

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

const seed = flag('seed', 1, 0);
const rounds = Math.max(1, flag('rounds', 3, 0));
const spec = loadScenarioFile(FILE);
const units = spec.world.businessUnits.flatMap((bu) => bu.managementUnits);
line(
  'world',
  `${units.reduce((sum, u) => sum + u.agents, 0)} agents, ${units.length} units, ${new Set(units.map((u) => u.timeZone)).size} zones, ` +
    `${spec.world.weeks} weeks (seed ${seed})`,
);

const generations = Array.from({ length: rounds }, () => timed(() => generateWorld(spec.world, seed)));
const world = generations[0]?.value;
if (!world) throw new Error('no round ran');
const generateMs = Math.min(...generations.map((g) => g.ms));
line(
  'generateWorld',
  `${generateMs.toFixed(0)} ms best of ${rounds} (slowest ${Math.max(...generations.map((g) => g.ms)).toFixed(0)} ms); target ` +
    `< ${TARGET_GENERATE_MS} ms`,
);
line('shifts', String(world.agents.reduce((sum, a) => sum + a.shifts.length, 0)));

// The file names no trades.managementUnits: its load plans across every unit, as a cutover does.
const plan = timed(() => planScenarioSwaps(world, spec));
const planned = new Set(plan.value.map((p) => p.managementUnitId)).size;
line(
  'planScenarioSwaps (every unit)',
  `${plan.value.length} swaps over ${planned} units in ${plan.ms.toFixed(0)} ms; target >= ${TARGET_SWAPS} in ` +
    `< ${TARGET_PLAN_MS} ms; the load asks ${spec.load.tradesPerSecond * spec.load.durationS}`,
);

const served = performance.now();
const { app, harness } = await buildServer({ ...mockFromScenario(spec, seed), seed, quiet: true });
const built = performance.now() - served;
const token = (
  await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('bench:secret').toString('base64')}`,
    },
  })
).json() as { access_token: string };
const worldReply = await app.inject({ method: 'GET', url: '/__harness/world' });
const bu = harness.world.businessUnits[0];
const schedule = harness.world.schedules.find((s) => s.businessUnitId === bu?.id);
const scheduleReply = await app.inject({
  method: 'GET',
  url: `/api/v2/workforcemanagement/businessunits/${bu?.id}/weeks/${schedule?.weekDate}/schedules/${schedule?.id}`,
  headers: { authorization: `Bearer ${token.access_token}` },
});
await app.close();
line(
  'mock with this world',
  `built in ${built.toFixed(0)} ms; GET /__harness/world ${worldReply.statusCode} (${(worldReply.body.length / 1e6).toFixed(1)} MB), ` +
    `schedule read ${scheduleReply.statusCode}`,
);
line('rss', `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

const met =
  generateMs < TARGET_GENERATE_MS &&
  plan.value.length >= TARGET_SWAPS &&
  plan.ms < TARGET_PLAN_MS &&
  worldReply.statusCode === 200 &&
  scheduleReply.statusCode === 200;
line('targets', met ? 'met' : 'MISSED');
if (!met) process.exitCode = 1;
