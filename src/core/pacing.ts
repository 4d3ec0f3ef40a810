/**
 * Client-side pacing: a minimum gap between two requests of one client, and slowing down on the rate-
 * limit headers Genesys sends (shared/reference/genesys-wfm.md "Rate limits", reported):
 * `inin-ratelimit-allowed` (requests per window), `inin-ratelimit-count` (used so far) and
 * `inin-ratelimit-reset` (read here as seconds until the window resets), plus Retry-After on a 429.
 * Like the retry budget, one pacer belongs to one client and is injected through SyncDeps.
 */
import { RATE_LIMIT_HEADERS } from '../contract/wire.ts';
import type { HttpResponse } from './ports.ts';
import { retryAfterMs } from './classify.ts';

export interface PacingSpec {
  /** At least this long between the starts of two requests of one client. */
  minGapMs: number;
  /** Read inin-ratelimit-* and Retry-After from every answer and hold the client back accordingly. */
  followRateLimitHeaders: boolean;
  /** Once fewer than this fraction of the allowed requests remain, spread the rest evenly until the reset. */
  headroomFraction: number;
}

export interface Pacer {
  /** Reserve a send slot: how long to wait before sending a request that would go out at nowMs. */
  reserve(nowMs: number): number;
  /** Learn from an answer received at nowMs. */
  observe(response: HttpResponse, nowMs: number): void;
}

function headerNumber(response: HttpResponse, name: string): number | undefined {
  const raw = response.headers[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** The earliest next send the rate-limit headers of one answer allow, or undefined if they say nothing. */
export function holdFromHeaders(response: HttpResponse, nowMs: number, headroomFraction: number): number | undefined {
  const serverDelayMs = response.status === 429 ? retryAfterMs(response) : undefined;
  const allowed = headerNumber(response, RATE_LIMIT_HEADERS.allowed);
  const count = headerNumber(response, RATE_LIMIT_HEADERS.count);
  const resetS = headerNumber(response, RATE_LIMIT_HEADERS.reset);
  let untilMs: number | undefined = serverDelayMs === undefined ? undefined : nowMs + serverDelayMs;
  if (allowed !== undefined && count !== undefined && resetS !== undefined && allowed > 0) {
    const remaining = allowed - count;
    const resetMs = Math.max(0, resetS) * 1000;
    let headerUntilMs: number | undefined;
    if (remaining <= 0) headerUntilMs = nowMs + resetMs;
    else if (remaining < allowed * headroomFraction) headerUntilMs = nowMs + resetMs / remaining;
    if (headerUntilMs !== undefined) untilMs = Math.max(untilMs ?? headerUntilMs, headerUntilMs);
  }
  return untilMs;
}

export function createPacer(spec: PacingSpec): Pacer {
  let notBeforeMs = Number.NEGATIVE_INFINITY;
  return {
    reserve(nowMs) {
      const sendAtMs = Math.max(nowMs, notBeforeMs);
      notBeforeMs = sendAtMs + spec.minGapMs;
      return Math.ceil(sendAtMs - nowMs);
    },
    observe(response, nowMs) {
      if (!spec.followRateLimitHeaders) return;
      const untilMs = holdFromHeaders(response, nowMs, spec.headroomFraction);
      if (untilMs !== undefined) notBeforeMs = Math.max(notBeforeMs, untilMs);
    },
  };
}
