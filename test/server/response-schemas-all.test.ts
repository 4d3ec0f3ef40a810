/**
 * Every route of the table declares a response schema, and real answers of the routes
 * test/server/response-schemas.test.ts does not drive match theirs: search, state/bulk (both ways), the
 * discovery routes, the update/state/bulk jobs, the business-unit read jobs (at once and polled), the
 * matched and users lists, weekId=recent, and the compat profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { ROUTES } from '../../mock-server/api/routes.ts';
import { RESPONSE_SCHEMAS } from '../../mock-server/api/response-schemas.ts';
import { compatConflictBody } from '../../mock-server/api/response-schemas-compat.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { swapPayload } from './support/compat.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';
type Json = Record<string, any>;

test('every route of the table declares its 2xx response schema', () => {
  const missing = ROUTES.map((route) => `${route.method} ${route.url}`).filter(
    (key) => RESPONSE_SCHEMAS[key] === undefined,
  );
  assert.deepEqual(missing, []);
});

test('answers of the remaining routes match their declared response schemas', async (t) => {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 9), seed: 9, quiet: true });
  t.after(() => app.close());
  const token = (
    await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  ).json().access_token as string;
  const seen = new Set<string>();
  /** Send, find the route the path matches (the table's own key), and check the 2xx answer against its schema. */
  const call = async (
    key: string,
    method: string,
    url: string,
    payload?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Json> => {
    const answer = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, ...extra },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    assert.ok(answer.statusCode >= 200 && answer.statusCode < 300, `${key}: ${answer.statusCode} ${answer.body}`);
    const entry = RESPONSE_SCHEMAS[key];
    assert.ok(entry, key);
    const parsed = entry.schema.safeParse(answer.json());
    assert.ok(parsed.success, `${key}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    seen.add(key);
    return answer.json() as Json;
  };
  const [plan, jobPlan, compatPlan] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(plan && jobPlan && compatPlan);
  const bu = harness.store.unit(plan.managementUnitId)?.businessUnitId ?? '';
  const MU = `${WFM}/managementunits/:managementUnitId`;
  const BU = `${WFM}/businessunits/:businessUnitId`;
  const WEEK = `${MU}/weeks/:weekDateId/shifttrades`;
  const week = `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const created = await call(`POST ${WEEK}`, 'POST', week, {
    scheduleId: plan.scheduleId,
    initiatingShiftId: plan.initiatingShiftId,
  });
  await call(`POST ${WEEK}/search`, 'POST', `${week}/search`, {
    receivingScheduleId: plan.scheduleId,
    receivingShiftIds: [plan.receivingShiftId],
    receivingUserId: plan.receivingUserId,
  });
  await call(`POST ${WEEK}/state/bulk`, 'POST', `${week}/state/bulk?forceAsync=true`, {
    entities: [{ id: 'no-such-trade', state: 'Canceled', metadata: { version: 0 } }],
  });
  await call(`POST ${WEEK}/state/bulk`, 'POST', `${week}/state/bulk`, {
    entities: [{ id: created['id'], state: 'Canceled', metadata: { version: created['metadata'].version } }],
  });

  const units = [plan.managementUnitId];
  const weeks = [plan.weekDate];
  await call(`GET ${BU}`, 'GET', `${WFM}/businessunits/${bu}`);
  await call(`GET ${BU}/managementunits`, 'GET', `${WFM}/businessunits/${bu}/managementunits`);
  await call(`GET ${MU}`, 'GET', `${WFM}/managementunits/${plan.managementUnitId}`);
  await call(
    `GET ${BU}/weeks/:weekDateId/schedules`,
    'GET',
    `${WFM}/businessunits/${bu}/weeks/${plan.weekDate}/schedules`,
  );
  await call(
    `GET ${BU}/weeks/recent/schedules`,
    'GET',
    `${WFM}/businessunits/${bu}/weeks/recent/schedules?includeOnlyPublished=true`,
  );
  await call(
    `GET ${BU}/weeks/:weekDateId/schedules/:scheduleId`,
    'GET',
    `${WFM}/businessunits/${bu}/weeks/${plan.weekDate}/schedules/${plan.scheduleId}`,
  );
  await call(
    `POST ${BU}/weeks/:weekDateId/schedules/:scheduleId/agentschedules/query`,
    'POST',
    `${WFM}/businessunits/${bu}/weeks/${plan.weekDate}/schedules/${plan.scheduleId}/agentschedules/query`,
    { managementUnitId: plan.managementUnitId },
  );
  await call(
    `GET ${MU}/shifttrades/matched`,
    'GET',
    `${WFM}/managementunits/${plan.managementUnitId}/shifttrades/matched`,
  );
  await call(`GET ${MU}/shifttrades/users`, 'GET', `${WFM}/managementunits/${plan.managementUnitId}/shifttrades/users`);

  const TRADES = `${WFM}/shifttrading/trades`;
  const added = (
    await call(`POST ${TRADES}/jobs`, 'POST', `${TRADES}/jobs`, {
      initiatingShift: {
        id: jobPlan.initiatingShiftId,
        schedule: { id: jobPlan.scheduleId },
        weekDate: jobPlan.weekDate,
      },
    })
  )['addTradeResult'];
  const version = added.metadata.version as number;
  const update = await call(`POST ${TRADES}/:tradeId/jobs`, 'POST', `${TRADES}/${added.id}/jobs?forceAsync=true`, {
    weekDate: jobPlan.weekDate,
    metadata: { version },
  });
  const match = await call(
    `POST ${TRADES}/:tradeId/match/jobs`,
    'POST',
    `${TRADES}/${added.id}/match/jobs?forceAsync=true`,
    {
      weekDate: jobPlan.weekDate,
      receivingSchedule: { id: jobPlan.scheduleId },
      receivingShiftId: jobPlan.receivingShiftId,
      metadata: { version },
    },
  );
  const state = await call(
    `POST ${TRADES}/:tradeId/state/jobs`,
    'POST',
    `${TRADES}/${added.id}/state/jobs?forceAsync=true`,
    { weekDate: jobPlan.weekDate, state: 'Canceled', metadata: { version } },
  );
  const bulk = await call(
    `POST ${BU}/shifttrading/trades/state/bulk/jobs`,
    'POST',
    `${WFM}/businessunits/${bu}/shifttrading/trades/state/bulk/jobs?forceAsync=true`,
    {
      managementUnitIds: units,
      weekDates: weeks,
      entities: [{ id: 'none', state: 'Canceled', metadata: { version: 0 } }],
    },
  );
  const reads: Array<[string, Json]> = [
    ['trades/query', { managementUnitIds: units, weekDates: weeks, userIds: [plan.initiatingUserId] }],
    ['trades/evaluate', { managementUnitIds: units, weekDates: weeks }],
    [
      'unmatched/search',
      {
        managementUnitIds: units,
        weekDates: weeks,
        receivingSchedule: { id: plan.scheduleId },
        receivingShiftIds: [plan.receivingShiftId],
      },
    ],
    ['weeks/summary', { managementUnitIds: units, weekDates: weeks }],
  ];
  const pending: Array<[string, Json]> = [
    [`GET ${TRADES}/:tradeId/jobs/:jobId`, update],
    [`GET ${TRADES}/:tradeId/match/jobs/:jobId`, match],
    [`GET ${TRADES}/:tradeId/state/jobs/:jobId`, state],
    [`GET ${BU}/shifttrading/trades/state/bulk/jobs/:jobId`, bulk],
  ];
  for (const [path, body] of reads) {
    const key = `POST ${BU}/shifttrading/${path}/jobs`;
    await call(key, 'POST', `${WFM}/businessunits/${bu}/shifttrading/${path}/jobs`, body);
    pending.push([
      `GET ${BU}/shifttrading/${path}/jobs/:jobId`,
      await call(key, 'POST', `${WFM}/businessunits/${bu}/shifttrading/${path}/jobs?forceAsync=true`, body),
    ]);
  }
  for (const [key, job] of pending) await call(key, 'GET', job['selfUri'] as string);
  harness.clock.set(harness.clock.nowMs() + 10_000, harness.clock.state().speed);
  for (const [key, job] of pending)
    assert.notEqual((await call(key, 'GET', job['selfUri'] as string))['status'], 'Processing', key);

  const SWAPS = '/api/v2/wfm/schedule/shift-trades';
  const swap = await call(`POST ${SWAPS}`, 'POST', SWAPS, swapPayload(harness, compatPlan));
  await call(`GET ${SWAPS}`, 'GET', `${SWAPS}?initiator_shift_id=${encodeURIComponent(compatPlan.initiatingShiftId)}`);
  await call(`GET ${SWAPS}/:tradeId`, 'GET', `${SWAPS}/${swap['trade_id']}`);
  await call('GET /api/v2/wfm/scheduling/shifts/:tradeId', 'GET', `/api/v2/wfm/scheduling/shifts/${swap['trade_id']}`);
  const ifMatch = { 'if-match': `"${swap['version']}"` };
  await call(
    'PUT /api/v2/wfm/scheduling/shifts/:tradeId',
    'PUT',
    `/api/v2/wfm/scheduling/shifts/${swap['trade_id']}`,
    { status: swap['status'] },
    ifMatch,
  );
  await call(
    'PUT /api/v2/wfm/scheduling/shifts',
    'PUT',
    '/api/v2/wfm/scheduling/shifts',
    { trade_id: swap['trade_id'], status: swap['status'] },
    ifMatch,
  );
  // A stale scheduleVersion: the compat 409 matches the CompatConflictBody the document declares for it.
  const stale = await app.inject({
    method: 'POST',
    url: SWAPS,
    headers: { authorization: `Bearer ${token}` },
    payload: swapPayload(harness, compatPlan, 0),
  });
  assert.equal(stale.statusCode, 409);
  assert.ok(compatConflictBody.safeParse(stale.json()).success, stale.body);
  await call('GET /api/v2/wfm/schedules/:scheduleId', 'GET', `/api/v2/wfm/schedules/${compatPlan.scheduleId}`);
  assert.ok(seen.size >= 30, `${seen.size} routes checked`);
});
