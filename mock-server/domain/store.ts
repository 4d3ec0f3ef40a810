/**
 * The WFM world's state behind one closed facade: the organisation (org-directory.ts), versioned agent
 * schedules (schedule-book.ts), trades (trade-ledger.ts), background pressures, jobs and the audit log.
 * Its collections are private: the API asks by name (store-queries.ts) and writes through operations
 * that check and write in one synchronous step (trade-operations.ts, trade-review.ts, shift-swap.ts), so
 * concurrent requests can never both pass a version check. No I/O, no clock reads: callers pass nowMs.
 */
import { retentionConfig } from './retention.ts';
import type { RetentionConfig } from './retention.ts';
import type { Result } from './errors.ts';
import type { BackgroundResave, Pressure } from './pressures/pressure.ts';
import { ScheduleBook } from './schedule-book.ts';
import { JobQueue } from './jobs.ts';
import type { Job, JobSubmission, JobsConfig } from './jobs.ts';
import { OrgDirectory } from './org-directory.ts';
import { TradeLedger } from './trade-ledger.ts';
import { StoreQueries } from './store-queries.ts';
import { createTrade, matchTrade, patchTrade } from './trade-operations.ts';
import { reviewTrade, type StateChangeInput } from './trade-review.ts';
import { swapShifts } from './shift-swap.ts';
import type { ShiftSwapInput, SwapOutcome } from './shift-swap.ts';
import type { World } from './world.ts';

export type { CreateTradeInput, MatchOutcome, MatchTradeInput, PatchTradeInput, Trade, TradeState } from './trade.ts';
import type { CreateTradeInput, MatchOutcome, MatchTradeInput, PatchTradeInput, Trade } from './trade.ts';
export type { AuditLogView } from './store-queries.ts';
export type { ShiftSwapInput, SwapOutcome, SwapRefusal } from './shift-swap.ts';

const NOTHING_DUE: readonly BackgroundResave[] = [];

/** Drop finished jobs and closed trades past retention at nowMs (or beyond their counts). */
function retire(jobs: JobQueue, ledger: TradeLedger, nowMs: number): void {
  jobs.retire(nowMs);
  ledger.retire(nowMs);
}

export class WfmStore extends StoreQueries {
  private readonly retention: RetentionConfig;
  private advancedToMs: number;

  constructor(
    world: World,
    pressures: readonly Pressure[],
    startMs: number,
    private readonly newId: () => string,
    retention?: Partial<RetentionConfig>,
  ) {
    const config = retentionConfig(retention);
    const book = new ScheduleBook(world, config.maxAuditEntries);
    // Job ids come from the entity-id stream.
    const jobs = new JobQueue(newId);
    const ledger: TradeLedger = new TradeLedger(book, config, () => retire(jobs, ledger, Number.NEGATIVE_INFINITY));
    super(world, pressures, { pressures, org: new OrgDirectory(world), book, ledger, newId }, jobs, new Map());
    this.retention = config;
    this.advancedToMs = startMs;
    jobs.retain(config.finishedJobRetentionMs, config.maxFinishedJobs);
  }

  /**
   * Apply every background re-save, expiry and forceAsync job due by nowMs and return the re-saves (for metrics).
   * Moving the clock back applies nothing and undoes nothing.
   */
  advanceTo(nowMs: number): readonly BackgroundResave[] {
    if (!(nowMs > this.advancedToMs)) return NOTHING_DUE;
    const {
      jobs,
      parts: { ledger },
    } = this;
    ledger.expire(nowMs);
    if (this.pressures.length === 0) {
      jobs.runDue(nowMs);
      this.advancedToMs = nowMs;
      retire(jobs, ledger, nowMs);
      return NOTHING_DUE;
    }
    const due = this.pressures.flatMap((p) => p.due(this.advancedToMs, nowMs)).sort((a, b) => a.atMs - b.atMs);
    for (const event of due) {
      // Jobs and re-saves in world-time order: a job due before a re-save runs before it (at a tie, after).
      jobs.runDue(event.atMs, false);
      this.resave(event);
    }
    jobs.runDue(nowMs);
    this.advancedToMs = nowMs;
    retire(jobs, ledger, nowMs);
    return due;
  }

