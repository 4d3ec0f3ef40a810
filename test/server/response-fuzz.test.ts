/**
 * Seeded, bounded fuzzing that checks what the mock answers, not only that it stays under 500. Four in ten
 * requests are well-formed calls of any route of the table (bodies drawn from the route's own zod schema,
 * ids and versions the server holds now, jobs it has started, sometimes ?forceAsync=true), four in ten
 * what a client does for a planned swap (support/live-requests.ts), and the rest the hostile mix of
 * bad-input.test.ts. Every answer must be declared: a 2xx of a table route matches its response schema,
 * a 2xx of a route outside the table the schema the OpenAPI document gives it (control-responses.ts) or
 * its declared content type, every 4xx is a non-empty ErrorBody (a compat 409 the CompatConflictBody) with
 * its status right, and every route of the table answers 2xx at least once. That last is what the default
 * seed reaches in 1000 requests; of seeds 1, 3, 5, 7, 11, 13, 21, 42 and 99, all but 13 reach every route
 * (13 misses one business-unit read job's poll): with another FUZZ_SEED, raise FUZZ_RUNS if one is missed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import FindMyWay from 'find-my-way';
import { buildServer } from '../../mock-server/http/server.ts';
import { ROUTES } from '../../mock-server/api/routes.ts';
import type { RouteDef } from '../../mock-server/api/routes.ts';
import { RESPONSE_SCHEMAS } from '../../mock-server/api/response-schemas.ts';
import { KNOWN_OTHER_ROUTES, errorBodySchema } from '../../mock-server/http/openapi-known.ts';
import { tokenResponse } from '../../mock-server/http/control-responses.ts';
import { compatConflictBody } from '../../mock-server/api/response-schemas-compat.ts';
import { DIALECTS } from '../../src/core/dialects/index.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { CURRENT_VERSION, requestArbitrary } from './support/request-arbitrary.ts';
import type { FuzzRequest, KnownIds } from './support/request-arbitrary.ts';
import { PLANS_PER_DIALECT, STEPS, harvestJobs, resolve } from './support/live-requests.ts';
import type { JobUris, LiveRequest } from './support/live-requests.ts';
import { schemaArbitrary } from './support/schema-arbitrary.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import type { z } from 'zod';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261206);
const BODY_LIMIT_BYTES = 8 * 1024;

/** "METHOD url" of the route a method and path reach, among `keys`; undefined for none. */
function routerOf(keys: readonly string[]): (method: string, url: string) => string | undefined {
  const router = FindMyWay();
  for (const key of keys) {
    const [method, url] = key.split(' ') as [string, string];
    router.on(method as 'GET', url, () => undefined, { key });
  }
  return (method, url) =>
    (router.find(method as 'GET', url.split('?')[0] ?? '')?.store as { key?: string } | undefined)?.key;
}
const tableRoute = routerOf(ROUTES.map((r) => `${r.method} ${r.url}`));
const otherRoute = routerOf(['POST /oauth/token', ...Object.keys(KNOWN_OTHER_ROUTES)]);

/** 2xx answers of the routes outside the table: a JSON schema, or a content type for the non-JSON ones. */
const OTHER_RESPONSES: Readonly<Record<string, z.ZodType | RegExp>> = {
  'POST /oauth/token': tokenResponse,
  'GET /metrics': /^text\/plain/,
  'GET /api/docs': /^text\/html/,
  ...Object.fromEntries(
    Object.entries(KNOWN_OTHER_ROUTES).flatMap(([key, known]) => (known.response ? [[key, known.response]] : [])),
  ),
};

const VERSION = fc.oneof(
  { arbitrary: fc.constant(CURRENT_VERSION), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 1 },
);

function param(name: string, ids: KnownIds): fc.Arbitrary<string> {
  if (name === 'tradeId')
    return fc.oneof({ arbitrary: fc.nat().map((n) => `$trade:${n}`), weight: 5 }, { arbitrary: fc.uuid(), weight: 1 });
  const known: Record<string, readonly string[]> = {
    managementUnitId: [ids.managementUnitId],
    weekDateId: [ids.weekDate],
    agentId: ids.agentIds,
    scheduleId: [ids.scheduleId],
    businessUnitId: ids.businessUnitId ? [ids.businessUnitId] : [],
  };
  const own = known[name] ?? [];
  return own.length === 0
    ? fc.uuid()
    : fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 5 }, { arbitrary: fc.uuid(), weight: 1 });
}

/** A well-formed call of any route: a good token, params filled, a body its schema accepts. */
function wellFormed(ids: KnownIds): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ROUTES).chain((route: RouteDef) => {
    const key = `${route.method} ${route.url}`;
    const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    const body = route.body ? schemaArbitrary(route.body, ids, VERSION) : fc.constant(undefined);
    return fc
      .record({
        values: fc.tuple(...names.map((name) => param(name, ids))),
        body,
        async: fc.boolean(),
        job: fc.nat(),
        ifMatch: fc.oneof(
          { arbitrary: fc.constant(CURRENT_VERSION), weight: 3 },
          { arbitrary: fc.constant('1'), weight: 1 },
        ),
        realMsStep: fc.integer({ min: 0, max: 200 }),
      })
      .map(({ values, body: b, async, job, ifMatch, realMsStep }) => {
        let path = route.url;
        names.forEach((name, i) => {
          const value = values[i] ?? '';
          path = path.replace(`:${name}`, value.startsWith('$') ? value : encodeURIComponent(value));
        });
        if (route.method === 'GET' && names.includes('jobId')) path = `$job-uri:${key}:${job}`;
        const headers: Record<string, string> = {
          authorization: `Bearer ${ids.token}`,
          'content-type': 'application/json',
          'if-match': `"${ifMatch}"`,
        };
        const url = async && route.method === 'POST' ? `${path}?forceAsync=true` : path;
        return {
          method: route.method,
          url,
          headers,
          realMsStep,
          ...(b === undefined ? {} : { body: JSON.stringify(b) }),
        };
      });
  });
}

