import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import type { OAuthClient } from '../../mock-server/api/auth.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const FULL: OAuthClient = { clientId: 'sync', clientSecret: 's3cret', scopes: ['workforce-management'], tokenTtlS: 60 };
const READER: OAuthClient = {
  clientId: 'dashboards',
  clientSecret: 'r3ad',
  scopes: ['workforce-management:readonly'],
  tokenTtlS: 3600,
};

async function setup(clients?: OAuthClient[]) {
  let realMs = 1_000;
  const { app, harness } = await buildServer({
    ...mockFromScenario(dstParis, 3),
    seed: 3,
    quiet: true,
    realNowMs: () => realMs,
    ...(clients ? { clients } : {}),
  });
  const [plan] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(plan);
  const base = `/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const login = (id: string, secret: string, scope?: string) =>
    app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `grant_type=client_credentials${scope === undefined ? '' : `&scope=${encodeURIComponent(scope)}`}`,
    });
  const token = async (id: string, secret: string, scope?: string) => {
    const res = await login(id, secret, scope);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().access_token as string;
  };
  const read = (tok: string | undefined) =>
    app.inject({ method: 'GET', url: base, headers: tok === undefined ? {} : { authorization: `Bearer ${tok}` } });
  const write = (tok: string) =>
    app.inject({
      method: 'POST',
      url: base,
      headers: { authorization: `Bearer ${tok}` },
      payload: {
        scheduleId: plan.scheduleId,
        initiatingShiftId: plan.initiatingShiftId,
        receivingUserId: plan.receivingUserId,
      },
    });
  /** A read that is a POST (write: false in the table): the readonly scope must be enough. */
  const search = (tok: string) =>
    app.inject({ method: 'POST', url: `${base}/search`, headers: { authorization: `Bearer ${tok}` }, payload: {} });
  return {
    app,
    harness,
    login,
    token,
    read,
    write,
    search,
    advanceRealMs: (ms: number) => {
      realMs += ms;
    },
  };
}

function assertErrorBody(
  res: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
  code: string,
): void {
  assert.equal(res.statusCode, status);
  const body = res.json();
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(body.contextId, res.headers['inin-correlation-id']);
  assert.deepEqual(body.errors, []);
}

test('with no clients configured any id/secret gets full scope for 24 real hours', async () => {
  const { app, login, read, write, advanceRealMs } = await setup();
  const res = await login('anyone', 'anything');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(Object.keys(res.json()).sort(), ['access_token', 'expires_in', 'token_type']);
  assert.equal(res.json().token_type, 'bearer');
  assert.equal(res.json().expires_in, 86_400);
  const tok = res.json().access_token;
  assert.equal((await write(tok)).statusCode, 200);
  advanceRealMs(86_400_000 - 1);
  assert.equal((await read(tok)).statusCode, 200, 'still valid 1 ms before expiry');
  advanceRealMs(1);
  const expired = await read(tok);
  assertErrorBody(expired, 401, 'authentication.required');
  assert.match(expired.json().message, /token expired/);
  await app.close();
});

test('a configured client: wrong secret or unknown id is 401 bad.credentials; expires_in is its TTL', async () => {
  const { app, login } = await setup([FULL, READER]);
  assertErrorBody(await login('sync', 'wrong'), 401, 'bad.credentials');
  assertErrorBody(await login('stranger', 's3cret'), 401, 'bad.credentials');
  const ok = await login('sync', 's3cret');
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().expires_in, 60);
  assert.equal((await login('dashboards', 'r3ad')).json().expires_in, 3600);
  await app.close();
});

test('expiry is measured in real time, not world time', async () => {
  const { app, harness, token, read, advanceRealMs } = await setup([FULL]);
  const tok = await token('sync', 's3cret');
  // A week of world time passes in no real time: the token stays valid.
  harness.clock.set(harness.clock.nowMs() + 7 * 86_400_000, harness.clock.state().speed);
  assert.equal((await read(tok)).statusCode, 200);
  advanceRealMs(59_999);
  assert.equal((await read(tok)).statusCode, 200);
  advanceRealMs(1);
  assertErrorBody(await read(tok), 401, 'authentication.required');
  await app.close();
});

test('a readonly token reads (GET and read-only POST) but a write is 403 and changes nothing', async () => {
  const { app, harness, token, read, write, search } = await setup([FULL, READER]);
  const tok = await token('dashboards', 'r3ad');
  assert.equal((await read(tok)).statusCode, 200);
  assert.notEqual((await search(tok)).statusCode, 403);
  const writesBefore = harness.store.report().writes;
  const refused = await write(tok);
  assertErrorBody(refused, 403, 'missing.any.permissions');
  assert.match(refused.json().message, /workforce-management/);
  assert.equal(harness.store.report().writes, writesBefore);
  assert.equal(
    harness.requestCounts[
      `POST ${'/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades'} 403`
    ],
    1,
  );
  assert.equal((await write(await token('sync', 's3cret'))).statusCode, 200, 'the write scope writes');
  await app.close();
});

test('the scope form field narrows a token; asking for more than the client has is 400', async () => {
  const { app, login, token, read, write } = await setup([FULL, READER]);
  const narrowed = await token('sync', 's3cret', 'workforce-management:readonly');
  assert.equal((await read(narrowed)).statusCode, 200);
  assertErrorBody(await write(narrowed), 403, 'missing.any.permissions');
  assertErrorBody(await login('dashboards', 'r3ad', 'workforce-management'), 400, 'bad.request');
  assertErrorBody(await login('sync', 's3cret', 'admin'), 400, 'bad.request');
  await app.close();
});

test('no token and an unknown token are 401 authentication.required', async () => {
  const { app, read } = await setup([FULL]);
  assertErrorBody(await read(undefined), 401, 'authentication.required');
  const unknown = await read('0123456789abcdef');
  assertErrorBody(unknown, 401, 'authentication.required');
  assert.doesNotMatch(unknown.json().message, /expired/);
  await app.close();
});

test('logins do not shift entity ids, and tokens survive a reset', async () => {
  const firstTradeId = async (logins: number) => {
    const { app, harness, token, write } = await setup();
    for (let i = 0; i < logins; i++) await token(`c${i}`, 's');
    const tok = await token('last', 's');
    const created = await write(tok);
    assert.equal(created.statusCode, 200);
    harness.reset();
    assert.equal((await write(tok)).statusCode, 200, 'a token issued before reset still works');
    await app.close();
    return created.json().id as string;
  };
  assert.equal(await firstTradeId(0), await firstTradeId(5));
});
