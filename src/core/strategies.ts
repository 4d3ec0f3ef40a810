/**
 * Retry strategies as plain data and their named presets. A strategy composes: how long to wait before
 * a retry (backoff), whether to re-read the version after a conflict, when to stop (attempts and
 * deadline, always both), and optionally a retry budget, pacing and partitioning. Every preset is
 * bounded; where a source retried without a bound, the bound is ours and hitting it is a give-up.
 */
import type { BackoffSpec } from './backoff.ts';
import type { ConflictKind } from './ports.ts';
import type { PacingSpec } from './pacing.ts';
import type { RetryBudgetSpec } from './retry-budget.ts';
import { GRPC_A6_BUDGET } from './retry-budget.ts';
import type { TradePlan } from './trade-plan.ts';

/** How runners spread trades over workers: 'schedule' puts every trade of one schedule on one worker. */
export type Partitioning = 'schedule';

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
  /** Token-bucket retry throttling per client (gRPC A6); the workflow stops retrying when it is empty. */
  retryBudget?: RetryBudgetSpec;
  /** Client-side pacing of every request (minimum gap, rate-limit headers). */
  pacing?: PacingSpec;
  /** Serialize trades by key; honoured by the runners (sim, k6 entry points), which own the workers. */
  partitioning?: Partitioning;
  /**
   * The kinds of failure this strategy retries at all (default: every kind that is not permanent). A
   * script that loops on `status == 409` only lists the 409 kinds; a listed permanent kind is retried too.
   */
  retryOn?: readonly ConflictKind[];
  /** Kinds retried at once, with no wait and without advancing the backoff (a script's catch-and-loop). */
  retryAtOnceOn?: readonly ConflictKind[];
  /** Wait the backoff after the last failed attempt too, before giving up (a loop that sleeps, then tests its counter). */
  sleepAfterLastAttempt?: boolean;
}

/** Every 409: what a script testing `status == 409` retries. */
export const ANY_409: readonly ConflictKind[] = ['version-conflict', 'locked', 'business-conflict'];

const MINUTE_MS = 60_000;

/**
 * The published experiment's timing (retry-literature.md): base 5 ms, cap 2 s, and the published
 * simulator's first retry at n = 1 (10 ms). The AWS-family presets share it so that they compare on
 * the aws-occ scenario exactly as published.
 */
const AWS = { baseMs: 5, capMs: 2000, firstExponent: 1 } as const;

const BASE = { maxAttempts: 10, deadlineMs: MINUTE_MS, honourRetryAfter: true, refetchOnConflict: true } as const;

