/**
 * The retry loop every workflow shares: send one request (paced if the strategy paces), classify the
 * answer, and retry a write step as the strategy says: backoff, Retry-After, attempts, deadline and the
 * client's retry budget. Counts requests, writes and 409s for the outcome.
 */
import { serverSaid } from './refusal.ts';
import { isTokenRefusal, lastAnswerOf } from './failure-cause.ts';
import type { LastAnswer } from './failure-cause.ts';
import type { Clock, ConflictKind, HttpRequest, HttpResponse, MetricsSink, Rng, TradeOutcomeStatus } from './ports.ts';
import type { DriveIo, Steps } from './effects.ts';
import { send, sleep } from './effects.ts';
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
import type { GiveUpReason } from './outcome-reason.ts';

/** What a retry loop's steps read: synchronous ports only (requests and waits are effects: ./effects.ts). */
export interface RetryStepDeps {
  clock: Clock;
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

/** The steps' deps plus the transport and sleep drive() answers their effects with (Node, k6). */
export interface RetryDeps extends RetryStepDeps, DriveIo {}

export const PERMANENT: ReadonlySet<ConflictKind> = new Set(['business-conflict', 'invalid', 'auth']);

/**
 * Whether to re-read the entity before the next try: always after an ambiguous failure (the write may
 * have landed), and after a conflict only when the strategy re-fetches.
 */
export function mustReread(strategy: Pick<StrategySpec, 'refetchOnConflict'>, kind: ConflictKind): boolean {
  return kind === 'transient' || (strategy.refetchOnConflict && (kind === 'version-conflict' || kind === 'locked'));
}

/** Whether the strategy retries this kind at all: its own list, or every kind that is not permanent. */
export function retries(strategy: Pick<StrategySpec, 'retryOn'>, kind: ConflictKind): boolean {
  return strategy.retryOn ? strategy.retryOn.includes(kind) : !PERMANENT.has(kind);
}

/**
 * What a caller's read between two tries decided: try again; the trade was found, so the step's work is
 * done ('found'); or the read could not say whether an ambiguous write landed, so the step must stop
 * rather than risk a duplicate ('unresolved').
 */
export type Between = Retry | Found | { status: 'unresolved' };
export type Retry = { status: 'retry' };
export type Found = { status: 'found'; trade: TradeRecord };
export const RETRY: Retry = { status: 'retry' };

/**
 * How a write step ended: its answer, what the read between tries ended it with, or its retries ended:
 * 'failed' for a permanent refusal, 'gave-up' otherwise. `afterAmbiguous`: an earlier try had an
 * ambiguous answer (status 0, 5xx), so a refusal may be the server refusing our own landed write.
 */
export type StepEnd =
  | { status: 'ok'; response: HttpResponse }
  | { status: 'failed' | 'gave-up'; reason: GiveUpReason; afterAmbiguous: boolean };

export interface RunCounts {
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
  /** The status of the last write's answer (a job's settled status); 0 when no write was answered. */
  lastWriteStatus: number;
  /** Not applied: the last unsuccessful answer of any request (failure-cause.ts), if there was one. */
  lastAnswer?: LastAnswer;
  /** Requests the per-token rate limit refused (429, the token's limit key); absent when none. */
  tokenRefusals?: number;
}

export class RetryRun {
  requests = 0;
  writeRequests = 0;
  conflicts = 0;
  lastWriteStatus = 0;
  /** The last answer that was not a success (status 0 or >= 300), of a read or a write: why a trade failed. */
  private lastFailure: HttpResponse | undefined;
  /** Answers of 429 from the per-token bucket: what the trade cost the token is requests minus these. */
  private tokenRefusals = 0;
  readonly startedMs: number;
  private readonly budget: RetryBudget | undefined;
  private readonly pacer: Pacer | undefined;

  /** `jobs`: the dialect's job settling (genesys-jobs): a write's answer is polled until its job is done. */
  constructor(
    readonly deps: RetryStepDeps,
    private readonly jobs?: JobSettling,
  ) {
    this.startedMs = deps.clock.nowMs();
    const { strategy } = deps;
    this.budget = strategy.retryBudget ? (deps.retryBudget ?? createRetryBudget(strategy.retryBudget)) : undefined;
    this.pacer = strategy.pacing ? (deps.pacer ?? createPacer(strategy.pacing)) : undefined;
  }

