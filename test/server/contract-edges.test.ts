/**
 * Contract edges found by fuzzing (issue 12 item 6): impossible dates are 400 not 200, a known path with
 * an unknown method is 405 with Allow, and a control write without a body is refused instead of resetting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenarios/dst-paris.ts';

async function setup() {
  const { app, harness } = await buildServer({ scenario: dstParis, seed: 4, quiet: true });
  const token = (await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=a&client_secret=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).json().access_token as string;
  return { app, harness, headers: { authorization: `Bearer ${token}` } };
}

test('a week date that is not a real date is a 400 ErrorBody, a real one is not', async () => {
  const { app, harness, headers } = await setup();
  const mu = harness.world.managementUnits[0]?.id ?? '';
  for (const date of ['2027-02-30', '2027-13-01', '2027-04-31', '2027-00-10']) {
    const answer = await app.inject({ method: 'GET', url: `/api/v2/workforcemanagement/managementunits/${mu}/weeks/${date}/shifttrades`, headers });
    assert.equal(answer.statusCode, 400, date);
    assert.equal(answer.json().code, 'bad.request');
    assert.match(answer.json().message, /not a real calendar date/);
  }
  const known = await app.inject({ method: 'GET', url: `/api/v2/workforcemanagement/managementunits/${mu}/weeks/${harness.world.weeks[0]}/shifttrades`, headers });
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
  assert.equal((await app.inject({ method: 'PUT', url: '/__harness/faults', payload: { error5xxRate: 0.5 } })).statusCode, 200);
  const before = JSON.stringify(harness.faults.current);
  const noBody = await app.inject({ method: 'PUT', url: '/__harness/faults' });
  assert.equal(noBody.statusCode, 400);
  assert.equal(noBody.json().code, 'bad.request');
  assert.equal(JSON.stringify(harness.faults.current), before, 'faults unchanged');
  assert.equal((await app.inject({ method: 'PUT', url: '/__harness/clock' })).statusCode, 400);
  assert.equal((await app.inject({ method: 'PUT', url: '/__harness/clock', payload: {} })).statusCode, 400);
  await app.close();
});
