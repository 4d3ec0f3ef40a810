/**
 * Check-and-write is one step (DESIGN "Writes check versions atomically"): against a real listening
 * server, 32 concurrent writes carrying the same version yield exactly one 200 and 31 × 409, every trial.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Harness } from '../../mock-server/http/harness.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { RealClient, legacyTradesPath, raceServer } from './support/real-http.ts';
import { withShiftTrading } from '../../src/scenario/spec.ts';

const WRITERS = 32;
const TRIALS = 220;
const SEED = 11;

let app: FastifyInstance;
let harness: Harness;
/** dst-paris with no cap on trades per agent and week: the match race trades the same two shifts back and forth 200 times. */
const RACE_SCENARIO = withShiftTrading(dstParis, { maxTradesPerAgentPerWeek: 1_000 });
let client: RealClient;
let auth: Record<string, string>;
let world: World;

before(async () => {
  ({ app, harness, client, auth } = await raceServer(RACE_SCENARIO, SEED, WRITERS));
  world = JSON.parse((await client.send('GET', '/__harness/world')).text) as World;
});

after(async () => {
  client.close();
  await app.close();
});

interface Tally {
  ok: number;
  versionConflicts: number;
  other: string[];
}

async function race(
  send: () => Promise<{ status: number; text: string }>,
): Promise<Tally & { winner: Record<string, unknown> | undefined }> {
  const answers = await Promise.all(Array.from({ length: WRITERS }, send));
  const tally = {
    ok: 0,
    versionConflicts: 0,
    other: [] as string[],
    winner: undefined as Record<string, unknown> | undefined,
  };
  for (const answer of answers) {
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    if (answer.status === 200) {
      tally.ok++;
      tally.winner = body;
    } else if (answer.status === 409 && body['code'] === 'general.resource.conflict') tally.versionConflicts++;
    else tally.other.push(`${answer.status} ${answer.text.slice(0, 120)}`);
  }
  return tally;
}

test(
  `${WRITERS} concurrent PATCHes with the same metadata.version: one 200 ` +
    `and ${WRITERS - 1} × 409 in each of ${TRIALS} trials`,
  async (t) => {
    const [plan] = planScenarioSwaps(world, dstParis);
    assert.ok(plan, 'the world has at least one swap');
    const base = legacyTradesPath(plan.managementUnitId, plan.weekDate);
    const created = await client.json(
      'POST',
      base,
      { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId, receivingUserId: plan.receivingUserId },
      auth,
    );
    assert.equal(created.status, 200, created.text);
    const trade = JSON.parse(created.text) as { id: string; metadata: { version: number } };
    const perTrial: Array<{ ok: number; conflicts: number }> = [];
    let version = trade.metadata.version;
    for (let trial = 0; trial < TRIALS; trial++) {
      // Alternate the receiving user, so every accepted write really changes the trade.
      const receivingUserId = { value: trial % 2 === 0 ? null : plan.receivingUserId };
      const tally = await race(() =>
        client.json('PATCH', `${base}/${trade.id}`, { receivingUserId, metadata: { version } }, auth),
      );
      perTrial.push({ ok: tally.ok, conflicts: tally.versionConflicts });
      assert.deepEqual(tally.other, [], `trial ${trial}: only 200 and version 409 expected`);
      assert.equal(tally.ok, 1, `trial ${trial}: exactly one write wins`);
      assert.equal(tally.versionConflicts, WRITERS - 1, `trial ${trial}: every other write gets 409`);
      assert.equal(
        (tally.winner?.['metadata'] as { version: number }).version,
        version + 1,
        `trial ${trial}: the winner moved the version by one`,
      );
      version++;
    }
    const successes = perTrial.reduce((n, r) => n + r.ok, 0);
    const conflicts = perTrial.reduce((n, r) => n + r.conflicts, 0);
    t.diagnostic(
      `PATCH race: ${TRIALS} trials × ${WRITERS} writers → ${successes} × 200, ${conflicts} × 409 (seed ${SEED})`,
    );

    const audit = JSON.parse((await client.send('GET', '/__harness/audit')).text) as {
      nonMonotonicVersions: number;
      lostUpdates: number;
      rejections: Record<string, number>;
      versionHistory: Record<string, Array<{ version: number; by: string }>>;
    };
    const history = audit.versionHistory[`trade:${trade.id}`] ?? [];
    assert.deepEqual(
      history.map((entry) => entry.version),
      Array.from({ length: TRIALS + 1 }, (_, i) => i + 1),
      'versions 1, 2, … step by one',
    );
    assert.equal(audit.nonMonotonicVersions, 0);
    assert.equal(audit.lostUpdates, 0);
    assert.equal(audit.rejections['409 version'], conflicts);
    t.diagnostic(
      `audit: ${history.length} versions of ` +
        `trade ${trade.id}, nonMonotonicVersions ${audit.nonMonotonicVersions}, lostUpdates ${audit.lostUpdates}`,
    );
  },
);

