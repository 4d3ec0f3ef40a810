/**
 * One core, two interpreters (DESIGN "The sync core", "Sans-I/O"): the same simulation run by the
 * simulator's actors, which resume the core's steps synchronously inside the event loop, and by drive(),
 * the interpreter Node and k6 run, over a promise-returning simulated link (support/driven.ts), gives
 * identical results: every client's counts and durations, the event count, the server's truth, the trace.
 * And the simulator itself creates no promise: nothing in it waits for a microtask.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { getPreset } from '../../src/core/strategies.ts';
import { occSimulation, runAwsOcc, withPublishedBounds } from '../../src/sim/experiments/aws-occ.ts';
import type { OccRunOptions } from '../../src/sim/experiments/aws-occ.ts';
import { occWorld } from '../../src/sim/experiments/occ-world.ts';
import { runSwaps, swapSimulation } from '../../src/sim/experiments/swaps.ts';
import type { SwapRunOptions } from '../../src/sim/experiments/swaps.ts';
import { runSeed } from '../../src/sim/sweep.ts';
import { getScenario } from '../../src/scenario/file/catalogue.ts';
import { genesysJobsAsync } from '../../src/core/dialects/genesys-jobs.ts';
import { faultConfig } from '../../mock-server/api/faults.ts';
import type { TraceLine } from '../../src/sim/trace.ts';
import { runDriven } from './support/driven.ts';

const OCC: OccRunOptions = {
  clients: 50,
  strategy: withPublishedBounds(getPreset('full-jitter')),
  seed: runSeed(1, 50, 0),
  world: occWorld(),
};

/** Lost answers, 503s, resets and hangs: every ambiguous path of the workflow (look up before writing again). */
const STORM = faultConfig.parse({
  dropAfterCommitRate: 0.2,
  error5xxRate: 0.05,
  resetBeforeCommitRate: 0.05,
  hangRate: 0.02,
  latencyMs: { medianMs: 20, p99Ms: 400 },
});

test('an aws-occ sweep point (50 clients, full jitter) gives identical results through actors and through drive()', async () => {
  const direct = runAwsOcc(OCC);
  const driven = await runDriven(occSimulation(OCC));
  assert.deepEqual(driven, direct);
  // Not a trivial run: every client applied its update after conflicts (the published experiment's shape).
  assert.ok(direct.results.every((r) => r.outcome === 'applied'));
  assert.ok(direct.writeCalls > OCC.clients && (direct.conflictsByKind['version-conflict'] ?? 0) > 0);
});

for (const strategy of ['refetch-full-jitter', 'serialized-per-schedule']) {
  test(`monday-publish-mix with job polls, cancels and faults (${strategy}) gives the same run and trace both ways`, async () => {
    const traces: TraceLine[][] = [[], []];
    const options = (trace: TraceLine[]): SwapRunOptions => ({
      scenario: getScenario('monday-publish-mix'),
      strategy: getPreset(strategy),
      seed: 6,
      dialect: genesysJobsAsync,
      faults: STORM,
      trace: (line) => void trace.push(line),
    });
    const direct = runSwaps(options(traces[0] as TraceLine[]));
    const driven = await runDriven(swapSimulation(options(traces[1] as TraceLine[])));
    assert.deepEqual(driven, direct);
    assert.deepEqual(traces[1], traces[0]);
    // The paths this compares were taken: polled jobs, lost answers, cancels.
    assert.ok(Object.keys(direct.requestCounts).some((key) => key.includes('/jobs/')));
    assert.ok(direct.faults.dropAfterCommit > 0 && direct.faults.hang > 0);
    assert.ok((direct.totals.tradesByKind?.['cancel'] ?? 0) > 0);
  });
}

test('a simulation creates no promise: the actors resume the core in the event loop, with no microtask', () => {
  let promises = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') promises++;
    },
  });
  hook.enable();
  let requests: number;
  try {
    requests = runAwsOcc(OCC).requests;
  } finally {
    hook.disable();
  }
  assert.ok(requests > 0);
  assert.equal(promises, 0);
});
