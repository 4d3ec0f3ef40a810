/**
 * Backoff specs as plain data and the delay sequences they produce. A sequence is started once per
 * retried step; every random draw comes from the injected Rng so a seed replays the same delays.
 * Formulas follow the AWS Architecture Blog "Exponential Backoff and Jitter" (2015), see
 * shared/reference/retry-literature.md: expo(n) = min(cap, base * factor^n), n = 0 for the first retry.
 */
import type { Rng } from './rng.ts';
import { uniform } from './rng.ts';

export type BackoffSpec =
  | { kind: 'none' }
  | { kind: 'fixed'; delayMs: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; baseMs: number; capMs: number; factor?: number }
  | { kind: 'full-jitter'; baseMs: number; capMs: number }
  | { kind: 'equal-jitter'; baseMs: number; capMs: number }
  | { kind: 'decorrelated-jitter'; baseMs: number; capMs: number };

export interface BackoffSequence {
  /** The delay before the next retry, in ms. */
  next(rng: Rng): number;
}

function expo(baseMs: number, capMs: number, retryIndex: number, factor = 2): number {
  return Math.min(capMs, baseMs * Math.pow(factor, retryIndex));
}

export function startBackoff(spec: BackoffSpec): BackoffSequence {
  let retryIndex = 0;
  let previousMs = 0;
  return {
    next(rng: Rng): number {
      const n = retryIndex++;
      let delayMs: number;
      switch (spec.kind) {
        case 'none':
          delayMs = 0;
          break;
        case 'fixed':
          delayMs = spec.delayMs;
          break;
        case 'uniform':
          delayMs = uniform(rng, spec.minMs, spec.maxMs);
          break;
        case 'exponential':
          delayMs = expo(spec.baseMs, spec.capMs, n, spec.factor);
          break;
        case 'full-jitter':
          delayMs = uniform(rng, 0, expo(spec.baseMs, spec.capMs, n));
          break;
        case 'equal-jitter': {
          const half = expo(spec.baseMs, spec.capMs, n) / 2;
          delayMs = half + uniform(rng, 0, half);
          break;
        }
        case 'decorrelated-jitter':
          // sleep = min(cap, U(base, 3 * previous sleep)), starting at base
          delayMs = Math.min(spec.capMs, uniform(rng, spec.baseMs, 3 * (previousMs || spec.baseMs)));
          break;
      }
      previousMs = delayMs;
      return Math.round(delayMs);
    },
  };
}
