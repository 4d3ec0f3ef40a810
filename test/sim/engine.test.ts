import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue } from '../../src/sim/event-queue.ts';
import { SimEngine, DEFAULT_LIMITS } from '../../src/sim/engine.ts';
import type { SettleMode } from '../../src/sim/engine.ts';
import { latencySampler } from '../../src/sim/latency.ts';
import { createRng } from '../../src/contract/rng.ts';

test('the event queue pops by time, then by scheduling order, for any schedule', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
      const queue = new EventQueue<number>();
      times.forEach((timeMs, i) => queue.push(timeMs, i));
      const popped: Array<[number, number]> = [];
      while (queue.pop((timeMs, i) => popped.push([timeMs, i])));
      const expected = times
        .map((timeMs, i): [number, number] => [timeMs, i])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(popped, expected);
    }),
    { seed: 3, numRuns: 300 },
  );
});

test('the event queue keeps (time, seq) order when pushes and pops interleave, pushes during a visit included', () => {
  // Each op: push at a time, pop (pushing 0-2 events from inside the visit, as event handlers do), or peek.
  const op = fc.oneof(
    fc.record({ kind: fc.constant('push' as const), timeMs: fc.integer({ min: 0, max: 15 }) }),
    fc.record({
      kind: fc.constant('pop' as const),
      pushes: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 2 }),
    }),
    fc.record({ kind: fc.constant('peek' as const) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const queue = new EventQueue<number>();
      const reference: Array<[number, number]> = []; // [timeMs, seq] in the order they must come out
      let pushed = 0;
      const add = (timeMs: number): void => {
        const seq = queue.push(timeMs, pushed); // the item is the push's rank, which is its seq
        assert.equal(seq, pushed++);
        reference.push([timeMs, seq]);
        reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      };
      for (const o of ops) {
        if (o.kind === 'push') add(o.timeMs);
        else if (o.kind === 'peek') assert.equal(queue.peekTimeMs(), reference[0]?.[0]);
        else {
          const expected = reference.shift();
          let got: [number, number] | undefined;
          const popped = queue.pop((timeMs, item) => {
            got = [timeMs, item];
            for (const t of o.pushes) add(t);
          });
          assert.equal(popped, expected !== undefined);
          assert.deepEqual(got, expected);
          if (!popped) for (const t of o.pushes) add(t);
        }
        assert.equal(queue.size, reference.length);
      }
      const rest: Array<[number, number]> = [];
      while (queue.pop((timeMs, item) => rest.push([timeMs, item])));
      assert.deepEqual(rest, reference);
    }),
    { seed: 5, numRuns: 300 },
  );
});

test('events run in (time, seq) order and the virtual clock jumps to each', async () => {
  const engine = new SimEngine();
  const seen: string[] = [];
  engine.at(30, () => seen.push(`c@${engine.nowMs}`));
  engine.at(10, () => seen.push(`a@${engine.nowMs}`));
  engine.at(10, () => {
    seen.push(`b@${engine.nowMs}`);
    engine.after(0, () => seen.push(`b2@${engine.nowMs}`));
  });
  const stats = await engine.run();
  assert.deepEqual(seen, ['a@10', 'b@10', 'b2@10', 'c@30']);
  assert.deepEqual(stats, { events: 4, endMs: 30 });
});

/** An async chain many microtasks deep, like the sync core between a response and its next request. */
async function deep(levels: number): Promise<void> {
  if (levels > 0) await deep(levels - 1);
  await Promise.resolve();
}

