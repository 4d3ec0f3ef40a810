/**
 * Real answers of the most used routes match the response schemas the OpenAPI document declares
 * (mock-server/api/response-schemas.ts): create, patch, match, the week and agent lists (paged too),
 * business units, and job answers in each status. A field renamed or retyped in a view fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { buildServer } from '../../mock-server/http/server.ts';
import { RESPONSE_SCHEMAS } from '../../mock-server/api/response-schemas.ts';
import { openApiDocument } from '../../mock-server/http/openapi.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';
const WEEK = `${WFM}/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades`;
const TRADES = `${WFM}/shifttrading/trades`;

function schemaOf(key: string): z.ZodType {
  const found = RESPONSE_SCHEMAS[key];
  assert.ok(found, key);
  return found.schema;
}

function conforms(key: string, answer: { statusCode: number; body: string }): Record<string, unknown> {
  assert.ok(answer.statusCode >= 200 && answer.statusCode < 300, `${key}: ${answer.statusCode} ${answer.body}`);
  const parsed = schemaOf(key).safeParse(JSON.parse(answer.body));
  assert.ok(parsed.success, `${key}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

test('answers of the most used routes match their declared response schemas', async () => {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 8), seed: 8, quiet: true });
  const token = (
    await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  ).json().access_token as string;
  const headers = { authorization: `Bearer ${token}` };
  const [plan, other] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(plan && other);
  const week = `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const created = conforms(
    `POST ${WEEK}`,
    await app.inject({
      method: 'POST',
      url: week,
      headers,
      payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId },
    }),
  );
  const id = created['id'] as string;
  const patched = conforms(
    `PATCH ${WEEK}/:tradeId`,
    await app.inject({
      method: 'PATCH',
      url: `${week}/${id}`,
      headers,
      payload: { receivingUserId: { value: plan.receivingUserId }, metadata: { version: 1 } },
    }),
  );
  const version = (patched['metadata'] as { version: number }).version;
  conforms(
    `POST ${WEEK}/:tradeId/match`,
    await app.inject({
      method: 'POST',
      url: `${week}/${id}/match`,
      headers,
      payload: { receivingScheduleId: plan.scheduleId, receivingShiftId: plan.receivingShiftId, metadata: { version } },
    }),
  );
  conforms(`GET ${WEEK}`, await app.inject({ method: 'GET', url: week, headers }));
  conforms(`GET ${WEEK}`, await app.inject({ method: 'GET', url: `${week}?pageSize=1`, headers }));
  conforms(
    `GET ${WFM}/managementunits/:managementUnitId/agents/:agentId/shifttrades`,
    await app.inject({
      method: 'GET',
      url: `${WFM}/managementunits/${plan.managementUnitId}/agents/${plan.initiatingUserId}/shifttrades`,
      headers,
    }),
  );
  conforms(`GET ${WFM}/businessunits`, await app.inject({ method: 'GET', url: `${WFM}/businessunits`, headers }));
  const addBody = {
    initiatingShift: { id: other.initiatingShiftId, schedule: { id: other.scheduleId }, weekDate: other.weekDate },
  };
  conforms(
    `POST ${TRADES}/jobs`,
    await app.inject({ method: 'POST', url: `${TRADES}/jobs`, headers, payload: addBody }),
  );
  const refused = conforms(
    `POST ${TRADES}/jobs`,
    await app.inject({ method: 'POST', url: `${TRADES}/jobs`, headers, payload: addBody }),
  );
  assert.equal(refused['status'], 'Error', 'the same shift again: an Error job');
  const pending = conforms(
    `POST ${TRADES}/:tradeId/match/jobs`,
    await app.inject({
      method: 'POST',
      url: `${TRADES}/${id}/match/jobs?forceAsync=true`,
      headers,
      payload: {
        weekDate: plan.weekDate,
        receivingSchedule: { id: plan.scheduleId },
        receivingShiftId: plan.receivingShiftId,
        metadata: { version: 1 },
      },
    }),
  );
  assert.equal(pending['status'], 'Processing');
  conforms(
    `GET ${TRADES}/jobs/:jobId`,
    await app.inject({ method: 'GET', url: pending['selfUri'] as string, headers }),
  );
  await app.close();
});

test('every declared response schema is in the OpenAPI document, on its route', () => {
  const document = openApiDocument();
  for (const [key, { name }] of Object.entries(RESPONSE_SCHEMAS)) {
    assert.ok(document.components.schemas[name], `${name} in components`);
    const [method = '', url = ''] = key.split(' ');
    const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = document.paths[path]?.[method.toLowerCase()];
    assert.ok(operation, key);
    assert.deepEqual(
      (operation.responses['2XX'] as { content?: unknown }).content,
      { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
      key,
    );
  }
});
