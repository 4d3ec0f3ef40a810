/** The domain's luxon-free local → UTC conversion against luxon (src/world/dst.ts resolveLocalTime). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../src/world/generate.ts';
import { findTransitions, resolveLocalTime } from '../../src/world/dst.ts';
import { localToUtc, offsetAt } from '../../mock-server/domain/zone-offsets.ts';
import type { WorldSpec } from '../../src/scenario/spec.ts';

const HALF_HOUR = 30 * 60_000;

function zoneOf(timeZone: string, weekDate: string, weeks: number) {
  const spec: WorldSpec = {
    weekDate,
    weeks,
    workDaysPerAgent: 1,
    shiftHours: 8,
    businessUnits: [{ name: 'BU', timeZone, managementUnits: [{ name: 'MU', timeZone, agents: 1 }] }],
  };
  const zone = generateWorld(spec, 1).businessUnits[0]?.zoneOffsets;
  assert.ok(zone);
  return zone;
}

for (const [timeZone, weekDate, weeks, expected] of [
  ['America/Chicago', '2027-03-08', 2, 'spring-forward'],
  ['America/Chicago', '2027-11-01', 2, 'fall-back'],
  ['Europe/Paris', '2027-03-22', 2, 'spring-forward'],
  ['Asia/Kolkata', '2027-03-22', 1, undefined],
] as const) {
  test(`${timeZone} around ${weekDate}: every half hour of wall time lands where luxon puts it (gaps forward, overlaps earlier)`, () => {
    const zone = zoneOf(timeZone, weekDate, weeks);
    assert.equal(zone.transitions[0]?.kind, expected);
    const fromWall = Date.parse(zone.fromUtc) + 86_400_000;
    const toWall = Date.parse(`${weekDate}T00:00:00Z`) + (weeks + 1) * 7 * 86_400_000;
    let checked = 0;
    for (let wall = fromWall; wall < toWall; wall += HALF_HOUR) {
      assert.equal(localToUtc(zone, wall), resolveLocalTime(timeZone, wall).instantMs, new Date(wall).toISOString());
      checked++;
    }
    assert.ok(checked > 2_000);
  });
}

test('offsetAt steps exactly at the transition instant', () => {
  const zone = zoneOf('America/Chicago', '2027-03-08', 2);
  const at = Date.parse('2027-03-14T08:00:00Z');
  assert.equal(offsetAt(zone, at - 1), -360);
  assert.equal(offsetAt(zone, at), -300);
  // 02:30 on the spring-forward night does not exist: it moves forward to 03:30 CDT.
  assert.equal(
    new Date(localToUtc(zone, Date.parse('2027-03-14T02:30:00Z'))).toISOString(),
    '2027-03-14T08:30:00.000Z',
  );
});

test('findTransitions with maxCount stops at the first transitions, the same ones the whole scan finds', () => {
  const from = Date.parse('2027-01-01T00:00:00Z');
  const to = Date.parse('2028-01-01T00:00:00Z');
  const year = findTransitions('Europe/Paris', from, to);
  assert.deepEqual(
    year.map((t) => `${t.atUtc} ${t.kind}`),
    ['2027-03-28T01:00:00.000Z spring-forward', '2027-10-31T01:00:00.000Z fall-back'],
  );
  assert.deepEqual(findTransitions('Europe/Paris', from, to, 1), year.slice(0, 1));
  assert.deepEqual(findTransitions('Asia/Kolkata', from, to, 1), []);
});
