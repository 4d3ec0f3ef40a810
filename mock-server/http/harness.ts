/**
 * The running mock's state: the world (given by the caller), the store built from it, the world
 * clock, tokens and counters. reset() rebuilds the store and clock from the same world and seed.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WorldClock } from '../domain/clock.ts';
import type { WfmStore } from '../domain/store.ts';
import type { World } from '../domain/world.ts';
import type { BackgroundResave } from '../domain/pressures/pressure.ts';
import { buildStore, uuidFrom } from '../domain/build-store.ts';
import { createRng, deriveSeed } from '../../src/contract/rng.ts';
import type { Rng } from '../../src/contract/rng.ts';
import type { MockSetup } from '../api/mock-setup.ts';
import { FaultInjector, faultStream } from '../api/faults.ts';
import { rateLimiterFor } from '../api/rate-limits.ts';
import type { RateLimiter } from '../api/rate-limits.ts';
import { RefusalCounter } from '../api/refusal-counter.ts';
import { TokenStore } from '../api/auth.ts';
import { roundTripDelays } from '../api/network-latency.ts';
import { RequestJournal } from './request-journal.ts';
import { inner } from './maps.ts';
import type { LinkDelays } from '../api/network-latency.ts';
import type { OAuthClient } from '../api/auth.ts';
import type { AnswerTally, PipelineHost } from '../api/pipeline.ts';
import type { RouteDef } from '../api/routes.ts';
import type { RetentionConfig } from '../domain/retention.ts';

export interface HarnessOptions {
  /** The generated world; the caller builds it (the CLI and tests: src/world/mock-from-scenario.ts). */
  world: World;
  /** Clock, pressures, rate limits and network: the mock's own settings (api/mock-setup.ts). */
  setup: MockSetup;
  seed: number;
  /** Every pressure off: same world, no lock windows. */
  quiet: boolean;
  /** Real monotonic ms; injected so tests can drive time. */
  realNowMs?: () => number;
  /** OAuth clients (id, secret, scopes, token TTL); none: any id/secret gets full scope for 24 h. */
  clients?: readonly OAuthClient[];
  /** World ms per real ms (default the setup's clock speed); also what reset() restores. */
  speed?: number;
  /** Bounds of what traffic creates (domain/retention.ts); absent fields take the defaults. */
  retention?: Partial<RetentionConfig>;
  /** Live tokens held at most (count; api/auth.ts), oldest dropped first. */
  maxTokens?: number;
  /** What the caller calls this setup (serve and observe: the scenario's name), shown by GET /__harness/run; opaque here. */
  label?: string;
  /**
   * An opaque id of the caller's setup (serve and observe: the resolved scenario's hash), shown by GET
   * /__harness/run, so a report read from this server can be gated on a baseline entry keyed by it.
   */
  setupHash?: string;
}

export class Harness implements PipelineHost {
  readonly world: World;
  readonly clock: WorldClock;
  store!: WfmStore;
  /** Refusals by status and cause (api/refusal-counter.ts), rebuilt with the store by reset(). */
  refusals!: RefusalCounter;
  private idRng!: Rng;
  /** Correlation ids come from their own stream, so entity ids do not depend on how many requests came before. */
  private correlationRng!: Rng;
  /** Told about every background re-save applied by advance() (metrics). */
  onBackgroundResaves: ((events: readonly BackgroundResave[]) => void) | undefined;
  /** Tokens expire in real time (realNowMs), not world time: expires_in is real seconds on the wire. */
  readonly auth: TokenStore;
  readonly realNowMs: () => number;
  requestCounts: Record<string, number> = {};
  /** Every answered API request of the run (bounded; http/request-journal.ts), cleared by reset(). */
  readonly journal = new RequestJournal();
  /** Rate limits of the setup (api/rate-limits.ts), rebuilt by reset(); undefined when off or quiet. */
  rateLimits: RateLimiter | undefined;
  /** Faults (latency, 503, drop-after-commit): off until PUT /__harness/faults; counts by kind. */
  readonly faults = new FaultInjector(createRng(0));
  /**
   * The setup's network round trip (api/network-latency.ts), drawn from the seed's 'network' stream
   * (rebuilt by reset()); undefined when the setup has none or the server is quiet.
   */
  network: LinkDelays | undefined;

  constructor(readonly options: HarnessOptions) {
    this.world = options.world;
    this.realNowMs = options.realNowMs ?? (() => performance.now());
    this.clock = new WorldClock(this.realNowMs, Date.parse(options.setup.clock.startUtc), this.speed);
    // Tokens come from the CSPRNG, not the world seed: two servers with one seed must not share tokens,
    // nor may a token be computed from the seed. Logins draw nothing from the world's streams, so entity
    // ids stay deterministic; reset() keeps tokens valid.
    this.auth = new TokenStore(options.clients, () => randomBytes(16).toString('hex'), options.maxTokens);
    this.reset();
  }

  /** Fresh store, clock back at the setup's start, counters cleared; tokens stay valid. */
  reset(): void {
    const { setup, seed, quiet } = this.options;
    const startMs = Date.parse(setup.clock.startUtc);
    this.clock.set(startMs, this.speed);
    ({ store: this.store, idRng: this.idRng } = buildStore({
      world: this.world,
      pressures: setup.pressures,
      startMs,
      seed,
      quiet,
      ...(this.options.retention ? { retention: this.options.retention } : {}),
    }));
    this.refusals = new RefusalCounter();
    this.rateLimits = rateLimiterFor({ pressures: setup.pressures, quiet });
    this.correlationRng = createRng(deriveSeed(seed, 'correlation-ids'));
    this.faults.reset(faultStream(seed));
    const roundTrip = quiet ? null : setup.network.roundTripMs;
    this.network = roundTrip ? roundTripDelays(roundTrip, createRng(deriveSeed(seed, 'network'))) : undefined;
    this.requestCounts = {};
    this.journal.clear();
  }

  /** The speed runs start at: --speed, else the setup's. */
  get speed(): number {
    return this.options.speed ?? this.options.setup.clock.speed;
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

  /** The pipeline's counts (api/pipeline.ts), keyed "METHOD url status" as GET /__harness/stats shows them. */
  readonly tally: AnswerTally = {
    answered: (route: RouteDef, status: number) => this.countRequest(this.countKey(route, status)),
    unanswered: (route: RouteDef, label: string) => this.countRequest(this.countKey(route, label)),
  };

  /** "METHOD url outcome", one string per route and outcome: no concatenation, and its hash is computed once. */
  private readonly countKeys = new Map<RouteDef, Map<number | string, string>>();

  private countKey(route: RouteDef, outcome: number | string): string {
    const byOutcome = inner(this.countKeys, route);
    let key = byOutcome.get(outcome);
    if (key === undefined) byOutcome.set(outcome, (key = `${route.method} ${route.url} ${outcome}`));
    return key;
  }

  countRequest(key: string): void {
    this.requestCounts[key] = (this.requestCounts[key] ?? 0) + 1;
  }
}