for (const settle of ['count-awake', 'macrotask'] as SettleMode[]) {
  test(`${settle}: a woken actor runs to its next suspension before the next event, however deep its awaits`, async () => {
    const engine = new SimEngine(DEFAULT_LIMITS, settle);
    const seen: string[] = [];
    const actor = engine.actor('client');
    void actor.start(async () => {
      await actor.sleep(10);
      await deep(60);
      seen.push(`actor reads ${engine.clock.nowMs()}`);
      await actor.sleep(5);
      seen.push(`actor wakes ${engine.clock.nowMs()}`);
    });
    engine.at(10, () => seen.push('event@10 (scheduled after the actor)'));
    engine.at(11, () => seen.push('event@11'));
    await engine.run();
    assert.deepEqual(seen, ['actor reads 10', 'event@10 (scheduled after the actor)', 'event@11', 'actor wakes 15']);
  });
}

test('both settle modes produce the same trace for random actors with random sleeps and await depths', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 8 })), { maxLength: 6 }), {
        minLength: 1,
        maxLength: 6,
      }),
      async (plans) => {
        const trace = async (settle: SettleMode) => {
          const engine = new SimEngine(DEFAULT_LIMITS, settle);
          const seen: string[] = [];
          plans.forEach((steps, a) => {
            const actor = engine.actor(`a${a}`);
            void actor.start(async () => {
              for (const [sleepMs, depth] of steps) {
                await actor.sleep(sleepMs);
                await deep(depth);
                seen.push(`a${a}@${engine.nowMs}`);
              }
            });
          });
          await engine.run();
          return seen;
        };
        assert.deepEqual(await trace('count-awake'), await trace('macrotask'));
      },
    ),
    { seed: 4, numRuns: 60 },
  );
});

test('an actor awaiting something outside the simulator is reported as a stall, not a hang', async () => {
  const engine = new SimEngine();
  const actor = engine.actor('lost');
  void actor
    .start(async () => {
      await actor.sleep(5);
      // A real timer: forbidden in a simulation. Long enough that it cannot fire before the watchdog's
      // setImmediate even on a loaded machine (5 ms could, when the run started from the check phase).
      await new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    })
    .catch(() => undefined);
  await assert.rejects(engine.run(), /stalled at 5 ms: awake actor\(s\) lost/);
});

test('an actor with two operations outstanding at once is refused', async () => {
  const engine = new SimEngine();
  const actor = engine.actor('greedy');
  const task = actor.start(async () => {
    await Promise.all([actor.sleep(5), actor.sleep(6)]);
  });
  await assert.rejects(task, /suspended while not running/);
});

test('a runaway simulation stops at its event limit', async () => {
  const engine = new SimEngine({ maxEvents: 1000, maxVirtualMs: DEFAULT_LIMITS.maxVirtualMs });
  const tick = (): void => engine.after(1, tick);
  engine.at(0, tick);
  await assert.rejects(engine.run(), /more than 1000 events/);
});

test('an error in an actor fails the run with that error', async () => {
  const engine = new SimEngine();
  const actor = engine.actor('broken');
  void actor
    .start(async () => {
      await actor.sleep(3);
      throw new Error('boom');
    })
    .catch(() => undefined);
  engine.at(100, () => undefined);
  await assert.rejects(engine.run(), /boom/);
});

test('scheduling in the past is refused', () => {
  const engine = new SimEngine();
  assert.throws(() => engine.at(-1, () => undefined), /cannot schedule/);
  assert.throws(() => engine.at(Number.NaN, () => undefined), /cannot schedule/);
});

test('simulated latency is |Normal(10, 2)|: never negative, right mean and spread, same draws for a seed', () => {
  const sample = latencySampler({ meanMs: 10, sdMs: 2 }, createRng(21));
  const draws = Array.from({ length: 20_000 }, sample);
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length);
  assert.ok(draws.every((d) => d >= 0));
  assert.ok(Math.abs(mean - 10) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
  const again = latencySampler({ meanMs: 10, sdMs: 2 }, createRng(21));
  assert.deepEqual(Array.from({ length: 100 }, again), draws.slice(0, 100));
  const wide = latencySampler({ meanMs: 1, sdMs: 5 }, createRng(2));
  assert.ok(
    Array.from({ length: 5000 }, wide).every((d) => d >= 0),
    'folded at zero',
  );
});
