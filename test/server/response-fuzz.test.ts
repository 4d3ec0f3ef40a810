/**
 * Seeded, bounded fuzzing that checks what the mock answers, not only that it stays under 500: most
 * requests are well-formed calls of any route of the table (bodies drawn from the route's own zod schema,
 * known ids most of the time, sometimes ?forceAsync=true), the rest the broad hostile mix of
 * bad-input.test.ts. Every 2xx answer of a table route must match the response schema the OpenAPI
 * document declares for it; every 4xx must be the declared ErrorBody (a compat 409 the CompatConflictBody),
 * with its status right.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import FindMyWay from 'find-my-way';
import { buildServer } from '../../mock-server/http/server.ts';
import { ROUTES } from '../../mock-server/api/routes.ts';
import type { RouteDef } from '../../mock-server/api/routes.ts';
import { RESPONSE_SCHEMAS } from '../../mock-server/api/response-schemas.ts';
import { errorBodySchema } from '../../mock-server/http/openapi-known.ts';
import { compatConflictBody } from '../../mock-server/api/response-schemas-compat.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { requestArbitrary } from './support/request-arbitrary.ts';
import type { FuzzRequest, KnownIds } from './support/request-arbitrary.ts';
import { schemaArbitrary } from './support/schema-arbitrary.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261206);
const BODY_LIMIT_BYTES = 8 * 1024;

/** Which table route a method and path reach, as the server routes them ("METHOD url"); undefined for the rest. */
const router = FindMyWay();
for (const route of ROUTES)
  router.on(route.method, route.url, () => undefined, { key: `${route.method} ${route.url}` });
function routeKey(method: string, url: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  return (router.find(method as 'GET', path)?.store as { key?: string } | undefined)?.key;
}

function param(name: string, ids: KnownIds): fc.Arbitrary<string> {
  const known: Record<string, readonly string[]> = {
    managementUnitId: [ids.managementUnitId],
    weekDateId: [ids.weekDate],
    tradeId: ids.tradeIds,
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
    const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    const body = route.body ? schemaArbitrary(route.body, ids, fc.integer({ min: 0, max: 4 })) : fc.constant(undefined);
    return fc
      .record({
        values: fc.tuple(...names.map((name) => param(name, ids))),
        body,
        async: fc.boolean(),
        realMsStep: fc.integer({ min: 0, max: 200 }),
      })
      .map(({ values, body: b, async, realMsStep }) => {
        let path = route.url;
        names.forEach((name, i) => {
          path = path.replace(`:${name}`, encodeURIComponent(values[i] ?? ''));
        });
        const headers: Record<string, string> = {
          authorization: `Bearer ${ids.token}`,
          'content-type': 'application/json',
          'if-match': '"1"',
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

function check(req: FuzzRequest, status: number, text: string, counts: Record<string, number>): void {
  const where = `${req.method} ${req.url.slice(0, 140)} → ${status}`;
  assert.ok(status < 500, `${where}: no 5xx (${text.slice(0, 200)})`);
  if (req.method === 'HEAD' || text === '') return;
  const key = routeKey(req.method, req.url);
  if (status >= 400) {
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
  if (key === undefined) return; // OAuth, control and metrics routes: declared by hand, not in RESPONSE_SCHEMAS.
  const entry = RESPONSE_SCHEMAS[key];
  assert.ok(entry, `${where}: ${key} has a declared response schema`);
  const parsed = entry.schema.safeParse(JSON.parse(text));
  assert.ok(
    parsed.success,
    `${where}: ${entry.name} ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}: ${text.slice(0, 300)}`,
  );
  counts[key] = (counts[key] ?? 0) + 1;
}

test(`${RUNS} seeded requests: every 2xx matches its declared response schema, every 4xx the ErrorBody (seed ${SEED})`, async (t) => {
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
  const tradeIds: string[] = [];
  for (const plan of plans.slice(0, 8)) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`,
      headers: { authorization: `Bearer ${token}` },
      payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId },
    });
    if (res.statusCode === 200) tradeIds.push((res.json() as { id: string }).id);
  }
  const known: KnownIds = {
    token,
    managementUnitId: unit.id,
    businessUnitId: unit.businessUnitId,
    weekDate: plans[0].weekDate,
    scheduleId: plans[0].scheduleId,
    tradeIds,
    agentIds: harness.world.agents.map((a) => a.id),
    shiftIds: harness.world.agents.flatMap((a) => a.shifts.map((s) => s.id)),
  };
  const counts: Record<string, number> = {};
  const requests = fc.oneof(
    { arbitrary: wellFormed(known), weight: 7 },
    {
      arbitrary: requestArbitrary(known, {
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        bodyLimitBytes: BODY_LIMIT_BYTES,
      }),
      weight: 3,
    },
  );
  await fc.assert(
    fc.asyncProperty(requests, async (req) => {
      realMs += req.realMsStep;
      const res = await app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers,
        ...(req.body === undefined ? {} : { payload: req.body }),
      });
      check(req, res.statusCode, res.body, counts);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  const checked2xx = Object.entries(counts).filter(([key]) => key !== 'errors');
  t.diagnostic(
    `2xx checked ` +
      `on ${checked2xx.length} routes (${checked2xx.reduce((sum, [, n]) => sum + n, 0)} answers), ${counts['errors'] ?? 0} error bodies`,
  );
  assert.ok(checked2xx.length >= 20, `2xx answers of at least 20 routes were checked (${checked2xx.length})`);
});
