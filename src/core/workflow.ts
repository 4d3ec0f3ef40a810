/**
 * The trade workflow: create the trade, then match it with the version it carries, retrying each
 * write as the strategy says (src/core/retry-loop.ts). Ambiguous failures (status 0, 5xx) are resolved
 * by reading before writing again, so a lost response never creates a second trade.
 *
 * With a journal (src/core/journal.ts) the trade survives a killed run: `intent` is recorded before the
 * create is sent, `created` with the trade id after it, `applied` or `failed` at the end. On resume an
 * applied trade is skipped ("already present"); a created one is re-read by id and matched; an intent
 * (the create may or may not have landed) is looked up by initiating shift before anything is created.
 */
import type { TradeOutcomeStatus } from './ports.ts';
import type { Dialect } from './dialects/dialect.ts';
import type { TradePlan, TradeRecord } from './trade-plan.ts';
import type { RetryDeps } from './retry-loop.ts';
import { RetryRun, mustReread } from './retry-loop.ts';
import { classify } from './classify.ts';
import { startBackoff } from './backoff.ts';
import type { Journal, JournalEntry } from './journal.ts';
import { OPEN_OR_DONE_STATES } from './trade-plan.ts';
import { SHIFT_IN_OPEN_TRADE_CODE, errorCode } from './refusal.ts';

export interface SyncDeps extends RetryDeps {
  dialect: Dialect;
  /** Resume state and durable progress; without one every trade starts from scratch. */
  journal?: Journal;
}

/** A lookup's answer: the trade, 'absent' (the read worked, no such trade), or 'unknown' (the read failed). */
export type Lookup = TradeRecord | 'absent' | 'unknown';

export interface TradeResult {
  legacyId: string;
  outcome: TradeOutcomeStatus;
  tradeId?: string;
  /** Why a trade was not applied: the last classification, or a business reason. */
  reason?: string;
  /** Applied by an earlier run: the journal said so, or resuming found the trade already Approved. */
  alreadyPresent?: boolean;
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
}

class TradeRun {
  private readonly run: RetryRun;

  constructor(private readonly plan: TradePlan, private readonly deps: SyncDeps) {
    this.run = new RetryRun(deps, deps.dialect.jobs);
  }

  async execute(): Promise<TradeResult> {
    const prior = this.deps.journal?.get(this.plan.legacyId);
    if (prior?.state === 'applied') return this.journaled(prior);
    const result = await this.apply(prior);
    await this.record(result);
    return result;
  }

  private async apply(prior: JournalEntry | undefined): Promise<TradeResult> {
    const { journal } = this.deps;
    const legacyId = this.plan.legacyId;
    let trade: TradeRecord | undefined;
    if (prior) {
      const resumed = await this.resume(prior);
      if (resumed && 'outcome' in resumed) return resumed;
      trade = resumed;
      if (trade?.state === 'Approved') return this.finish('applied', trade.id, undefined, true);
    }
    if (!trade) {
      await journal?.append({ legacyId, state: 'intent' });
      const created = await this.create();
      if ('outcome' in created) return created;
      trade = created.trade;
    }
    if (prior?.tradeId !== trade.id) await journal?.append({ legacyId, state: 'created', tradeId: trade.id });
    return this.match(trade);
  }

  /** Where an earlier run left the trade: the server's copy, undefined when it must be created, or an outcome. */
  private async resume(prior: JournalEntry): Promise<TradeRecord | TradeResult | undefined> {
    if (prior.tradeId !== undefined) {
      const byId = await this.lookupSettled(prior.tradeId);
      if (byId === 'unknown') return this.finish('gave-up', prior.tradeId, 'resume: the trade could not be read');
      if (byId !== 'absent') {
        return OPEN_OR_DONE_STATES.has(byId.state) ? byId : this.finish('failed', byId.id, `trade is ${byId.state}`);
      }
    }
    const byShift = await this.lookupSettled();
    if (byShift === 'unknown') return this.finish('gave-up', undefined, 'resume: the trades could not be read to check for an earlier create');
    return byShift === 'absent' ? undefined : byShift;
  }

