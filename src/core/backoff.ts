/**
 * Backoff specs as plain data and the delay sequences they produce. A sequence is started once per
 * retried step; every random draw comes from the injected Rng so a seed replays the same delays.
 * Formulas follow the AWS Architecture Blog "Exponential Backoff and Jitter" (2015), see
 * shared/reference/retry-literature.md: expo(n) = min(cap, base * factor^n), n = firstExponent (default 0)
 * for the first retry. The published simulator (aws-samples/aws-arch-backoff-simulator) counts its first
 * retry as n = 1, so the aws-occ scenario sets firstExponent: 1 to replay it exactly.
 * Each kind is one small generator (spec, state, rng) → [delay, next state] in a table keyed by kind
 * (cockatiel's shape): a new kind is one entry, and the state a kind keeps is visible in its signature.
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

export interface BackoffSequence {
  /** The delay before the next retry, in ms. */
  next(rng: Rng): number;
}

/** What a generator remembers between delays. Immutable: a generator returns the next one. */
export interface BackoffState {
  /** 0 before the first retry. */
  readonly retryIndex: number;
  /** The previous delay before rounding: decorrelated jitter grows from it. */
  readonly previousMs: number;
  /** Polly V2 takes differences of its formula: the formula's previous value, not the previous delay. */
  readonly formulaPrevious: number;
}

const START: BackoffState = { retryIndex: 0, previousMs: 0, formulaPrevious: 0 };

/** One kind's delay rule (cockatiel's generator shape): the unrounded delay and the state after it. */
export type BackoffGenerator<K extends BackoffKind> = (
  spec: Extract<BackoffSpec, { kind: K }>,
  state: BackoffState,
  rng: Rng,
) => readonly [delayMs: number, next: BackoffState];

function after(
  state: BackoffState,
  delayMs: number,
  formulaPrevious = state.formulaPrevious,
): readonly [number, BackoffState] {
  return [delayMs, { retryIndex: state.retryIndex + 1, previousMs: delayMs, formulaPrevious }];
}

function expo(baseMs: number, capMs: number, retryIndex: number, factor = 2): number {
  return Math.min(capMs, baseMs * Math.pow(factor, retryIndex));
}

/** expo(n) of an exponential-family spec, n counted from its firstExponent; only 'exponential' has a factor. */
function expoOf(spec: ExpoFields, state: BackoffState, factor?: number): number {
  return expo(spec.baseMs, spec.capMs, state.retryIndex + (spec.firstExponent ?? 0), factor);
}

/** Polly's "p" factor and the scaling that makes the first median land at medianFirstDelayMs. */
const POLLY_P_FACTOR = 4;
const POLLY_RP_SCALING = 1 / 1.4;

/** 2^t * tanh(sqrt(p * t)): the smoothed exponential Polly V2 takes differences of. */
export function pollyFormula(t: number): number {
  return Math.pow(2, t) * Math.tanh(Math.sqrt(POLLY_P_FACTOR * t));
}

/** Every kind's generator. Keyed by kind, so a kind added to BackoffSpec without one is a type error. */
const GENERATORS: { readonly [K in BackoffKind]: BackoffGenerator<K> } = {
  none: (_spec, state) => after(state, 0),
  fixed: (spec, state) => after(state, spec.delayMs),
  uniform: (spec, state, rng) => after(state, uniform(rng, spec.minMs, spec.maxMs)),
  exponential: (spec, state) => after(state, expoOf(spec, state, spec.factor)),
  'full-jitter': (spec, state, rng) => after(state, uniform(rng, 0, expoOf(spec, state))),
  'equal-jitter': (spec, state, rng) => {
    const half = expoOf(spec, state) / 2;
    return after(state, half + uniform(rng, 0, half));
  },
  // sleep = min(cap, U(base, 3 * previous sleep)), starting at base
  'decorrelated-jitter': (spec, state, rng) =>
    after(state, Math.min(spec.capMs, uniform(rng, spec.baseMs, 3 * (state.previousMs || spec.baseMs)))),
  // t = attempt + U(0,1); delay = (f(t) - f(previous t)) / 1.4 * medianFirstDelay, capped.
  'polly-v2': (spec, state, rng) => {
    const formula = pollyFormula(state.retryIndex + rng.next());
    const raw = (formula - state.formulaPrevious) * POLLY_RP_SCALING * spec.medianFirstDelayMs;
    return after(state, Number.isFinite(raw) ? Math.min(spec.capMs, raw) : spec.capMs, formula);
  },
};

export const BACKOFF_KINDS = Object.keys(GENERATORS) as readonly BackoffKind[];

/** The generator of a spec's kind, typed for that kind's spec. */
function generatorOf<K extends BackoffKind>(spec: Extract<BackoffSpec, { kind: K }>): BackoffGenerator<K> {
  return GENERATORS[spec.kind];
}

/** A delay sequence for one retried step: whole ms, every random draw from the rng it is given. */
export function startBackoff(spec: BackoffSpec): BackoffSequence {
  const generate = generatorOf(spec);
  let state = START;
  return {
    next(rng: Rng): number {
      const [delayMs, next] = generate(spec, state, rng);
      state = next;
      return Math.round(delayMs);
    },
  };
}
