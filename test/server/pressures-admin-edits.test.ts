/** Admin edits: a seeded Poisson stream of manual overrides, each re-saving one agent schedule (and holding its lock briefly). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStore } from '../../mock-server/domain/build-store.ts';
import { ADMIN_EDIT, ADMIN_EDITS_DEFAULTS, createAdminEdits } from '../../mock-server/domain/pressures/admin-edits.ts';
import type { BackgroundResave } from '../../mock-server/domain/pressures/pressure.ts';
import { createRng } from '../../src/contract/rng.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { mondayPublish } from '../../src/scenario/file/catalogue.ts';
import { PUBLISH_MS, WEEK } from './support/pressures.ts';

const world = generateWorld(mondayPublish.world, 4);
const FROM = PUBLISH_MS - 3_600_000;
const HOURS = 10;
const TO = FROM + HOURS * 3_600_000;

function allEvents(chunks: number[]): BackgroundResave[] {
  const pressure = createAdminEdits(
    world,
    { ...ADMIN_EDITS_DEFAULTS, managementUnit: 'Chicago Support' },
    createRng(9),
  );
  const events: BackgroundResave[] = [];
  let from = FROM;
  for (const to of [...chunks, TO]) {
    events.push(...pressure.due(from, to));
    from = to;
  }
  return events;
}

test('the edits are one seeded stream: the same instants, agents and weeks however the clock samples it', () => {
  const oneStep = allEvents([]);
  const rng = createRng(1);
  const manySteps = allEvents(
    Array.from({ length: 500 }, () => FROM + Math.floor(rng.next() * (TO - FROM))).sort((a, b) => a - b),
  );
  assert.deepEqual(manySteps, oneStep);
  // λ = 30 per world-hour: over 10 h a Poisson count has mean 300 and sd 17.
  assert.ok(oneStep.length > 240 && oneStep.length < 360, `${oneStep.length} edits in ${HOURS} h`);
  assert.ok(
    oneStep.every(
      (e, i) =>
        e.by === ADMIN_EDIT &&
        e.holdMs === ADMIN_EDITS_DEFAULTS.holdMs &&
        e.atMs > FROM &&
        e.atMs <= TO &&
        (i === 0 || e.atMs >= (oneStep[i - 1]?.atMs ?? 0)),
    ),
  );
  const chicago = new Set(
    world.agents
      .filter((a) => world.managementUnits.find((u) => u.id === a.managementUnitId)?.name === 'Chicago Support')
      .map((a) => a.id),
  );
  assert.ok(
    oneStep.every(
      (e) => chicago.has(e.agentId) && e.weekDates?.length === 1 && world.weeks.includes(e.weekDates[0] ?? ''),
    ),
  );
  assert.equal(new Set(oneStep.map((e) => e.weekDates?.[0])).size, 2, 'with no week configured, both weeks get edits');
});

test('each edit bumps exactly its agent schedule at its instant and locks it for holdMs', () => {
  const pressures = { dstReconciliation: null, adminEdits: { managementUnit: 'Chicago Support', weekDate: WEEK } };
  const { store } = buildStore({ world, pressures, startMs: FROM, seed: 4, quiet: false });
  const { store: probe } = buildStore({ world, pressures, startMs: FROM, seed: 4, quiet: false });
  const events = probe.advanceTo(TO);
  const first = events[0];
  assert.ok(first && events.length > 100);
  const hold = ADMIN_EDITS_DEFAULTS.holdMs;
  const version = () => store.agentScheduleVersion(first.agentId, WEEK);
  assert.equal(store.advanceTo(first.atMs - 1).length, 0);
  assert.equal(store.lockHolder(first.agentId, WEEK, first.atMs - 1), undefined);
  const before = version();
  assert.deepEqual(store.advanceTo(first.atMs), [first]);
  assert.equal(version(), (before ?? NaN) + 1);
  assert.equal(store.lockHolder(first.agentId, WEEK, first.atMs), ADMIN_EDIT);
  assert.equal(store.lockHolder(first.agentId, WEEK, first.atMs + hold - 1), ADMIN_EDIT);
  assert.equal(store.lockHolder(first.agentId, WEEK, first.atMs + hold), undefined);
  assert.equal(store.lockHolder(first.agentId, '2027-04-05', first.atMs), undefined, 'only the configured week');
  store.advanceTo(TO);
  const writes = store.report().writesBy[ADMIN_EDIT];
  assert.equal(writes, events.length, 'one schedule re-save per edit (no open trades here)');
});

test('holdMs 0: versions move but nothing is ever locked', () => {
  const { store } = buildStore({
    world,
    pressures: { dstReconciliation: null, adminEdits: { holdMs: 0 } },
    startMs: FROM,
    seed: 4,
    quiet: false,
  });
  const events = store.advanceTo(TO);
  assert.ok(events.length > 0 && events.every((e) => e.holdMs === undefined));
  assert.ok(events.every((e) => store.lockHolder(e.agentId, e.weekDates?.[0] ?? '', e.atMs) === undefined));
});
