/**
 * Property-based bad input (fast-check through fastify.inject): random and mutated requests — malformed
 * JSON, wrong types, unknown fields, missing metadata.version, oversized bodies, unknown ids, bad or
 * missing tokens, odd methods and paths — never get a 5xx; every 4xx is a Genesys ErrorBody whose
 * status and contextId match the response; and the audit invariants still hold afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHODS } from 'node:http';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../mock-server/http/server.ts';
import type { Harness } from '../../mock-server/http/harness.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { CURRENT_VERSION, requestArbitrary } from './support/request-arbitrary.ts';
import type { FuzzRequest, KnownIds } from './support/request-arbitrary.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const BODY_LIMIT_BYTES = 8 * 1024;
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 4000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20270328);

function assertErrorBody(req: FuzzRequest, status: number, headers: Record<string, unknown>, text: string): void {
  const where = `${req.method} ${req.url.slice(0, 120)} → ${status}`;
  const correlationId = headers['inin-correlation-id'];
  assert.ok(typeof correlationId === 'string' && correlationId.length > 0, `${where}: ININ-Correlation-Id header`);
  assert.ok(status < 500, `${where}: no 5xx (${text.slice(0, 200)})`);
  if (status < 400 || req.method === 'HEAD') return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    assert.fail(`${where}: error body is not JSON: ${text.slice(0, 200)}`);
  }
  assert.equal(typeof body['message'], 'string', `${where}: message`);
  assert.ok((body['message'] as string).length > 0, `${where}: message not empty`);
  assert.equal(typeof body['code'], 'string', `${where}: code`);
  assert.equal(body['status'], status, `${where}: status equals the HTTP status`);
  assert.equal(body['contextId'], correlationId, `${where}: contextId equals ININ-Correlation-Id`);
  assert.ok(Array.isArray(body['details']), `${where}: details array`);
  assert.ok(Array.isArray(body['errors']), `${where}: errors array`);
}

/** Put the addressed trade's current version where the request says CURRENT_VERSION (unknown trade: 0). */
function withCurrentVersion(req: FuzzRequest, harness: Harness, known: KnownIds): string | Buffer | undefined {
  if (typeof req.body !== 'string' || !req.body.includes(CURRENT_VERSION)) return req.body;
  const tradeId = /\/(?:shifttrades|shifttrading\/trades)\/([^/?]+)/.exec(req.url)?.[1];
  const trade = harness.store
    .tradesOfWeek(known.managementUnitId, known.weekDate)
    .find((candidate) => candidate.id === tradeId);
  return req.body.replaceAll(JSON.stringify(CURRENT_VERSION), String(trade?.version ?? 0));
}

async function setup(): Promise<{
  app: FastifyInstance;
  harness: Harness;
  known: KnownIds;
  advanceRealMs: (ms: number) => void;
}> {
  // Pressures on, time driven by the test: the fuzz crosses DST lock windows and re-saves, replayably.
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(dstParis, 3),
    seed: 3,
    quiet: false,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    realNowMs: () => realMs,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=fuzz&client_secret=s',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const token = (login.json() as { access_token: string }).access_token;
  const world = harness.world;
  const unit = world.managementUnits[0];
  assert.ok(unit);
  // A few real trades, so mutated requests also reach the version checks and the accepted writes.
  const tradeIds: string[] = [];
  for (const plan of planScenarioSwaps(world, dstParis).slice(0, 12)) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v2/workforcemanagement/managementunits/${unit.id}/weeks/${plan.weekDate}/shifttrades`,
      headers: { authorization: `Bearer ${token}` },
      payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId },
    });
    if (res.statusCode === 200) tradeIds.push((res.json() as { id: string }).id);
  }
  assert.ok(tradeIds.length > 0, 'some trades exist before the fuzz');
  const first = planScenarioSwaps(world, dstParis)[0];
  assert.ok(first);
  const known: KnownIds = {
    token,
    managementUnitId: unit.id,
    businessUnitId: unit.businessUnitId,
    weekDate: first.weekDate,
    scheduleId: first.scheduleId,
    tradeIds,
    agentIds: world.agents.map((a) => a.id),
    shiftIds: world.agents.flatMap((a) => a.shifts.map((s) => s.id)),
  };
  return {
    app,
    harness,
    known,
    advanceRealMs: (ms) => {
      realMs += ms;
    },
  };
}

test(`${RUNS} random and mutated requests: never a 5xx, every 4xx a Genesys ErrorBody, audit invariants hold (seed ${SEED})`, async (t) => {
  const { app, harness, known, advanceRealMs } = await setup();
  const statuses: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(requestArbitrary(known, { methods: METHODS, bodyLimitBytes: BODY_LIMIT_BYTES }), async (req) => {
      advanceRealMs(req.realMsStep);
      const body = withCurrentVersion(req, harness, known);
      const res = await app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      assertErrorBody(req, res.statusCode, res.headers, res.body);
    }),
    { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
  );
  const audit = (await app.inject({ method: 'GET', url: '/__harness/audit' })).json() as {
    nonMonotonicVersions: number;
    lostUpdates: number;
    doubleBookedShifts: string[];
    writesBy: Record<string, number>;
  };
  t.diagnostic(`statuses: ${JSON.stringify(statuses)}; writes by: ${JSON.stringify(audit.writesBy)}`);
  assert.equal(audit.nonMonotonicVersions, 0);
  assert.equal(audit.lostUpdates, 0);
  // Not shiftsTradedTwice: a shift may legitimately change hands twice (A→B, then B→C).
  assert.deepEqual(audit.doubleBookedShifts, []);
  // The invariants are only worth checking if the fuzz got writes through, client and background alike.
  assert.ok((audit.writesBy['client'] ?? 0) > known.tradeIds.length, 'the fuzz itself got some writes accepted');
  assert.ok((audit.writesBy['dst-reconciliation'] ?? 0) > 0, 'background re-saves ran during the fuzz');
  for (const status of [400, 401, 404, 409, 413])
    assert.ok((statuses[status] ?? 0) > 0, `the fuzz produced some ${status}s`);
  // Every family of the route table was reached past validation: an answer other than 400/401/404.
  for (const [family, pattern] of [
    ['jobs', /\/shifttrading\/trades\/.*jobs/],
    ['discovery', /\/businessunits\/:businessUnitId\/weeks\/:weekDateId\/schedules/],
    ['search', /\/shifttrades\/search/],
    ['state/bulk', /\/state\/bulk/],
    ['compat', /\/api\/v2\/wfm\//],
  ] as const) {
    const reached = Object.entries(harness.requestCounts).filter(
      ([key]) => pattern.test(key) && !/ (400|401|404|405)( |$)/.test(key),
    );
    assert.ok(reached.length > 0, `the fuzz got ${family} requests handled: ${JSON.stringify(harness.requestCounts)}`);
  }
  await app.close();
});
