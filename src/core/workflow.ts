/**
 * The trade workflow: create the trade, then match it with the version it carries (a swap), cancel it
 * (a cancel) or leave it offered (one-sided; src/core/trade-plan.ts), retrying each
 * write as the strategy says (src/core/retry-loop.ts). Ambiguous failures (status 0, 5xx) are resolved
 * by reading before writing again, so a lost response never creates a second trade.
 *
 * With a journal (src/core/journal.ts) the trade survives a killed run: `intent` is recorded before the
 * create is sent, `created` with the trade id after it, `applied`, `failed` or `unknown` at the end. On resume an
 * applied trade is skipped ("already present"); a created one is re-read by id and matched; an intent
 * (the create may or may not have landed) is looked up by initiating shift before anything is created.
 */
import type { ConflictKind, TradeOutcomeStatus } from './ports.ts';
import type { Dialect } from './dialects/dialect.ts';
import type { TradeKind, TradePlan, TradeRecord } from './trade-plan.ts';
import type { Between, Found, Retry, RetryStepDeps } from './retry-loop.ts';
import { RETRY, RetryRun, mustReread } from './retry-loop.ts';
import type { DriveIo, Steps } from './effects.ts';
import { sleep } from './effects.ts';
import { drive } from './drive.ts';
import { classify } from './classify.ts';
import { startBackoff } from './backoff.ts';
import type { Journal, JournalEntry } from './journal.ts';
import type { TradeReason } from './outcome-reason.ts';
import { couldBeOurEarlierCreate, isOutcomeUnknown, reasonText } from './outcome-reason.ts';
import { DONE_STATE, OPEN_OR_DONE_STATES, kindOf } from './trade-plan.ts';
import { cancelTrade } from './cancel-step.ts';
import type { LastAnswer } from './failure-cause.ts';

/** Between reads that look for a create that may have landed: at least this long (world ms), so replicas catch up. */
const SEEN_AFTER_MIN_WAIT_MS = 500;

/** What a trade's steps read (requests and waits are effects: ./effects.ts). */
export interface TradeStepDeps extends RetryStepDeps {
  dialect: Dialect;
  /** Resume state and durable progress; without one every trade starts from scratch. */
  journal?: Journal;
}

/** The steps' deps plus the transport and sleep drive() answers their effects with (Node, k6). */
export interface SyncDeps extends TradeStepDeps, DriveIo {}

/** A lookup's answer: the trade, 'absent' (the read worked, no such trade), or 'unknown' (the read failed). */
export type Lookup = TradeRecord | 'absent' | 'unknown';

export interface TradeResult {
  legacyId: string;
  outcome: TradeOutcomeStatus;
  tradeId?: string;
  /** Why a trade was not applied (reasonText() words it); on an applied trade, why this run did not apply it itself. */
  reason?: TradeReason;
  /** Applied by an earlier run: the journal said so, or resuming found the trade already Approved. */
  alreadyPresent?: boolean;
  /** Applied after this run gave up on it: a final read found it Approved (the lost answer had landed). */
  confirmedByFinalRead?: boolean;
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
  /** The last write's answer status (0: none); with `outcome` it says whether a 409 failed the trade (failedBy409). */
  lastWriteStatus: number;
  /** The plan's kind, when the plan names one (a scenario with a tradeMix). */
  kind?: TradeKind;
  /** Not applied: the last unsuccessful answer it got (src/core/failure-cause.ts names the cause from it). */
  lastAnswer?: LastAnswer;
  /** Its requests the per-token rate limit refused (429), when any. */
  tokenRefusals?: number;
}

/** How far a phase (resume, create) got: a trade on the server to go on with, or the trade's end. */
type Reached = { status: 'trade'; trade: TradeRecord } | { status: 'ended'; result: TradeResult };

interface FinishDetails {
  tradeId?: string | undefined;
  reason?: TradeReason;
  alreadyPresent?: true;
}

class TradeRun {
  private readonly run: RetryRun;

  constructor(
    private readonly plan: TradePlan,
    private readonly deps: TradeStepDeps,
  ) {
    this.run = new RetryRun(deps, deps.dialect.jobs);
  }

