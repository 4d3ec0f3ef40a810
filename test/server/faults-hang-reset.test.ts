/**
 * The two Toxiproxy faults on the listening server (api/fault-units/): reset-before-commit closes the
 * connection before the route runs (nothing written, the client sees status 0), and hang never answers
 * (only the client's own timeout ends the request, status 0; nothing written). Through a real socket and
 * the node transport the sync core ships with, so the client side is what a migration would see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { faultConfig } from '../../mock-server/api/faults.ts';
import { fetchTransport } from '../../src/adapters/node/index.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { legacyTradesPath } from './support/real-http.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const CREATE_ROUTE = 'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades';

async function listening(faults: object) {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 3), seed: 3, quiet: true });
  harness.faults.set(faultConfig.parse(faults));
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const token = (login.json() as { access_token: string }).access_token;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const transport = fetchTransport({ baseUrl: `http://127.0.0.1:${address.port}`, token, timeoutMs: 300 });
  const plan = planScenarioSwaps(harness.world, dstParis)[0]!;
  const create = () =>
    transport.request({
      method: 'POST',
      path: legacyTradesPath(plan.managementUnitId, plan.weekDate),
      body: {
        scheduleId: plan.scheduleId,
        initiatingShiftId: plan.initiatingShiftId,
        receivingUserId: plan.receivingUserId,
      },
    });
  const trades = () => harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate).length;
  return { app, harness, create, trades };
}

test('reset-before-commit: the connection closes at once, status 0 to the client, and nothing is written', async () => {
  const { app, harness, create, trades } = await listening({ resetBeforeCommitRate: 1 });
  try {
    const startMs = performance.now();
    assert.equal((await create()).status, 0);
    assert.ok(performance.now() - startMs < 250, 'closed, not timed out');
    assert.equal(trades(), 0, 'the route never ran');
    assert.equal(harness.faults.counts.resetBeforeCommit, 1);
    assert.equal(harness.requestCounts[`${CREATE_ROUTE} reset`], 1);
    assert.deepEqual(harness.refusals.counts(), {}, 'no refusal counted either');
  } finally {
    await app.close();
  }
});

test('hang: no answer until the client times out (status 0), nothing written, and the server still serves', async () => {
  const { app, harness, create, trades } = await listening({ hangRate: 1 });
  try {
    const startMs = performance.now();
    assert.equal((await create()).status, 0);
    assert.ok(performance.now() - startMs >= 290, 'the client gave up on its own timeout');
    assert.equal(trades(), 0);
    assert.equal(harness.faults.counts.hang, 1);
    assert.equal(harness.requestCounts[`${CREATE_ROUTE} hang`], 1);
    harness.faults.set({ ...harness.faults.current, hangRate: 0 });
    assert.equal((await create()).status, 200, 'the next request is answered');
    assert.equal(trades(), 1);
  } finally {
    await app.close();
  }
});
