/** Weekly publish: the BU's week locked whole for P at the local publish time, then every agent schedule re-saved. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStore } from '../../mock-server/domain/build-store.ts';
import { PUBLISH, PUBLISH_DEFAULTS, publishWindows } from '../../mock-server/domain/pressures/publish.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { mondayPublish } from '../../src/scenario/file/catalogue.ts';
import type { WorldSpec } from '../../src/scenario/spec.ts';
import { PUBLISH_MS, WEEK, harnessFor, scenarioWith } from './support/pressures.ts';

const LOCK_MS = PUBLISH_DEFAULTS.lockMs;

/** monday-publish's world plus a Paris business unit, which the Chicago publish must leave alone. */
const TWO_BU_WORLD: WorldSpec = {
  ...mondayPublish.world,
  businessUnits: [
    ...mondayPublish.world.businessUnits,
    {
      name: 'Europe Support',
      timeZone: 'Europe/Paris',
      managementUnits: [{ name: 'Paris Support', timeZone: 'Europe/Paris', agents: 5 }],
    },
  ],
};

test('Monday 09:00 America/Chicago is 14:00 UTC in CDT and 15:00 UTC in CST, across the spring-forward', () => {
  const world = generateWorld({ ...mondayPublish.world, weekDate: '2027-03-08', weeks: 3 }, 1);
  const windows = publishWindows(world, { ...PUBLISH_DEFAULTS, businessUnit: 'Americas Support' });
  assert.deepEqual(
    windows.map((w) => [w.weekDate, new Date(w.publishMs).toISOString()]),
    [
      ['2027-03-08', '2027-03-01T15:00:00.000Z'],
      ['2027-03-15', '2027-03-08T15:00:00.000Z'], // the Monday before the 2027-03-14 transition: CST
      ['2027-03-22', '2027-03-15T14:00:00.000Z'], // after it: CDT
    ],
  );
  const friday = publishWindows(world, { ...PUBLISH_DEFAULTS, weekday: 5, localTime: '17:30', weeksAhead: 2 });
  assert.equal(new Date(friday[0]?.publishMs ?? NaN).toISOString(), '2027-02-26T23:30:00.000Z');
  assert.throws(() => publishWindows(world, { ...PUBLISH_DEFAULTS, localTime: '9:00' }), /HH:mm/);
  assert.throws(() => publishWindows(world, { ...PUBLISH_DEFAULTS, businessUnit: 'Nope' }), /not a business unit/);
});

test('the published week is locked whole in [publish, publish + P) for every agent of the BU, and only that week', () => {
  const world = generateWorld(TWO_BU_WORLD, 2);
  const { store } = buildStore({
    world,
    pressures: { dstReconciliation: null, publish: { businessUnit: 'Americas Support' } },
    startMs: PUBLISH_MS - 60_000,
    seed: 2,
    quiet: false,
  });
  const chicagoUnit = world.managementUnits.find((u) => u.name === 'Chicago Support')?.id;
  const chicago = world.agents.filter((a) => a.managementUnitId === chicagoUnit);
  const paris = world.agents.filter((a) => a.managementUnitId !== chicagoUnit);
  assert.equal(chicago.length, 40);
  for (const agent of chicago) {
    assert.equal(store.lockHolder(agent.id, WEEK, PUBLISH_MS - 1), undefined);
    assert.equal(store.lockHolder(agent.id, WEEK, PUBLISH_MS), PUBLISH);
    assert.equal(store.lockHolder(agent.id, WEEK, PUBLISH_MS + LOCK_MS - 1), PUBLISH);
    assert.equal(store.lockHolder(agent.id, WEEK, PUBLISH_MS + LOCK_MS), undefined);
    assert.equal(
      store.lockHolder(agent.id, '2027-04-05', PUBLISH_MS),
      undefined,
      'the current week is not being published',
    );
  }
  for (const agent of paris)
    assert.equal(store.lockHolder(agent.id, WEEK, PUBLISH_MS), undefined, 'another business unit');
});

test('at the end of the lock every agent schedule of that week steps by exactly one, and nothing else moves', () => {
  const world = generateWorld(TWO_BU_WORLD, 2);
  const { store } = buildStore({
    world,
    pressures: { dstReconciliation: null, publish: { businessUnit: 'Americas Support' } },
    startMs: PUBLISH_MS - 60_000,
    seed: 2,
    quiet: false,
  });
  const versions = () => world.agents.flatMap((a) => world.weeks.map((w) => store.agentScheduleVersion(a.id, w)));
  const before = versions();
  assert.equal(store.advanceTo(PUBLISH_MS + LOCK_MS - 1).length, 0);
  assert.deepEqual(versions(), before);
  const events = store.advanceTo(PUBLISH_MS + LOCK_MS);
  assert.equal(events.length, 40);
  assert.ok(
    events.every(
      (e) =>
        e.atMs === PUBLISH_MS + LOCK_MS && e.by === PUBLISH && e.holdMs === LOCK_MS && e.weekDates?.join() === WEEK,
    ),
  );
  const chicagoUnit = world.managementUnits.find((u) => u.name === 'Chicago Support')?.id;
  const expected = world.agents.flatMap((a) =>
    world.weeks.map(
      (w, i) =>
        (before[world.agents.indexOf(a) * world.weeks.length + i] ?? 0) +
        (a.managementUnitId === chicagoUnit && w === WEEK ? 1 : 0),
    ),
  );
  assert.deepEqual(versions(), expected);
  assert.equal(store.advanceTo(PUBLISH_MS + 10 * LOCK_MS).length, 0, 'one publish per week');
});

test(
  'over HTTP: a create in the lock answers 409 locked:publish; after it, the open trade carries a bumped ' +
    'version; metrics and /__harness/pressures show it',
  async () => {
    const { app, harness, at, create, match, plan } = await harnessFor(scenarioWith({ publish: {} }));
    at(PUBLISH_MS - 1_000);
    const trade = (await create()).json() as { id: string; metadata: { version: number } };
    assert.equal(trade.metadata.version, 1);
    at(PUBLISH_MS);
    const locked = await match(trade.id, 1);
    assert.equal(locked.statusCode, 409);
    assert.equal(locked.json().message, 'The requested resource is currently being modified by another process');
    assert.equal(harness.refusals.counts()['409 locked:publish'], 1);
    at(PUBLISH_MS + LOCK_MS);
    const stale = await match(trade.id, 1);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'general.resource.conflict');
    // Both agents' schedules were re-saved, and each re-save touches the open trade: version 1 + 2.
    assert.equal(harness.store.tradeById(trade.id)?.version, 3);
    const fresh = await match(trade.id, 3);
    assert.equal(fresh.json().trade?.state, 'Approved', fresh.body);
    assert.equal(harness.store.agentScheduleVersion(plan.initiatingUserId, WEEK), 3, 'publish + the swap');

    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(metrics, /wfm_mock_background_resaves_total\{by="publish"\} 40\n/);
    assert.match(
      metrics,
      new RegExp(`wfm_mock_lock_hold_seconds_sum\\{holder="publish"\\} ${(40 * LOCK_MS) / 1000}\\n`),
    );
    const view = (await app.inject({ method: 'GET', url: '/__harness/pressures' })).json();
    const window = view.pressures[0].windows.find((w: { weekDate: string }) => w.weekDate === WEEK);
    assert.deepEqual(window.lock, { start: '2027-04-05T14:00:00.000Z', end: '2027-04-05T14:05:00.000Z' });
    assert.deepEqual(window.selfService, { start: '2027-04-05T14:05:00.000Z', end: '2027-04-07T14:05:00.000Z' });
    await app.close();
  },
);
