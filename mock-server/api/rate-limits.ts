/**
 * Rate limits (DESIGN "Rate limits"; shared/reference/genesys-wfm.md, reported): a token bucket per
 * principal (the bearer token; in-process callers share 'anonymous') over every API request, and one per
 * user over trade writes (`shift.trading.rate.per.user.per.minute`; the user is the one RouteDef.rateUser
 * names: the initiating agent for create and patch, the receiving agent for match). A refused request
 * answers 429 with Retry-After and the Genesys body; every answer carries inin-ratelimit-* headers.
 *
 * Pure and world-clocked: buckets refill with world time, and what a client waits on (Retry-After,
 * inin-ratelimit-reset, the [N] of the message) is stated in world seconds, rounded up: clients wait in
 * world time too (their runtime adapter sleeps worldMs / speed real ms), so a number never depends on
 * the clock's speed (DESIGN "Time: one axis").
 */
import { RATE_LIMIT_HEADERS, RATE_LIMIT_KEYS, RETRY_AFTER_HEADER } from '../../src/contract/wire.ts';
import type { WfmStore } from '../domain/store.ts';
import { ERRORS, errorBody } from './errors.ts';
import type { ApiResponse } from './route-kit.ts';

export interface RateLimitsConfig {
  /** Requests per world-minute per principal (Genesys: 300 per client-credentials token). */
  perTokenPerMinute: number;
  /** Trade writes per world-minute per user (Genesys: shift.trading.rate.per.user.per.minute = 5). */
  perUserTradeWritesPerMinute: number;
}

export const RATE_LIMITS_DEFAULTS: RateLimitsConfig = { perTokenPerMinute: 300, perUserTradeWritesPerMinute: 5 };

/** The principal of a request without a bearer token (the simulator's in-process calls). */
export const ANONYMOUS_PRINCIPAL = 'anonymous';

export type RateLimitKind = 'token' | 'user';

/** The `limit` of the 429 body, per bucket kind (key and namespace are the mock's choice; docs/mock-server.md). */
const LIMIT_NAMES: Record<RateLimitKind, { key: string; namespace: string }> = {
  token: { key: RATE_LIMIT_KEYS.token, namespace: 'platform.api' },
  user: { key: RATE_LIMIT_KEYS.user, namespace: 'workforce.management' },
};

const MINUTE_MS = 60_000;

/** Buckets kept per kind (count): tokens are bounded at 10,000 (api/auth.ts), users by the world. */
export const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  /** World instant of the last refill. */
  atMs: number;
}

export interface RateDecision {
  kind: RateLimitKind;
  ok: boolean;
  /** The bucket's size: requests allowed per world-minute. */
  allowed: number;
  /** Requests the bucket holds as used after this one (allowed - whole tokens left). */
  count: number;
  /** World ms until the bucket is full again. */
  resetWorldMs: number;
  /** World ms until the next request fits (0 when this one was let through). */
  retryWorldMs: number;
}

export class RateLimiter {
  private readonly buckets: Record<RateLimitKind, Map<string, Bucket>> = { token: new Map(), user: new Map() };

  constructor(readonly config: RateLimitsConfig) {
    if (!(config.perTokenPerMinute > 0) || !(config.perUserTradeWritesPerMinute > 0))
      throw new Error('rateLimits: the limits must be > 0');
  }

  /** Take one request from the bucket of `key`, or refuse it; the bucket refills continuously with world time. */
  take(kind: RateLimitKind, key: string, nowMs: number): RateDecision {
    const allowed = kind === 'token' ? this.config.perTokenPerMinute : this.config.perUserTradeWritesPerMinute;
    const perMs = allowed / MINUTE_MS;
    const buckets = this.buckets[kind];
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: allowed, atMs: nowMs };
      // Bounded (count): past MAX_BUCKETS keys the oldest bucket goes; a key seen again starts full,
      // a little lenient for a principal idle long enough to be the oldest of MAX_BUCKETS.
      if (buckets.size >= MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
      buckets.set(key, bucket);
    } else if (nowMs > bucket.atMs) {
      // A clock set back refills nothing until world time passes the last refill again.
      bucket.tokens = Math.min(allowed, bucket.tokens + (nowMs - bucket.atMs) * perMs);
      bucket.atMs = nowMs;
    }
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    return {
      kind,
      ok,
      allowed,
      count: allowed - Math.floor(bucket.tokens),
      resetWorldMs: (allowed - bucket.tokens) / perMs,
      retryWorldMs: ok ? 0 : (1 - bucket.tokens) / perMs,
    };
  }

  /** Buckets held per kind (GET /__harness/stats; each at most MAX_BUCKETS). */
  sizes(): Record<RateLimitKind, number> {
    return { token: this.buckets.token.size, user: this.buckets.user.size };
  }

  /** World ms as whole world seconds, rounded up. */
  seconds(worldMs: number): number {
    return Math.ceil(worldMs / 1000);
  }

  /** inin-ratelimit-* headers of an answer. */
  headers(decision: RateDecision): Record<string, string> {
    return {
      [RATE_LIMIT_HEADERS.count]: String(decision.count),
      [RATE_LIMIT_HEADERS.allowed]: String(decision.allowed),
      [RATE_LIMIT_HEADERS.reset]: String(this.seconds(decision.resetWorldMs)),
    };
  }

  /** The 429 for a refused request, with cause "rate:<kind>" (the pipeline counts it in the audit's rejections). */
  refuse(ctx: { store: WfmStore; correlationId: string }, decision: RateDecision): ApiResponse {
    const seconds = Math.max(1, this.seconds(decision.retryWorldMs));
    const cause = `rate:${decision.kind}`;
    const body = {
      ...errorBody(ERRORS.tooManyRequests, ctx.correlationId, {
        message: `${ERRORS.tooManyRequests.message}. Retry the request in [${seconds}] seconds`,
      }),
      limit: { ...LIMIT_NAMES[decision.kind], value: decision.allowed },
    };
    return { status: 429, headers: { [RETRY_AFTER_HEADER]: String(seconds), ...this.headers(decision) }, body, cause };
  }
}

/** The limiter a scenario asks for, or undefined (off, or --quiet): the listening server and the simulator both build it here. */
export function rateLimiterFor(recipe: {
  pressures: { rateLimits?: Partial<RateLimitsConfig> | null };
  quiet: boolean;
}): RateLimiter | undefined {
  const limits = recipe.pressures.rateLimits;
  if (recipe.quiet || !limits) return undefined;
  return new RateLimiter({ ...RATE_LIMITS_DEFAULTS, ...limits });
}
