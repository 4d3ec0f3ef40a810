import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSimWorld } from '../../src/sim/sim-world.ts';
import { AWS_OCC, runAwsOcc, withPublishedBounds } from '../../src/sim/experiments/aws-occ.ts';
import { occWorld } from '../../src/sim/experiments/occ-world.ts';
import { InProcessServer } from '../../src/sim/in-process-server.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { scheduleFor } from '../../mock-server/domain/world.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import type { HttpRequest, HttpResponse } from '../../src/core/ports.ts';
import { mockSetupOf } from '../../src/scenario/mock-setup.ts';

const ROOT = '/api/v2/workforcemanagement/managementunits';

function occServer(virtualMs = 0) {
  const world = occWorld();
  let nowMs = virtualMs;
  const sim = buildSimWorld({ setup: AWS_OCC, world, seed: 1, quiet: true, virtualNowMs: () => nowMs });
  const [a, b] = world.agents;
  const mu = world.managementUnits[0]!.id;
  const shift = a!.shifts[0]!;
  const created = sim.server.handle({
    method: 'POST',
    path: `${ROOT}/${mu}/weeks/${shift.weekDate}/shifttrades`,
    body: {
      scheduleId: scheduleFor(world, mu, shift.weekDate)?.id,
      initiatingShiftId: shift.id,
      receivingUserId: b!.id,
    },
  })!;
  const tradeId = (created.body as { id: string }).id;
  return {
    sim,
    world,
    mu,
    tradeId,
    created,
    patchPath: `${ROOT}/${mu}/weeks/${shift.weekDate}/shifttrades/${tradeId}`,
    setNow: (ms: number) => void (nowMs = ms),
  };
}

test('a trade created in-process comes back as the Genesys view with version 1 and a correlation id', () => {
  const { created, tradeId } = occServer();
  assert.equal(created.status, 200);
  assert.match(created.headers['inin-correlation-id'] ?? '', /^sim-\d+$/);
  assert.equal((created.body as { metadata: { version: number } }).metadata.version, 1);
  assert.ok(tradeId.length > 0);
});

test('a stale version gets 409 and no write; the current one is accepted and bumps the version', () => {
  const { sim, patchPath } = occServer();
  const stale = sim.server.handle({ method: 'PATCH', path: patchPath, body: { metadata: { version: 0 } } })!;
  assert.equal(stale.status, 409);
  assert.equal((stale.body as { code: string }).code, 'general.resource.conflict');
  const fresh = sim.server.handle({ method: 'PATCH', path: patchPath, body: { metadata: { version: 1 } } })!;
  assert.equal(fresh.status, 200);
  assert.equal((fresh.body as { metadata: { version: number } }).metadata.version, 2);
  const report = sim.store.report();
  assert.deepEqual(sim.server.refusals.counts(), { '409 version': 1 });
  assert.equal(report.lostUpdates, 0);
  assert.deepEqual(sim.server.requestCounts(), {
    [`PATCH ${'/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades/:tradeId'} 200`]: 1,
    [`PATCH ${'/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades/:tradeId'} 409`]: 1,
    [`POST ${'/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades'} 200`]: 1,
  });
});

test("an invalid body gets the route table's zod 400, with the Genesys error body", () => {
  const { sim, patchPath } = occServer();
  const bad = sim.server.handle({
    method: 'PATCH',
    path: patchPath,
    body: { metadata: { version: -1 }, surprise: true },
  })!;
  assert.equal(bad.status, 400);
  const body = bad.body as { code: string; message: string; details: Array<{ fieldName: string }> };
  assert.equal(body.code, 'bad.request');
  assert.match(body.message, /Invalid request body/);
  assert.ok(body.details.some((d) => d.fieldName === 'metadata.version'));
  const badWeek = sim.server.handle({
    method: 'GET',
    path: patchPath.replace(/weeks\/[^/]+/, 'weeks/next-week').replace(/\/[^/]+$/, ''),
  })!;
  assert.equal(badWeek.status, 400);
});

test('an unknown route gets a Genesys-shaped 404', () => {
  const { sim } = occServer();
  const answer = sim.server.handle({ method: 'GET', path: '/api/v2/nowhere?x=1' })!;
  assert.equal(answer.status, 404);
  assert.equal((answer.body as { message: string }).message, 'No route for GET /api/v2/nowhere');
});

test('the DST reconciliation pressure locks agent schedules at the same virtual instants as on the server', () => {
  const world = generateWorld(dstParis.world, 1);
  let virtualMs = 0;
  const sim = buildSimWorld({
    setup: mockSetupOf(dstParis),
    world,
    seed: 1,
    quiet: false,
    virtualNowMs: () => virtualMs,
  });
  const agent = world.agents[0]!;
  // Find the first virtual ms at which the pressure holds this agent's schedule.
  const shift = agent.shifts.at(-1)!;
  while (!sim.store.lockHolder(agent.id, shift.weekDate, sim.clock.nowMs()) && virtualMs < 60_000) virtualMs++;
  assert.ok(virtualMs < 60_000, 'the agent is locked at some point in the first virtual minute');
  const mu = world.managementUnits[0]!.id;
  const create = sim.server.handle({
    method: 'POST',
    path: `${ROOT}/${mu}/weeks/${shift.weekDate}/shifttrades`,
    body: { scheduleId: scheduleFor(world, mu, shift.weekDate)?.id, initiatingShiftId: shift.id },
  })!;
  assert.equal(create.status, 409);
  assert.match((create.body as { message: string }).message, /currently being modified by another process/);
});

test('objects and JSON text on the in-process wire give the same numbers, and every answer is JSON-safe', async () => {
  const world = occWorld();
  const strategy = withPublishedBounds(getPreset('decorrelated-jitter'));
  const answers: HttpResponse[] = [];
  const original = InProcessServer.prototype.handle;
  InProcessServer.prototype.handle = function (this: InProcessServer, req: HttpRequest): HttpResponse | undefined {
    const answer = original.call(this, req);
    if (answer) answers.push(answer);
    return answer;
  };
  try {
    const asObjects = await runAwsOcc({ clients: 30, strategy, seed: 8, world, wire: 'objects' });
    const asJson = await runAwsOcc({ clients: 30, strategy, seed: 8, world, wire: 'json' });
    assert.deepEqual(
      {
        writes: asJson.writeCalls,
        requests: asJson.requests,
        completionMs: asJson.completionMs,
        server: asJson.server,
      },
      {
        writes: asObjects.writeCalls,
        requests: asObjects.requests,
        completionMs: asObjects.completionMs,
        server: asObjects.server,
      },
    );
  } finally {
    InProcessServer.prototype.handle = original;
  }
  assert.ok(answers.length > 100);
  for (const answer of answers) assert.deepEqual(JSON.parse(JSON.stringify(answer.body)), answer.body);
});
