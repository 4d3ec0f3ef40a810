/**
 * Backoff specs as plain data and the delay sequences they produce. A sequence is started once per
 * retried step; every random draw comes from the injected Rng so a seed replays the same delays.
 * Formulas follow the AWS Architecture Blog "Exponential Backoff and Jitter" (2015), see
 * shared/reference/retry-literature.md: expo(n) = min(cap, base * factor^n), n = firstExponent (default 0)
 * for the first retry. The published simulator (aws-samples/aws-arch-backoff-simulator) counts its first
 * retry as n = 1, so the aws-occ scenario sets firstExponent: 1 to replay it exactly.
 */
import type { Rng } from '../contract/rng.ts';
import { uniform } from '../contract/rng.ts';

interface ExpoFields {
  baseMs: number;
  capMs: number;
  /** The n of the first retry in expo(n); 0 unless a published setup counts from 1. */
  firstExponent?: number;
}

export type BackoffSpec =
  | { kind: 'none' }
  | { kind: 'fixed'; delayMs: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | ({ kind: 'exponential'; factor?: number } & ExpoFields)
  | ({ kind: 'full-jitter' } & ExpoFields)
  | ({ kind: 'equal-jitter' } & ExpoFields)
  | { kind: 'decorrelated-jitter'; baseMs: number; capMs: number }
  /** Polly.Contrib.WaitAndRetry DecorrelatedJitterBackoffV2: medians near 1x, 2x, 4x the median first delay. */
  | { kind: 'polly-v2'; medianFirstDelayMs: number; capMs: number };

export type BackoffKind = BackoffSpec['kind'];

export const BACKOFF_KINDS: readonly BackoffKind[] = [
  'none', 'fixed', 'uniform', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter', 'polly-v2',
];

export interface BackoffSequence {
  /** The delay before the next retry, in ms. */
  next(rng: Rng): number;
}

function expo(baseMs: number, capMs: number, retryIndex: number, factor = 2): number {
  return Math.min(capMs, baseMs * Math.pow(factor, retryIndex));
}

/** Polly's "p" factor and the scaling that makes the first median land at medianFirstDelayMs. */
const POLLY_P_FACTOR = 4;
const POLLY_RP_SCALING = 1 / 1.4;

/** 2^t * tanh(sqrt(p * t)): the smoothed exponential Polly V2 takes differences of. */
export function pollyFormula(t: number): number {
  return Math.pow(2, t) * Math.tanh(Math.sqrt(POLLY_P_FACTOR * t));
}

export function startBackoff(spec: BackoffSpec): BackoffSequence {
  let retryIndex = 0;
  let previousMs = 0;
  // Polly V2 keeps the previous value of its formula, not the previous delay.
  let pollyPrevious = 0;
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
          delayMs = expo(spec.baseMs, spec.capMs, n + (spec.firstExponent ?? 0), spec.factor);
          break;
        case 'full-jitter':
          delayMs = uniform(rng, 0, expo(spec.baseMs, spec.capMs, n + (spec.firstExponent ?? 0)));
          break;
        case 'equal-jitter': {
          const half = expo(spec.baseMs, spec.capMs, n + (spec.firstExponent ?? 0)) / 2;
          delayMs = half + uniform(rng, 0, half);
          break;
        }
        case 'decorrelated-jitter':
          // sleep = min(cap, U(base, 3 * previous sleep)), starting at base
          delayMs = Math.min(spec.capMs, uniform(rng, spec.baseMs, 3 * (previousMs || spec.baseMs)));
          break;
        case 'polly-v2': {
          // t = attempt + U(0,1); delay = (f(t) - f(previous t)) / 1.4 * medianFirstDelay, capped.
          const t = n + rng.next();
          const next = pollyFormula(t);
          const raw = (next - pollyPrevious) * POLLY_RP_SCALING * spec.medianFirstDelayMs;
          delayMs = Number.isFinite(raw) ? Math.min(spec.capMs, raw) : spec.capMs;
          pollyPrevious = next;
          break;
        }
      }
      previousMs = delayMs;
      return Math.round(delayMs);
    },
  };
}
