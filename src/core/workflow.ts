/**
 * The trade workflow: create the trade, then match it with the version it carries, retrying each
 * write as the strategy says (src/core/retry-loop.ts). Ambiguous failures (status 0, 5xx) are resolved
 * by reading before writing again, so a lost response never creates a second trade.
 */
import type { TradeOutcomeStatus } from './ports.ts';
import type { Dialect } from './dialects/dialect.ts';
import type { TradePlan, TradeRecord } from './trade-plan.ts';
import type { RetryDeps } from './retry-loop.ts';
import { RetryRun, mustReread } from './retry-loop.ts';
import { classify } from './classify.ts';

export interface SyncDeps extends RetryDeps {
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

class TradeRun {
  private readonly run: RetryRun;

  constructor(private readonly plan: TradePlan, private readonly deps: SyncDeps) {
    this.run = new RetryRun(deps);
  }

  async execute(): Promise<TradeResult> {
    const created = await this.create();
    if ('outcome' in created) return created;
    return this.match(created.trade);
  }

  private async create(): Promise<{ trade: TradeRecord } | TradeResult> {
    const { dialect } = this.deps;
    let found: TradeRecord | undefined;
    const step = await this.run.writeWithRetries('create', () => dialect.createRequest(this.plan), async (kind) => {
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
    const step = await this.run.writeWithRetries('match', () => dialect.matchRequest(this.plan, trade), async (kind) => {
      if (!mustReread(strategy, kind)) return 'retry';
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
    const response = await this.run.send('lookup', false, this.deps.dialect.lookupRequest(this.plan));
    if (classify(response) !== 'ok') return undefined;
    return this.deps.dialect.findTrade(response, this.plan, tradeId);
  }

  private finish(outcome: TradeOutcomeStatus, tradeId?: string, reason?: string): TradeResult {
    const counts = this.run.finish(outcome);
    const result: TradeResult = { legacyId: this.plan.legacyId, outcome, ...counts };
    if (tradeId !== undefined) result.tradeId = tradeId;
    if (reason !== undefined) result.reason = reason;
    return result;
  }
}

/**
 * Apply one swap through the strategy. Never throws for an HTTP outcome; the result says what happened.
 * Partitioning (strategy.partitioning) is the caller's job: run trades with the same partitionKey() one
 * after another on one worker.
 */
export function syncTrade(plan: TradePlan, deps: SyncDeps): Promise<TradeResult> {
  return new TradeRun(plan, deps).execute();
}
