/**
 * The trade workflow: create the trade, then match it with the version it carries, retrying each
 * write as the strategy says. Ambiguous failures (status 0, 5xx) are resolved by reading before
 * writing again, so a lost response never creates a second trade.
 */
import type { Clock, ConflictKind, HttpRequest, HttpResponse, MetricsSink, Rng, Sleep, Transport, TradeOutcomeStatus } from './ports.ts';
import type { Dialect } from './dialects/dialect.ts';
import type { StrategySpec } from './strategies.ts';
import type { TradePlan, TradeRecord } from './trade-plan.ts';
import { startBackoff } from './backoff.ts';
import { classify, retryAfterMs } from './classify.ts';

export interface SyncDeps {
  transport: Transport;
  clock: Clock;
  sleep: Sleep;
  rng: Rng;
  sink: MetricsSink;
  strategy: StrategySpec;
  dialect: Dialect;
}

export interface TradeResult {
  legacyId: string;
  outcome: TradeOutcomeStatus;
  tradeId?: string;
  /** Why a trade was not applied: the last classification, or a business reason. */
  reason?: string;
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
}

const PERMANENT: ReadonlySet<ConflictKind> = new Set(['business-conflict', 'invalid', 'auth']);

type StepResult = { ok: true; response: HttpResponse } | { ok: false; reason: string; permanent: boolean };

/** What to do between two tries: 'retry', or a trade found by reading that ends the step. */
type BetweenTries = (kind: ConflictKind) => Promise<'retry' | { found: TradeRecord }>;

class TradeRun {
  private requests = 0;
  private writeRequests = 0;
  private conflicts = 0;
  private readonly startedMs: number;

  constructor(private readonly plan: TradePlan, private readonly deps: SyncDeps) {
    this.startedMs = deps.clock.nowMs();
  }

  async execute(): Promise<TradeResult> {
    const created = await this.create();
    if ('outcome' in created) return created;
    return this.match(created.trade);
  }

  private async create(): Promise<{ trade: TradeRecord } | TradeResult> {
    const { dialect } = this.deps;
    let found: TradeRecord | undefined;
    const step = await this.writeWithRetries('create', () => dialect.createRequest(this.plan), async (kind) => {
      if (kind !== 'transient') return 'retry';
      found = await this.lookup();
      return found ? { found } : 'retry';
    });
    if (found) return { trade: found };
    if (!step.ok) return this.finish(step.permanent ? 'failed' : 'gave-up', undefined, step.reason);
    return { trade: dialect.parseTrade(step.response) };
  }

  private async match(initial: TradeRecord): Promise<TradeResult> {
    const { dialect, strategy } = this.deps;
    let trade = initial;
    if (trade.state === 'Approved') return this.finish('applied', trade.id);
    let alreadyDone: TradeRecord | undefined;
    const step = await this.writeWithRetries('match', () => dialect.matchRequest(this.plan, trade), async (kind) => {
      // An ambiguous failure is always resolved by reading; a conflict only if the strategy re-fetches.
      const mustRead = kind === 'transient' || (strategy.refetchOnConflict && (kind === 'version-conflict' || kind === 'locked'));
      if (!mustRead) return 'retry';
      const fresh = await this.lookup(trade.id);
      if (!fresh) return 'retry';
      if (fresh.state === 'Approved') {
        alreadyDone = fresh;
        return { found: fresh };
      }
      trade = fresh;
      return 'retry';
    });
    if (alreadyDone) return this.finish('applied', alreadyDone.id);
    if (!step.ok) return this.finish(step.permanent ? 'failed' : 'gave-up', trade.id, step.reason);
    const matched = dialect.parseMatch(step.response);
    if (matched.violations.length > 0) return this.finish('failed', trade.id, `violations: ${matched.violations.join(',')}`);
    if (matched.trade.state !== 'Approved') return this.finish('failed', trade.id, `left in state ${matched.trade.state}`);
    return this.finish('applied', trade.id);
  }

  private async lookup(tradeId?: string): Promise<TradeRecord | undefined> {
    const response = await this.send('lookup', false, this.deps.dialect.lookupRequest(this.plan));
    if (classify(response) !== 'ok') return undefined;
    return this.deps.dialect.findTrade(response, this.plan, tradeId);
  }

  private async writeWithRetries(step: string, build: () => HttpRequest, between: BetweenTries): Promise<StepResult> {
    const { strategy, rng, sink, clock, sleep } = this.deps;
    const backoff = startBackoff(strategy.backoff);
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(step, true, build());
      const kind = classify(response);
      if (kind === 'ok') return { ok: true, response };
      if (response.status === 409) {
        this.conflicts++;
        sink.record({ type: 'conflict', step, kind });
      }
      if (PERMANENT.has(kind)) return { ok: false, reason: kind, permanent: true };
      if (attempt >= strategy.maxAttempts) return { ok: false, reason: `${kind} after ${attempt} attempts`, permanent: false };
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
      if (next !== 'retry') return { ok: false, reason: 'resolved-by-lookup', permanent: false };
    }
  }

  private async send(step: string, write: boolean, request: HttpRequest): Promise<HttpResponse> {
    const startMs = this.deps.clock.nowMs();
    const response = await this.deps.transport.request(request);
    this.requests++;
    if (write) this.writeRequests++;
    this.deps.sink.record({ type: 'request', step, write, status: response.status, durationMs: this.deps.clock.nowMs() - startMs });
    return response;
  }

  private finish(outcome: TradeOutcomeStatus, tradeId?: string, reason?: string): TradeResult {
    const durationMs = this.deps.clock.nowMs() - this.startedMs;
    this.deps.sink.record({ type: 'outcome', outcome, durationMs, requests: this.requests, writeRequests: this.writeRequests });
    const result: TradeResult = {
      legacyId: this.plan.legacyId,
      outcome,
      requests: this.requests,
      writeRequests: this.writeRequests,
      conflicts: this.conflicts,
      durationMs,
    };
    if (tradeId !== undefined) result.tradeId = tradeId;
    if (reason !== undefined) result.reason = reason;
    return result;
  }
}

/** Apply one swap through the strategy. Never throws for an HTTP outcome; the result says what happened. */
export function syncTrade(plan: TradePlan, deps: SyncDeps): Promise<TradeResult> {
  return new TradeRun(plan, deps).execute();
}
