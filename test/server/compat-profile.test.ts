/**
 * The compat profile (docs/mock-server.md "Compat profile") through fastify.inject: the seed threads' payloads and
 * bodies, scheduleVersion, the ETag/If-Match cycle, the lock window, and one world shared with the
 * genesys profile. Every 409 is also run through the sync core's classify, so server and client agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { DST_RECONCILIATION } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { classify } from '../../src/core/classify.ts';
import { SHIFTS_PATH, SWAPS_PATH, THREAD_CONFLICT_ERRORS, swapPayload } from './support/compat.ts';
import { legacyTradesPath } from './support/real-http.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

/** dst-paris with the Paris unit's trades left for an administrator: a swap answers PENDING. */
const REVIEWED: ScenarioSpec = {
  ...dstParis,
  world: {
    ...dstParis.world,
    businessUnits: dstParis.world.businessUnits.map((bu) => ({
      ...bu,
      managementUnits: bu.managementUnits.map((u) => ({ ...u, shiftTrading: { autoReview: false } })),
    })),
  },
};

async function setup(options: { quiet: boolean; scenario?: ScenarioSpec }) {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(options.scenario ?? dstParis, 7),
    seed: 7,
    quiet: options.quiet,
    realNowMs: () => realMs,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=compat&client_secret=s',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const auth = { authorization: `Bearer ${login.json().access_token}` };
  const plans = planScenarioSwaps(harness.world, dstParis);
  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: SWAPS_PATH, headers: auth, payload: payload as Record<string, unknown> });
  const put = (tradeId: string, payload: unknown, ifMatch?: string) =>
    app.inject({
      method: 'PUT',
      url: `${SHIFTS_PATH}/${tradeId}`,
      headers: { ...auth, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
      payload: payload as Record<string, unknown>,
    });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });
  const scheduleVersion = async (scheduleId: string) =>
    (await get(`/api/v2/wfm/schedules/${scheduleId}`)).json().version as number;
  return { app, harness, auth, plans, post, put, get, scheduleVersion, setRealMs: (ms: number) => void (realMs = ms) };
}

/** An error body: a Genesys ErrorBody whose status and contextId match the response. */
function assertErrorBody(
  res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> },
  status: number,
): Record<string, unknown> {
  assert.equal(res.statusCode, status);
  const body = res.json();
  assert.equal(body['status'], status);
  assert.equal(body['contextId'], res.headers['inin-correlation-id']);
  assert.ok(Array.isArray(body['details']) && Array.isArray(body['errors']));
  return body;
}

test(
  "the bulk-swap thread's payload is accepted as sent: its placeholder ids are unknown (404), real ids swap " +
    'the shifts (201 APPROVED)',
  async () => {
    const { app, harness, plans, post, get } = await setup({ quiet: true });
    const literal = await post({
      initiator_agent_id: 'agent-uuid-12345',
      counter_agent_id: 'agent-uuid-67890',
      initiator_shift_id: 'shift-uuid-abcde',
      counter_shift_id: 'shift-uuid-fghij',
      status: 'PENDING',
    });
    assert.equal(
      assertErrorBody(literal, 404)['entityId'],
      'agent-uuid-12345',
      'validation passed: the world refused the ids',
    );
    const plan = plans[0]!;
    const versionBefore = harness.store.scheduleVersion(plan.scheduleId)!;
    const res = await post(swapPayload(harness, plan));
    assert.equal(res.statusCode, 201, res.body);
    const trade = res.json();
    assert.deepEqual(
      { ...trade, trade_id: undefined },
      {
        trade_id: undefined,
        status: 'APPROVED',
        initiator_agent_id: plan.initiatingUserId,
        counter_agent_id: plan.receivingUserId,
        initiator_shift_id: plan.initiatingShiftId,
        counter_shift_id: plan.receivingShiftId,
        schedule_id: plan.scheduleId,
        week_date: plan.weekDate,
        scheduleVersion: versionBefore + 2,
        version: 3,
      },
    );
    assert.equal(res.headers['etag'], '"3"', 'create, match and auto-approval: three trade writes');
    assert.equal(res.headers['location'], `${SWAPS_PATH}/${trade.trade_id}`);
    assert.equal(harness.store.ownerOfShift(plan.initiatingShiftId)?.agentId, plan.receivingUserId);
    assert.equal(harness.store.ownerOfShift(plan.receivingShiftId)?.agentId, plan.initiatingUserId);
    assert.deepEqual(
      harness.store.report().versionHistory[`trade:${trade.trade_id}`]?.map((e) => e.action),
      ['create', 'match', 'approve'],
    );
    const again = await get(`${SWAPS_PATH}/${trade.trade_id}`);
    assert.deepEqual(again.json(), trade);
    assert.equal(again.headers['etag'], '"3"');
    await app.close();
  },
);