test(
  `${WRITERS} concurrent matches of one trade with the same version: one approval ` +
    `and ${WRITERS - 1} × 409 in each of 200 trials`,
  async (t) => {
    const trials = 200;
    const plan = planScenarioSwaps(world, dstParis)[1];
    assert.ok(plan, 'the world has at least two swaps');
    const base = legacyTradesPath(plan.managementUnitId, plan.weekDate);
    // Each approved swap gives the shifts to the other agent, so the next trial swaps them back.
    const shifts = [plan.initiatingShiftId, plan.receivingShiftId];
    let ok = 0;
    let conflicts = 0;
    const tradeIds: string[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const [giving, receiving] = trial % 2 === 0 ? shifts : [...shifts].reverse();
      const created = await client.json('POST', base, { scheduleId: plan.scheduleId, initiatingShiftId: giving }, auth);
      assert.equal(created.status, 200, `trial ${trial}: ${created.text}`);
      const trade = JSON.parse(created.text) as { id: string; metadata: { version: number } };
      tradeIds.push(trade.id);
      const tally = await race(() =>
        client.json(
          'POST',
          `${base}/${trade.id}/match`,
          {
            receivingScheduleId: plan.scheduleId,
            receivingShiftId: receiving,
            metadata: { version: trade.metadata.version },
          },
          auth,
        ),
      );
      assert.deepEqual(tally.other, [], `trial ${trial}: only 200 and version 409 expected`);
      assert.equal(tally.ok, 1, `trial ${trial}: exactly one match wins`);
      assert.equal((tally.winner?.['trade'] as { state: string }).state, 'Approved');
      ok += tally.ok;
      conflicts += tally.versionConflicts;
    }
    assert.equal(conflicts, trials * (WRITERS - 1));
    t.diagnostic(`match race: ${trials} trials × ${WRITERS} writers → ${ok} × 200, ${conflicts} × 409`);
    const audit = JSON.parse((await client.send('GET', '/__harness/audit')).text) as {
      nonMonotonicVersions: number;
      lostUpdates: number;
      doubleBookedShifts: string[];
      versionHistory: Record<string, Array<{ version: number; action: string }>>;
    };
    for (const id of tradeIds) {
      assert.deepEqual(
        audit.versionHistory[`trade:${id}`]?.map((e) => `${e.version}:${e.action}`),
        ['1:create', '2:match', '3:approve'],
        `trade ${id}`,
      );
    }
    assert.equal(audit.nonMonotonicVersions, 0);
    assert.equal(audit.lostUpdates, 0);
    assert.deepEqual(audit.doubleBookedShifts, []);
    assert.equal(
      harness.store.agentScheduleVersion(plan.initiatingUserId, plan.weekDate),
      1 + trials,
      "each approval re-saved the giver's schedule once",
    );
  },
);
