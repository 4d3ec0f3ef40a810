/**
 * The official Genesys client (purecloud-platform-client-v2 262.0.0) through the six shift-trade reads it
 * met as 404s: the business-unit trades query, evaluate, unmatched-search and weeks-summary jobs (each
 * started with forceAsync and polled, or answered at once), and a management unit's matched summary and
 * tradable users. What the SDK sends must pass the mock's strict schemas unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { pollJob, sdkAgainstMock } from './support/sdk.ts';
import type { Extended, Json } from './support/sdk.ts';

test('the official SDK reads trades through the query, evaluate, unmatched-search, summary, matched and users routes', async (t) => {
  const { harness, wfm } = await sdkAgainstMock(t, 3, 'sdk-reads');

  const [open, matched] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(open && matched, 'two valid swaps');
  const businessUnitId = harness.store.unit(open.managementUnitId)?.businessUnitId;
  assert.ok(businessUnitId);
  // An open trade anyone may match, and a Matched one awaiting review (auto-review off for its unit).
  const openTrade: Extended = await wfm.postWorkforcemanagementManagementunitWeekShifttrades(
    open.managementUnitId,
    open.weekDate,
    { scheduleId: open.scheduleId, initiatingShiftId: open.initiatingShiftId },
  );
  const settings = harness.store.unit(matched.managementUnitId)?.settings.shiftTrading;
  assert.ok(settings);
  settings.autoReview = false;
  const toMatch: Extended = await wfm.postWorkforcemanagementManagementunitWeekShifttrades(
    matched.managementUnitId,
    matched.weekDate,
    { scheduleId: matched.scheduleId, initiatingShiftId: matched.initiatingShiftId },
  );
  const match: Extended = await wfm.postWorkforcemanagementManagementunitWeekShifttradeMatch(
    matched.managementUnitId,
    matched.weekDate,
    toMatch.body['id'],
    {
      receivingScheduleId: matched.scheduleId,
      receivingShiftId: matched.receivingShiftId,
      metadata: toMatch.body['metadata'],
    },
  );
  assert.equal(match.body['trade'].state, 'Matched');
  const units = [...new Set([open.managementUnitId, matched.managementUnitId])];
  const weeks = [...new Set([open.weekDate, matched.weekDate])];

  const queued: Extended = await wfm.postWorkforcemanagementBusinessunitShifttradingTradesQueryJobs(
    businessUnitId,
    { managementUnitIds: units, weekDates: weeks, userIds: [open.initiatingUserId] },
    { forceAsync: true },
  );
  assert.equal(queued.status, 202);
  const { job: query } = await pollJob(() =>
    wfm.getWorkforcemanagementBusinessunitShifttradingTradesQueryJob(businessUnitId, queued.body['id']),
  );
  assert.equal(query['type'], 'QueryTrades');
  assert.deepEqual(
    query['queryTradesResult'].entities.map((e: Json) => e['id']),
    [openTrade.body['id']],
  );

  const evaluated: Extended = await wfm.postWorkforcemanagementBusinessunitShifttradingTradesEvaluateJobs(
    businessUnitId,
    { managementUnitIds: units, weekDates: weeks },
  );
  assert.equal(evaluated.body['status'], 'Complete');
  const reviewed = evaluated.body['evaluateTradesResult'].entities.find(
    (e: Json) => e['trade'].id === toMatch.body['id'],
  );
  assert.deepEqual(reviewed.matchReview.violations, []);
  assert.equal(reviewed.trade.state, 'Matched');

  const searched: Extended = await wfm.postWorkforcemanagementBusinessunitShifttradingUnmatchedSearchJobs(
    businessUnitId,
    {
      managementUnitIds: units,
      weekDates: weeks,
      receivingSchedule: { id: open.scheduleId },
      receivingShiftIds: [open.receivingShiftId],
    },
    { forceAsync: true },
  );
  const { job: search } = await pollJob(() =>
    wfm.getWorkforcemanagementBusinessunitShifttradingUnmatchedSearchJob(businessUnitId, searched.body['id']),
  );
  const offer = search['searchUnmatchedTradesResult'].trades.find((e: Json) => e['trade'].id === openTrade.body['id']);
  assert.deepEqual(offer.receivingShiftMatches, [{ shiftIds: [open.receivingShiftId], preview: { activities: [] } }]);

  const summary: Extended = await wfm.postWorkforcemanagementBusinessunitShifttradingWeeksSummaryJobs(businessUnitId, {
    managementUnitIds: units,
    weekDates: [matched.weekDate],
  });
  assert.deepEqual(summary.body['queryWeekSummariesResult'].weeks, [
    { weekDate: matched.weekDate, initiatingMatchedCount: 1, crossWeekReceivingMatchedCount: 0 },
  ]);
  assert.equal(
    summary.status,
    200,
    'without forceAsync: Complete at once (and, as Genesys says, not retained for polling)',
  );

  const matchedList: Extended = await wfm.getWorkforcemanagementManagementunitShifttradesMatched(
    matched.managementUnitId,
  );
  assert.deepEqual(matchedList.body['entities'], [
    { weekDate: matched.weekDate, count: 1, crossWeekReceivingCount: 0 },
  ]);
  const users: Extended = await wfm.getWorkforcemanagementManagementunitShifttradesUsers(open.managementUnitId);
  assert.ok(users.body['entities'].some((u: Json) => u['id'] === open.initiatingUserId));
  const expected = harness.world.agents.filter((a) => a.managementUnitId === open.managementUnitId).length;
  assert.equal(users.body['entities'].length, expected);

  // weekId=recent, bounded to one week: that week's schedule.
  const recent: Extended = await wfm.getWorkforcemanagementBusinessunitWeekSchedules(businessUnitId, 'recent', {
    earliestWeekDate: open.weekDate,
    latestWeekDate: open.weekDate,
  });
  assert.deepEqual(
    recent.body['entities'].map((s: Json) => s['weekDate']),
    [open.weekDate],
  );
});
