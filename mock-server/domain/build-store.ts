/**
 * The one recipe for a store from a world: which pressures run (each with its own derived seed) and the
 * entity-id stream. The listening server (mock-server/http/harness.ts) and the simulator
 * (src/sim/sim-world.ts) both build through here, so a pressure added once runs in both.
 */
import { createRng, deriveSeed } from '../../src/contract/rng.ts';
import type { Rng } from '../../src/contract/rng.ts';
import { createDstReconciliation } from './pressures/dst-reconciliation.ts';
import type { Pressure } from './pressures/pressure.ts';
import { PUBLISH_DEFAULTS, createPublish } from './pressures/publish.ts';
import { POST_COMMIT_DEFAULTS, createPostCommit } from './pressures/post-commit.ts';
import { ADMIN_EDITS_DEFAULTS, createAdminEdits } from './pressures/admin-edits.ts';
import { STALE_READS_DEFAULTS, TradeReplica } from './replica.ts';
import { WfmStore } from './store.ts';
import type { RetentionConfig } from './retention.ts';
import type { World } from './world.ts';
import type { PressureSettings } from './pressure-settings.ts';

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const HEX_DIGITS = '0123456789abcdef';

function draw32(rng: Rng): number {
  return Math.floor(rng.next() * 0x1_0000_0000);
}

/**
 * A v4-shaped uuid from four 32-bit draws of a seeded stream: the draws' 32 hex digits with the version
 * digit (13th) set to 4 and the variant digit (17th) to a, concatenated straight from byte and digit
 * tables. It runs for every request (correlation ids): a hex string sliced into five parts cost twice
 * the time and ~800 bytes of garbage. test/unit/uuid.test.ts holds it to the sliced form over many draws.
 */
export function uuidFrom(rng: Rng): string {
  const a = draw32(rng);
  const b = draw32(rng);
  const c = draw32(rng);
  const d = draw32(rng);
  return (
    HEX_BYTES[a >>> 24]! +
    HEX_BYTES[(a >>> 16) & 0xff] +
    HEX_BYTES[(a >>> 8) & 0xff] +
    HEX_BYTES[a & 0xff] +
    '-' +
    HEX_BYTES[b >>> 24] +
    HEX_BYTES[(b >>> 16) & 0xff] +
    '-4' +
    HEX_DIGITS[(b >>> 8) & 0xf] +
    HEX_BYTES[b & 0xff] +
    '-a' +
    HEX_DIGITS[(c >>> 24) & 0xf] +
    HEX_BYTES[(c >>> 16) & 0xff] +
    '-' +
    HEX_BYTES[(c >>> 8) & 0xff] +
    HEX_BYTES[c & 0xff] +
    HEX_BYTES[d >>> 24] +
    HEX_BYTES[(d >>> 16) & 0xff] +
    HEX_BYTES[(d >>> 8) & 0xff] +
    HEX_BYTES[d & 0xff]
  );
}

export interface StoreRecipe {
  world: World;
  pressures: PressureSettings;
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
  if (dst)
    pressures.push(
      createDstReconciliation(recipe.world, dst, createRng(deriveSeed(recipe.seed, 'dst-reconciliation'))),
    );
  // Each on when its config is there, with the documented defaults for the fields left out.
  const { publish, postCommit, adminEdits } = recipe.pressures;
  if (publish) pressures.push(createPublish(recipe.world, { ...PUBLISH_DEFAULTS, ...publish }));
  if (postCommit) pressures.push(createPostCommit({ ...POST_COMMIT_DEFAULTS, ...postCommit }));
  if (adminEdits)
    pressures.push(
      createAdminEdits(
        recipe.world,
        { ...ADMIN_EDITS_DEFAULTS, ...adminEdits },
        createRng(deriveSeed(recipe.seed, 'admin-edits')),
      ),
    );
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
  const store = new WfmStore(
    recipe.world,
    pressuresFor(recipe),
    recipe.startMs,
    () => uuidFrom(idRng),
    recipe.retention,
  );
  store.replica = replicaFor(recipe);
  // Not a lock window, so --quiet keeps it: a forceAsync job still answers 202 and runs later.
  if (recipe.pressures.jobs) store.configureJobs(recipe.pressures.jobs);
  return { store, idRng };
}