  *execute(): Steps<TradeResult> {
    const prior = this.deps.journal?.get(this.plan.legacyId);
    if (prior?.state === 'applied') return this.journaled(prior);
    const result = yield* this.apply(prior);
    this.record(result);
    return result;
  }

  private *apply(prior: JournalEntry | undefined): Steps<TradeResult> {
    const { journal } = this.deps;
    const legacyId = this.plan.legacyId;
    const resumed = prior ? yield* this.resume(prior) : 'absent';
    if (resumed !== 'absent' && resumed.status === 'trade' && resumed.trade.state === DONE_STATE[kindOf(this.plan)]) {
      return this.finish('applied', { tradeId: resumed.trade.id, alreadyPresent: true });
    }
    let reached = resumed;
    if (reached === 'absent') {
      journal?.append({ legacyId, state: 'intent' });
      reached = yield* this.create();
    }
    if (reached.status === 'ended') return reached.result;
    const { trade } = reached;
    if (prior?.tradeId !== trade.id) journal?.append({ legacyId, state: 'created', tradeId: trade.id });
    const kind = kindOf(this.plan);
    // A one-sided trade is applied once it is offered: it waits, Unmatched, for a taker (docs/scenarios.md "Trade mix").
    if (kind === 'one-sided') return this.finish('applied', { tradeId: trade.id });
    return kind === 'cancel' ? yield* this.cancel(trade) : yield* this.match(trade);
  }

  /** Where an earlier run left the trade: the server's copy, 'absent' when it must be created, or the trade's end. */
  private *resume(prior: JournalEntry): Steps<Reached | 'absent'> {
    if (prior.tradeId !== undefined) {
      const byId = yield* this.lookupSettled(prior.tradeId);
      if (byId === 'unknown')
        return this.ended('gave-up', {
          tradeId: prior.tradeId,
          reason: { stoppedBy: 'unreadable', read: 'resume-by-id' },
        });
      if (byId !== 'absent') {
        if (OPEN_OR_DONE_STATES.has(byId.state) || byId.state === DONE_STATE[kindOf(this.plan)])
          return { status: 'trade', trade: byId };
        return this.ended('failed', {
          tradeId: byId.id,
          reason: { stoppedBy: 'trade-state', state: byId.state, seen: 'on-resume' },
        });
      }
    }
    const byShift = yield* this.lookupSettled();
    if (byShift === 'unknown')
      return this.ended('gave-up', { reason: { stoppedBy: 'unreadable', read: 'resume-by-shift' } });
    return byShift === 'absent' ? 'absent' : { status: 'trade', trade: byShift };
  }

  /**
   * Journal the outcome. A give-up writes nothing, so the next run resumes from the last state, unless
   * its outcome is unknown: `unknown` says so to whoever reads the journal, and resumes as `intent` does.
   */
  private record(result: TradeResult): void {
    const { journal } = this.deps;
    const state =
      result.outcome !== 'gave-up' ? result.outcome : isOutcomeUnknown(result.reason) ? 'unknown' : undefined;
    if (!journal || state === undefined) return;
    const entry: JournalEntry = { legacyId: this.plan.legacyId, state };
    if (result.tradeId !== undefined) entry.tradeId = result.tradeId;
    if (result.reason !== undefined) entry.reason = reasonText(result.reason);
    journal.append(entry);
  }

  /** The journal says an earlier run applied it: no request, no outcome event (nothing was attempted). */
  private journaled(prior: JournalEntry): TradeResult {
    const result: TradeResult = {
      legacyId: this.plan.legacyId,
      outcome: 'applied',
      alreadyPresent: true,
      requests: 0,
      writeRequests: 0,
      conflicts: 0,
      durationMs: 0,
      lastWriteStatus: 0,
    };
    if (this.plan.kind !== undefined) result.kind = this.plan.kind;
    if (prior.tradeId !== undefined) result.tradeId = prior.tradeId;
    return result;
  }

