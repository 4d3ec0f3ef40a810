/**
 * Who may call the harness control routes (docs/mock-server.md "OAuth"): anyone while no OAuth client is configured
 * (as today: compare, k6 setup and the tests rely on it); once clients are configured, only a token of a
 * client with harnessAdmin: true. Tokens come from the CSPRNG: two servers with one seed hand out
 * different tokens, and entity ids stay what the seed makes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { isLoopback } from '../../src/cli/serve-command.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const CLIENTS = [
  {
    clientId: 'admin',
    clientSecret: 'a',
    scopes: ['workforce-management' as const],
    tokenTtlS: 3600,
    harnessAdmin: true,
  },
  { clientId: 'migration', clientSecret: 'm', scopes: ['workforce-management' as const], tokenTtlS: 3600 },
];
const form = (id: string, secret: string) => ({
  method: 'POST' as const,
  url: '/oauth/token',
  payload: `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

test('with clients configured /__harness/* needs a harness admin token; /metrics stays open', async () => {
  const { app } = await buildServer({ ...mockFromScenario(dstParis, 2), seed: 2, quiet: true, clients: CLIENTS });
  const admin = (await app.inject(form('admin', 'a'))).json().access_token as string;
  const migration = (await app.inject(form('migration', 'm'))).json().access_token as string;
  for (const [method, url] of [
    ['GET', '/__harness/world'],
    ['POST', '/__harness/reset'],
    ['GET', '/__harness/audit'],
    ['PUT', '/__harness/faults'],
  ] as const) {
    const none = await app.inject({ method, url });
    assert.equal(none.statusCode, 401, `${method} ${url} without a token`);
    assert.equal(none.json().code, 'authentication.required');
    const notAdmin = await app.inject({ method, url, headers: { authorization: `Bearer ${migration}` } });
    assert.equal(notAdmin.statusCode, 403, `${method} ${url} as a client that is not an admin`);
  }
  assert.equal(
    (
      await app.inject({
        method: 'GET',
        url: '/__harness/audit?view=summary',
        headers: { authorization: `Bearer ${admin}` },
      })
    ).statusCode,
    200,
  );
  assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  await app.close();
});

test('with no clients configured the control routes stay open', async () => {
  const { app } = await buildServer({ ...mockFromScenario(dstParis, 2), seed: 2, quiet: true });
  assert.equal((await app.inject({ method: 'GET', url: '/__harness/clock' })).statusCode, 200);
  await app.close();
});

test('two servers with one seed hand out different tokens but the same entity ids', async () => {
  const servers = await Promise.all(
    [1, 2].map(() => buildServer({ ...mockFromScenario(dstParis, 2), seed: 2, quiet: true })),
  );
  const tokens = await Promise.all(
    servers.map(async ({ app }) => (await app.inject(form('x', 'y'))).json().access_token as string),
  );
  assert.notEqual(tokens[0], tokens[1]);
  assert.match(tokens[0] ?? '', /^[0-9a-f]{32}$/);
  assert.equal(servers[0]?.harness.newId(), servers[1]?.harness.newId());
  await Promise.all(servers.map(({ app }) => app.close()));
});

test('only loopback hosts are bound without a warning', () => {
  for (const host of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) assert.equal(isLoopback(host), true, host);
  for (const host of ['0.0.0.0', '::', '192.168.1.4', 'example.com']) assert.equal(isLoopback(host), false, host);
});