/** Named presets; `satisfies` checks each against StrategySpec and keeps the names as a type (PresetName). */
export const PRESETS = {
  'no-retry': {
    name: 'no-retry',
    origin: 'The Genesys SDK default: no retries at all, a 409 or 429 fails the trade at once',
    backoff: { kind: 'none' },
    refetchOnConflict: false,
    maxAttempts: 1,
    deadlineMs: MINUTE_MS,
    honourRetryAfter: false,
  },
  'stale-backoff': {
    name: 'stale-backoff',
    origin:
      'DST seed thread, ServiceNow script: 3 tries re-sending the ETag read before the first try; after each 409 ' +
      ('(the last too) it sleeps 2, 4, 8 s; a thrown error or another failing status loops at once. Differs on ' +
        'purpose: a 4xx other than 409 stops here (the script would re-send it at once)'),
    backoff: { kind: 'exponential', baseMs: 2000, capMs: 8000 },
    refetchOnConflict: false,
    maxAttempts: 3,
    deadlineMs: 60_000,
    honourRetryAfter: false,
    retryAtOnceOn: ['transient', 'rate-limited'],
    sleepAfterLastAttempt: true,
  },
  'refetch-fixed-2s': {
    name: 'refetch-fixed-2s',
    origin:
      'Seed thread 2 (Python): on a 409 sleep 2 s, re-fetch state and ETag, and recurse without a bound; any ' +
      'other status is returned. Differs on purpose: bounded here at 10 tries (hitting it is a give-up)',
    backoff: { kind: 'fixed', delayMs: 2000 },
    refetchOnConflict: true,
    maxAttempts: 10,
    deadlineMs: MINUTE_MS,
    honourRetryAfter: false,
    retryOn: ANY_409,
  },
  'refetch-jitter-200-500': {
    name: 'refetch-jitter-200-500',
    origin:
      'Seed thread 3 (JMeter), delay rule alone: on a 409, a random 200-500 ms, then re-fetch and retry ' +
      '(rate-limit headers not read). Differs on purpose: no bound was given; 8 tries here',
    backoff: { kind: 'uniform', minMs: 200, maxMs: 500 },
    refetchOnConflict: true,
    maxAttempts: 8,
    deadlineMs: MINUTE_MS,
    honourRetryAfter: false,
    retryOn: ANY_409,
  },
  'random-1-5s-refetch': {
    name: 'random-1-5s-refetch',
    origin:
      'Seed thread 4 (Python): on a 409 wait a random 1-5 s, re-fetch and recurse; any other status is returned. ' +
      'Differs on purpose: no bound was given; 6 tries here',
    backoff: { kind: 'uniform', minMs: 1000, maxMs: 5000 },
    refetchOnConflict: true,
    maxAttempts: 6,
    deadlineMs: MINUTE_MS,
    honourRetryAfter: false,
    retryOn: ANY_409,
  },
  'serialized-per-schedule': {
    name: 'serialized-per-schedule',
    origin:
      'Seed thread 5: no parallel writes to one schedule (one worker per schedule), rate-limited to 300 ' +
      'requests/min; retries as refetch-full-jitter',
    backoff: { kind: 'full-jitter', baseMs: 100, capMs: 2000 },
    ...BASE,
    maxAttempts: 6,
    pacing: { minGapMs: 200, followRateLimitHeaders: true, headroomFraction: 0.2 },
    partitioning: 'schedule',
  },
  'bash-2n': {
    name: 'bash-2n',
    origin:
      'Seed thread 6 (bash): at most 5 POSTs of the same request; after each 409 (the fifth too) it sleeps 2^n s ' +
      ('(1, 2, 4, 8, 16); any other answer ends the loop. It reads the status from the body with jq, which the ' +
        'compat 409 body lacks: modelled as meant, on the HTTP status'),
    backoff: { kind: 'exponential', baseMs: 1000, capMs: 16_000 },
    refetchOnConflict: false,
    maxAttempts: 5,
    deadlineMs: MINUTE_MS,
    honourRetryAfter: false,
    retryOn: ANY_409,
    sleepAfterLastAttempt: true,
  },
  'refetch-full-jitter': {
    name: 'refetch-full-jitter',
    origin:
      'AWS "Exponential Backoff and Jitter" full jitter (base 100 ms, cap 2 s), re-reading the version after each conflict',
    backoff: { kind: 'full-jitter', baseMs: 100, capMs: 2000 },
    refetchOnConflict: true,
    maxAttempts: 6,
    deadlineMs: 60_000,
    honourRetryAfter: true,
  },
  'no-backoff': {
    name: 'no-backoff',
    origin: 'AWS blog baseline "no backoff": re-read and retry at once',
    backoff: { kind: 'none' },
    ...BASE,
  },
  exponential: {
    name: 'exponential',
    origin:
      'AWS blog exponential backoff without jitter: min(cap, base * 2^n), base 5 ms, cap 2 s, re-read on conflict',
    backoff: { kind: 'exponential', ...AWS },
    ...BASE,
  },
  'full-jitter': {
    name: 'full-jitter',
    origin: 'AWS blog full jitter: U(0, min(cap, base * 2^n)), base 5 ms, cap 2 s, re-read on conflict',
    backoff: { kind: 'full-jitter', ...AWS },
    ...BASE,
  },
  'equal-jitter': {
    name: 'equal-jitter',
    origin: 'AWS blog equal jitter: half of expo(n) plus U(0, half), base 5 ms, cap 2 s, re-read on conflict',
    backoff: { kind: 'equal-jitter', ...AWS },
    ...BASE,
  },
  'decorrelated-jitter': {
    name: 'decorrelated-jitter',
    origin:
      'AWS blog decorrelated jitter: min(cap, U(base, 3 * previous sleep)), base 5 ms, cap 2 s, re-read on conflict',
    backoff: { kind: 'decorrelated-jitter', baseMs: AWS.baseMs, capMs: AWS.capMs },
    ...BASE,
  },
  'polly-v2': {
    name: 'polly-v2',
    origin:
      'Polly DecorrelatedJitterBackoffV2: 2^t * tanh(sqrt(4t)) differences, median first delay 10 ms, cap 2 s, re-read on conflict',
    backoff: { kind: 'polly-v2', medianFirstDelayMs: 10, capMs: AWS.capMs },
    ...BASE,
  },
  'retry-budget': {
    name: 'retry-budget',
    origin:
      'gRPC A6 retry throttling (10 tokens, -1 per failure, +0.1 per success, no retry at <= 5) over AWS full jitter',
    backoff: { kind: 'full-jitter', ...AWS },
    ...BASE,
    retryBudget: GRPC_A6_BUDGET,
  },
  'rate-paced': {
    name: 'rate-paced',
    origin:
      'Seed thread 3 in full: re-fetch, random 200-500 ms, and slow down on inin-ratelimit-* headers and ' +
      'Retry-After (reported: conflicts 15% to under 1%)',
    backoff: { kind: 'uniform', minMs: 200, maxMs: 500 },
    ...BASE,
    maxAttempts: 8,
    pacing: { minGapMs: 0, followRateLimitHeaders: true, headroomFraction: 0.2 },
  },
} satisfies Record<string, StrategySpec>;

export type PresetName = keyof typeof PRESETS;

export function presetNames(): PresetName[] {
  return Object.keys(PRESETS) as PresetName[];
}

/** Own keys only: a name such as "toString" is not a preset (hasOwnProperty: k6 may lack Object.hasOwn). */
export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** A preset by a name from user input, checked at run time. */
export function getPreset(name: string): StrategySpec {
  if (!isPresetName(name)) throw new Error(`unknown strategy "${name}"; known: ${presetNames().join(', ')}`);
  return PRESETS[name];
}

/** The worker key a runner must serialize this trade on, or undefined when trades may run in parallel. */
export function partitionKey(strategy: StrategySpec, plan: Pick<TradePlan, 'scheduleId'>): string | undefined {
  return strategy.partitioning === 'schedule' ? `schedule:${plan.scheduleId}` : undefined;
}

/**
 * What compare and sim run when no strategy is named: the SDK's no-retry, the DST thread's failing
 * ServiceNow loop, the JMeter fix the thread credits with "15% to under 1%", and AWS full jitter.
 */
export const DEFAULT_COMPARISON = [
  'no-retry',
  'stale-backoff',
  'refetch-jitter-200-500',
  'refetch-full-jitter',
] as const;