  private *create(): Steps<Reached> {
    const { dialect } = this.deps;
    // A create that carries a version (compat: scheduleVersion) reads it first, and again before a retry
    // when the strategy re-fetches; the same read finds a trade that already exists.
    const first = dialect.readsBeforeCreate ? yield* this.lookupSettled() : 'absent';
    if (first === 'unknown')
      return this.ended('gave-up', { reason: { stoppedBy: 'unreadable', read: 'version-to-create-with' } });
    if (first !== 'absent') return { status: 'trade', trade: first };
    const step = yield* this.run.writeWithRetries(
      'create',
      () => dialect.createRequest(this.plan),
      (kind) => this.betweenCreates(kind),
    );
    if (step.status === 'ok') return { status: 'trade', trade: dialect.parseTrade(step.response) };
    if (step.status === 'found') return { status: 'trade', trade: step.trade };
    if (step.status === 'unresolved')
      return this.ended('gave-up', { reason: { stoppedBy: 'unreadable', read: 'create-may-have-landed' } });
    if (step.status === 'failed' && step.afterAmbiguous) {
      // A create refused for good after an ambiguous one may be our first create refusing its duplicate
      // (the shift is already in an open trade): a read that said 'absent' can come from a lagging replica.
      // Read again, waiting between reads, before calling the trade failed.
      const landed = yield* this.lookupUntilSeen();
      if (typeof landed !== 'string') return { status: 'trade', trade: landed };
      // No read said the trade is not ours: neither applied nor refused (an operator reading "failed"
      // could cancel their own trade). The next run reads before it creates, and resolves it.
      if (landed === 'unknown' && couldBeOurEarlierCreate(step.reason))
        return this.ended('gave-up', { reason: { stoppedBy: 'outcome-unknown', refused: step.reason } });
    }
    return this.ended(step.status, { reason: step.reason });
  }

  /** Between two creates: after an ambiguous failure read before sending again; after a conflict re-read if the strategy says so. */
  private *betweenCreates(kind: ConflictKind): Steps<Between> {
    if (kind === 'transient') {
      // The create may have landed: never send it again without a read that says it did not.
      const seen = yield* this.lookupSettled();
      if (seen === 'unknown') return { status: 'unresolved' };
      return seen === 'absent' ? RETRY : { status: 'found', trade: seen };
    }
    if (!this.deps.dialect.readsBeforeCreate || !mustReread(this.deps.strategy, kind)) return RETRY;
    const fresh = yield* this.lookup();
    return typeof fresh === 'string' ? RETRY : { status: 'found', trade: fresh };
  }

  private *match(initial: TradeRecord): Steps<TradeResult> {
    const { dialect, strategy } = this.deps;
    if (initial.state === 'Approved') return this.finish('applied', { tradeId: initial.id });
    // The trade the next try is built from: a re-read between tries brings its newer version.
    let trade = initial;
    const lookup = (id: string): Steps<Lookup> => this.lookup(id);
    const step = yield* this.run.writeWithRetries(
      'match',
      () => dialect.matchRequest(this.plan, trade),
      function* (kind): Steps<Retry | Found> {
        if (!mustReread(strategy, kind)) return RETRY;
        const fresh = yield* lookup(trade.id);
        if (typeof fresh === 'string') return RETRY;
        if (fresh.state === 'Approved') return { status: 'found', trade: fresh };
        trade = fresh;
        return RETRY;
      },
    );
    if (step.status === 'found') return this.finish('applied', { tradeId: step.trade.id });
    if (step.status !== 'ok') return this.finish(step.status, { tradeId: trade.id, reason: step.reason });
    const matched = dialect.parseMatch(step.response);
    if (matched.violations.length > 0)
      return this.finish('failed', {
        tradeId: trade.id,
        reason: { stoppedBy: 'violations', violations: matched.violations },
      });
    if (matched.trade.state !== 'Approved')
      return this.finish('failed', {
        tradeId: trade.id,
        reason: { stoppedBy: 'trade-state', state: matched.trade.state, seen: 'after-match' },
      });
    return this.finish('applied', { tradeId: trade.id });
  }