  /** Journal the outcome; a give-up writes nothing, so the next run resumes from the last state. */
  private async record(result: TradeResult): Promise<void> {
    const { journal } = this.deps;
    if (!journal || result.outcome === 'gave-up') return;
    const entry: JournalEntry = { legacyId: this.plan.legacyId, state: result.outcome };
    if (result.tradeId !== undefined) entry.tradeId = result.tradeId;
    if (result.reason !== undefined) entry.reason = result.reason;
    await journal.append(entry);
  }

  /** The journal says an earlier run applied it: no request, no outcome event (nothing was attempted). */
  private journaled(prior: JournalEntry): TradeResult {
    const result: TradeResult = { legacyId: this.plan.legacyId, outcome: 'applied', alreadyPresent: true, requests: 0, writeRequests: 0, conflicts: 0, durationMs: 0 };
    if (prior.tradeId !== undefined) result.tradeId = prior.tradeId;
    return result;
  }

  private async create(): Promise<{ trade: TradeRecord } | TradeResult> {
    const { dialect, strategy } = this.deps;
    let found: TradeRecord | undefined;
    let unresolved = false;
    let ambiguousAttempt = false;
    // A create that carries a version (compat: scheduleVersion) reads it first, and again before a retry
    // when the strategy re-fetches; the same read finds a trade that already exists.
    const first = dialect.readsBeforeCreate ? await this.lookupSettled() : 'absent';
    if (first === 'unknown') return this.finish('gave-up', undefined, 'the version to create with could not be read');
    if (first !== 'absent') return { trade: first };
    const step = await this.run.writeWithRetries('create', () => dialect.createRequest(this.plan), async (kind) => {
      if (kind !== 'transient') {
        if (!dialect.readsBeforeCreate || !mustReread(strategy, kind)) return 'retry';
        const fresh = await this.lookup();
        if (typeof fresh === 'string') return 'retry';
        found = fresh;
        return { found };
      }
      // The create may have landed: never send it again without a read that says it did not.
      ambiguousAttempt = true;
      const seen = await this.lookupSettled();
      if (seen === 'unknown') {
        unresolved = true;
        return 'stop';
      }
      if (seen === 'absent') return 'retry';
      found = seen;
      return { found };
    });
    if (found) return { trade: found };
    if (unresolved) return this.finish('gave-up', undefined, 'the create may have landed and the trades could not be read');
    // An unanswered create (a lost 202) can land after the read that found nothing, its job still pending:
    // the re-create is then refused because the shift is in that open trade. Read again and adopt it.
    if (!step.ok && ambiguousAttempt && step.response && errorCode(step.response) === SHIFT_IN_OPEN_TRADE_CODE) {
      const landed = await this.lookupSettled();
      if (typeof landed !== 'string') return { trade: landed };
    }
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
      if (typeof fresh === 'string') return 'retry';
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

  async lookup(tradeId?: string): Promise<Lookup> {
    const response = await this.run.send('lookup', false, this.deps.dialect.lookupRequest(this.plan));
    if (classify(response) !== 'ok') return 'unknown';
    return this.deps.dialect.findTrade(response, this.plan, tradeId) ?? 'absent';
  }

  /** A lookup retried on failure with the strategy's backoff, at least 3 and at most max(3, maxAttempts) reads. */
  private async lookupSettled(tradeId?: string): Promise<Lookup> {
    const { strategy, sleep, rng } = this.deps;
    const backoff = startBackoff(strategy.backoff);
    for (let attempt = 1; ; attempt++) {
      const seen = await this.lookup(tradeId);
      if (seen !== 'unknown' || attempt >= Math.max(3, strategy.maxAttempts)) return seen;
      await sleep(backoff.next(rng));
    }
  }

  private finish(outcome: TradeOutcomeStatus, tradeId?: string, reason?: string, alreadyPresent = false): TradeResult {
    const counts = this.run.finish(outcome);
    const result: TradeResult = { legacyId: this.plan.legacyId, outcome, ...counts };
    if (tradeId !== undefined) result.tradeId = tradeId;
    if (reason !== undefined) result.reason = reason;
    if (alreadyPresent) result.alreadyPresent = true;
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

/**
 * One read of where a swap stands on the server: the dialect's lookup, paced and reported to the sink
 * like every request of the workflow. For a final reconciliation (sync-run.ts), not a strategy step.
 */
export function readTrade(plan: TradePlan, deps: SyncDeps, tradeId?: string): Promise<Lookup> {
  return new TradeRun(plan, deps).lookup(tradeId);
}