  createTrade(input: CreateTradeInput, nowMs: number): Result<Trade> {
    return createTrade(this.parts, input, nowMs);
  }

  /** Match as the receiving agent. Rule violations leave the trade untouched and are returned, not thrown. */
  matchTrade(tradeId: string, input: MatchTradeInput, nowMs: number): Result<MatchOutcome> {
    return matchTrade(this.parts, tradeId, input, nowMs);
  }

  /** Patch as the initiating agent: only an Unmatched trade, only with its current version. */
  patchTrade(tradeId: string, input: PatchTradeInput, nowMs: number): Result<Trade> {
    return patchTrade(this.parts, tradeId, input, nowMs);
  }

  /** Change a trade's state as an administrator (state/bulk, state jobs): see trade-review.ts. */
  setTradeState(tradeId: string, input: StateChangeInput, nowMs: number): Result<Trade> {
    return reviewTrade(this.parts, tradeId, input, nowMs);
  }

  /** One whole swap, create and match (the compat profile's POST): see shift-swap.ts. */
  swapShifts(input: ShiftSwapInput, nowMs: number): SwapOutcome {
    return swapShifts(this.parts, input, nowMs);
  }

  /** Accept a forceAsync job: Processing until advanceTo reaches its due instant (jobs.ts). */
  submitJob(submission: JobSubmission, nowMs: number): Job {
    return this.jobs.submit(submission, nowMs);
  }

  /** Run a job's write at once; the finished job is answered, not kept. */
  runJobNow(submission: JobSubmission, nowMs: number): Job {
    return this.jobs.runNow(submission, nowMs);
  }

  /** The scenario's job delay (build-store.ts). */
  configureJobs(config: JobsConfig): void {
    this.jobs.configure(config);
  }

  /** A fresh id for an asynchronous operation (state/bulk with forceAsync), from the entity-id stream. */
  newOperationId(): string {
    return this.newId();
  }

  /** The notification an asynchronous operation would have sent (served by the control API). */
  recordOperation(operationId: string, notification: unknown): void {
    this.operations.set(operationId, notification);
    if (this.operations.size > this.retention.maxOperations)
      this.operations.delete(this.operations.keys().next().value as string);
  }

  /** How much each growing store holds now (GET /__harness/stats; the bounds test). */
  sizes(): Record<string, number> {
    const held = this.parts.ledger.sizes();
    const { audit } = this.parts.book;
    return {
      trades: held.trades,
      closedTrades: held.closedTrades,
      jobs: this.jobs.size,
      auditEntries: audit.writes - audit.oldestSeq,
      operations: this.operations.size,
      expiring: held.expiring,
      legacyIdTally: this.parts.ledger.tally.retiredPerLegacyId.size,
    };
  }

  /** The retention rules in force (GET /__harness/stats shows each store's bound beside its size). */
  get retentionRules(): Readonly<RetentionConfig> {
    return this.retention;
  }

  /** A background job re-saves the agent's schedules of some weeks and every open trade that touches them. */
  private resave(event: BackgroundResave): void {
    const weeks = event.weekDates;
    const { book, ledger } = this.parts;
    for (const schedule of book.weeksOf(event.agentId)) {
      if (!weeks || weeks.includes(schedule.weekDate)) book.bump(schedule, event.atMs, event.by, 'resave');
    }
    for (const trade of ledger.index.openTradesOfAgent(event.agentId)) {
      if (!weeks || weeks.includes(trade.weekDate)) ledger.bump(trade, event.atMs, event.by, 'resave');
    }
  }
}
