/**
 * The retry loop every workflow shares: send one request (paced if the strategy paces), classify the
 * answer, and retry a write step as the strategy says: backoff, Retry-After, attempts, deadline and the
 * client's retry budget. Counts requests, writes and 409s for the outcome.
 */
import { refusalReason } from './refusal.ts';
import type { Clock, ConflictKind, HttpRequest, HttpResponse, MetricsSink, Rng, Sleep, Transport, TradeOutcomeStatus } from './ports.ts';
import type { StrategySpec } from './strategies.ts';
import type { TradeRecord } from './trade-plan.ts';
import type { Pacer } from './pacing.ts';
import type { RetryBudget } from './retry-budget.ts';
import { createPacer } from './pacing.ts';
import { createRetryBudget } from './retry-budget.ts';
import { startBackoff } from './backoff.ts';
import { classify, retryAfterMs } from './classify.ts';
import type { JobSettling } from './job-poll.ts';
import { settleJob } from './job-poll.ts';

export interface RetryDeps {
  transport: Transport;
  clock: Clock;
  sleep: Sleep;
  rng: Rng;
  sink: MetricsSink;
  strategy: StrategySpec;
  /**
   * The client's retry budget, shared by all its trades (one per k6 VU or simulated client). When the
   * strategy has a budget and none is injected, each trade gets a fresh one: bounded, but per trade.
   */
  retryBudget?: RetryBudget;
  /** The client's pacer, shared by all its requests; same fallback as retryBudget. */
  pacer?: Pacer;
}

export const PERMANENT: ReadonlySet<ConflictKind> = new Set(['business-conflict', 'invalid', 'auth']);

/**
 * Whether to re-read the entity before the next try: always after an ambiguous failure (the write may
 * have landed), and after a conflict only when the strategy re-fetches.
 */
export function mustReread(strategy: Pick<StrategySpec, 'refetchOnConflict'>, kind: ConflictKind): boolean {
  return kind === 'transient' || (strategy.refetchOnConflict && (kind === 'version-conflict' || kind === 'locked'));
}

/** A failed step: `response` is the refusal's answer when the server refused (permanent). */
export type StepResult = { ok: true; response: HttpResponse } | { ok: false; reason: string; permanent: boolean; response?: HttpResponse };

/** What to do between two tries: 'retry', a trade found by reading that ends the step, or 'stop' (the caller knows why). */
export type BetweenTries = (kind: ConflictKind) => Promise<'retry' | 'stop' | { found: TradeRecord }>;

export interface RunCounts {
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
}

export class RetryRun {
  requests = 0;
  writeRequests = 0;
  conflicts = 0;
  readonly startedMs: number;
  private readonly budget: RetryBudget | undefined;
  private readonly pacer: Pacer | undefined;

  /** `jobs`: the dialect's job settling (genesys-jobs): a write's answer is polled until its job is done. */
  constructor(readonly deps: RetryDeps, private readonly jobs?: JobSettling) {
    this.startedMs = deps.clock.nowMs();
    const { strategy } = deps;
    this.budget = strategy.retryBudget ? (deps.retryBudget ?? createRetryBudget(strategy.retryBudget)) : undefined;
    this.pacer = strategy.pacing ? (deps.pacer ?? createPacer(strategy.pacing)) : undefined;
  }

  async writeWithRetries(step: string, build: () => HttpRequest, between: BetweenTries): Promise<StepResult> {
    const { strategy, rng, sink, clock, sleep } = this.deps;
    const backoff = startBackoff(strategy.backoff);
    for (let attempt = 1; ; attempt++) {
      let response = await this.send(step, true, build());
      // A job's 409 then counts below like a 409 answer; polls are reads of this step.
      if (this.jobs) response = await settleJob(this.jobs, response, { send: (poll) => this.send(`${step}:poll`, false, poll), sleep });
      const kind = classify(response);
      if (kind === 'ok') {
        this.budget?.onSuccess();
        return { ok: true, response };
      }
      if (response.status === 409) {
        this.conflicts++;
        sink.record({ type: 'conflict', step, kind });
      }
      if (PERMANENT.has(kind)) return { ok: false, reason: refusalReason(kind, response), permanent: true, response };
      this.budget?.onFailure();
      if (attempt >= strategy.maxAttempts) return { ok: false, reason: `${kind} after ${attempt} attempts`, permanent: false };
      if (this.budget && !this.budget.allowsRetry()) return { ok: false, reason: `${kind}, retry budget empty after ${attempt} attempts`, permanent: false };
      let delayMs = backoff.next(rng);
      const serverDelayMs = retryAfterMs(response);
      if (kind === 'rate-limited' && strategy.honourRetryAfter && serverDelayMs !== undefined) {
        delayMs = Math.max(delayMs, serverDelayMs);
      }
      if (clock.nowMs() + delayMs - this.startedMs > strategy.deadlineMs) {
        return { ok: false, reason: `${kind}, deadline ${strategy.deadlineMs} ms`, permanent: false };
      }
      sink.record({ type: 'retry', step, attempt, delayMs, kind });
      await sleep(delayMs);
      const next = await between(kind);
      if (next === 'stop') return { ok: false, reason: 'stopped', permanent: false };
      if (next !== 'retry') return { ok: false, reason: 'resolved-by-lookup', permanent: false };
    }
  }

  async send(step: string, write: boolean, request: HttpRequest): Promise<HttpResponse> {
    const { clock, sleep, transport, sink } = this.deps;
    if (this.pacer) {
      const waitMs = this.pacer.reserve(clock.nowMs());
      if (waitMs > 0) await sleep(waitMs);
    }
    const startMs = clock.nowMs();
    const response = await transport.request(request);
    this.requests++;
    if (write) this.writeRequests++;
    this.pacer?.observe(response, clock.nowMs());
    sink.record({ type: 'request', step, write, status: response.status, durationMs: clock.nowMs() - startMs });
    return response;
  }

  /** Record the outcome event and return the counts for the result. */
  finish(outcome: TradeOutcomeStatus): RunCounts {
    const durationMs = this.deps.clock.nowMs() - this.startedMs;
    this.deps.sink.record({ type: 'outcome', outcome, durationMs, requests: this.requests, writeRequests: this.writeRequests });
    return { requests: this.requests, writeRequests: this.writeRequests, conflicts: this.conflicts, durationMs };
  }
}
