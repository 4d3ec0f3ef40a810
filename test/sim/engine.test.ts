import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue } from '../../src/sim/event-queue.ts';
import { SimEngine, DEFAULT_LIMITS } from '../../src/sim/engine.ts';
import { Actor, runSimulation } from '../../src/sim/actor.ts';
import type { Simulation } from '../../src/sim/actor.ts';
import { SimNetwork } from '../../src/sim/network.ts';
import { sleep } from '../../src/core/effects.ts';
import type { Steps } from '../../src/core/effects.ts';
import { runDriven } from './support/driven.ts';
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

test('events run in (time, seq) order and the virtual clock jumps to each', () => {
  const engine = new SimEngine();
  const seen: string[] = [];
  engine.at(30, () => seen.push(`c@${engine.nowMs}`));
  engine.at(10, () => seen.push(`a@${engine.nowMs}`));
  engine.at(10, () => {
    seen.push(`b@${engine.nowMs}`);
    engine.after(0, () => seen.push(`b2@${engine.nowMs}`));
  });
  const stats = engine.run();
  assert.deepEqual(seen, ['a@10', 'b@10', 'b2@10', 'c@30']);
  assert.deepEqual(stats, { events: 4, endMs: 30 });
});

/** A chain of steps `levels` deep that yields nothing, like the sync core between an answer and its next request. */
function* deep(levels: number): Steps<void> {
  if (levels > 0) yield* deep(levels - 1);
}

/** An actor on its own link (to a server nobody calls here). */
function actorOn(engine: SimEngine, name: string): Actor {
  const network = new SimNetwork(engine, { handle: () => undefined }, { outboundMs: () => 0, inboundMs: () => 0 });
  return new Actor(name, engine, network.link(name));
}

test('a woken actor runs to its next effect within the event that woke it, however deep its steps', () => {
  const engine = new SimEngine();
  const seen: string[] = [];
  const actor = actorOn(engine, 'client');
  actor.start(
    (function* () {
      yield* sleep(10);
      yield* deep(60);
      seen.push(`actor reads ${engine.clock.nowMs()}`);
      yield* sleep(0); // answered at once: nothing else can happen first
      yield* sleep(5);
      seen.push(`actor wakes ${engine.clock.nowMs()}`);
      return 'done';
    })(),
    (result) => seen.push(`${result} @${engine.nowMs}`),
  );
  engine.at(10, () => seen.push('event@10 (scheduled after the actor)'));
  engine.at(11, () => seen.push('event@11'));
  assert.deepEqual(engine.run(), { events: 4, endMs: 15 });
  assert.deepEqual(seen, [
    'actor reads 10',
    'event@10 (scheduled after the actor)',
    'event@11',
    'actor wakes 15',
    'done @15',
  ]);
  assert.equal(actor.isBusy, false);
});

test('actors and drive() over promises give the same trace for random sleeps and step depths', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 8 })), { maxLength: 6 }), {
        minLength: 1,
        maxLength: 6,
      }),
      async (plans) => {
        const simulation = (): Simulation<string[]> => {
          const engine = new SimEngine();
          const network = new SimNetwork(
            engine,
            { handle: () => undefined },
            { outboundMs: () => 0, inboundMs: () => 0 },
          );
          const seen: string[] = [];
          return {
            engine,
            network,
            launch: (spawn) =>
              plans.forEach((steps, a) =>
                spawn(`a${a}`).start(
                  (function* () {
                    for (const [sleepMs, depth] of steps) {
                      yield* sleep(sleepMs);
                      yield* deep(depth);
                      seen.push(`a${a}@${engine.nowMs}`);
                    }
                  })(),
                ),
              ),
            finish: (stats) => [...seen, `end@${stats.endMs} after ${stats.events} events`],
          };
        };
        assert.deepEqual(runSimulation(simulation()), await runDriven(simulation()));
      },
    ),
    { seed: 4, numRuns: 60 },
  );
});

test('an actor runs one task at a time, and its link carries one request at a time', () => {
  const engine = new SimEngine();
  const actor = actorOn(engine, 'greedy');
  actor.start(sleep(5));
  assert.equal(actor.isBusy, true);
  assert.throws(() => actor.start(sleep(1)), /actor greedy is already running a task/);
  const network = new SimNetwork(engine, { handle: () => undefined }, { outboundMs: () => 1, inboundMs: () => 1 });
  const link = network.link('client-1');
  const receiver = { answer: () => undefined };
  link.send({ method: 'GET', path: '/a' }, receiver);
  assert.throws(
    () => link.send({ method: 'GET', path: '/b' }, receiver),
    /client-1 sent a request with another one in flight/,
  );
});

test('a runaway simulation stops at its event limit', () => {
  const engine = new SimEngine({ maxEvents: 1000, maxVirtualMs: DEFAULT_LIMITS.maxVirtualMs });
  const tick = (): void => engine.after(1, tick);
  engine.at(0, tick);
  assert.throws(() => engine.run(), /more than 1000 events/);
});

test('an error in an actor fails the run with that error, at the event that resumed it', () => {
  const engine = new SimEngine();
  const actor = actorOn(engine, 'broken');
  actor.start(
    (function* () {
      yield* sleep(3);
      throw new Error('boom');
    })(),
  );
  let later = false;
  engine.at(100, () => void (later = true));
  assert.throws(() => engine.run(), /boom/);
  assert.equal(engine.nowMs, 3);
  assert.equal(later, false);
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