  private *cancel(initial: TradeRecord): Steps<TradeResult> {
    const { dialect, strategy } = this.deps;
    if (initial.state === 'Canceled') return this.finish('applied', { tradeId: initial.id });
    const step = yield* cancelTrade(this.plan, initial, {
      run: this.run,
      dialect,
      strategy,
      lookup: (id) => this.lookup(id),
    });
    if (step.status === 'found') return this.finish('applied', { tradeId: initial.id });
    if (step.status !== 'ok') return this.finish(step.status, { tradeId: initial.id, reason: step.reason });
    const after = dialect.parseState?.(step.response);
    if (after?.state !== 'Canceled')
      return this.finish('failed', {
        tradeId: initial.id,
        reason: { stoppedBy: 'trade-state', state: after?.state ?? 'unknown', seen: 'after-cancel' },
      });
    return this.finish('applied', { tradeId: initial.id });
  }

  *lookup(tradeId?: string): Steps<Lookup> {
    const response = yield* this.run.sendRead('lookup', this.deps.dialect.lookupRequest(this.plan));
    if (classify(response) !== 'ok') return 'unknown';
    return this.deps.dialect.findTrade(response, this.plan, tradeId) ?? 'absent';
  }

  /** A lookup retried on failure with the strategy's backoff, at least 3 and at most max(3, maxAttempts) reads. */
  private *lookupSettled(tradeId?: string): Steps<Lookup> {
    const { strategy, rng } = this.deps;
    const backoff = startBackoff(strategy.backoff);
    for (let attempt = 1; ; attempt++) {
      const seen = yield* this.lookup(tradeId);
      if (seen !== 'unknown' || attempt >= Math.max(3, strategy.maxAttempts)) return seen;
      yield* sleep(backoff.next(rng));
    }
  }

  /** Lookups until the trade is seen, with the strategy's backoff between them: at most max(3, maxAttempts) reads. */
  private *lookupUntilSeen(): Steps<Lookup> {
    const { strategy, rng } = this.deps;
    const backoff = startBackoff(strategy.backoff);
    for (let attempt = 1; ; attempt++) {
      const seen = yield* this.lookup();
      if (typeof seen !== 'string' || attempt >= Math.max(3, strategy.maxAttempts)) return seen;
      yield* sleep(Math.max(backoff.next(rng), SEEN_AFTER_MIN_WAIT_MS));
    }
  }

  private finish(outcome: TradeOutcomeStatus, details: FinishDetails = {}): TradeResult {
    const counts = this.run.finish(outcome);
    const result: TradeResult = { legacyId: this.plan.legacyId, outcome, ...counts };
    if (this.plan.kind !== undefined) result.kind = this.plan.kind;
    if (details.tradeId !== undefined) result.tradeId = details.tradeId;
    if (details.reason !== undefined) result.reason = details.reason;
    if (details.alreadyPresent) result.alreadyPresent = true;
    return result;
  }

  private ended(outcome: TradeOutcomeStatus, details: FinishDetails): Reached {
    return { status: 'ended', result: this.finish(outcome, details) };
  }
}

/**
 * Apply one trade through the strategy: a swap (create + match), a one-sided offer (create) or a
 * cancel (create + cancel), as plan.kind says, as steps (./effects.ts) for any interpreter. Never throws
 * for an HTTP outcome; the result says what happened. Partitioning (strategy.partitioning) is the caller's
 * job: run trades with the same partitionKey() one after another on one worker.
 */
export function tradeSteps(plan: TradePlan, deps: TradeStepDeps): Steps<TradeResult> {
  return new TradeRun(plan, deps).execute();
}

/** tradeSteps() through a promise runtime's transport and sleep (Node, k6). */
export function syncTrade(plan: TradePlan, deps: SyncDeps): Promise<TradeResult> {
  return drive(tradeSteps(plan, deps), deps);
}

/**
 * One read of where a swap stands on the server: the dialect's lookup, paced and reported to the sink
 * like every request of the workflow. For a final reconciliation (sync-run.ts), not a strategy step.
 */
export function readTrade(plan: TradePlan, deps: SyncDeps, tradeId?: string): Promise<Lookup> {
  return drive(new TradeRun(plan, deps).lookup(tradeId), deps);
}
