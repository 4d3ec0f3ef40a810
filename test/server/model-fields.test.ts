/**
 * The model differences the official SDK showed, closed: acceptableIntervals are kept and answered back
 * (strings on the legacy routes, RequiredDateRange on the job routes), a management unit has a top-level
 * timeZone and settings.metadata, search entries carry matchingReceivingShiftIds and preview
 * (SearchShiftTradeResponse), and a Matched trade in the week list carries its matchReview.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';

test('acceptableIntervals, unit timeZone and settings.metadata, search and week-list fields follow the SDK models', async (t) => {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 5), seed: 5, quiet: true });
  t.after(() => app.close());
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
  const interval = `${plan.weekDate}T08:00:00.000Z/${plan.weekDate}T16:00:00.000Z`;
  const created = (
    await app.inject({
      method: 'POST',
      url: week,
      headers,
      payload: {
        scheduleId: plan.scheduleId,
        initiatingShiftId: plan.initiatingShiftId,
        acceptableIntervals: [interval],
      },
    })
  ).json();
  assert.deepEqual(created.acceptableIntervals, [interval]);

  const range = { startDate: `${other.weekDate}T08:00:00Z`, endDate: `${other.weekDate}T16:00:00Z` };
  const job = (
    await app.inject({
      method: 'POST',
      url: `${WFM}/shifttrading/trades/jobs`,
      headers,
      payload: {
        initiatingShift: { id: other.initiatingShiftId, schedule: { id: other.scheduleId }, weekDate: other.weekDate },
        acceptableIntervals: [range],
      },
    })
  ).json();
  assert.deepEqual(job.addTradeResult.acceptableIntervals, [range]);
  const tooMany = await app.inject({
    method: 'POST',
    url: week,
    headers,
    payload: {
      scheduleId: plan.scheduleId,
      initiatingShiftId: plan.initiatingShiftId,
      acceptableIntervals: Array.from({ length: 51 }, () => interval),
    },
  });
  assert.equal(tooMany.statusCode, 400, 'at most 50 intervals are kept per trade');

  const unit = (
    await app.inject({ method: 'GET', url: `${WFM}/managementunits/${plan.managementUnitId}`, headers })
  ).json();
  assert.equal(unit.timeZone, unit.settings.timeZone);
  assert.deepEqual(unit.settings.metadata, { version: 1 });

  const search = (
    await app.inject({
      method: 'POST',
      url: `${week}/search`,
      headers,
      payload: {
        receivingScheduleId: plan.scheduleId,
        receivingShiftIds: [plan.receivingShiftId],
        receivingUserId: plan.receivingUserId,
      },
    })
  ).json();
  const entry = search.trades.find((e: { trade: { id: string } }) => e.trade.id === created.id);
  assert.deepEqual(entry.matchingReceivingShiftIds, [plan.receivingShiftId]);
  assert.deepEqual(entry.preview, { activities: [] });

  const settings = harness.store.unit(plan.managementUnitId)?.settings.shiftTrading;
  assert.ok(settings);
  settings.autoReview = false;
  const matched = await app.inject({
    method: 'POST',
    url: `${week}/${created.id}/match`,
    headers,
    payload: {
      receivingScheduleId: plan.scheduleId,
      receivingShiftId: plan.receivingShiftId,
      metadata: { version: created.metadata.version },
    },
  });
  assert.equal(matched.json().trade.state, 'Matched');
  const list = (await app.inject({ method: 'GET', url: week, headers })).json();
  const listed = list.entities.find((e: { trade: { id: string } }) => e.trade.id === created.id);
  assert.deepEqual(listed.matchReview, { violations: [], adminReviewViolations: [], unevaluatedRules: [] });
});