test("a stale scheduleVersion gets 409 with the thread's exact errors, writes nothing, and classifies as a version conflict", async () => {
  const { app, harness, plans, post, get, scheduleVersion } = await setup({ quiet: true });
  const [first, second] = plans;
  assert.ok(first && second && first.scheduleId === second.scheduleId);
  const schedule = await get(`/api/v2/wfm/schedules/${first.scheduleId}`);
  assert.deepEqual(schedule.json(), { id: first.scheduleId, weekDate: first.weekDate, version: 1 });
  assert.equal(schedule.headers['etag'], '"1"');
  assert.equal((await post(swapPayload(harness, first, 1))).statusCode, 201);
  const writes = harness.store.report().writes;
  const stale = await post(swapPayload(harness, second, 1));
  const body = assertErrorBody(stale, 409);
  assert.deepEqual(body['errors'], THREAD_CONFLICT_ERRORS);
  assert.equal(body['code'], 'SHIFT_TRADE_CONFLICT');
  assert.equal(body['message'], 'Conflict detected while processing shift trade');
  assert.equal(classify({ status: 409, headers: {}, body }), 'version-conflict');
  assert.equal(
    classify({ status: 409, headers: {}, body: { errors: body['errors'] } }),
    'version-conflict',
    "the thread's bare body too",
  );
  assert.equal(harness.store.report().writes, writes, 'a refused swap writes nothing');
  assert.equal(harness.refusals.counts()['409 compat:schedule-version'], 1);
  assert.equal(await scheduleVersion(first.scheduleId), 3, 'one approved swap re-saved two agent schedules');
  assert.equal((await post(swapPayload(harness, second, 3))).statusCode, 201);
  await app.close();
});

test(
  'a shift in an open genesys trade refuses the compat swap with a permanent 409; a compat write makes a ' +
    'genesys version stale',
  async () => {
    const { app, harness, plans, post, put, auth } = await setup({ quiet: true });
    const plan = plans[0]!;
    const base = legacyTradesPath(plan.managementUnitId, plan.weekDate);
    const created = await app.inject({
      method: 'POST',
      url: base,
      headers: auth,
      payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.receivingShiftId },
    });
    assert.equal(created.statusCode, 200);
    const open = await post(swapPayload(harness, plan, harness.store.scheduleVersion(plan.scheduleId)));
    const body = assertErrorBody(open, 409);
    assert.deepEqual(body['errors'], [
      { message: 'The shift is already part of an open shift trade', code: 'SHIFT_TRADE_CONFLICT' },
    ]);
    assert.equal(classify({ status: 409, headers: {}, body }), 'business-conflict');
    assert.equal(harness.refusals.counts()['409 compat:shift-in-open-trade'], 1);
    // The genesys trade read as a compat trade, canceled there: the genesys client's version is now stale.
    const tradeId = created.json().id as string;
    const canceled = await put(tradeId, { status: 'CANCELLED' }, '"1"');
    assert.equal(canceled.statusCode, 200, canceled.body);
    assert.equal(canceled.headers['etag'], '"2"');
    const match = await app.inject({
      method: 'POST',
      url: `${base}/${tradeId}/match`,
      headers: auth,
      payload: {
        receivingScheduleId: plan.scheduleId,
        receivingShiftId: plan.initiatingShiftId,
        metadata: { version: 1 },
      },
    });
    assert.equal(match.statusCode, 409);
    assert.equal(match.json().code, 'general.resource.conflict');
    // And a genesys swap moves the scheduleVersion a compat client read before it.
    const read = harness.store.scheduleVersion(plan.scheduleId)!;
    const other = plans[1]!;
    const genesys = await app.inject({
      method: 'POST',
      url: base,
      headers: auth,
      payload: { scheduleId: other.scheduleId, initiatingShiftId: other.initiatingShiftId },
    });
    const approved = await app.inject({
      method: 'POST',
      url: `${base}/${genesys.json().id}/match`,
      headers: auth,
      payload: {
        receivingScheduleId: other.scheduleId,
        receivingShiftId: other.receivingShiftId,
        metadata: { version: 1 },
      },
    });
    assert.equal(approved.json().trade.state, 'Approved');
    assert.deepEqual(
      assertErrorBody(await post(swapPayload(harness, plan, read)), 409)['errors'],
      THREAD_CONFLICT_ERRORS,
    );
    await app.close();
  },
);

