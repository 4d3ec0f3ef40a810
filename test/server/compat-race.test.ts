/**
 * The bulk-swap thread's storm on a real listening server: 32 concurrent compat POSTs, 32 different
 * valid swaps of one schedule, all carrying the scheduleVersion read just before. The first swap to
 * arrive moves the version, so exactly one gets 201 and 31 get the thread's 409, in every trial.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Harness } from '../../mock-server/http/harness.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import { RealClient, raceServer } from './support/real-http.ts';
import { withShiftTrading } from '../../src/scenario/spec.ts';
import { SWAPS_PATH, THREAD_CONFLICT_ERRORS, swapPayload } from './support/compat.ts';

const WRITERS = 32;
const TRIALS = 50;
const SEED = 11;

/** dst-paris with no cap on trades per agent and week: a pair that wins twice swaps back. */
const RACE_SCENARIO = withShiftTrading(dstParis, { maxTradesPerAgentPerWeek: 1_000 });

let app: FastifyInstance;
let harness: Harness;
let client: RealClient;
let auth: Record<string, string>;

before(async () => {
  ({ app, harness, client, auth } = await raceServer(RACE_SCENARIO, SEED, WRITERS));
});

after(async () => {
  client.close();
  await app.close();
});

test(
  `${WRITERS} concurrent compat swaps of one schedule with the same scheduleVersion: one 201 ` +
    `and ${WRITERS - 1} × 409 in each of ${TRIALS} trials`,
  async (t) => {
    const bySchedule = new Map<string, TradePlan[]>();
    for (const plan of planScenarioSwaps(harness.world, dstParis))
      bySchedule.set(plan.scheduleId, [...(bySchedule.get(plan.scheduleId) ?? []), plan]);
    const [scheduleId, plans] = [...bySchedule].sort((a, b) => b[1].length - a[1].length)[0]!;
    assert.ok(plans.length >= WRITERS, `${plans.length} swaps in schedule ${scheduleId}, want ${WRITERS}`);
    const swaps = plans.slice(0, WRITERS);
    let conflicts = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const read = await client.send('GET', `/api/v2/wfm/schedules/${scheduleId}`, { headers: auth });
      const version = (JSON.parse(read.text) as { version: number }).version;
      assert.equal(read.headers['etag'], `"${version}"`);
      const answers = await Promise.all(
        swaps.map((plan) => client.json('POST', SWAPS_PATH, swapPayload(harness, plan, version), auth)),
      );
      const won = answers.filter((a) => a.status === 201);
      const lost = answers.filter(
        (a) =>
          a.status === 409 &&
          JSON.stringify((JSON.parse(a.text) as { errors: unknown }).errors) === JSON.stringify(THREAD_CONFLICT_ERRORS),
      );
      const other = answers
        .filter((a) => !won.includes(a) && !lost.includes(a))
        .map((a) => `${a.status} ${a.text.slice(0, 160)}`);
      assert.deepEqual(other, [], `trial ${trial}: only 201 and the thread's 409 expected`);
      assert.equal(won.length, 1, `trial ${trial}: exactly one swap wins`);
      const winner = JSON.parse(won[0]!.text) as { status: string; scheduleVersion: number };
      assert.equal(winner.status, 'APPROVED');
      assert.equal(winner.scheduleVersion, version + 2, `trial ${trial}: the winner re-saved two agent schedules`);
      conflicts += lost.length;
    }
    assert.equal(conflicts, TRIALS * (WRITERS - 1));
    const audit = JSON.parse((await client.send('GET', '/__harness/audit')).text) as {
      nonMonotonicVersions: number;
      lostUpdates: number;
      doubleBookedShifts: string[];
      tradesByState: Record<string, number>;
      rejections: Record<string, number>;
    };
    assert.equal(audit.rejections['409 compat:schedule-version'], conflicts);
    assert.deepEqual(audit.tradesByState, { Approved: TRIALS }, 'a refused swap leaves no trade behind');
    assert.equal(audit.nonMonotonicVersions, 0);
    assert.equal(audit.lostUpdates, 0);
    assert.deepEqual(audit.doubleBookedShifts, []);
    t.diagnostic(
      `compat storm: ${TRIALS} trials × ${WRITERS} swaps → ${TRIALS} × 201, ${conflicts} × 409 (seed ${SEED})`,
    );
  },
);
