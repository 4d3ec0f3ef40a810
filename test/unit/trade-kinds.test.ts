/**
 * Trade kinds in the core: which dialects spell them, how each dialect spells a one-sided create and a
 * cancel, and how legacy state/bulk's per-entity refusal becomes the answer classify() reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import { DIALECTS } from '../../src/core/dialects/index.ts';
import { bulkEntityAnswer, genesysLegacy } from '../../src/core/dialects/genesys-legacy.ts';
import { genesysJobs } from '../../src/core/dialects/genesys-jobs.ts';
import { compat } from '../../src/core/dialects/compat.ts';
import { KindNotSpelledError, assertSpells, kindsIn, spells } from '../../src/core/trade-kinds.ts';
import { classify } from '../../src/core/classify.ts';

const PLAN: TradePlan = {
  legacyId: 'L1',
  managementUnitId: 'mu',
  weekDate: '2027-03-22',
  scheduleId: 'sched',
  initiatingUserId: 'alice',
  initiatingShiftId: 'shift-a',
  receivingUserId: 'bob',
  receivingShiftId: 'shift-b',
};
const TRADE = { id: 't1', state: 'Unmatched', version: 3, initiatingShiftId: 'shift-a' };

test('genesys-legacy and genesys-jobs spell every kind; compat spells only swaps', () => {
  for (const name of ['genesys-legacy', 'genesys-jobs', 'genesys-jobs-async']) {
    const dialect = DIALECTS[name];
    assert.ok(dialect);
    assert.ok(spells(dialect, 'one-sided') && spells(dialect, 'cancel'), name);
  }
  assert.equal(spells(compat, 'swap'), true);
  assert.equal(spells(compat, 'one-sided'), false);
  assert.equal(spells(compat, 'cancel'), false);
});

test('a run needing a kind its dialect cannot spell is refused with the dialects that can', () => {
  const kinds = kindsIn([{ kind: 'swap' }, {}, { kind: 'cancel' }]);
  assert.deepEqual(kinds, ['swap', 'cancel']);
  assert.throws(
    () => assertSpells(compat, kinds, Object.values(DIALECTS), 'mix'),
    (error: Error) =>
      error instanceof KindNotSpelledError &&
      /mix: its tradeMix plans cancel trades, which dialect compat cannot spell; use genesys-legacy, genesys-jobs, genesys-jobs-async/.test(
        error.message,
      ),
  );
  assertSpells(genesysLegacy, kinds, Object.values(DIALECTS), 'mix');
});

test('a one-sided create names no receiving agent; a swap still does', () => {
  const oneSided = { ...PLAN, kind: 'one-sided' as const };
  assert.deepEqual(genesysLegacy.createRequest(oneSided).body, { scheduleId: 'sched', initiatingShiftId: 'shift-a' });
  assert.equal((genesysLegacy.createRequest(PLAN).body as { receivingUserId: string }).receivingUserId, 'bob');
  assert.equal((genesysJobs.createRequest(oneSided).body as { target?: unknown }).target, undefined);
  assert.deepEqual((genesysJobs.createRequest(PLAN).body as { target?: unknown }).target, { userId: 'bob' });
});

test("a cancel carries the trade version through each dialect's state route", () => {
  const legacy = genesysLegacy.cancelRequest?.(PLAN, TRADE);
  assert.equal(legacy?.path, '/api/v2/workforcemanagement/managementunits/mu/weeks/2027-03-22/shifttrades/state/bulk');
  assert.deepEqual(legacy?.body, { entities: [{ id: 't1', state: 'Canceled', metadata: { version: 3 } }] });
  const jobs = genesysJobs.cancelRequest?.(PLAN, TRADE);
  assert.equal(jobs?.path, '/api/v2/workforcemanagement/shifttrading/trades/t1/state/jobs');
  assert.deepEqual(jobs?.body, { weekDate: '2027-03-22', state: 'Canceled', metadata: { version: 3 } });
});

test("state/bulk: a refused entity becomes the single write's answer (stale version: a 409 conflict)", () => {
  const bulk = (entity: Record<string, unknown>) =>
    bulkEntityAnswer({ status: 200, headers: {}, body: { status: 'Complete', result: { entities: [entity] } } });
  const base = { id: 't1', state: 'Unmatched', metadata: { version: 4 } };
  assert.equal(classify(bulk({ ...base, state: 'Canceled' })), 'ok');
  assert.equal(classify(bulk({ ...base, failureReason: 'VersionMismatch' })), 'version-conflict');
  assert.equal(classify(bulk({ ...base, failureReason: 'ScheduleLocked' })), 'locked');
  assert.equal(classify(bulk({ ...base, failureReason: 'TransitionNotAllowed' })), 'invalid');
  assert.equal(bulk({ ...base, failureReason: 'TradeNotFound' }).status, 404);
  assert.equal(classify(bulkEntityAnswer({ status: 503, headers: {}, body: {} })), 'transient');
});
