import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorldClock } from '../../mock-server/domain/clock.ts';

const START_MS = Date.parse('2027-03-28T00:40:00.000Z');

test('world time runs at speed times real elapsed time from the start', () => {
  let realMs = 1000;
  const clock = new WorldClock(() => realMs, START_MS, 60);
  assert.equal(clock.nowMs(), START_MS);
  realMs += 1500;
  assert.equal(clock.nowMs(), START_MS + 90_000);
});

test('setting the clock jumps to an instant and keeps flowing at the new speed', () => {
  let realMs = 0;
  const clock = new WorldClock(() => realMs, START_MS, 1);
  realMs = 10_000;
  const target = Date.parse('2027-10-31T00:30:00.000Z');
  clock.set(target, 120);
  assert.equal(clock.nowMs(), target);
  realMs += 500;
  assert.equal(clock.nowMs(), target + 60_000);
  assert.deepEqual(clock.state(), { worldMs: target + 60_000, speed: 120 });
});

test('a non-positive speed is refused', () => {
  assert.throws(() => new WorldClock(() => 0, START_MS, 0), /speed must be > 0/);
  const clock = new WorldClock(() => 0, START_MS, 1);
  assert.throws(() => clock.set(START_MS, -1), /speed must be > 0/);
});
