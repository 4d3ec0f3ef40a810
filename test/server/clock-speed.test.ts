/**
 * The clock's speed stays within SPEED_BOUNDS (0.1 to 1,000,000 world ms per real ms; issue 21 item 6) on
 * every way in: PUT /__harness/clock, a scenario's clock.speed and --speed. speed 5e-324 used to be taken
 * and flooded stderr with TimeoutOverflowWarnings; 1e-6 made a GET hang past 15 s (the mock waits each
 * world delay / speed in real time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { buildServer } from '../../mock-server/http/server.ts';
import { SPEED_BOUNDS } from '../../mock-server/api/schemas.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import { speedOption } from '../../src/cli/options.ts';
import { refusedScenario } from '../unit/support/scenario-file.ts';

test('PUT /__harness/clock refuses a speed outside the bounds with a 400 naming it, and takes the bounds themselves', async () => {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 1), seed: 1, quiet: true });
  const put = (speed: number) => app.inject({ method: 'PUT', url: '/__harness/clock', payload: { speed } });
  for (const speed of [5e-324, 1e-6, 0.09, 1_000_001]) {
    const answer = await put(speed);
    assert.equal(answer.statusCode, 400, String(speed));
    assert.match(answer.json().message, /speed: speed must be at (least 0\.1|most 1000000) \(world ms per real ms\)/);
  }
  assert.equal(harness.clock.state().speed, dstParis.clock.speed, 'no refused speed was set');
  for (const speed of [SPEED_BOUNDS.min, SPEED_BOUNDS.max]) {
    assert.equal((await put(speed)).statusCode, 200);
    assert.equal(harness.clock.state().speed, speed);
  }
  await app.close();
});

test('--speed and a scenario file hold to the same bounds, naming the option or the field', () => {
  assert.throws(
    () => speedOption('1e-6'),
    (e: Error) => e instanceof InvalidArgumentError && /--speed must be a number from 0\.1 to 1000000/.test(e.message),
  );
  assert.equal(speedOption('0.1'), 0.1);
  assert.match(
    refusedScenario((file) => (file['clock'].speed = 0.01)),
    /my\.json: clock\.speed: speed must be at least 0\.1 \(world ms per real ms\)/,
  );
});
