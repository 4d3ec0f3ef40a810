/**
 * Property-based bad input on the compat routes (the shared fuzz in bad-input.test.ts covers the genesys
 * ones): mutated swap payloads, odd If-Match values, odd ids and queries, inside the DST lock window.
 * Never a 5xx; every 4xx a Genesys ErrorBody with contextId = ININ-Correlation-Id; every 409 carries
 * the thread's SHIFT_TRADE_CONFLICT entry and its message says which kind it is; the audit holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { classify } from '../../src/core/classify.ts';
import { SHIFTS_PATH, SWAPS_PATH, swapPayload } from './support/compat.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1500);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20270329);

test(
  `${RUNS} mutated compat requests: never a 5xx, every 4xx an ErrorBody, every 409 a classified ` +
    `SHIFT_TRADE_CONFLICT (seed ${SEED})`,
  async (t) => {
    let realMs = 0;
    const { app, harness } = await buildServer({
      ...mockFromScenario(dstParis, 4),
      seed: 4,
      quiet: false,
      realNowMs: () => realMs,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=f&client_secret=s',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const auth = `Bearer ${login.json().access_token}`;
    const plans = planScenarioSwaps(harness.world, dstParis).slice(0, 20);
    const tradeIds = () => harness.store.tradeIds();
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom('', 'PENDING', 'APPROVED', -1, 1.5, 2 ** 60, null),
    );
    // Built when the request is sent, from who holds each shift and the schedule's version at that moment.
    const swapBody = fc
      .tuple(
        fc.nat(plans.length - 1),
        fc.option(fc.oneof(fc.constant('current' as const), fc.nat(40)), { freq: 3 }),
        fc.option(
          fc.tuple(
            fc.constantFrom(
              'initiator_agent_id',
              'counter_shift_id',
              'status',
              'scheduleVersion',
              'agentId',
              'replacementAgentId',
            ),
            value,
          ),
          { freq: 2 },
        ),
        fc.nat(9).map((n) => n === 0),
      )
      .map(([i, version, change, drop]) => () => {
        const plan = plans[i]!;
        const body = swapPayload(
          harness,
          plan,
          version === 'current' ? harness.store.scheduleVersion(plan.scheduleId) : (version ?? undefined),
        );
        if (change) body[change[0]] = change[1];
        if (drop) delete body['counter_agent_id'];
        return body;
      });
    const ifMatch = fc.option(
      fc.oneof(
        fc.nat(6).map((n) => `"${n}"`),
        fc.constantFrom('*', 'W/"1"', '1', '"1", "2"', '""', '"-1"', '"99999999999999999999"'),
      ),
    );
    const request = fc.oneof(
      swapBody.map((body) => ({
        method: 'POST' as const,
        url: SWAPS_PATH,
        body: body as unknown,
        ifMatch: null as string | null,
      })),
      fc
        .tuple(
          fc.nat(50),
          fc.constantFrom('OPEN', 'PENDING', 'APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED', 'pending'),
          ifMatch,
          fc.boolean(),
        )
        .map(([i, status, tag, inPath]) => {
          const id = tradeIds()[i % Math.max(1, tradeIds().length)] ?? 'none';
          return inPath
            ? { method: 'PUT' as const, url: `${SHIFTS_PATH}/${id}`, body: { status }, ifMatch: tag }
            : { method: 'PUT' as const, url: SHIFTS_PATH, body: { trade_id: id, status }, ifMatch: tag };
        }),
      fc
        .constantFrom(
          `${SWAPS_PATH}?initiator_shift_id=${plans[0]!.initiatingShiftId}`,
          `${SWAPS_PATH}?initiator_shift_id=a&initiator_shift_id=b`,
          `${SWAPS_PATH}?x=1`,
          `${SHIFTS_PATH}/%00`,
          '/api/v2/wfm/schedules/nope',
          `/api/v2/wfm/schedules/${plans[0]!.scheduleId}`,
        )
        .map((url) => ({ method: 'GET' as const, url, body: undefined as unknown, ifMatch: null as string | null })),
    );
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(request, fc.integer({ min: 0, max: 40 }), async (req, stepMs) => {
        realMs += stepMs;
        const headers: Record<string, string> = { authorization: auth };
        if (req.ifMatch !== null) headers['if-match'] = req.ifMatch;
        const payload = typeof req.body === 'function' ? (req.body as () => unknown)() : req.body;
        const res = await app.inject({
          method: req.method,
          url: req.url,
          headers,
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        });
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        const where =
          `${req.method} ${req.url} ${JSON.stringify(payload)} If-Match ${req.ifMatch} → ${res.statusCode} ` +
          `${res.body.slice(0, 200)}`;
        assert.ok(res.statusCode < 500, where);
        if (res.statusCode < 400) return;
        const body = res.json() as Record<string, unknown> & { errors: Array<{ code: string; message: string }> };
        assert.equal(body['status'], res.statusCode, where);
        assert.equal(body['contextId'], res.headers['inin-correlation-id'], where);
        assert.ok(
          typeof body['message'] === 'string' &&
            typeof body['code'] === 'string' &&
            Array.isArray(body['details']) &&
            Array.isArray(body.errors),
          where,
        );
        if (res.statusCode !== 409) return;
        assert.deepEqual(body.errors, [{ message: body['message'], code: 'SHIFT_TRADE_CONFLICT' }], where);
        // What the client reads from the message must be what the server meant (its detail code).
        const expected: Record<string, string> = { VERSION_MISMATCH: 'version-conflict', RESOURCE_LOCKED: 'locked' };
        const detail = (body['details'] as Array<{ errorCode: string }>)[0]?.errorCode ?? '';
        assert.equal(classify({ status: 409, headers: {}, body }), expected[detail] ?? 'business-conflict', where);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const audit = harness.store.report();
    const rejections = harness.refusals.counts();
    t.diagnostic(`statuses ${JSON.stringify(statuses)}; rejections ${JSON.stringify(rejections)}`);
    assert.equal(audit.nonMonotonicVersions + audit.lostUpdates + audit.doubleBookedShifts.length, 0);
    for (const cause of [
      '409 compat:schedule-version',
      '409 compat:locked:dst-reconciliation',
      '409 compat:if-match',
      '428 compat:if-match-missing',
      '400 compat:if-match-malformed',
      '400 validation',
    ]) {
      assert.ok((rejections[cause] ?? 0) > 0, `the fuzz produced some ${cause}`);
    }
    assert.ok((statuses[201] ?? 0) > 0 && (statuses[200] ?? 0) > 0, 'some writes got through');
    await app.close();
  },
);