test('ETag and If-Match: PENDING swap, GET, stale If-Match 409, missing 428, malformed 400, APPROVED applies the swap', async () => {
  const { app, harness, plans, post, put, get, auth } = await setup({ quiet: true, scenario: REVIEWED });
  const plan = plans[0]!;
  const created = await post(swapPayload(harness, plan));
  assert.equal(created.statusCode, 201);
  assert.equal(created.json().status, 'PENDING');
  const id = created.json().trade_id as string;
  const read = await get(`${SHIFTS_PATH}/${id}`);
  assert.equal(read.headers['etag'], '"2"', 'create and match, no approval');
  assert.equal(assertErrorBody(await put(id, { status: 'APPROVED' }), 428)['code'], 'precondition.required');
  for (const bad of ['2', 'W/"2"', '*', '"2", "3"', '"two"', '']) {
    const details = assertErrorBody(await put(id, { status: 'APPROVED' }, bad), 400)['details'] as Array<{
      fieldName: string;
    }>;
    assert.equal(details[0]?.fieldName, 'If-Match', `If-Match: ${bad}`);
  }
  const same = await put(
    id,
    { ...(read.json() as Record<string, unknown>), status: 'PENDING' },
    read.headers['etag'] as string,
  );
  assert.equal(same.statusCode, 200, 'the GET representation PUT back as it was');
  assert.equal(same.headers['etag'], '"2"', 'an unchanged status writes nothing');
  assert.equal(
    assertErrorBody(await put(id, { status: 'APPROVED', initiator_shift_id: plan.receivingShiftId }, '"2"'), 400)[
      'message'
    ],
    'initiator_shift_id is read-only and does not match the trade',
  );
  const approved = await put(id, { status: 'APPROVED' }, '"2"');
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.headers['etag'], '"3"');
  assert.equal(approved.json().status, 'APPROVED');
  assert.equal(harness.store.ownerOfShift(plan.initiatingShiftId)?.agentId, plan.receivingUserId);
  const stale = await put(id, { status: 'CANCELLED' }, '"2"');
  assert.deepEqual(assertErrorBody(stale, 409)['errors'], THREAD_CONFLICT_ERRORS);
  assert.equal(stale.json().details[0].fieldName, 'If-Match');
  const final = await app.inject({
    method: 'PUT',
    url: SHIFTS_PATH,
    headers: { ...auth, 'if-match': '"3"' },
    payload: { trade_id: id, status: 'CANCELLED' },
  });
  assert.equal(
    classify({ status: final.statusCode, headers: {}, body: final.json() }),
    'business-conflict',
    'an approved trade is final',
  );
  assert.match(final.json().message, /APPROVED and cannot/);
  const rejections = harness.refusals.counts();
  assert.equal(rejections['428 compat:if-match-missing'], 1);
  assert.equal(rejections['400 compat:if-match-malformed'], 6);
  assert.equal(rejections['409 compat:if-match'], 1);
  await app.close();
});

test('inside the DST lock window a compat swap gets 409 "being modified by another process" and classifies as locked', async () => {
  const { app, harness, plans, post, setRealMs } = await setup({ quiet: false });
  const plan = plans[0]!;
  let realMs = 0;
  while (harness.store.lockHolder(plan.initiatingUserId, plan.weekDate, harness.clock.nowMs()) !== DST_RECONCILIATION) {
    setRealMs(++realMs);
    assert.ok(realMs < 1000, 'the lock must come round within a second of real time at 60x');
  }
  harness.advance();
  const version = harness.store.scheduleVersion(plan.scheduleId);
  const locked = await post(swapPayload(harness, plan, version));
  const body = assertErrorBody(locked, 409);
  assert.deepEqual(body['errors'], [
    { message: 'The requested resource is currently being modified by another process', code: 'SHIFT_TRADE_CONFLICT' },
  ]);
  assert.equal(classify({ status: 409, headers: {}, body }), 'locked');
  assert.equal(harness.refusals.counts()['409 compat:locked:dst-reconciliation'], 1);
  assert.equal(harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate).length, 0);
  await app.close();
});

test('request errors are Genesys ErrorBodies: no token 401, unknown field 400, bad lookup 400, unknown trade 404', async () => {
  const { app, harness, plans, post, get } = await setup({ quiet: true });
  const plan = plans[0]!;
  assertErrorBody(await app.inject({ method: 'POST', url: SWAPS_PATH, payload: swapPayload(harness, plan) }), 401);
  assert.match(
    assertErrorBody(await post({ ...swapPayload(harness, plan), replacementAgentId: 'x' }), 400)['message'] as string,
    /replacementAgentId/,
  );
  assert.match(
    assertErrorBody(await post({ ...swapPayload(harness, plan), status: 'APPROVED' }), 400)['message'] as string,
    /status/,
  );
  assertErrorBody(await get(SWAPS_PATH), 400);
  assertErrorBody(await get(`${SHIFTS_PATH}/nope`), 404);
  const lookup = await get(`${SWAPS_PATH}?initiator_shift_id=${plan.initiatingShiftId}`);
  assert.deepEqual(lookup.json(), { schedule_id: plan.scheduleId, scheduleVersion: 1, entities: [] });
  await app.close();
});
