/**
 * Retry strategies as plain data and their named presets. A strategy says how long to wait before a
 * retry, whether to re-read the version after a conflict, and when to stop.
 */
import type { BackoffSpec } from './backoff.ts';

export interface StrategySpec {
  name: string;
  /** One line: where this strategy comes from. */
  origin: string;
  backoff: BackoffSpec;
  /** Re-read the entity's version before retrying after a version conflict or a lock. */
  refetchOnConflict: boolean;
  /** Tries per write step, the first included. Every preset is bounded. */
  maxAttempts: number;
  /** Give up on a trade once this much time has passed since it started. */
  deadlineMs: number;
  /** Wait at least the server's Retry-After on a 429. */
  honourRetryAfter: boolean;
}

export const PRESETS: Readonly<Record<string, StrategySpec>> = {
  'stale-backoff': {
    name: 'stale-backoff',
    origin: 'DST seed thread, ServiceNow script: 3 tries, 2 s doubling, re-sends the version read before the first try',
    backoff: { kind: 'exponential', baseMs: 2000, capMs: 8000 },
    refetchOnConflict: false,
    maxAttempts: 3,
    deadlineMs: 60_000,
    honourRetryAfter: false,
  },
  'refetch-full-jitter': {
    name: 'refetch-full-jitter',
    origin: 'AWS "Exponential Backoff and Jitter" full jitter (base 100 ms, cap 2 s), re-reading the version after each conflict',
    backoff: { kind: 'full-jitter', baseMs: 100, capMs: 2000 },
    refetchOnConflict: true,
    maxAttempts: 6,
    deadlineMs: 60_000,
    honourRetryAfter: true,
  },
};

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

export function getPreset(name: string): StrategySpec {
  const preset = PRESETS[name];
  if (!preset) {
    throw new Error(`unknown strategy "${name}"; known: ${presetNames().join(', ')}`);
  }
  return preset;
}
