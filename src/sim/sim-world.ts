/**
 * Build the mock's world and store for a simulation through the same recipe as the listening server
 * (mock-server/domain/build-store.ts), with the world clock driven by virtual time: virtual time IS world
 * time (world = start + virtual ms), so the scenario's clock speed plays no part in a simulation.
 */
import { WorldClock } from '../../mock-server/domain/clock.ts';
import type { WfmStore } from '../../mock-server/domain/store.ts';
import { buildStore } from '../../mock-server/domain/build-store.ts';
import { rateLimiterFor } from '../../mock-server/api/rate-limits.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { FaultInjector, faultStream } from '../../mock-server/api/faults.ts';
import type { FaultConfig } from '../../mock-server/api/faults.ts';
import type { MockSetup } from '../../mock-server/api/mock-setup.ts';
import { InProcessServer } from './in-process-server.ts';
import type { WireMode } from './in-process-server.ts';

export interface SimWorld {
  world: World;
  clock: WorldClock;
  store: WfmStore;
  server: InProcessServer;
}

export interface SimWorldOptions {
  setup: Pick<MockSetup, 'clock' | 'pressures'>;
  world: World;
  seed: number;
  /** Every pressure off. */
  quiet: boolean;
  virtualNowMs: () => number;
  wire?: WireMode;
  /** Faults (api/faults.ts) as PUT /__harness/faults sets them, drawn from the seed's 'faults' stream; off when absent or quiet. */
  faults?: FaultConfig;
}

export function buildSimWorld(options: SimWorldOptions): SimWorld {
  const { setup, world, seed, quiet } = options;
  const startMs = Date.parse(setup.clock.startUtc);
  const clock = new WorldClock(options.virtualNowMs, startMs, 1);
  const { store } = buildStore({ world, pressures: setup.pressures, startMs, seed, quiet });
  const rateLimits = rateLimiterFor({ pressures: setup.pressures, quiet });
  let faults: FaultInjector | undefined;
  if (options.faults && !quiet) {
    faults = new FaultInjector(faultStream(seed));
    faults.set(options.faults);
  }
  return {
    world,
    clock,
    store,
    server: new InProcessServer(store, () => clock.nowMs(), options.wire, rateLimits, faults),
  };
}