function check(req: FuzzRequest, status: number, type: string, text: string, counts: Record<string, number>): void {
  const where = `${req.method} ${req.url.slice(0, 140)} → ${status}`;
  assert.ok(status < 500, `${where}: no 5xx (${text.slice(0, 200)})`);
  if (req.method === 'HEAD') return;
  const key = tableRoute(req.method, req.url);
  if (status >= 400) {
    assert.notEqual(text, '', `${where}: an error answer carries an ErrorBody`);
    // A compat write's 409 carries the thread's {message, code} in errors[]: declared as CompatConflictBody.
    const schema = status === 409 && key?.includes('/api/v2/wfm/') ? compatConflictBody : errorBodySchema;
    const parsed = schema.safeParse(JSON.parse(text));
    assert.ok(
      parsed.success,
      `${where}: ErrorBody ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}: ${text.slice(0, 300)}`,
    );
    assert.equal(parsed.data.status, status, `${where}: status`);
    counts['errors'] = (counts['errors'] ?? 0) + 1;
    return;
  }
  const otherKey = key ? undefined : otherRoute(req.method, req.url);
  const declared = key ? RESPONSE_SCHEMAS[key]?.schema : otherKey ? OTHER_RESPONSES[otherKey] : undefined;
  assert.ok(
    declared,
    `${where}: a 2xx of ${key ?? otherKey ?? 'no known route'} needs a declared response (${text.slice(0, 200)})`,
  );
  if (declared instanceof RegExp) assert.match(type, declared, `${where}: content type`);
  else {
    assert.notEqual(text, '', `${where}: a declared JSON body`);
    const parsed = declared.safeParse(JSON.parse(text));
    assert.ok(
      parsed.success,
      `${where}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}: ${text.slice(0, 300)}`,
    );
  }
  const counted = key ?? otherKey ?? '';
  counts[counted] = (counts[counted] ?? 0) + 1;
}

test(`${RUNS} seeded requests: every answer is declared, every table route answers 2xx (seed ${SEED})`, async (t) => {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(dstParis, 4),
    seed: 4,
    quiet: false,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    realNowMs: () => realMs,
  });
  t.after(() => app.close());
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=fuzz&client_secret=s',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const token = (login.json() as { access_token: string }).access_token;
  const unit = harness.world.managementUnits[0];
  const plans = planScenarioSwaps(harness.world, dstParis);
  assert.ok(unit && plans[0]);
  const known: KnownIds = {
    token,
    managementUnitId: unit.id,
    businessUnitId: unit.businessUnitId,
    weekDate: plans[0].weekDate,
    scheduleId: plans[0].scheduleId,
    // Placeholders: the trades the store holds when the request is sent (support/live-requests.ts).
    tradeIds: Array.from({ length: 8 }, (_, n) => `$trade:${n}`),
    agentIds: harness.world.agents.map((a) => a.id),
    shiftIds: harness.world.agents.flatMap((a) => a.shifts.map((s) => s.id)),
  };
  // Each dialect steps through its own few plans, so a create, a match and an edit of one swap meet.
  const planned = fc
    .record({
      dialect: fc.integer({ min: 0, max: Object.keys(DIALECTS).length - 1 }),
      step: fc.constantFrom(...STEPS),
      plan: fc.integer({ min: 0, max: PLANS_PER_DIALECT - 1 }),
      realMsStep: fc.integer({ min: 0, max: 200 }),
    })
    .map(({ dialect, step, plan, realMsStep }) => ({
      dialect: Object.keys(DIALECTS)[dialect] as string,
      step,
      plan: dialect * PLANS_PER_DIALECT + plan,
      realMsStep,
    }));
  const requests: fc.Arbitrary<LiveRequest> = fc.oneof(
    { arbitrary: wellFormed(known), weight: 4 },
    { arbitrary: planned, weight: 4 },
    {
      arbitrary: requestArbitrary(known, {
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        bodyLimitBytes: BODY_LIMIT_BYTES,
      }),
      weight: 2,
    },
  );
  const counts: Record<string, number> = {};
  const jobs: JobUris = new Map();
  await fc.assert(
    fc.asyncProperty(requests, async (live) => {
      realMs += live.realMsStep;
      const req = resolve(live, harness, plans, jobs, token);
      const res = await app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers,
        ...(req.body === undefined ? {} : { payload: req.body }),
      });
      check(req, res.statusCode, String(res.headers['content-type'] ?? ''), res.body, counts);
      harvestJobs(res.body, jobs, tableRoute);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  const answered = (key: string) => (counts[key] ?? 0) > 0;
  t.diagnostic(
    `2xx per route: ${Object.entries(counts)
      .filter(([key]) => key !== 'errors')
      .map(([key, n]) => `${n} ${key.replace('/api/v2/workforcemanagement', '')}`)
      .join('; ')}; ${counts['errors'] ?? 0} error bodies`,
  );
  assert.deepEqual(
    ROUTES.map((r) => `${r.method} ${r.url}`).filter((key) => !answered(key)),
    [],
    'every route of the table answered 2xx at least once, and that answer was checked',
  );
});
