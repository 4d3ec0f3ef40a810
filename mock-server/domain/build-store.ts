/**
 * The one recipe for a store from a world: which pressures run (each with its own derived seed) and the
 * entity-id stream. The listening server (mock-server/http/harness.ts) and the simulator
 * (src/sim/sim-world.ts) both build through here, so a pressure added once runs in both.
 */
import { createRng, deriveSeed } from '../../src/contract/rng.ts';
import type { Rng } from '../../src/contract/rng.ts';
import type { ScenarioSpec } from '../../src/scenarios/spec.ts';
import { createDstReconciliation } from './pressures/dst-reconciliation.ts';
import type { Pressure } from './pressures/pressure.ts';
import { PUBLISH_DEFAULTS, createPublish } from './pressures/publish.ts';
import { POST_COMMIT_DEFAULTS, createPostCommit } from './pressures/post-commit.ts';
import { ADMIN_EDITS_DEFAULTS, createAdminEdits } from './pressures/admin-edits.ts';
import { STALE_READS_DEFAULTS, TradeReplica } from './replica.ts';
import { WfmStore } from './store.ts';
import type { RetentionConfig } from './retention.ts';
import type { World } from './world.ts';

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Eight hex digits of a 32-bit draw (a table lookup per byte: this runs for every request). */
function hex8(rng: Rng): string {
  const n = Math.floor(rng.next() * 0x1_0000_0000);
  return `${HEX_BYTES[n >>> 24]}${HEX_BYTES[(n >>> 16) & 0xff]}${HEX_BYTES[(n >>> 8) & 0xff]}${HEX_BYTES[n & 0xff]}`;
}

/** A v4-shaped uuid from four draws of a seeded stream. */
export function uuidFrom(rng: Rng): string {
  const hex = hex8(rng) + hex8(rng) + hex8(rng) + hex8(rng);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface StoreRecipe {
  world: World;
  pressures: ScenarioSpec['pressures'];
  startMs: number;
  seed: number;
  /** Every pressure off: same world, no lock windows. */
  quiet: boolean;
  /** Bounds of what traffic creates (retention.ts); absent fields take DEFAULT_RETENTION. */
  retention?: Partial<RetentionConfig>;
}

export function pressuresFor(recipe: Omit<StoreRecipe, 'startMs'>): Pressure[] {
  if (recipe.quiet) return [];
  const pressures: Pressure[] = [];
  const dst = recipe.pressures.dstReconciliation;
  if (dst) pressures.push(createDstReconciliation(recipe.world, dst, createRng(deriveSeed(recipe.seed, 'dst-reconciliation'))));
  // Each on when its config is there, with the documented defaults for the fields left out.
  const { publish, postCommit, adminEdits } = recipe.pressures;
  if (publish) pressures.push(createPublish(recipe.world, { ...PUBLISH_DEFAULTS, ...publish }));
  if (postCommit) pressures.push(createPostCommit({ ...POST_COMMIT_DEFAULTS, ...postCommit }));
  if (adminEdits) pressures.push(createAdminEdits(recipe.world, { ...ADMIN_EDITS_DEFAULTS, ...adminEdits }, createRng(deriveSeed(recipe.seed, 'admin-edits'))));
  return pressures;
}

/** The replica stale reads are answered from, or undefined (off, or --quiet). */
export function replicaFor(recipe: Omit<StoreRecipe, 'startMs'>): TradeReplica | undefined {
  const stale = recipe.pressures.staleReads;
  if (recipe.quiet || !stale) return undefined;
  return new TradeReplica({ ...STALE_READS_DEFAULTS, ...stale }, createRng(deriveSeed(recipe.seed, 'stale-reads')));
}

/** A fresh store and the id stream it draws entity ids from (tokens have their own: harness.ts). */
export function buildStore(recipe: StoreRecipe): { store: WfmStore; idRng: Rng } {
  const idRng = createRng(deriveSeed(recipe.seed, 'ids'));
  const store = new WfmStore(recipe.world, pressuresFor(recipe), recipe.startMs, () => uuidFrom(idRng), recipe.retention);
  store.replica = replicaFor(recipe);
  // Not a lock window, so --quiet keeps it: a forceAsync job still answers 202 and runs later.
  if (recipe.pressures.jobs) store.configureJobs(recipe.pressures.jobs);
  return { store, idRng };
}
