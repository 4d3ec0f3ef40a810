/**
 * Build the mock's world and store for a simulation, the way mock-server/http/harness.ts builds them
 * for a listening server (same world generator, same id stream, same pressures and derived seeds), but
 * with the world clock driven by virtual time: world time = start + speed * virtual ms.
 */
import { WorldClock } from '../../mock-server/domain/clock.ts';
import { WfmStore } from '../../mock-server/domain/store.ts';
import type { World } from '../../mock-server/domain/world.ts';
import type { Pressure } from '../../mock-server/domain/pressures/pressure.ts';
import { createDstReconciliation } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { createRng, deriveSeed } from '../core/rng.ts';
import type { Rng } from '../core/rng.ts';
import type { ScenarioSpec } from '../scenarios/spec.ts';
import { InProcessServer } from './in-process-server.ts';
import type { WireMode } from './in-process-server.ts';

/** Same layout as the harness's ids (a v4-shaped uuid from four draws). */
export function uuidFrom(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(rng.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface SimWorld {
  world: World;
  clock: WorldClock;
  store: WfmStore;
  server: InProcessServer;
}

export interface SimWorldOptions {
  scenario: Pick<ScenarioSpec, 'clock' | 'pressures'>;
  world: World;
  seed: number;
  /** Every pressure off. */
  quiet: boolean;
  virtualNowMs: () => number;
  wire?: WireMode;
}

export function buildSimWorld(options: SimWorldOptions): SimWorld {
  const { scenario, world, seed, quiet } = options;
  const startMs = Date.parse(scenario.clock.startUtc);
  const clock = new WorldClock(options.virtualNowMs, startMs, scenario.clock.speed);
  const idRng = createRng(deriveSeed(seed, 'ids'));
  const pressures: Pressure[] = [];
  const dst = scenario.pressures.dstReconciliation;
  if (!quiet && dst) pressures.push(createDstReconciliation(world, dst, createRng(deriveSeed(seed, 'dst-reconciliation'))));
  const store = new WfmStore(world, pressures, startMs, () => uuidFrom(idRng));
  return { world, clock, store, server: new InProcessServer(store, () => clock.nowMs(), options.wire) };
}
