/**
 * Retry throttling with a token bucket, as gRPC proposal A6 ("Client Retries", retryThrottling):
 * the bucket starts full at maxTokens; every failed attempt takes failureCost tokens, every success
 * gives back successCredit (never above maxTokens); retries are refused while tokens <= maxTokens / 2.
 * One bucket belongs to one client (a k6 VU, a simulated client, a sync process) and is injected
 * through SyncDeps, so it sees the client's whole traffic, not one trade's.
 */
export interface RetryBudgetSpec {
  maxTokens: number;
  failureCost: number;
  successCredit: number;
}

/** gRPC A6's example values; the SRE book's "about 10% retries" lands near the same ratio. */
export const GRPC_A6_BUDGET: RetryBudgetSpec = { maxTokens: 10, failureCost: 1, successCredit: 0.1 };

export interface RetryBudget {
  /** A retryable failure was answered. */
  onFailure(): void;
  /** A request succeeded. */
  onSuccess(): void;
  /** May the client retry now? */
  allowsRetry(): boolean;
  tokens(): number;
}

export function createRetryBudget(spec: RetryBudgetSpec): RetryBudget {
  if (!(spec.maxTokens > 0) || !(spec.failureCost >= 0) || !(spec.successCredit >= 0)) {
    throw new Error('retry budget: need maxTokens > 0, failureCost >= 0, successCredit >= 0');
  }
  // Counted in thousandths so that ten credits of 0.1 make exactly one token (no float drift).
  const scale = 1000;
  const max = Math.round(spec.maxTokens * scale);
  const cost = Math.round(spec.failureCost * scale);
  const credit = Math.round(spec.successCredit * scale);
  let milliTokens = max;
  return {
    onFailure() {
      milliTokens = Math.max(0, milliTokens - cost);
    },
    onSuccess() {
      milliTokens = Math.min(max, milliTokens + credit);
    },
    allowsRetry() {
      return milliTokens > max / 2;
    },
    tokens() {
      return milliTokens / scale;
    },
  };
}
