/**
 * The running mock's state: the world (generated once per seed), the store built from it, the world
 * clock, tokens and counters. reset() rebuilds the store and clock from the same world and seed.
 */
import { performance } from 'node:perf_hooks';
import { WorldClock } from '../domain/clock.ts';
import { WfmStore } from '../domain/store.ts';
import type { World } from '../domain/world.ts';
import type { BackgroundResave, Pressure } from '../domain/pressures/pressure.ts';
import { createDstReconciliation } from '../domain/pressures/dst-reconciliation.ts';
import { createRng, deriveSeed } from '../../src/core/rng.ts';
import type { Rng } from '../../src/core/rng.ts';
import type { ScenarioSpec } from '../../src/scenarios/spec.ts';
import { generateWorld } from '../../src/fixtures/world.ts';

export interface HarnessOptions {
  scenario: ScenarioSpec;
  seed: number;
  /** Every pressure off: same world, no lock windows. */
  quiet: boolean;
  /** Real monotonic ms; injected so tests can drive time. */
  realNowMs?: () => number;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Eight hex digits of a 32-bit draw (a table lookup per byte: this runs for every request). */
function hex8(rng: Rng): string {
  const n = Math.floor(rng.next() * 0x1_0000_0000);
  return `${HEX_BYTES[n >>> 24]}${HEX_BYTES[(n >>> 16) & 0xff]}${HEX_BYTES[(n >>> 8) & 0xff]}${HEX_BYTES[n & 0xff]}`;
}

function uuidFrom(rng: Rng): string {
  const hex = hex8(rng) + hex8(rng) + hex8(rng) + hex8(rng);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class Harness {
  readonly world: World;
  readonly clock: WorldClock;
  store!: WfmStore;
  private idRng!: Rng;
  /** Correlation ids come from their own stream, so entity ids do not depend on how many requests came before. */
  private correlationRng!: Rng;
  /** Told about every background re-save applied by advance() (metrics). */
  onBackgroundResaves: ((events: readonly BackgroundResave[]) => void) | undefined;
  private readonly tokens = new Set<string>();
  requestCounts: Record<string, number> = {};

  constructor(readonly options: HarnessOptions) {
    this.world = generateWorld(options.scenario.world, options.seed);
    this.clock = new WorldClock(options.realNowMs ?? (() => performance.now()), Date.parse(options.scenario.clock.startUtc), options.scenario.clock.speed);
    this.reset();
  }

  /** Fresh store, clock back at the scenario start, counters cleared; tokens stay valid. */
  reset(): void {
    const { scenario, seed, quiet } = this.options;
    const startMs = Date.parse(scenario.clock.startUtc);
    this.clock.set(startMs, scenario.clock.speed);
    this.idRng = createRng(deriveSeed(seed, 'ids'));
    this.correlationRng = createRng(deriveSeed(seed, 'correlation-ids'));
    const pressures: Pressure[] = [];
    const dst = scenario.pressures.dstReconciliation;
    if (!quiet && dst) pressures.push(createDstReconciliation(this.world, dst, createRng(deriveSeed(seed, 'dst-reconciliation'))));
    this.store = new WfmStore(this.world, pressures, startMs, () => uuidFrom(this.idRng));
    this.requestCounts = {};
  }

  newId(): string {
    return uuidFrom(this.idRng);
  }

  /** The ININ-Correlation-Id of a response (and contextId of its ErrorBody). */
  newCorrelationId(): string {
    return uuidFrom(this.correlationRng);
  }

  /** The world instant for this request, after applying every background event due by then. */
  advance(): number {
    const nowMs = this.clock.nowMs();
    const applied = this.store.advanceTo(nowMs);
    if (applied.length > 0) this.onBackgroundResaves?.(applied);
    return nowMs;
  }

  issueToken(): string {
    const token = this.newId().replaceAll('-', '');
    this.tokens.add(token);
    return token;
  }

  hasToken(token: string): boolean {
    return this.tokens.has(token);
  }

  countRequest(key: string): void {
    this.requestCounts[key] = (this.requestCounts[key] ?? 0) + 1;
  }
}