  /**
   * Send a write until it succeeds or the strategy stops retrying; `between` runs after each wait, before
   * the next try; `settle` turns an answer into the one classify() reads (Dialect.cancelAnswer). The step ends
   * with its answer, its give-up, or whatever else `between` ended it with.
   */
  *writeWithRetries<B extends Between>(
    step: string,
    build: () => HttpRequest,
    between: (kind: ConflictKind) => Steps<B>,
    settle?: (response: HttpResponse) => HttpResponse,
  ): Steps<StepEnd | Exclude<B, Retry>> {
    const { strategy, rng, sink, clock } = this.deps;
    const backoff = startBackoff(strategy.backoff);
    let afterAmbiguous = false;
    const stop = (kind: ConflictKind, stoppedBy: 'attempts' | 'budget', attempts: number): StepEnd => ({
      status: 'gave-up',
      reason: { kind, stoppedBy, attempts },
      afterAmbiguous,
    });
    // Not retried: a permanent refusal fails the trade, with what the server said; another kind gives up.
    const notRetried = (kind: ConflictKind, attempts: number, response: HttpResponse): StepEnd =>
      PERMANENT.has(kind)
        ? {
            status: 'failed',
            reason: { kind, stoppedBy: 'not-retried', attempts, said: serverSaid(response) },
            afterAmbiguous,
          }
        : { status: 'gave-up', reason: { kind, stoppedBy: 'not-retried', attempts }, afterAmbiguous };
    for (let attempt = 1; ; attempt++) {
      let response = yield* this.sendWrite(step, build());
      // A job's 409 then counts below like a 409 answer; polls are reads of this step.
      if (this.jobs) response = yield* settleJob(this.jobs, response, (poll) => this.sendRead(`${step}:poll`, poll));
      // A route that answers 200 with a refusal inside (legacy state/bulk): the answer it stands for.
      if (settle) response = settle(response);
      this.lastWriteStatus = response.status;
      // A job's or a bulk entity's refusal inside a 200 is the answer that counts.
      if (response.status === 0 || response.status >= 300) this.lastFailure = response;
      const kind = classify(response);
      if (kind === 'ok') {
        this.budget?.onSuccess();
        return { status: 'ok', response };
      }
      if (response.status === 409) {
        this.conflicts++;
        sink.record({ type: 'conflict', step, kind });
      }
      if (!retries(strategy, kind)) return notRetried(kind, attempt, response);
      this.budget?.onFailure();
      const atOnce = strategy.retryAtOnceOn?.includes(kind) === true;
      if (attempt >= strategy.maxAttempts) {
        // A loop that sleeps before testing its counter wastes its last wait too (and draws it).
        if (strategy.sleepAfterLastAttempt && !atOnce) yield* sleep(backoff.next(rng));
        return stop(kind, 'attempts', attempt);
      }
      if (this.budget && !this.budget.allowsRetry()) return stop(kind, 'budget', attempt);
      let delayMs = atOnce ? 0 : backoff.next(rng);
      const serverDelayMs = retryAfterMs(response);
      if (kind === 'rate-limited' && strategy.honourRetryAfter && serverDelayMs !== undefined) {
        delayMs = Math.max(delayMs, serverDelayMs);
      }
      if (clock.nowMs() + delayMs - this.startedMs > strategy.deadlineMs) {
        return {
          status: 'gave-up',
          reason: { kind, stoppedBy: 'deadline', attempts: attempt, deadlineMs: strategy.deadlineMs },
          afterAmbiguous,
        };
      }
      sink.record({ type: 'retry', step, attempt, delayMs, kind });
      yield* sleep(delayMs);
      if (kind === 'transient') afterAmbiguous = true;
      const next = yield* between(kind);
      if (next.status !== 'retry') return next as Exclude<B, Retry>;
    }
  }

  /** A read: counted in requests, not in writes. */
  sendRead(step: string, request: HttpRequest): Steps<HttpResponse> {
    return this.send(step, request, false);
  }

  /** A write: counted in requests and writes (the conflict rate's denominator). */
  sendWrite(step: string, request: HttpRequest): Steps<HttpResponse> {
    return this.send(step, request, true);
  }

  /** One request, after the pacer's wait when the strategy paces; booked in the counts and the sink. */
  private *send(step: string, request: HttpRequest, write: boolean): Steps<HttpResponse> {
    const { clock, sink } = this.deps;
    if (this.pacer) {
      const waitMs = this.pacer.reserve(clock.nowMs());
      if (waitMs > 0) yield* sleep(waitMs);
    }
    const startMs = clock.nowMs();
    const response = yield* send(request);
    this.requests++;
    if (write) this.writeRequests++;
    this.pacer?.observe(response, clock.nowMs());
    if (response.status === 0 || response.status >= 300) {
      this.lastFailure = response;
      if (isTokenRefusal(response)) this.tokenRefusals++;
    }
    sink.record({ type: 'request', step, write, status: response.status, durationMs: clock.nowMs() - startMs });
    return response;
  }

  /** Record the outcome event and return the counts for the result. */
  finish(outcome: TradeOutcomeStatus): RunCounts {
    const durationMs = this.deps.clock.nowMs() - this.startedMs;
    const { requests, writeRequests, conflicts, lastWriteStatus } = this;
    const counts: RunCounts = { requests, writeRequests, conflicts, durationMs, lastWriteStatus };
    if (outcome !== 'applied' && this.lastFailure) counts.lastAnswer = lastAnswerOf(this.lastFailure);
    if (this.tokenRefusals > 0) counts.tokenRefusals = this.tokenRefusals;
    const { lastAnswer, tokenRefusals } = counts;
    this.deps.sink.record({
      type: 'outcome',
      outcome,
      durationMs,
      requests,
      writeRequests,
      lastWriteStatus,
      ...(lastAnswer ? { lastAnswer } : {}),
      ...(tokenRefusals ? { tokenRefusals } : {}),
    });
    return counts;
  }
}
