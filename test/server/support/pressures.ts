/**
 * Shared set-up of the pressure tests: the monday-publish scenario with only the pressures a test names,
 * a Fastify harness whose world clock the test sets to exact instants, and request helpers.
 */
import assert from 'node:assert/strict';
import { buildServer } from '../../../mock-server/http/server.ts';
import { mondayPublish } from '../../../src/scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../../../src/scenario/spec.ts';
import { planScenarioSwaps } from '../../../src/scenario/plan.ts';
import { mockFromScenario } from '../../../src/world/mock-from-scenario.ts';

export const PUBLISH_MS = Date.parse('2027-04-05T14:00:00Z');
export const WEEK = '2027-04-12';

/** monday-publish with only these pressures on (DST reconciliation stays off). */
export function scenarioWith(
  pressures: Omit<ScenarioSpec['pressures'], 'dstReconciliation'>,
  speed = mondayPublish.clock.speed,
): ScenarioSpec {
  return {
    ...mondayPublish,
    clock: { ...mondayPublish.clock, speed },
    pressures: { dstReconciliation: null, ...pressures },
  };
}

export async function harnessFor(scenario: ScenarioSpec, quiet = false, seed = 3) {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, seed),
    seed,
    quiet,
    realNowMs: () => realMs,
  });
  const login = async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { authorization: `Bearer ${(res.json() as { access_token: string }).access_token}` };
  };
  const auth = await login();
  const plans = planScenarioSwaps(harness.world, scenario);
  assert.ok(plans.length > 10);
  const plan = plans[0];
  assert.ok(plan);
  const base = `/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  /** Put the world clock at an exact instant (real time does not move until the test moves it). */
  const at = (worldMs: number) => harness.clock.set(worldMs);
  const stepReal = (ms: number) => {
    realMs += ms;
  };
  const create = (p = plan, headers = auth) =>
    app.inject({
      method: 'POST',
      url: base,
      headers,
      payload: { scheduleId: p.scheduleId, initiatingShiftId: p.initiatingShiftId, receivingUserId: p.receivingUserId },
    });
  const match = (tradeId: string, version: number, p = plan, headers = auth) =>
    app.inject({
      method: 'POST',
      url: `${base}/${tradeId}/match`,
      headers,
      payload: { receivingScheduleId: p.scheduleId, receivingShiftId: p.receivingShiftId, metadata: { version } },
    });
  const patch = (tradeId: string, version: number, headers = auth) =>
    app.inject({ method: 'PATCH', url: `${base}/${tradeId}`, headers, payload: { metadata: { version } } });
  const agentTrades = (agentId = plan.initiatingUserId, headers = auth) =>
    app.inject({
      method: 'GET',
      url: `/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/agents/${agentId}/shifttrades`,
      headers,
    });
  return { app, harness, auth, login, plans, plan, base, at, stepReal, create, match, patch, agentTrades };
}
