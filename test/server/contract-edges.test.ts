/**
 * Contract edges found by fuzzing (issue 12 item 6): impossible dates are 400 not 200, a known path with
 * an unknown method is 405 with Allow, and a control write without a body is refused instead of resetting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

async function setup() {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 4), seed: 4, quiet: true });
  const token = (
    await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  ).json().access_token as string;
  return { app, harness, headers: { authorization: `Bearer ${token}` } };
}

test('a week date that is not a real date is a 400 ErrorBody, a real one is not', async () => {
  const { app, harness, headers } = await setup();
  const mu = harness.world.managementUnits[0]?.id ?? '';
  for (const date of ['2027-02-30', '2027-13-01', '2027-04-31', '2027-00-10']) {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v2/workforcemanagement/managementunits/${mu}/weeks/${date}/shifttrades`,
      headers,
    });
    assert.equal(answer.statusCode, 400, date);
    assert.equal(answer.json().code, 'bad.request');
    assert.match(answer.json().message, /not a real calendar date/);
  }
  const known = await app.inject({
    method: 'GET',
    url: `/api/v2/workforcemanagement/managementunits/${mu}/weeks/${harness.world.weeks[0]}/shifttrades`,
    headers,
  });
  assert.equal(known.statusCode, 200);
  await app.close();
});

test('a known path with an unknown method is 405 with Allow; an unknown path stays 404', async () => {
  const { app } = await setup();
  const answer = await app.inject({ method: 'DELETE', url: '/__harness/clock' });
  assert.equal(answer.statusCode, 405);
  assert.equal(answer.json().code, 'method.not.allowed');
  assert.match(String(answer.headers['allow']), /GET/);
  assert.match(String(answer.headers['allow']), /PUT/);
  assert.equal(answer.json().contextId, answer.headers['inin-correlation-id']);
  assert.equal((await app.inject({ method: 'DELETE', url: '/oauth/token' })).statusCode, 405);
  assert.equal((await app.inject({ method: 'GET', url: '/no/such/path' })).statusCode, 404);
  await app.close();
});

test('PUT /__harness/faults and /__harness/clock without a body are refused and change nothing', async () => {
  const { app, harness } = await setup();
  assert.equal(
    (await app.inject({ method: 'PUT', url: '/__harness/faults', payload: { error5xxRate: 0.5 } })).statusCode,
    200,
  );
  const before = JSON.stringify(harness.faults.current);
  const noBody = await app.inject({ method: 'PUT', url: '/__harness/faults' });
  assert.equal(noBody.statusCode, 400);
  assert.equal(noBody.json().code, 'bad.request');
  assert.equal(JSON.stringify(harness.faults.current), before, 'faults unchanged');
  assert.equal((await app.inject({ method: 'PUT', url: '/__harness/clock' })).statusCode, 400);
  assert.equal((await app.inject({ method: 'PUT', url: '/__harness/clock', payload: {} })).statusCode, 400);
  await app.close();
});

test('the week trade list pages with pageSize and pageNumber; without them it is the whole Genesys list', async () => {
  const { app, harness, headers } = await setup();
  const plans = planScenarioSwaps(harness.world, dstParis);
  const first = plans[0];
  assert.ok(first);
  const same = plans
    .filter((plan) => plan.managementUnitId === first.managementUnitId && plan.weekDate === first.weekDate)
    .slice(0, 3);
  const url = `/api/v2/workforcemanagement/managementunits/${first.managementUnitId}/weeks/${first.weekDate}/shifttrades`;
  let created = 0;
  for (const plan of same) {
    const answer = await app.inject({
      method: 'POST',
      url,
      headers,
      payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    created++;
  }
  assert.ok(created >= 2, `created ${created}`);
  const whole = (await app.inject({ method: 'GET', url, headers })).json();
  assert.equal(whole.entities.length, created);
  assert.equal(whole.total, undefined, 'no paging fields when none was asked for');
  const second = (await app.inject({ method: 'GET', url: `${url}?pageSize=1&pageNumber=2`, headers })).json();
  assert.deepEqual(
    second.entities.map((e: { trade: { id: string } }) => e.trade.id),
    [whole.entities[1].trade.id],
  );
  assert.deepEqual(
    { pageSize: second.pageSize, pageNumber: second.pageNumber, total: second.total, pageCount: second.pageCount },
    { pageSize: 1, pageNumber: 2, total: created, pageCount: created },
  );
  for (const bad of ['pageSize=0', 'pageSize=1001', 'pageSize=x', 'pageNumber=0', 'pageSize=2&pageNumber=-1']) {
    assert.equal((await app.inject({ method: 'GET', url: `${url}?${bad}`, headers })).statusCode, 400, bad);
  }
  await app.close();
});
