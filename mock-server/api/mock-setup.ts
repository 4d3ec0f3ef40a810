/**
 * What the mock runs with besides its World: the clock at reset, the pressures (the domain's and the
 * API's rate limits) and the network round trip. Defined here, in the mock's own terms, so the mock
 * knows no scenario format: the CLI and the simulator turn a scenario into a World and a MockSetup
 * (src/scenario/mock-setup.ts), and `mock-server/` imports nothing from `src/` but `src/contract/`.
 */
import type { PressureSettings } from '../domain/pressure-settings.ts';
import type { RateLimitsConfig } from './rate-limits.ts';
import type { RoundTripSpec } from './network-latency.ts';

/** The domain's pressures plus the API's per-token and per-user rate limits (429). */
export interface MockPressures extends PressureSettings {
  /** Per-token and per-user trade-write token buckets, 429 (RATE_LIMITS_DEFAULTS); null or absent: off. */
  rateLimits?: Partial<RateLimitsConfig> | null;
}

export interface MockSetup {
  /** The world clock at reset: where it starts (ISO UTC) and its default speed (world ms per real ms). */
  clock: { startUtc: string; speed: number };
  pressures: MockPressures;
  /** The client-server round trip in world ms (network-latency.ts); null: none (loopback only). */
  network: { roundTripMs: RoundTripSpec | null };
}
