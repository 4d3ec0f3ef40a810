/**
 * Faults through the Fastify adapter and the control API: PUT/GET /__harness/faults (a bad body is a 400
 * ErrorBody), 503 before the write (nothing committed), drop-after-commit (the write lands, the socket
 * closes without an answer), counts by kind in /__harness/audit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { RealClient, legacyTradesPath } from './support/real-http.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

async function setup() {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 3), seed: 3, quiet: true });
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const auth = { authorization: `Bearer ${(login.json() as { access_token: string }).access_token}` };
  const plans = planScenarioSwaps(harness.world, dstParis);
  const createBody = (i: number) => ({
    scheduleId: plans[i]!.scheduleId,
    initiatingShiftId: plans[i]!.initiatingShiftId,
    receivingUserId: plans[i]!.receivingUserId,
  });
  const base = legacyTradesPath(plans[0]!.managementUnitId, plans[0]!.weekDate);
  const trades = () => harness.store.tradesOfWeek(plans[0]!.managementUnitId, plans[0]!.weekDate).length;
  const setFaults = (body: unknown) => app.inject({ method: 'PUT', url: '/__harness/faults', payload: body as object });
  return { app, harness, auth, plans, createBody, base, trades, setFaults };
}

test('PUT /__harness/faults validates its body: a bad one is a 400 Genesys ErrorBody and changes nothing', async () => {
  const { app, setFaults } = await setup();
  const bad = await setFaults({ error5xxRate: 2, dropRate: 0.5 });
  assert.equal(bad.statusCode, 400);
  const body = bad.json();
  assert.equal(body.code, 'bad.request');
  assert.equal(body.contextId, bad.headers['inin-correlation-id']);
  assert.match(body.message, /error5xxRate/);
  assert.match(body.message, /dropRate/);
  const current = await app.inject({ method: 'GET', url: '/__harness/faults' });
  assert.deepEqual(current.json().config, { error5xxRate: 0, dropAfterCommitRate: 0, routes: 'writes' });
  const good = await setFaults({ dropAfterCommitRate: 0.25, latencyMs: [{ probability: 0.5, ms: 1 }] });
  assert.equal(good.statusCode, 200);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/__harness/faults' })).json().config, {
    dropAfterCommitRate: 0.25,
    error5xxRate: 0,
    routes: 'writes',
    latencyMs: [{ probability: 0.5, ms: 1 }],
  });
  await app.close();
});

test('a 503 fault answers before the write: an ErrorBody, nothing committed, reads spared', async () => {
  const { app, auth, createBody, base, trades, setFaults, plans } = await setup();
  await setFaults({ error5xxRate: 1 });
  const refused = await app.inject({ method: 'POST', url: base, headers: auth, payload: createBody(0) });
  assert.equal(refused.statusCode, 503);
  assert.equal(refused.json().code, 'service.unavailable');
  assert.equal(refused.json().contextId, refused.headers['inin-correlation-id']);
  assert.equal(trades(), 0);
  const read = await app.inject({
    method: 'GET',
    url: `/api/v2/workforcemanagement/managementunits/${plans[0]!.managementUnitId}/agents/${plans[0]!.initiatingUserId}/shifttrades`,
    headers: auth,
  });
  assert.equal(read.statusCode, 200);
  const audit = (await app.inject({ method: 'GET', url: '/__harness/audit' })).json();
  assert.equal(audit.faults.error5xx, 1);
  assert.equal(
    audit.requests[
      `POST ${'/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades'} 503`
    ],
    1,
  );
  await setFaults({});
  assert.equal(
    (await app.inject({ method: 'POST', url: base, headers: auth, payload: createBody(0) })).statusCode,
    200,
  );
  assert.equal(trades(), 1);
  await app.close();
});

test(
  'drop-after-commit: the trade is created and the client gets no answer at all; reset keeps the config, ' +
    'zeroes the counts',
  async () => {
    const { app, harness, auth, createBody, base, trades, setFaults } = await setup();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    assert.ok(address && typeof address === 'object');
    const client = new RealClient(`http://127.0.0.1:${address.port}`, 4);
    try {
      await setFaults({ dropAfterCommitRate: 1 });
      await assert.rejects(client.json('POST', base, createBody(0), auth), /socket hang up|ECONNRESET/);
      assert.equal(trades(), 1, 'the write landed');
      await assert.rejects(client.json('POST', base, createBody(1), auth));
      assert.equal(trades(), 2);
      const audit = JSON.parse((await client.send('GET', '/__harness/audit')).text);
      assert.equal(audit.faults.dropAfterCommit, 2);
      assert.equal(
        audit.requests[
          'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades 200 dropped'
        ],
        2,
      );
      assert.equal(
        audit.requests[
          'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades 200'
        ],
        undefined,
      );
      harness.reset();
      assert.equal(harness.faults.counts.dropAfterCommit, 0);
      assert.equal(harness.faults.current.dropAfterCommitRate, 1);
    } finally {
      client.close();
      await app.close();
    }
  },
);
