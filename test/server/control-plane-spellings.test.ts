/**
 * No spelling of a control route gets in without the harness admin credential (issue 21 item 1). The router
 * decodes percent-escapes and reads absolute-form targets as their path, so the control plane is authorised
 * by the route the router matched, and a target that is not the canonical spelling of its path is a 400
 * before any route runs. Every spelling is tried with no token, a plain client's token and the admin's,
 * on a real socket (raw bytes: what a client can really send) and through fastify.inject (which normalises
 * some spellings first: light-my-request resolves dot-segments, backslashes, fragments and absolute URLs).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../mock-server/http/server.ts';
import type { Harness } from '../../mock-server/http/harness.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import { rawRequest } from './support/raw-http.ts';

const CLIENTS = [
  { clientId: 'admin', clientSecret: 'a', scopes: ['workforce-management' as const], harnessAdmin: true },
  { clientId: 'migration', clientSecret: 'm', scopes: ['workforce-management' as const] },
].map((c) => ({ tokenTtlS: 3600, ...c }));

/** What a spelling is once it reaches the router: the canonical path, an unknown path, or refused as non-canonical. */
type Kind = 'canonical' | 'unknown' | 'non-canonical';
interface Spelling {
  method: 'GET' | 'POST' | 'PUT';
  target: string;
  body?: string;
  real: Kind;
  /** What fastify.inject makes of it (it parses the URL with WHATWG URL rules first). */
  inject: Kind;
}

const HANG_ALL = '{"hangRate":1,"routes":"all"}';
const SPELLINGS: Spelling[] = [
  // the canonical spellings, for the baseline
  { method: 'GET', target: '/__harness/clock', real: 'canonical', inject: 'canonical' },
  { method: 'GET', target: '/__harness/stats?x=%2F', real: 'canonical', inject: 'canonical' },
  // the spellings
  { method: 'POST', target: '/%5F%5Fharness/reset', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'PUT', target: '/%5F%5Fharness/faults', body: HANG_ALL, real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: '/_%5Fharness/clock', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: '/%5f%5fharness/clock', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: 'http://x/__harness/audit', real: 'non-canonical', inject: 'canonical' },
  { method: 'GET', target: 'HTTP://x/__harness/clock', real: 'non-canonical', inject: 'canonical' },
  // other escapes of unreserved characters, encoded slashes
  { method: 'GET', target: '/__harness/%63lock', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'POST', target: '/__harness%2Freset', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: '/__harness%2fclock', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: '/%2e%2e/__harness/clock', real: 'non-canonical', inject: 'canonical' },
  // dot-segments, double slashes, backslashes, a fragment
  { method: 'GET', target: '/__harness/../__harness/clock', real: 'non-canonical', inject: 'canonical' },
  { method: 'POST', target: '/x/../__harness/reset', real: 'non-canonical', inject: 'canonical' },
  { method: 'GET', target: '/./__harness/clock', real: 'non-canonical', inject: 'canonical' },
  { method: 'GET', target: '/__harness/./audit', real: 'non-canonical', inject: 'canonical' },
  { method: 'GET', target: '//__harness/clock', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: '/__harness//stats', real: 'non-canonical', inject: 'non-canonical' },
  { method: 'GET', target: '/__harness\\clock', real: 'non-canonical', inject: 'canonical' },
  { method: 'GET', target: '/__harness/clock#x', real: 'non-canonical', inject: 'canonical' },
  // case: the router is case-sensitive, so these are other paths
  { method: 'GET', target: '/__HARNESS/clock', real: 'unknown', inject: 'unknown' },
  { method: 'POST', target: '/__Harness/reset', real: 'unknown', inject: 'unknown' },
];

type Credential = 'none' | 'plain' | 'admin';
/** The one answer each (kind, credential) must get: only the admin's canonical request is served. */
const EXPECTED: Record<Kind, Record<Credential, number>> = {
  canonical: { none: 401, plain: 403, admin: 200 },
  unknown: { none: 404, plain: 404, admin: 404 },
  'non-canonical': { none: 400, plain: 400, admin: 400 },
};

let app: FastifyInstance;
let harness: Harness;
let port: number;
const tokens: Partial<Record<Credential, string>> = {};

before(async () => {
  ({ app, harness } = await buildServer({ ...mockFromScenario(dstParis, 2), seed: 2, quiet: true, clients: CLIENTS }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  port = address.port;
  for (const [credential, id, secret] of [
    ['admin', 'admin', 'a'],
    ['plain', 'migration', 'm'],
  ] as const) {
    const grant = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    tokens[credential] = grant.json().access_token as string;
  }
});

after(() => app.close());

function headersFor(credential: Credential): Record<string, string> {
  const token = tokens[credential];
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

async function tryAll(credential: Credential): Promise<string[]> {
  const wrong: string[] = [];
  for (const s of SPELLINGS) {
    const real = await rawRequest(port, s.method, s.target, headersFor(credential), s.body);
    const injected = await app.inject({
      method: s.method,
      url: s.target,
      headers: { ...headersFor(credential), ...(s.body ? { 'content-type': 'application/json' } : {}) },
      ...(s.body ? { payload: s.body } : {}),
    });
    const answers = [
      ['real socket', real.status, EXPECTED[s.real][credential], real.body],
      ['inject', injected.statusCode, EXPECTED[s.inject][credential], injected.body],
    ] as const;
    for (const [how, got, want, body] of answers) {
      if (got !== want) wrong.push(`${s.method} ${s.target} (${credential}, ${how}): ${got}, want ${want}`);
      else if (got >= 400) assert.equal(JSON.parse(body).status, got, 'every refusal is a Genesys ErrorBody');
    }
  }
  return wrong;
}

test('no spelling of a control route gets in without a token or with a plain client token', async () => {
  const store = harness.store;
  const wrong = [...(await tryAll('none')), ...(await tryAll('plain'))];
  assert.deepEqual(wrong, []);
  // Nothing was done: no reset rebuilt the store, no fault was set.
  assert.equal(harness.store, store, 'POST reset under another spelling rebuilt the store');
  assert.equal(harness.faults.current.hangRate, undefined, 'PUT faults under another spelling set a fault');
});

test('the admin gets in by the canonical spelling only', async () => {
  assert.deepEqual(await tryAll('admin'), []);
  // The admin's canonical PUT did set the fault: the refusals above were not a broken route.
  await app.inject({ method: 'PUT', url: '/__harness/faults', headers: headersFor('admin'), payload: { hangRate: 1 } });
  assert.equal(harness.faults.current.hangRate, 1);
});

test('an API route spelled another way is refused too, and its canonical spelling still needs a token', async () => {
  const units = '/api/v2/workforcemanagement/businessunits';
  assert.equal((await rawRequest(port, 'GET', units)).status, 401);
  assert.equal((await rawRequest(port, 'GET', '/api/v2/workforcemanagement/%62usinessunits')).status, 400);
  assert.equal((await rawRequest(port, 'GET', `http://x${units}`, headersFor('plain'))).status, 400);
  assert.equal((await rawRequest(port, 'GET', units, headersFor('plain'))).status, 200);
});
