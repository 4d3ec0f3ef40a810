/**
 * Bytes that never become a Fastify request (Node's HTTP parser refuses them) and paths fastify.inject
 * cannot send still get a Genesys ErrorBody with ININ-Correlation-Id. Needs a real listening socket.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import { rawHttp } from './support/raw-http.ts';

let app: FastifyInstance;
let port: number;

before(async () => {
  ({ app } = await buildServer({ ...mockFromScenario(dstParis, 5), seed: 5, quiet: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  port = address.port;
});

after(() => app.close());

const raw = (bytes: string) => rawHttp(port, bytes);

function assertGenesysError(
  res: { status: number; headers: Record<string, string>; body: string },
  status: number,
): void {
  assert.equal(res.status, status, res.body);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  assert.equal(body['status'], status);
  assert.ok(typeof body['code'] === 'string' && typeof body['message'] === 'string');
  assert.ok(res.headers['inin-correlation-id'], 'ININ-Correlation-Id header');
  assert.equal(body['contextId'], res.headers['inin-correlation-id']);
  assert.deepEqual([body['details'], body['errors']], [[], []]);
}

test('an unknown HTTP method is a 400 Genesys ErrorBody, not a bare socket error', async () => {
  assertGenesysError(await raw('FOO /oauth/token HTTP/1.1\r\nHost: x\r\n\r\n'), 400);
});

test('bytes that are not HTTP at all get a 400 Genesys ErrorBody', async () => {
  assertGenesysError(await raw('\u0001\u0002 garbage\r\n\r\n'), 400);
});

test('a non-numeric Content-Length gets a 400 Genesys ErrorBody', async () => {
  assertGenesysError(await raw('POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'), 400);
});

test('headers larger than Node allows get 431 with a Genesys ErrorBody', async () => {
  assertGenesysError(
    await raw(`GET /__harness/clock HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    431,
  );
});

test('a raw backslash path (which fastify.inject cannot send) is a 400 Genesys ErrorBody: not a canonical path', async () => {
  assertGenesysError(await raw('GET /\\ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400);
});

test('a bad percent-encoding in the path is a 400 Genesys ErrorBody', async () => {
  assertGenesysError(
    await raw(
      'GET /api/v2/workforcemanagement/managementunits/%E0%A4%A/agents/x/shifttrades HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ),
    400,
  );
});

test('a connection refused by the HTTP parser is counted once in /metrics', async () => {
  const unparsed = async () => {
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    return metrics.body
      .split('\n')
      .filter((line) => line.startsWith('wfm_mock_requests_total{method="(unparsed)"'))
      .reduce((n, line) => n + Number(line.split(' ').pop()), 0);
  };
  const before = await unparsed();
  await raw('FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(await unparsed(), before + 1);
});

test('QUERY on a control route (no Content-Type) is 405 with Allow, not a 400 about the missing Content-Type', async () => {
  // Fastify parses a QUERY body before it finds no route; the no-route answer must win (issue 21).
  for (const [target, allow] of [
    ['/__harness/audit', 'GET, HEAD'],
    ['/__harness/clock', 'GET, HEAD, PUT'],
    ['/api/v2/workforcemanagement/businessunits', 'GET, HEAD'],
  ] as const) {
    const res = await raw(`QUERY ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertGenesysError(res, 405);
    assert.equal(res.headers['allow'], allow, target);
  }
  assertGenesysError(await raw('QUERY /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 404);
});
