/**
 * The official Genesys client (purecloud-platform-client-v2 262.0.0) against the mock on a real socket:
 * login, the legacy create and match (a stale version must reject with 409), and the job-based routes with
 * forceAsync polled to completion. What the SDK sends must pass the mock's strict schemas unchanged.
 * The SDK's ApiClient is a process-wide singleton; node's runner gives each test file its own process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { pollJob, sdkAgainstMock } from './support/sdk.ts';
import type { Extended, Json } from './support/sdk.ts';

/** A promise the SDK rejects, as its extended error: {status, headers, body}. */
async function rejection(promise: Promise<unknown>): Promise<Extended> {
  try {
    await promise;
  } catch (error) {
    return error as Extended;
  }
  assert.fail('the SDK call should have rejected');
}

test('the official SDK creates, conflicts on a stale version, matches, and polls jobs against the mock', async (t) => {
  const { harness, wfm } = await sdkAgainstMock(t, 1, 'sdk-conformance');

  const [legacy, jobs] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(legacy && jobs, 'two valid swaps');

  // Legacy routes: create, stale match → 409, fresh match echoing the metadata read → Approved.
  const created: Extended = await wfm.postWorkforcemanagementManagementunitWeekShifttrades(
    legacy.managementUnitId,
    legacy.weekDate,
    {
      scheduleId: legacy.scheduleId,
      initiatingShiftId: legacy.initiatingShiftId,
      receivingUserId: legacy.receivingUserId,
    },
  );
  assert.equal(created.status, 200);
  const trade = created.body;
  assert.equal(trade['state'], 'Unmatched');
  const matchBody = (metadata: Json) => ({
    receivingScheduleId: legacy.scheduleId,
    receivingShiftId: legacy.receivingShiftId,
    metadata,
  });
  const stale = await rejection(
    wfm.postWorkforcemanagementManagementunitWeekShifttradeMatch(
      legacy.managementUnitId,
      legacy.weekDate,
      trade['id'],
      matchBody({ version: trade['metadata'].version - 1 }),
    ),
  );
  assert.equal(stale.status, 409);
  assert.equal(stale.body['status'], 409);
  assert.equal(stale.body['code'], 'general.resource.conflict');
  assert.equal(stale.body['contextId'], stale.headers['inin-correlation-id']);
  // WfmVersionedEntityMetadata as read (version, dateCreated, dateModified): accepted as Genesys accepts it.
  const matched: Extended = await wfm.postWorkforcemanagementManagementunitWeekShifttradeMatch(
    legacy.managementUnitId,
    legacy.weekDate,
    trade['id'],
    matchBody(trade['metadata']),
  );
  assert.equal(matched.status, 200);
  assert.equal(matched.body['trade'].state, 'Approved');
  assert.deepEqual(matched.body['violations'], []);

  // Job-based routes with forceAsync: 202 Processing, polled with the SDK's GET …/jobs/{jobId}.
  const addAccepted: Extended = await wfm.postWorkforcemanagementShifttradingTradesJobs(
    {
      initiatingShift: { id: jobs.initiatingShiftId, schedule: { id: jobs.scheduleId }, weekDate: jobs.weekDate },
      target: { userId: jobs.receivingUserId },
    },
    { forceAsync: true },
  );
  assert.equal(addAccepted.status, 202);
  assert.equal(addAccepted.body['status'], 'Processing');
  assert.equal(addAccepted.body['type'], 'AddTrade');
  const added = await pollJob(() => wfm.getWorkforcemanagementShifttradingTradesJob(addAccepted.body['id']));
  assert.equal(added.job['status'], 'Complete');
  const jobTrade = added.job['addTradeResult'];
  assert.equal(jobTrade.state, 'Unmatched');
  assert.equal(jobTrade.initiating.shift.id, jobs.initiatingShiftId);

  const matchJob = (version: number) =>
    wfm.postWorkforcemanagementShifttradingTradeMatchJobs(
      jobTrade.id,
      {
        weekDate: jobs.weekDate,
        receivingSchedule: { id: jobs.scheduleId },
        receivingShiftId: jobs.receivingShiftId,
        metadata: { version },
      },
      { forceAsync: true },
    );
  const staleJob: Extended = await matchJob(jobTrade.metadata.version + 1);
  assert.equal(staleJob.status, 202, 'a stale version is accepted: the job finds the conflict');
  const conflicted = await pollJob(() =>
    wfm.getWorkforcemanagementShifttradingTradeMatchJob(jobTrade.id, staleJob.body['id']),
  );
  assert.equal(conflicted.job['status'], 'Error');
  assert.equal(conflicted.job['error'].status, 409);
  assert.equal(conflicted.job['error'].code, 'general.resource.conflict');

  const freshJob: Extended = await matchJob(jobTrade.metadata.version);
  const done = await pollJob(() =>
    wfm.getWorkforcemanagementShifttradingTradeMatchJob(jobTrade.id, freshJob.body['id']),
  );
  assert.equal(done.job['status'], 'Complete');
  assert.equal(done.job['matchTradeResult'].trade.state, 'Approved');
  assert.equal(harness.store.tradeById(jobTrade.id)?.state, 'Approved');

  // An approved trade cannot be canceled: the state job ends Error 400 (an administrator's invalid transition).
  const approvedVersion = done.job['matchTradeResult'].trade.metadata.version;
  const cancel: Extended = await wfm.postWorkforcemanagementShifttradingTradeStateJobs(
    jobTrade.id,
    { weekDate: jobs.weekDate, state: 'Canceled', metadata: { version: approvedVersion } },
    { forceAsync: true },
  );
  assert.equal(cancel.status, 202);
  const refused = await pollJob(() =>
    wfm.getWorkforcemanagementShifttradingTradeStateJob(jobTrade.id, cancel.body['id']),
  );
  assert.equal(refused.job['error'].status, 400);
  assert.equal(refused.job['error'].code, 'wfm.shift.trade.invalid.state.transition');
  assert.deepEqual(harness.refusals.counts(), { '409 version': 1, '409 job:version': 1, '400 job:invalid-state': 1 });
});
